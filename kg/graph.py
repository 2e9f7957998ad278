"""Build the networkx graph: one node per record, one edge per stated relation.

Inverse relations are not stored; :mod:`kg.query` answers them by reading edges backwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import networkx as nx

from kg.schema import Record

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

    Nodes and edges are added in sorted order so every export is deterministic. They are
    written straight into networkx's adjacency dicts (node → neighbour → key → data), which
    :meth:`~networkx.MultiDiGraph.add_edge` fills in the same order, at a third of the cost per
    edge; tests/test_graph_build.py holds the two to the same graph.
    """
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    internals: Any = graph  # the adjacency dicts are not in the type stubs
    nodes, succ, pred = internals._node, internals._succ, internals._pred
    ids = sorted(records)
    for record_id in ids:
        nodes[record_id] = node_attributes(records[record_id])
        succ[record_id] = {}
        pred[record_id] = {}
    for record_id in ids:
        out = succ[record_id]
        for relation in records[record_id].relations:
            target = relation.to
            if target not in records:
                continue  # reported by kg check as KG202; the query API only sees valid trees
            keyed = out.get(target)
            if keyed is None:
                keyed = out[target] = pred[target][record_id] = {}
            key = relation.rel
            count = 1
            while key in keyed:
                count += 1
                key = f"{relation.rel}#{count}"
            keyed[key] = edge_attributes(relation)
    return graph
