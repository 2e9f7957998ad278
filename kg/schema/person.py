"""People quoted in the sources, in a role."""

from __future__ import annotations

from typing import ClassVar

from kg.schema.base import Record

__all__ = ["Person"]


class Person(Record):
    """A person the source quotes or names in a role; roles are ``works_for`` relations."""

    type: ClassVar[str] = "person"
