"""`kg build`: check the curation, then write the graph exports and views under build/."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from kg.atomic import write_text_atomic
from kg.query import KnowledgeGraph
from kg.schema import SCHEMA_VERSION

__all__ = ["build_outputs", "graph_json"]


def graph_json(graph: KnowledgeGraph) -> str:
    """The graph in networkx node-link form, with the schema version, as deterministic JSON."""
    data = nx.node_link_data(graph.nx, edges="links")
    data["graph"] = {"schema_version": SCHEMA_VERSION, "name": "hzkg"}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def build_outputs(graph: KnowledgeGraph, out: Path) -> list[Path]:
    """Write every build output under ``out``; return the paths written."""
    from kg.views import write_views

    path = out / "graph.json"
    write_text_atomic(path, graph_json(graph))
    return [path, *write_views(graph, out / "views")]
