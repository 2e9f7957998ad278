"""The graph flattened for GraphML and GEXF: each node and edge with values XML can carry.

Both formats carry every node with a ``label`` (the Chinese name), its ``type`` and a ``color``
per type, and every edge with its predicate as ``label``. Lists are joined with ``"; "`` and
structured facts (figures, citations) travel as JSON text, because neither format has lists.
Characters that XML 1.0 cannot carry at all are refused with an :class:`~kg.errors.ExportError`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kg.errors import ExportError
from kg.export.jsontext import compact_json, edge_citations_json, graph_numbers_alike, node_citations_json
from kg.export.naming import edge_id
from kg.export.shared import shared
from kg.export.tables import entity_rows, relation_rows
from kg.export.xmltext import TYPE_NAMES, Value
from kg.palette import TYPE_COLORS
from kg.schema.relations import QUALIFIERS

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["FlatEdge", "FlatNode", "flat_edges", "flat_nodes"]

FlatNode = tuple[str, list[tuple[str, Value]]]
"""A node id and its attributes, in order."""
FlatEdge = tuple[str, str, str, list[tuple[str, Value]]]
"""Source, target, edge id (:func:`~kg.export.naming.edge_id`) and the edge's attributes."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _not_carried(where: str, value: str, bad: str) -> ExportError:
    return ExportError(
        f"{where} holds the character U+{ord(bad):04X}, which GraphML and GEXF cannot carry: "
        f"{value!r} (remove it from the curation file)"
    )


def _xml_value(value: Any, where: str) -> Value:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        bad = _NOT_XML.search(value)
        if bad:
            raise _not_carried(where, value, bad.group())
    if type(value) not in TYPE_NAMES:
        raise ExportError(f"{where} is {value!r}, which GraphML and GEXF cannot carry")
    return value  # type: ignore[no-any-return]


def _xml_pairs(attributes: list[tuple[str, Any]], owner: str, *names: str) -> list[tuple[str, Value]]:
    """The attributes as XML can carry them; ``owner.format(*names)`` names them in an error.

    When every value is a string, all of them are checked by one search of their joined text
    (LF, which XML carries, between them), which at 100,000 records saves two million searches;
    otherwise, and to name the first bad value, they are looked at one by one.
    """
    strings = [value for _, value in attributes if type(value) is str]
    if len(strings) == len(attributes) and _NOT_XML.search("\n".join(strings)) is None:
        return attributes
    pairs: list[tuple[str, Value]] = []
    for key, value in attributes:
        kind = type(value)
        if kind is str:
            bad = _NOT_XML.search(value)
            if bad:
                raise _not_carried(f"{owner.format(*names)}: {key}", value, bad.group())
        elif kind is not bool:
            value = _xml_value(value, f"{owner.format(*names)}: {key}")
        pairs.append((key, value))
    return pairs


def flat_nodes(graph: KnowledgeGraph) -> list[FlatNode]:
    """Every node with attributes that are all strings, numbers or booleans, sorted by id."""
    citations = shared(graph, node_citations_json)
    exact = shared(graph, graph_numbers_alike)
    nodes = graph.nx.nodes
    flat: list[FlatNode] = []
    for row in shared(graph, entity_rows):
        node_id, kind = row["id"], row["type"]
        attributes: dict[str, Any] = {
            "label": row["name"],
            "type": kind,
            "color": TYPE_COLORS.get(kind, "#999999"),
        }
        for key, value in row.items():
            if value is None or key == "id" or key == "type":
                continue
            if type(value) is list:  # joined here, so that the row's values are all strings
                if not value:
                    continue
                value = "; ".join(map(str, value))
            attributes[key] = value
        attributes["indicators"] = compact_json(nodes[node_id]["indicators"], exact=exact)
        attributes["citations"] = citations[node_id]
        flat.append((node_id, _xml_pairs(list(attributes.items()), "record {!r}", node_id)))
    return flat


def flat_edges(graph: KnowledgeGraph) -> list[FlatEdge]:
    """Every edge with attributes that are all strings, sorted as the relation rows are."""
    citations = shared(graph, edge_citations_json)
    edges: list[FlatEdge] = []
    for row in shared(graph, relation_rows):
        source, target, key, rel = row["source"], row["target"], row["key"], row["rel"]
        attributes = [("label", row["label"]), ("label_zh", row["label_zh"]), ("rel", rel)]
        for qualifier in QUALIFIERS:  # no name twice, so a list of pairs stands for the dict
            if row[qualifier] is not None:
                attributes.append((qualifier, row[qualifier]))
        attributes.append(("citations", citations[source, target, key]))
        pairs = _xml_pairs(attributes, "relation {} --{}--> {}", source, rel, target)
        edges.append((source, target, edge_id(source, key, target), pairs))
    return edges
