"""Freight routes between places and ports."""

from __future__ import annotations

from typing import ClassVar, Literal

from kg.schema.base import Record, Text

__all__ = ["PortRoute"]


class PortRoute(Record):
    """A freight service or corridor (萧山—宁波舟山港海铁联运班列).

    Its ends and stops are ``origin``, ``destination`` and ``via`` relations; its figures (TEU,
    growth, cost, transit time) are indicators.
    """

    type: ClassVar[str] = "port_route"

    mode: Literal["sea-rail", "river-sea", "road", "rail", "sea", "inland-waterway", "multimodal"]
    """How goods move."""
    frequency: Text | None = None
    """Service frequency as stated (一天两班)."""
