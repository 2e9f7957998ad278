"""`kg build`: check the curation, then write the graph exports and views under build/."""

from __future__ import annotations

from pathlib import Path

from kg.export import write_all
from kg.export.nodelink import graph_json
from kg.query import KnowledgeGraph

__all__ = ["build_outputs", "graph_json"]


def build_outputs(graph: KnowledgeGraph, out: Path, *, views: bool = True) -> list[Path]:
    """Write every build output under ``out`` (the views only with ``views``); return the paths."""
    written = write_all(graph, out)
    if views:
        from kg.views import write_views

        written += write_views(graph, out / "views")
    return written
