"""Node positions computed in Python, so a page is drawn at once and never jiggles.

Two steps for a free layout: igraph's Fruchterman–Reingold places each connected component
(seeded, so the same graph gives the same picture), the components are packed side by side, and
then every node is put on the nearest free spot of a grid sized to its symbol and label, most
connected nodes first. The grid step is what keeps labels from piling up: no two footprints
overlap at any zoom, because positions and labels scale together.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

__all__ = ["Footprint", "force_layout", "place_on_grid"]

Point = tuple[float, float]
CELL = 12.0
"""Grid step in pixels at zoom 1."""


@dataclass(frozen=True)
class Footprint:
    """The space a node needs at zoom 1: its symbol (radius) with the label below it."""

    radius: float
    width: float
    height: float


def _component_layout(size: int, edges: list[tuple[int, int]], seed: int) -> np.ndarray:
    """Fruchterman–Reingold positions of one connected component, mean edge length about 1."""
    if size == 1:
        return np.zeros((1, 2))
    if size == 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])
    import igraph as ig

    graph = ig.Graph(n=size, edges=edges)
    angles = [2 * math.pi * i / size for i in range(size)]
    start = [[math.cos(a) * math.sqrt(size), math.sin(a) * math.sqrt(size)] for a in angles]
    ig.set_random_number_generator(random.Random(seed))
    try:
        layout = graph.layout_fruchterman_reingold(seed=start, niter=500, grid=size > 300)
    finally:
        ig.set_random_number_generator(random)
    coords = np.array(layout.coords, dtype=float)
    coords -= coords.mean(axis=0)
    lengths = [float(np.linalg.norm(coords[a] - coords[b])) for a, b in edges if a != b]
    scale = float(np.median(lengths)) if lengths else 1.0
    return coords / (scale or 1.0)


def force_layout(nodes: Sequence[str], edges: Sequence[tuple[str, str]], seed: int = 7) -> dict[str, Point]:
    """Positions (mean edge length about 1) for ``nodes``; components packed in rows, largest first."""
    index = {node: i for i, node in enumerate(nodes)}
    parent = list(range(len(nodes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = sorted({(index[a], index[b]) for a, b in edges if a in index and b in index and a != b})
    for a, b in pairs:
        parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for i in range(len(nodes)):
        groups.setdefault(find(i), []).append(i)
    components = sorted(groups.values(), key=lambda members: (-len(members), nodes[members[0]]))
    placed: list[tuple[list[int], np.ndarray]] = []
    for members in components:
        local = {m: k for k, m in enumerate(members)}
        inner = [(local[a], local[b]) for a, b in pairs if a in local and b in local]
        coords = _component_layout(len(members), inner, seed)
        placed.append((members, coords - coords.min(axis=0)))
    # shelf packing: rows of components, about as wide as the whole is tall
    total = sum((c.max(axis=0)[0] + 2) * (c.max(axis=0)[1] + 2) for _, c in placed)
    row_width = max(math.sqrt(total) * 1.3, max(c.max(axis=0)[0] + 2 for _, c in placed))
    x = y = row_height = 0.0
    out: dict[str, Point] = {}
    for members, coords in placed:
        width, height = coords.max(axis=0) + 2
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for k, m in enumerate(members):
            out[nodes[m]] = (float(coords[k][0] + x), float(coords[k][1] + y))
        x += width
        row_height = max(row_height, height)
    return out


@cache
def _offsets(radius: int) -> np.ndarray:
    """Grid offsets within ``radius`` cells, nearest first (ties broken by angle, then order)."""
    span = np.arange(-radius, radius + 1)
    dy, dx = np.meshgrid(span, span, indexing="ij")
    order = np.lexsort((dx.ravel(), dy.ravel(), dx.ravel() ** 2 + 2 * dy.ravel() ** 2))
    return np.stack([dy.ravel()[order], dx.ravel()[order]], axis=1)


def place_on_grid(
    order: Sequence[str],
    desired: Mapping[str, Point],
    footprints: Mapping[str, Footprint],
    density: float = 0.3,
) -> dict[str, Point]:
    """Pixel positions near ``desired`` where no two footprints overlap.

    ``desired`` is scaled so the footprints fill about ``density`` of the drawing; nodes are
    placed in ``order`` (put the important ones first), each on the free spot nearest to where
    the layout wanted it. Returns the centre of each node's symbol.
    """
    if not order:
        return {}
    cells = {
        node: (
            max(1, math.ceil(footprints[node].height / CELL)),
            max(1, math.ceil(footprints[node].width / CELL)),
        )
        for node in order
    }
    need = sum(h * w for h, w in cells.values()) * CELL * CELL / density
    points = np.array([desired[node] for node in order], dtype=float)
    points -= points.min(axis=0)
    extent = points.max(axis=0)
    area = max(float(extent[0] * extent[1]), 1e-9)
    scale = math.sqrt(need / area) if extent.min() > 0 else math.sqrt(need) / max(float(extent.max()), 1.0)
    targets = np.rint(points * scale / CELL).astype(int)
    margin = 8 + int(math.sqrt(len(order))) * 4
    rows = int(targets[:, 1].max()) + 2 * margin + max(h for h, _ in cells.values())
    cols = int(targets[:, 0].max()) + 2 * margin + max(w for _, w in cells.values())
    taken = np.zeros((rows, cols), dtype=bool)
    offsets = _offsets(margin - 1)
    out: dict[str, Point] = {}
    for node, (tx, ty) in zip(order, targets, strict=True):
        height, width = cells[node]
        top, left = int(ty) + margin - height // 2, int(tx) + margin - width // 2
        for dy, dx in offsets:
            r, c = top + int(dy), left + int(dx)
            if r < 0 or c < 0 or r + height > rows or c + width > cols:
                continue
            if not taken[r : r + height, c : c + width].any():
                break
        else:  # no room near the target: append below everything
            r, c = rows, min(max(left, 0), cols - width)
            taken = np.vstack([taken, np.zeros((height, cols), dtype=bool)])
            rows += height
        taken[r : r + height, c : c + width] = True
        footprint = footprints[node]
        out[node] = ((c + width / 2) * CELL, r * CELL + footprint.radius + 2)
    return out
