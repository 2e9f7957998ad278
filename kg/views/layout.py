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

__all__ = ["Footprint", "force_layout", "place_on_grid", "radial_layout"]

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
    graph.simplify()
    # igraph's own start: uniform in a box of side sqrt(n). A seeded one makes the result
    # repeatable; a wider start crashed igraph 1.0's grid variant (bus error) on real data.
    rng = random.Random(seed)
    half = math.sqrt(size) / 2
    start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in range(size)]
    ig.set_random_number_generator(random.Random(seed))
    try:
        layout = graph.layout_fruchterman_reingold(seed=start, niter=500, grid=size > 300)
    finally:
        ig.set_random_number_generator(random)
    coords = np.array(layout.coords, dtype=float)
    coords -= np.median(coords, axis=0)
    lengths = [float(np.linalg.norm(coords[a] - coords[b])) for a, b in edges if a != b]
    scale = float(np.median(lengths)) if lengths else 1.0
    coords /= scale or 1.0
    return _even_out(coords) if size > 30 else coords


def _even_out(coords: np.ndarray) -> np.ndarray:
    """Spread a force layout's dense core: keep each node's direction and its rank in distance
    from the middle, but space the distances so the disc is evenly filled.

    Force layouts pack hubs' neighbourhoods tightly; placing those on a grid would push most
    of them far from where the layout wanted them.
    """
    radius = np.hypot(coords[:, 0], coords[:, 1])
    ranks = np.argsort(np.argsort(radius, kind="stable"), kind="stable")
    even = np.sqrt((ranks + 0.5) / len(coords)) * math.sqrt(len(coords)) * 0.9
    scale = np.divide(even, radius, out=np.ones_like(radius), where=radius > 1e-9)
    even_coords: np.ndarray = coords * scale[:, None]
    return even_coords


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
    loose: list[int] = []
    for members in components:
        if len(members) == 1:
            loose.append(members[0])
            continue
        local = {m: k for k, m in enumerate(members)}
        inner = [(local[a], local[b]) for a, b in pairs if a in local and b in local]
        coords = _component_layout(len(members), inner, seed)
        placed.append((members, coords - coords.min(axis=0)))
    if loose:  # records with no relation: a compact block, not one shelf slot each
        side = math.ceil(math.sqrt(len(loose) * 2))
        block = np.array([[1.2 * (k % side), 1.2 * (k // side)] for k in range(len(loose))])
        placed.append((loose, block))
    # shelf packing: rows of components, about as wide as the whole is tall
    total = sum((c.max(axis=0)[0] + 1.5) * (c.max(axis=0)[1] + 1.5) for _, c in placed)
    row_width = max(math.sqrt(total) * 1.6, max(c.max(axis=0)[0] + 1.5 for _, c in placed))
    x = y = row_height = 0.0
    out: dict[str, Point] = {}
    for members, coords in placed:
        width, height = coords.max(axis=0) + 1.5
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for k, m in enumerate(members):
            out[nodes[m]] = (float(coords[k][0] + x), float(coords[k][1] + y))
        x += width
        row_height = max(row_height, height)
    return out


def radial_layout(
    focus: str, edges: Sequence[tuple[str, str]], nodes: Sequence[str], sector: Mapping[str, str]
) -> dict[str, Point]:
    """``focus`` in the middle, the rest on rings by distance from it.

    Each ring node gets an angle inside its parent's share of the circle, and the first ring is
    ordered by ``sector`` (say, record type then name), so like records sit together.
    """
    adjacent: dict[str, set[str]] = {n: set() for n in nodes}
    for a, b in edges:
        if a in adjacent and b in adjacent and a != b:
            adjacent[a].add(b)
            adjacent[b].add(a)
    parent: dict[str, str | None] = {focus: None}
    rings: list[list[str]] = [[focus]]
    while True:
        ring = []
        for node in rings[-1]:
            for near in sorted(adjacent[node], key=lambda n: (sector.get(n, ""), n)):
                if near not in parent:
                    parent[near] = node
                    ring.append(near)
        if not ring:
            break
        rings.append(ring)
    unreached = sorted((n for n in nodes if n not in parent), key=lambda n: (sector.get(n, ""), n))
    children: dict[str, list[str]] = {}
    for node, up in parent.items():
        if up is not None:
            children.setdefault(up, []).append(node)

    def weight(node: str) -> float:
        return 1.0 + 0.6 * sum(weight(c) for c in children.get(node, []))

    out: dict[str, Point] = {focus: (0.0, 0.0)}
    spans: dict[str, tuple[float, float]] = {focus: (0.0, 2 * math.pi)}
    for depth, ring in enumerate(rings[1:], start=1):
        for up in dict.fromkeys(parent[n] for n in ring):
            kids = [n for n in ring if parent[n] == up]
            start, span = spans[up]  # type: ignore[index]
            total = sum(weight(k) for k in kids)
            for kid in kids:
                share = span * weight(kid) / total
                angle = start + share / 2
                radius = depth * (1.0 + 0.15 * (len(ring) > 12) * (kids.index(kid) % 2))
                out[kid] = (radius * math.cos(angle), radius * math.sin(angle))
                spans[kid] = (start, share)
                start += share
    outer = len(rings) + 0.5
    for k, node in enumerate(unreached):
        angle = 2 * math.pi * k / max(1, len(unreached))
        out[node] = (outer * math.cos(angle), outer * math.sin(angle))
    return out


@cache
def _offsets(radius: int) -> np.ndarray:
    """Grid offsets within ``radius`` cells, nearest first (ties broken by angle, then order)."""
    span = np.arange(-radius, radius + 1)
    dy, dx = np.meshgrid(span, span, indexing="ij")
    order = np.lexsort((dx.ravel(), dy.ravel(), dx.ravel() ** 2 + 2 * dy.ravel() ** 2))
    return np.stack([dy.ravel()[order], dx.ravel()[order]], axis=1)


def _first_free(
    taken: np.ndarray, top: int, left: int, height: int, width: int, radius: int
) -> tuple[int, int] | None:
    """The free ``height`` x ``width`` box nearest to (top, left) within ``radius`` cells, if any.

    Box sums over a summed-area table of the window around the target test every candidate at
    once, so a crowded spot costs one small array operation, not thousands of slice checks.
    """
    rows, cols = taken.shape
    r0, c0 = max(0, top - radius), max(0, left - radius)
    r1, c1 = min(rows, top + radius + height), min(cols, left + radius + width)
    window = taken[r0:r1, c0:c1]
    table = np.zeros((window.shape[0] + 1, window.shape[1] + 1), dtype=np.int32)
    table[1:, 1:] = window.cumsum(axis=0, dtype=np.int32).cumsum(axis=1, dtype=np.int32)
    offsets = _offsets(radius)
    rr = top + offsets[:, 0] - r0
    cc = left + offsets[:, 1] - c0
    fits = (rr >= 0) & (cc >= 0) & (rr + height <= window.shape[0]) & (cc + width <= window.shape[1])
    rr, cc = rr[fits], cc[fits]
    used = table[rr + height, cc + width] - table[rr, cc + width] - table[rr + height, cc] + table[rr, cc]
    free = np.flatnonzero(used == 0)
    if free.size == 0:
        return None
    return int(rr[free[0]]) + r0, int(cc[free[0]]) + c0


def place_on_grid(
    order: Sequence[str],
    desired: Mapping[str, Point],
    footprints: Mapping[str, Footprint],
    density: float = 0.3,
    aspect: float = 1.6,
    scale: float | None = None,
) -> dict[str, Point]:
    """Pixel positions near ``desired`` where no two footprints overlap.

    ``desired`` is stretched to ``aspect`` (width over height: screens are wide) and scaled so
    the footprints fill about ``density`` of the drawing, or by ``scale`` pixels per unit when
    given. Nodes are placed in ``order`` (put the important ones first), each on the free spot
    nearest to where the layout wanted it. Returns the centre of each node's symbol.
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
    if scale is None:
        if extent.min() > 0:
            points[:, 0] *= aspect * extent[1] / extent[0]
            extent = points.max(axis=0)
        area = max(float(extent[0] * extent[1]), 1e-9)
        scale = (
            math.sqrt(need / area) if extent.min() > 0 else math.sqrt(need) / max(float(extent.max()), 1.0)
        )
    targets = np.rint(points * scale / CELL).astype(int)
    margin = 8 + int(math.sqrt(len(order))) * 4
    rows = int(targets[:, 1].max()) + 2 * margin + max(h for h, _ in cells.values())
    cols = int(targets[:, 0].max()) + 2 * margin + max(w for _, w in cells.values())
    taken = np.zeros((rows, cols), dtype=bool)
    out: dict[str, Point] = {}
    for node, (tx, ty) in zip(order, targets, strict=True):
        height, width = cells[node]
        top, left = int(ty) + margin - height // 2, int(tx) + margin - width // 2
        spot = None
        radius = 8
        while spot is None and radius < 2 * margin:
            spot = _first_free(taken, top, left, height, width, radius)
            radius *= 2
        if spot is None:  # no room near the target: append below everything
            spot = (rows, min(max(left, 0), cols - width))
            taken = np.vstack([taken, np.zeros((height, cols), dtype=bool)])
            rows += height
        r, c = spot
        taken[r : r + height, c : c + width] = True
        footprint = footprints[node]
        out[node] = ((c + width / 2) * CELL, r * CELL + footprint.radius + 2)
    return out
