"""Ports, port areas, canals, locks, railways, highways and metro lines."""

from __future__ import annotations

from typing import ClassVar, Literal

from kg.schema.base import Record

__all__ = ["Infrastructure"]


class Infrastructure(Record):
    """A piece of physical infrastructure (宁波舟山港, 穿山港区, 杭甬运河, 三堡船闸)."""

    type: ClassVar[str] = "infrastructure"

    kind: Literal[
        "port",
        "port-area",
        "terminal",
        "canal",
        "waterway",
        "river",
        "lock",
        "railway",
        "highway",
        "road",
        "metro",
        "other",
    ]
    """What sort of infrastructure it is."""
