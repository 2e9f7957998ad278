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
    parent = next((v for u, v, _, d in ctx.edges if u == chain_id and d["rel"] == "segment_of"), None)
    # parents before children, so a nested segment can inherit its parent's stage
    pending = [chain_id]
    while pending:
        current = pending.pop(0)
        for u, v, _, data in ctx.edges:
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


def _column(
    groups: list[list[str]], footprints: Mapping[str, Footprint], left: float
) -> tuple[dict[str, Point], float, float]:
    """Stack groups top to bottom from x = ``left``: a segment, and its members to its right.

    Returns positions (top at y = 0), the column's right edge and its height.
    """
    out: dict[str, Point] = {}
    y = 0.0
    right = left
    for group in groups:
        head, members = group[0], group[1:]
        head_width = footprints[head].width
        out[head] = (left + head_width / 2, y + footprints[head].radius + 2)
        x = left + head_width + GAP_X
        low = y + footprints[head].height + GAP_Y
        for start in range(0, len(members), ROWS):
            chunk = members[start : start + ROWS]
            width = max(footprints[m].width for m in chunk)
            my = y
            for member in chunk:
                out[member] = (x + width / 2, my + footprints[member].radius + 2)
                my += footprints[member].height + GAP_Y
            x += width + GAP_X
            low = max(low, my)
        right = max(right, x if members else left + head_width)
        y = low + GAP_Y * 3
    return out, right, y


def chain_layout(
    parts: ChainParts, footprints: Mapping[str, Footprint], label: Callable[[str], tuple[str, str]]
) -> tuple[dict[str, Point], list[Band]]:
    """Positions for a chain page, left to right, and the bands behind the columns."""
    placed: set[str] = {parts.chain}
    if parts.parent:
        placed.add(parts.parent)
    columns: list[tuple[str, list[list[str]]]] = []
    if parts.policies:
        columns.append(("policy", [[p] for p in parts.policies]))
        placed.update(parts.policies)
    for stage in STAGES:
        groups: list[list[str]] = []
        heads = sorted((s for s, st in parts.segments.items() if st == stage), key=label)
        for head in heads:
            members = [m.member for m in parts.memberships if m.segment == head and m.member not in placed]
            group = list(dict.fromkeys([head, *members]))
            placed.update(group)
            groups.append(group)
        direct = [
            m.member
            for m in parts.memberships
            if m.segment == parts.chain and m.stage == stage and m.member not in placed
        ]
        for member in dict.fromkeys(direct):
            placed.add(member)
            groups.append([member])
        if groups:
            columns.append((stage, groups))
    positions: dict[str, Point] = {}
    spans: list[tuple[str, float, float, float]] = []
    x = 0.0
    for number, (stage, groups) in enumerate(columns):
        # neighbouring columns start at different heights, so that an edge between two of
        # them does not run straight through a third column's row
        found, right, height = _column(groups, footprints, x)
        drop = 0.0 if stage == "policy" else 30.0 * (number % 2)
        for node, (px, py) in found.items():
            positions[node] = (px, py + drop)
        spans.append((stage, x, right, height + drop))
        x = right + GAP_X * 2.5
    tallest = max((h for _, _, _, h in spans), default=0.0)
    bands = []
    for stage, left, right, _ in spans:
        zh, en = ("聚焦该产业", "Targeting it") if stage == "policy" else STAGES[stage]
        bands.append(
            Band(left - 14, -HEADER, right - left + 28, tallest + HEADER + 14, zh, en, STAGE_COLOURS[stage])
        )
    root = footprints[parts.chain]
    staged = [sp for sp in spans if sp[0] != "policy"]
    if len(staged) > 1:
        # several stages: the chain above them, so its edges fan down into every column
        centre = (staged[0][1] + staged[-1][2]) / 2
        positions[parts.chain] = (centre, -HEADER - 30 - root.height + root.radius)
    else:
        # one column: the chain to its left, so its edges fan out instead of running together
        shift = root.width + GAP_X * 4
        for node, (px, py) in positions.items():
            if node not in parts.policies:
                positions[node] = (px + shift, py)
        bands = [
            b if b.zh == "聚焦该产业" else Band(b.x + shift, b.y, b.width, b.height, b.zh, b.en, b.colour)
            for b in bands
        ]
        left = spans[0][2] + GAP_X * 2 if parts.policies else 0.0
        middle = max(tallest, root.height) / 2
        positions[parts.chain] = (left + root.width / 2 + GAP_X, middle - root.height / 2 + root.radius)
    if parts.parent:
        up = footprints[parts.parent]
        chain_x, chain_y = positions[parts.chain]
        positions[parts.parent] = (chain_x, chain_y - root.radius - up.height - 10)
    return positions, bands
