"""An industry chain laid out left to right by stage: upstream, midstream, downstream.

The chain sits on top; below it one column per stage, each holding its segments, every segment
heading the members that belong to it. Policies that target the chain stand in a column of
their own on the left. Nothing here is guessed: a member's stage is the one its relation
states, else its segment's, else it goes to the "stage not stated" column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from kg.views.context import Context
from kg.views.layout import Footprint, Point
from kg.views.spec import Band
from kg.views.style import STAGES

__all__ = ["ChainParts", "Membership", "chain_layout", "chain_parts"]

ROWS = 8
"""Most nodes stacked in one sub-column before it wraps into the next."""
GAP_X, GAP_Y, HEADER = 26.0, 8.0, 64.0
STAGE_COLOURS = {
    "upstream": "rgba(78,121,167,0.07)",
    "midstream": "rgba(89,161,79,0.08)",
    "downstream": "rgba(242,142,43,0.08)",
    "unstaged": "rgba(140,140,140,0.07)",
    "policy": "rgba(225,87,89,0.06)",
}


@dataclass(frozen=True)
class Membership:
    """A record in a chain: the segment it joined, the stage that puts it in a column, its role."""

    member: str
    segment: str
    stage: str
    role: str | None


@dataclass
class ChainParts:
    """The records a chain page shows."""

    chain: str
    parent: str | None
    segments: dict[str, str]
    """Segment id → stage."""
    memberships: list[Membership]
    policies: list[str]

    @property
    def leaders(self) -> list[str]:
        return sorted({m.member for m in self.memberships if m.role and "链主" in m.role})


def chain_parts(ctx: Context, chain_id: str) -> ChainParts:
    """Segments (at any depth) with their stages, memberships and targeting policies."""
    records = ctx.graph.records
    stage_of: dict[str, str] = {chain_id: "unstaged"}
    inside = ctx.graph.within(chain_id, ("segment_of",))
    parent = None
    # parents before children, so a nested segment can inherit its parent's stage
    pending = [chain_id]
    while pending:
        current = pending.pop(0)
        for u, v, _, data in ctx.edges:
            if data["rel"] == "segment_of" and u == chain_id and parent is None:
                parent = v
            if data["rel"] != "segment_of" or v != current or u in stage_of:
                continue
            own = getattr(records[u], "stage", None)
            stage_of[u] = own or data.get("stage") or (stage_of[v] if v != chain_id else "unstaged")
            pending.append(u)
    memberships = []
    for u, v, _, data in ctx.edges:
        if data["rel"] == "member_of" and v in stage_of:
            stage = data.get("stage") or (stage_of[v] if v != chain_id else "unstaged")
            memberships.append(Membership(u, v, stage, data.get("role")))
    order = list(STAGES)
    memberships.sort(key=lambda m: (order.index(m.stage), m.segment != chain_id, m.segment, m.member))
    policies = sorted(
        {u for u, v, _, d in ctx.edges if v in inside and d["rel"] in ("targets", "applies_to")}
        - set(stage_of)
    )
    segments = {s: stage_of[s] for s in sorted(stage_of) if s != chain_id}
    return ChainParts(chain_id, parent, segments, memberships, policies)


def _stack(
    items: list[str], footprints: Mapping[str, Footprint], x: float, top: float
) -> tuple[dict[str, Point], float, float]:
    """Place ``items`` in sub-columns of at most ROWS from (x, top); return positions, right, bottom."""
    out: dict[str, Point] = {}
    right, bottom = x, top
    for start in range(0, len(items), ROWS):
        column = items[start : start + ROWS]
        width = max(footprints[i].width for i in column)
        y = top
        for item in column:
            out[item] = (x + width / 2, y + footprints[item].radius + 2)
            y += footprints[item].height + GAP_Y
        x += width + GAP_X
        right, bottom = x, max(bottom, y)
    return out, right, bottom


def chain_layout(
    parts: ChainParts, footprints: Mapping[str, Footprint], label: Callable[[str], tuple[str, str]]
) -> tuple[dict[str, Point], list[Band]]:
    """Positions for a chain page and the stage bands behind them."""
    placed: set[str] = {parts.chain}
    columns: list[tuple[str, list[list[str]]]] = []
    if parts.policies:
        columns.append(("policy", [parts.policies]))
        placed.update(parts.policies)
    for stage in STAGES:
        groups: list[list[str]] = []
        heads = [s for s, st in parts.segments.items() if st == stage]
        for head in [parts.chain, *sorted(heads, key=lambda s: label(s))]:
            group = [] if head == parts.chain else [head]
            group += [
                m.member
                for m in parts.memberships
                if m.segment == head and m.stage == stage and m.member not in placed
            ]
            group = list(dict.fromkeys(group))
            placed.update(group)
            if group:
                groups.append(group)
        if groups:
            columns.append((stage, groups))
    positions: dict[str, Point] = {}
    bands: list[Band] = []
    x, top = 0.0, 0.0
    spans: list[tuple[str, float, float]] = []
    bottom = top + HEADER
    for stage, groups in columns:
        left = x
        for group in groups:
            found, x, low = _stack(group, footprints, x, top + HEADER)
            positions.update(found)
            bottom = max(bottom, low)
        spans.append((stage, left - GAP_X / 2, x - GAP_X / 2))
        x += GAP_X
    for stage, left, right in spans:
        zh, en = ("政策", "Policies") if stage == "policy" else STAGES[stage]
        bands.append(Band(left, top, right - left, bottom - top + 10, zh, en, STAGE_COLOURS[stage]))
    root = footprints[parts.chain]
    staged = [s for s in spans if s[0] != "policy"] or spans
    centre = (staged[0][1] + staged[-1][2]) / 2 if staged else 0.0
    positions[parts.chain] = (centre, top - root.height + root.radius - 16)
    if parts.parent:
        up = footprints[parts.parent]
        positions[parts.parent] = (centre, positions[parts.chain][1] - root.radius - up.height + up.radius - 8)
    return positions, bands
