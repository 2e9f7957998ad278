"""What a graph page holds, before it becomes HTML: nodes, edges, positions, bands and tables."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.views.layout import Footprint, Point, force_layout, place_on_grid, radial_layout

__all__ = [
    "Band",
    "Cell",
    "GraphPage",
    "Table",
    "degree_radius",
    "free_positions",
    "node_footprint",
    "text_width",
]

Cell = dict[str, Any]
"""A table cell: ``{"zh": ..., "en": ...}`` with optional ``href`` and ``title`` (a quote)."""


@dataclass
class Table:
    """A table under the graph: a caption, column heads and rows, each text in both languages."""

    zh: str
    en: str
    heads: list[tuple[str, str]]
    rows: list[list[Cell]]


@dataclass(frozen=True)
class Band:
    """A labelled area drawn behind the nodes: a chain stage, one side of the route map."""

    x: float
    y: float
    width: float
    height: float
    zh: str
    en: str
    colour: str


@dataclass
class GraphPage:
    """One interactive page: which records and relations it draws, and where."""

    path: str
    kind: str
    title_zh: str
    title_en: str
    intro_zh: str
    intro_en: str
    nodes: list[str]
    edges: list[tuple[str, str, str]]
    positions: dict[str, Point]
    radius: dict[str, float]
    font: dict[str, int]
    focus: str | None = None
    marks: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Node id → (Chinese, English) badge, such as 链主 for a chain leader."""
    more: dict[str, int] = field(default_factory=dict)
    """Node id → how many of its neighbours the page leaves out."""
    bands: list[Band] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def text_width(text: str, size: float) -> float:
    """Width in pixels of ``text`` at font ``size``: CJK full width, Latin about half."""
    return sum(0.56 * size if ord(ch) < 0x2E80 else size for ch in text)


def node_footprint(labels: Sequence[str], radius: float, size: float) -> Footprint:
    """Room for a symbol of ``radius`` with the widest and tallest of ``labels`` below it."""
    width = 2 * radius
    lines = 1
    for label in labels:
        parts = label.split("\n")
        lines = max(lines, len(parts))
        width = max(width, *(text_width(p, size) for p in parts))
    return Footprint(radius, width + 14, 2 * radius + 6 + lines * size * 1.2 + 10)


def free_positions(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    footprints: Mapping[str, Footprint],
    importance: Mapping[str, float],
    focus: str | None = None,
    sector: Mapping[str, str] | None = None,
) -> dict[str, Point]:
    """Grid placement of a layout: rings around ``focus`` when there is one, else force-directed.

    The focus (the page's subject) and then the best-connected nodes choose their spots first.
    """
    if focus is not None:
        desired = radial_layout(focus, edges, nodes, sector or {})
    else:
        desired = force_layout(nodes, edges)
    order = sorted(nodes, key=lambda n: (n != focus, -importance.get(n, 0.0), n))
    density = 0.45
    return place_on_grid(order, desired, footprints, density)


def degree_radius(degree: int) -> float:
    """Symbol radius for a node with ``degree`` relations: grows with the square root."""
    return min(30.0, 8.0 + 2.4 * math.sqrt(degree))
