"""Pieces that several export formats cut from the same graph, made once per build.

The entity and relation rows, the citations as JSON text and the Neo4j tables feed four or five
formats each. Outside a build every format makes what it needs itself; inside
:func:`sharing` (``kg build``, which writes every format) the first format to ask makes a
piece and the others reuse it. :func:`kg.export.write_all` makes them all before it forks the
workers, so each worker inherits them instead of making them again.

>>> calls = []
>>> def make(graph: object) -> int:
...     calls.append(1)
...     return 42
>>> graph = object()
>>> with sharing(graph):
...     shared(graph, make), shared(graph, make), len(calls)
(42, 42, 1)
>>> shared(graph, make), len(calls)  # outside sharing(): made again, nothing kept
(42, 2)
>>> with sharing(graph):
...     with sharing(graph):
...         _ = shared(graph, make)
...     shared(graph, make), len(calls)  # kept by the outer block
(42, 3)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

__all__ = ["shared", "sharing"]

Piece = TypeVar("Piece")

_KEPT: dict[int, dict[Callable[[Any], Any], Any]] = {}
"""id of a graph being built → the function that made a piece → the piece."""


@contextmanager
def sharing(graph: object) -> Iterator[None]:
    """Keep the pieces :func:`shared` makes for ``graph`` until the block ends.

    Only for a graph that does not change meanwhile: the pieces are not made again. Within an
    outer block for the same graph, the outer one keeps them (`kg build` keeps them until its
    process exits, which frees nothing: letting them go one object at a time takes ~0.5 s at
    100,000 records).
    """
    if id(graph) in _KEPT:
        yield
        return
    _KEPT[id(graph)] = {}
    try:
        yield
    finally:
        del _KEPT[id(graph)]


def shared(graph: Any, make: Callable[[Any], Piece]) -> Piece:
    """``make(graph)``, made once per :func:`sharing` block (every time outside one)."""
    kept = _KEPT.get(id(graph))
    if kept is None:
        return make(graph)
    if make not in kept:
        kept[make] = make(graph)
    piece: Piece = kept[make]
    return piece
