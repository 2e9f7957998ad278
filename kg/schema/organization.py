"""Government bodies, universities, institutes, alliances and the like."""

from __future__ import annotations

from typing import ClassVar, Literal

from kg.schema.base import Record

__all__ = ["Organization"]


class Organization(Record):
    """A non-company body (浙江大学, 浙江人形机器人创新中心, 杭州都市圈数字协作联盟)."""

    type: ClassVar[str] = "organization"

    kind: Literal[
        "government",
        "department",
        "university",
        "school",
        "institute",
        "innovation-centre",
        "alliance",
        "association",
        "committee",
        "event",
        "media",
        "other",
    ]
    """``department`` is a unit inside a government body; ``school`` a college inside a
    university; ``event`` a recurring conference or congress."""
