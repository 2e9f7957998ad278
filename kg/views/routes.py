"""The route map: ports, port areas, canals and the routes between them, west to east.

The curation has no coordinates, so the map is schematic. Each place gets an east-west position
from the city it lies in (Hangzhou, Shaoxing, Ningbo, Zhoushan lie in that order from west to
east — a layout hint, not a fact shown to anyone) and, within a city or when no city is known,
from the routes themselves: origins to the west, stops in between, destinations to the east.
Each route runs on a lane of its own, between its ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from statistics import fmean

from kg.views.context import Context
from kg.views.layout import Footprint, Point, place_on_grid
from kg.views.spec import Band

__all__ = ["RouteParts", "route_layout", "route_parts"]

WEST_TO_EAST = ("hangzhou", "shaoxing", "ningbo", "zhoushan")
"""City ids from west to east, for placing things on the schematic map."""
TRANSPORT_KINDS = frozenset({"port", "port-area", "terminal", "canal", "waterway", "river", "lock", "railway"})
FLOW = {"origin": 0.0, "via": 1.0, "destination": 2.0}
REGIONS = (
    (0, "杭州（西）", "Hangzhou (west)", "rgba(78,121,167,0.07)"),
    (1, "绍兴", "Shaoxing", "rgba(140,140,140,0.06)"),
    (2, "宁波舟山（东）", "Ningbo-Zhoushan (east)", "rgba(23,162,184,0.08)"),
)


@dataclass
class RouteParts:
    """The records on the route page and where each stands on the west-east axis."""

    routes: list[str]
    places: list[str]
    east: dict[str, float]
    lane: dict[str, float]
    region: dict[str, int]


def _city_rank(ctx: Context, record_id: str) -> int | None:
    containers = set(ctx.graph.containers(record_id))
    for rank, city in enumerate(WEST_TO_EAST):
        if city in containers:
            return min(rank, 2)
    return None


def route_parts(ctx: Context) -> RouteParts:
    """Routes, the places they touch, transport infrastructure, and their map coordinates."""
    records = ctx.graph.records
    routes = [r.id for r in ctx.graph.records_of("port_route")]
    touches: dict[str, list[float]] = {}
    lane: dict[str, float] = {}
    order = sorted(routes, key=lambda r: (str(getattr(records[r], "mode", "")), r))
    for number, route in enumerate(order):
        lane[route] = float(number)
    for u, v, _, data in ctx.edges:
        if u in lane and data["rel"] in FLOW:
            touches.setdefault(v, []).append(FLOW[data["rel"]])
    places = set(touches)
    places |= {r.id for r in ctx.graph.records_of("infrastructure") if getattr(r, "kind", "") in TRANSPORT_KINDS}
    for u, v, _, data in ctx.edges:  # port areas, terminals, what canals connect
        if data["rel"] in ("part_of", "connects") and (v in places or u in places):
            if records[u].type == "infrastructure" or data["rel"] == "connects":
                places.update((u, v))
    places -= set(routes)
    region = {p: rank for p in sorted(places) if (rank := _city_rank(ctx, p)) is not None}
    east: dict[str, float] = {}
    for place in sorted(places):
        flow = fmean(touches[place]) if place in touches else None
        if place in region:
            east[place] = 4.0 * region[place] + (flow if flow is not None else 1.0)
        elif flow is not None:
            east[place] = 4.0 * flow + 1.0
    for _ in range(3):  # places no route touches: beside their neighbours
        for place in sorted(places - set(east)):
            near = [east[n] for n in ctx.adjacent[place] if n in east]
            if near:
                east[place] = fmean(near) + 0.6
    for place in sorted(places - set(east)):
        east[place] = 4.0
    for route in routes:
        ends = [east[v] for u, v, _, d in ctx.edges if u == route and d["rel"] in FLOW and v in east]
        east[route] = fmean(ends) if ends else 4.0
    spare = float(len(routes))
    for place in sorted(places):
        used = [lane[u] for u, v, _, d in ctx.edges if v == place and u in lane and d["rel"] in FLOW]
        near = [lane[n] for n in ctx.adjacent[place] if n in lane]
        lane[place] = fmean(used or near) if (used or near) else spare + 1.0
    return RouteParts(routes, sorted(places), east, lane, region)


def route_layout(
    parts: RouteParts, footprints: Mapping[str, Footprint], importance: Mapping[str, float]
) -> tuple[dict[str, Point], list[Band]]:
    """Positions on the schematic map, and a band behind each region."""
    nodes = [*parts.places, *parts.routes]
    desired = {n: (parts.east[n] * 3.0, parts.lane[n] * 1.0) for n in nodes}
    order = sorted(nodes, key=lambda n: (-importance.get(n, 0.0), n))
    positions = place_on_grid(order, desired, footprints, density=0.22)
    bands = []
    for rank, zh, en, colour in REGIONS:
        members = [p for p in parts.places if parts.region.get(p) == rank]
        if not members:
            continue
        xs = [positions[p][0] for p in members]
        half = max(footprints[p].width for p in members) / 2 + 12
        ys = [positions[n][1] for n in nodes]
        top = min(ys) - 80
        bottom = max(ys) + max(f.height for f in footprints.values())
        bands.append(Band(min(xs) - half, top, max(xs) - min(xs) + 2 * half, bottom - top, zh, en, colour))
    return positions, bands
