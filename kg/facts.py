"""What the checks across records need to know of each record, and nothing more.

The checks that look at one record alone (its citations, its placeholders, the domain of its
relations) run where the record is parsed. The checks that look across records (does the target
exist, may it stand at that end, is there a cycle, is a name used twice) need only a small
summary of every record: its :class:`Facts`. A summary is plain data, so the cache
(:mod:`kg.cache`) keeps it, and a tree where one file changed is checked again from the
summaries of the others without reading them.

A problem the checks across records find is a :class:`Finding`: it names the file and the key
path, and gets its line and column only when it is reported, from the file itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from kg.errors import Problem, Severity
from kg.schema import Record
from kg.yamlio import KeyPath, Located

__all__ = [
    "NAME_KEYS_AT",
    "NOT_NAMES_AT",
    "PLAIN_FIELDS",
    "Facts",
    "Finding",
    "facts_of",
    "iter_references",
    "name_key",
]

_NAME_SUFFIXES = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|集团|公司|特别行政区|自治州|自治县|省|市|区|县|镇|街道)$"
)


def name_key(name: str) -> str:
    """A name with its administrative or legal suffix dropped, for spotting duplicates.

    >>> name_key("萧山区") == name_key("萧山")
    True
    """
    stripped = _NAME_SUFFIXES.sub("", name.strip())
    return (stripped if len(stripped) >= 2 else name.strip()).lower()


def iter_references(record: Record) -> list[tuple[KeyPath, str]]:
    """Every id a record points at, with its key path."""
    found: list[tuple[KeyPath, str]] = [
        (("relations", i, "to"), relation.to) for i, relation in enumerate(record.relations)
    ]
    return found + _other_references(record)


def _other_references(record: Record) -> list[tuple[KeyPath, str]]:
    """The ids a record points at other than its relations' targets, with their key paths."""
    found: list[tuple[KeyPath, str]] = []
    for i, indicator in enumerate(record.indicators):
        if indicator.about:
            found.append((("indicators", i, "about"), indicator.about))
        if indicator.reported_by:
            found.append((("indicators", i, "reported_by"), indicator.reported_by))
    found += [(("distinct_from", i, "id"), other.id) for i, other in enumerate(record.distinct_from)]
    return found


class Facts(NamedTuple):
    """One record as the checks across records see it (a tuple: 100,000 are made at once)."""

    display: str
    """The file, as messages show it."""
    id: str
    type: str
    name: str
    names: tuple[str, ...]
    """:func:`name_key` of the name and of each alias, in order."""
    relations: tuple[tuple[str, str], ...]
    """(predicate, target) of each relation, in the file's order."""
    others: tuple[tuple[KeyPath, str], ...]
    """The other ids the record points at: what figures are about or reported by, and
    ``distinct_from``; with the relations' targets, every id of :func:`iter_references`."""
    adcode: str | None
    distinct_from: tuple[str, ...]

    @property
    def references(self) -> Iterator[tuple[KeyPath, str]]:
        """Every id the record points at, with its key path (:func:`iter_references`)."""
        for index, (_, to) in enumerate(self.relations):
            yield ("relations", index, "to"), to
        yield from self.others

    def to_plain(self) -> tuple[Any, ...]:
        """Builtin types only, for the cache, laid out as :data:`PLAIN_FIELDS` says; the file
        is where the cache keeps it."""
        return (self.id, self.type, self.name, self.names, self.relations, self.others, self.adcode)

    @classmethod
    def from_plain(cls, display: str, plain: tuple[Any, ...]) -> Facts:
        record_id, kind, name, names, relations, others, adcode = plain
        distinct = tuple(target for path, target in others if path[0] == "distinct_from") if others else ()
        return cls(display, record_id, kind, name, names, relations, others, adcode, distinct)


PLAIN_FIELDS = ("id", "type", "name", "names", "relations", "others", "adcode")
"""The fields of :meth:`Facts.to_plain`, in its order (spelled out there for speed)."""
NAME_KEYS_AT = PLAIN_FIELDS.index("names")
"""Where plain facts hold the name keys."""
NOT_NAMES_AT = tuple(at for at, field in enumerate(PLAIN_FIELDS) if field not in ("name", "names"))
"""Where plain facts hold everything but the name and the name keys."""


def facts_of(record: Record, display: str) -> Facts:
    """The summary of a valid record read from ``display``."""
    return Facts(
        display,
        record.id,
        record.type,
        record.name,
        tuple(name_key(name) for name in (record.name, *record.aliases)),
        tuple((relation.rel, relation.to) for relation in record.relations),
        tuple(_other_references(record)),
        record.ids.adcode if record.ids is not None else None,
        tuple(other.id for other in record.distinct_from),
    )


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem at a key path of a file, before its line and column are looked up."""

    display: str
    path: KeyPath
    code: str
    message: str
    severity: Severity = "error"
    key: bool = False
    """Point at the key rather than its value (an unknown qualifier, say)."""

    def place(self, located: Located | None) -> Problem:
        """The problem, at the line and column ``located`` gives for the path (1:1 without)."""
        line, col = located.where(self.path, key=self.key) if located else (1, 1)
        return Problem(self.display, line, col, self.code, self.message, self.severity)
