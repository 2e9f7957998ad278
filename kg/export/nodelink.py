"""JSON in networkx's node-link form, which networkx, d3 and most graph tools read back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kg.export.jsontext import graph_numbers_alike, indented_items, indented_json
from kg.export.shared import shared
from kg.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["BATCH", "graph_json", "graph_json_bytes", "graph_json_chunks"]

BATCH = 2_000
"""Nodes or links written per chunk of :func:`graph_json_chunks`: ~1 MB of text, small enough
that the allocator reuses the same memory for each (with 10,000, 10-15 times the page faults)."""


def graph_json_chunks(graph: KnowledgeGraph) -> Iterator[bytes]:
    """The graph in networkx node-link form (``nx.node_link_data(graph.nx, edges="links")``),
    with the schema version, as deterministic UTF-8 JSON (sorted keys, indented by two spaces),
    in chunks of :data:`BATCH` nodes or links.

    Each node's and link's dict is copied (as node_link_data copies them) one batch at a time,
    and the document is written around the two arrays, so it is never held whole.
    """
    nx_graph, exact = graph.nx, shared(graph, graph_numbers_alike)
    head = {"directed": nx_graph.is_directed(), "graph": {"schema_version": SCHEMA_VERSION, "name": "hzkg"}}
    yield indented_json(head, exact=exact)[:-2] + b',\n  "links": '  # the keys in sorted order
    links = (
        {**data, "source": source, "target": target, "key": key}
        for source, targets in nx_graph.adjacency()
        for target, keyed in targets.items()
        for key, data in keyed.items()
    )
    yield from indented_items(links, exact=exact, batch=BATCH)
    yield b',\n  "multigraph": ' + indented_json(nx_graph.is_multigraph()) + b',\n  "nodes": '
    nodes: Iterator[dict[str, Any]] = ({**data, "id": node} for node, data in nx_graph.nodes(data=True))
    yield from indented_items(nodes, exact=exact, batch=BATCH)
    yield b"\n}\n"


def graph_json_bytes(graph: KnowledgeGraph) -> bytes:
    """:func:`graph_json_chunks` joined."""
    return b"".join(graph_json_chunks(graph))


def graph_json(graph: KnowledgeGraph) -> str:
    """:func:`graph_json_bytes` as text."""
    return graph_json_bytes(graph).decode("utf-8")
