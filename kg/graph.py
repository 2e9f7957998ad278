"""Build the networkx graph: one node per record, one edge per stated relation.

Inverse relations are not stored; :mod:`kg.query` answers them by reading edges backwards.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from kg.schema import Record

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["build_graph", "edge_attributes", "node_attributes"]


def node_attributes(record: Record) -> dict[str, Any]:
    """Plain data for a node: type, names, figures, external ids, citations."""
    attributes: dict[str, Any] = {
        "type": record.type,
        "name": record.name,
        "name_en": record.name_en,
        "aliases": list(record.aliases),
        "indicators": [i.model_dump(exclude_defaults=True) for i in record.indicators],
        "sources": [c.model_dump(exclude_none=True) for c in record.sources],
    }
    for field in _scalar_fields(type(record)):
        value = getattr(record, field)
        if value is not None:
            attributes[field] = value
    if record.ids is not None:
        attributes["ids"] = record.ids.model_dump(exclude_defaults=True)
    # The rest of the record's facts, so that exports made from the graph drop nothing.
    for field in ("dates", "products", "distinct_from"):
        values = getattr(record, field, None)
        if values:
            attributes[field] = [v.model_dump(exclude_none=True) for v in values]
    if record.note is not None:
        attributes["note"] = record.note
    return attributes


_SCALARS = ("level", "kind", "stage", "mode", "frequency", "status", "listed")


@cache
def _scalar_fields(cls: type[Record]) -> tuple[str, ...]:
    """The type-specific scalar fields a record class has, in the class's field order."""
    return tuple(field for field in cls.model_fields if field in _SCALARS)


def edge_attributes(relation: Any) -> dict[str, Any]:
    """Plain data for an edge: the predicate, its qualifiers and its citations."""
    data: dict[str, Any] = relation.model_dump(exclude_none=True, exclude={"to"})
    return data


def build_graph(records: Mapping[str, Record]) -> nx.MultiDiGraph[str]:
    """A MultiDiGraph of ``records``; edges keyed by predicate (``rel``, ``rel#2`` when repeated).

    Nodes and edges are added in sorted order so every export is deterministic.
    """
    import networkx as nx  # here: importing it costs every `kg` command 0.2 s, kg check needs none

    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    ids = sorted(records)
    graph.add_nodes_from((record_id, node_attributes(records[record_id])) for record_id in ids)
    # the stubs know Graph's (u, v[, data]) only; a MultiDiGraph also takes (u, v, key, data)
    graph.add_edges_from(_keyed_edges(records, ids))  # type: ignore[arg-type]
    return graph


def _keyed_edges(
    records: Mapping[str, Record], ids: list[str]
) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """Every relation as (source, target, key, data), a repeated predicate between the same
    two records keyed ``rel#2``, ``rel#3``..."""
    for record_id in ids:
        seen: set[tuple[str, str]] = set()
        for relation in records[record_id].relations:
            if relation.to not in records:
                continue  # reported by kg check as KG202; the query API only sees valid trees
            key = relation.rel
            count = 1
            while (relation.to, key) in seen:
                count += 1
                key = f"{relation.rel}#{count}"
            seen.add((relation.to, key))
            yield record_id, relation.to, key, edge_attributes(relation)
