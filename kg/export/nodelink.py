"""JSON in networkx's node-link form, which networkx, d3 and most graph tools read back."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from kg.export.jsontext import graph_numbers_alike, indented_json
from kg.export.shared import shared
from kg.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["graph_json", "graph_json_bytes"]


def graph_json_bytes(graph: KnowledgeGraph) -> bytes:
    """The graph in networkx node-link form, with the schema version, as deterministic UTF-8 JSON
    (sorted keys, indented by two spaces)."""
    data = nx.node_link_data(graph.nx, edges="links")
    data["graph"] = {"schema_version": SCHEMA_VERSION, "name": "hzkg"}
    return indented_json(data, exact=shared(graph, graph_numbers_alike)) + b"\n"


def graph_json(graph: KnowledgeGraph) -> str:
    """:func:`graph_json_bytes` as text."""
    return graph_json_bytes(graph).decode("utf-8")
