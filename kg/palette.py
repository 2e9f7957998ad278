"""One colour per record type, shared by every picture of the graph (Gephi files, views)."""

from __future__ import annotations

__all__ = ["TYPE_COLORS", "rgb"]

TYPE_COLORS: dict[str, str] = {
    "district": "#4e79a7",
    "company": "#e15759",
    "industry_chain": "#59a14f",
    "policy": "#edc948",
    "port_route": "#76b7b2",
    "organization": "#f28e2b",
    "park": "#b07aa1",
    "infrastructure": "#9c755f",
    "project": "#ff9da7",
    "person": "#bab0ac",
}
"""Tableau 10, which stays distinguishable for the common forms of colour blindness."""


def rgb(color: str) -> tuple[int, int, int]:
    """``#rrggbb`` as three integers.

    >>> rgb(TYPE_COLORS["company"])
    (225, 87, 89)
    """
    value = int(color.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF
