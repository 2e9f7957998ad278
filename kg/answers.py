"""What the query API answers with: a neighbour, a path step, a chain, a route.

Plain dataclasses over curated records, kept apart from :mod:`kg.query` so that the questions
and the shapes of their answers can be read separately; :mod:`kg.query` re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from kg.schema import Indicator, Record

__all__ = ["ChainView", "Neighbor", "RouteView", "Step"]


@dataclass(frozen=True)
class Neighbor:
    """A record next to another, and the relation between them read from the asking side."""

    rel: str
    label: str
    direction: Literal["out", "in"]
    record: Record
    edge: dict[str, Any] = field(compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.label} → {self.record.id} ({self.record.name})"


@dataclass(frozen=True)
class Step:
    """One edge of a path, as stated: ``source`` --rel--> ``target``."""

    source: str
    rel: str
    target: str

    def __str__(self) -> str:
        return f"{self.source} --{self.rel}--> {self.target}"


@dataclass
class ChainView:
    """An industry chain: its segments by stage, members, 链主 and the policies aimed at it."""

    record: Record
    segments: dict[str, list[Record]]
    members: list[tuple[Record, str | None, str | None]]
    leaders: list[Record]
    policies: list[tuple[Record, str | None]]
    """Policies that target the chain, with the tier a framework gives it."""
    targeted_by: list[tuple[Record, str | None]]
    """Every record that targets the chain (policies, districts, bodies, projects), with tier."""


@dataclass
class RouteView:
    """A port route with its ends, stops and figures."""

    record: Record
    origin: list[Record]
    destination: list[Record]
    via: list[Record]
    indicators: list[Indicator]
