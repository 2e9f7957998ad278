"""Administrative units at every level, and regions such as the metropolitan circle."""

from __future__ import annotations

from typing import ClassVar, Literal

from kg.schema.base import Record

__all__ = ["District"]


class District(Record):
    """An administrative unit (浙江省, 杭州市, 临平区, 许村镇) or a region (杭州都市圈, 长三角).

    Its parent is a ``part_of`` relation; its adcode lives in ``ids``.
    """

    type: ClassVar[str] = "district"

    level: Literal[
        "province",
        "city",
        "district",
        "county",
        "county-level-city",
        "town",
        "subdistrict",
        "region",
    ]
    """Administrative level; ``region`` for groupings that are not administrative units."""
