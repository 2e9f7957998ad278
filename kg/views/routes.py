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
TRANSPORT_KINDS = frozenset({"port", "port-area", "terminal", "canal", "waterway", "river", "lock"})
"""Infrastructure kinds the map shows even when no route names them: ports and waterways."""
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
    unplaced: list[str]
    """Places with no relation that would say where they are; drawn in a strip of their own."""


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
    places |= {
        r.id for r in ctx.graph.records_of("infrastructure") if getattr(r, "kind", "") in TRANSPORT_KINDS
    }
    water = {p for p in places if getattr(records[p], "kind", "") in TRANSPORT_KINDS} | set(touches)
    for u, v, _, data in ctx.edges:  # port areas and terminals of a port, what a canal connects
        if data["rel"] == "part_of" and v in water and records[u].type == "infrastructure":
            places.add(u)
        elif data["rel"] == "connects" and u in water:
            places.add(v)
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
    unplaced = sorted(places - set(east))
    for number, place in enumerate(unplaced):
        east[place] = float(number) * 1.5
    for route in routes:
        ends = [east[v] for u, v, _, d in ctx.edges if u == route and d["rel"] in FLOW and v in east]
        east[route] = fmean(ends) if ends else 4.0
    spare = float(len(routes))
    for place in sorted(places):
        used = [lane[u] for u, v, _, d in ctx.edges if v == place and u in lane and d["rel"] in FLOW]
        near = [lane[n] for n in ctx.adjacent[place] if n in lane]
        lane[place] = fmean(used or near) if (used or near) else spare + 1.0
    for place in unplaced:
        lane[place] = spare + 3.0
    return RouteParts(routes, sorted(places), east, lane, region, unplaced)


def route_layout(
    parts: RouteParts, footprints: Mapping[str, Footprint], importance: Mapping[str, float]
) -> tuple[dict[str, Point], list[Band]]:
    """Positions on the schematic map, and a band behind each region."""
    nodes = [*parts.places, *parts.routes]
    desired = {n: (parts.east[n] * 150.0, parts.lane[n] * 110.0) for n in nodes}
    order = sorted(nodes, key=lambda n: (n in parts.unplaced, -importance.get(n, 0.0), n))
    positions = place_on_grid(order, desired, footprints, scale=1.0)
    bands = []
    if parts.unplaced:
        xs = [positions[p][0] for p in parts.unplaced]
        ys = [positions[p][1] for p in parts.unplaced]
        half = max(footprints[p].width for p in parts.unplaced) / 2 + 12
        top = min(ys) - 70
        bottom = max(ys) + max(footprints[p].height for p in parts.unplaced)
        bands.append(
            Band(
                min(xs) - half,
                top,
                max(xs) - min(xs) + 2 * half,
                bottom - top,
                "位置未注明",
                "Location not stated",
                "rgba(140,140,140,0.07)",
            )
        )
    for rank, zh, en, colour in REGIONS:
        members = [p for p in parts.places if parts.region.get(p) == rank and p not in parts.unplaced]
        if not members:
            continue
        xs = [positions[p][0] for p in members]
        half = max(footprints[p].width for p in members) / 2 + 12
        ys = [positions[n][1] for n in nodes if n not in parts.unplaced]
        top = min(ys) - 80
        bottom = max(ys) + max(footprints[n].height for n in nodes if n not in parts.unplaced)
        bands.append(Band(min(xs) - half, top, max(xs) - min(xs) + 2 * half, bottom - top, zh, en, colour))
    return positions, bands
