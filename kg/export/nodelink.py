"""JSON in networkx's node-link form, which networkx, d3 and most graph tools read back."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import networkx as nx

from kg.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["graph_json"]


def graph_json(graph: KnowledgeGraph) -> str:
    """The graph in networkx node-link form, with the schema version, as deterministic JSON."""
    data = nx.node_link_data(graph.nx, edges="links")
    data["graph"] = {"schema_version": SCHEMA_VERSION, "name": "hzkg"}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
