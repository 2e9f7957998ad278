"""Build the networkx graph: one node per record, one edge per stated relation.

Inverse relations are not stored; :mod:`kg.query` answers them by reading edges backwards.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    for field in type(record).model_fields:
        if field in ("level", "kind", "stage", "mode", "frequency", "status", "listed"):
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
    for record_id in sorted(records):
        graph.add_node(record_id, **node_attributes(records[record_id]))
    for record_id in sorted(records):
        for relation in records[record_id].relations:
            if relation.to not in records:
                continue  # reported by kg check as KG202; the query API only sees valid trees
            key = relation.rel
            count = 1
            while graph.has_edge(record_id, relation.to, key):
                count += 1
                key = f"{relation.rel}#{count}"
            graph.add_edge(record_id, relation.to, key=key, **edge_attributes(relation))
    return graph
