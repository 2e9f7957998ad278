"""Write every view: index, overview, routes, and one page per record."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kg.atomic import write_text_atomic
from kg.query import KnowledgeGraph
from kg.schema import RECORD_TYPES, Source
from kg.views.assets import graph_assets, index_assets, prune_assets, write_assets
from kg.views.context import Context
from kg.views.index import render_index
from kg.views.pages import graph_pages
from kg.views.render import render_graph_page

__all__ = ["view_sources", "write_views"]


def view_sources(graph: KnowledgeGraph) -> dict[str, Source]:
    """The source registry of the graph's project, for source titles under quotes: the one the
    graph was loaded with, else read from its project."""
    from kg.load import load_sources

    if graph.sources:
        return graph.sources
    if graph.root is None:
        return {}
    sources, _, _ = load_sources(graph.root)
    return sources


def write_views(graph: KnowledgeGraph, out: Path, sources: Mapping[str, Source] | None = None) -> list[Path]:
    """Write the views of ``graph`` under ``out``; return the pages written, index first.

    The scripts and styles every page shares go to ``out/assets/`` first, under names that hold
    a hash of their content; the folder is the unit a reader opens or sends on. Pages of records
    that no longer exist, and the shared files of earlier builds, are removed afterwards, so the
    folder always matches the graph.
    """
    ctx = Context(graph, view_sources(graph) if sources is None else sources)
    assets = write_assets(out, [*index_assets(), *graph_assets()])
    written = [out / "index.html"]
    write_text_atomic(written[0], render_index(ctx))
    for page in graph_pages(ctx):
        path = out / page.path
        write_text_atomic(path, render_graph_page(ctx, page))
        written.append(path)
    keep = set(written)
    for stale in sorted(out.glob("*/*.html")):
        if stale not in keep and stale.parent.name in RECORD_TYPES:
            stale.unlink()
    prune_assets(out, assets)
    return written
