"""Development zones, characteristic towns, corridors and other named areas."""

from __future__ import annotations

from typing import ClassVar, Literal

from kg.schema.base import Record

__all__ = ["Park"]


class Park(Record):
    """A zone that is not an administrative unit (临平经济技术开发区, 算力小镇, 城西科创大走廊)."""

    type: ClassVar[str] = "park"

    kind: Literal[
        "development-zone",
        "high-tech-zone",
        "free-trade-zone",
        "characteristic-town",
        "corridor",
        "science-city",
        "industrial-park",
        "new-city",
        "cooperation-zone",
        "base",
        "other",
    ]
    """What sort of zone it is."""
