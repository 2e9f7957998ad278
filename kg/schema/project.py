"""Projects, platforms and named products."""

from __future__ import annotations

from typing import ClassVar, Literal

from kg.schema.base import Record

__all__ = ["Project"]


class Project(Record):
    """A project or named product (华澜微数据智造基地, HGT51F 重型燃气轮机, DEJAAI平台)."""

    type: ClassVar[str] = "project"

    kind: Literal["project", "product", "platform", "facility", "programme", "other"]
    """What sort of thing it is."""
    status: Literal["planned", "under-construction", "completed", "operating"] | None = None
    """Stage of the project, if the source says."""
