"""What a review of a curation change holds: record changes, source changes, flags, a summary.

Plain dataclasses of plain data (strings, numbers, lists, dicts of those), so the JSON output is
:func:`dataclasses.asdict` away and every renderer reads the same thing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

from kg.schema import RECORD_TYPES

__all__ = [
    "FLAG_KINDS",
    "Change",
    "FieldChange",
    "Flag",
    "IndicatorChange",
    "RecordChange",
    "RelationChange",
    "Review",
    "Side",
    "SourceChange",
]

Change = Literal["added", "removed", "changed", "renamed"]

FLAG_KINDS: dict[str, str] = {
    "invalid-record": "a changed file does not load",
    "renamed": "an id was renamed",
    "still-referenced": "removed or renamed while others still point at it",
    "unknown-reference": "points at a record that does not exist",
    "figure-without-citation": "a figure changed without a new citation",
    "quote-not-found": "a quote does not verify",
    "domain-range": "a relation breaks a domain or range rule",
    "possible-duplicate": "looks like a duplicate of another record",
}
"""Every kind of flag, in the order a review lists them, with what it means."""


@dataclass
class Side:
    """One end of the comparison: a git revision or the working tree."""

    label: str
    commit: str | None = None


@dataclass
class FieldChange:
    """One field of a record: a value changed (old → new), or items added to / removed from a list."""

    field: str
    old: Any = None
    new: Any = None
    added: list[Any] = dataclasses.field(default_factory=list)
    removed: list[Any] = dataclasses.field(default_factory=list)


@dataclass
class RelationChange:
    """A relation added, removed or changed on a record; ``relation`` is its new form (old when
    removed), ``fields`` what changed in it."""

    change: Change
    rel: str
    to: str
    to_name: str
    relation: dict[str, Any]
    fields: list[FieldChange] = dataclasses.field(default_factory=list)


@dataclass
class IndicatorChange:
    """A figure added, removed or changed; ``old`` and ``new`` are the figure's two forms."""

    change: Change
    metric: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    fields: list[FieldChange] = dataclasses.field(default_factory=list)


@dataclass
class RecordChange:
    """Everything that changed about one record, keyed by its id (the new id after a rename)."""

    id: str
    type: str
    name: str
    change: Change
    path: str
    old_id: str | None = None
    fields: list[FieldChange] = dataclasses.field(default_factory=list)
    relations: list[RelationChange] = dataclasses.field(default_factory=list)
    indicators: list[IndicatorChange] = dataclasses.field(default_factory=list)


@dataclass
class SourceChange:
    """A source registered, withdrawn, or changed (its entry or its text)."""

    id: str
    title: str
    change: Change
    fields: list[FieldChange] = dataclasses.field(default_factory=list)
    text_changed: bool = False


@dataclass(frozen=True, order=True)
class Flag:
    """A change that calls for a reviewer's look, and why."""

    kind: str
    record: str
    name: str
    reason: str
    path: str | None = None
    line: int | None = None


@dataclass
class Review:
    """The whole comparison of two curation trees."""

    base: Side
    head: Side
    records: list[RecordChange] = dataclasses.field(default_factory=list)
    sources: list[SourceChange] = dataclasses.field(default_factory=list)
    flags: list[Flag] = dataclasses.field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Counts first: records per type and change, relations, indicators, sources, flags."""
        kinds: tuple[Change, ...] = ("added", "removed", "changed", "renamed")
        records = {t: dict.fromkeys(kinds, 0) for t in RECORD_TYPES}
        relations = dict.fromkeys(kinds[:3], 0)
        indicators = dict.fromkeys(kinds[:3], 0)
        for record in self.records:
            records[record.type][record.change] += 1
            for relation in record.relations:
                relations[relation.change] += 1
            for indicator in record.indicators:
                indicators[indicator.change] += 1
        sources = dict.fromkeys(kinds[:3], 0)
        for source in self.sources:
            sources[source.change] += 1
        flags = {kind: sum(f.kind == kind for f in self.flags) for kind in FLAG_KINDS}
        return {
            "records": {t: counts for t, counts in records.items() if any(counts.values())},
            "relations": relations,
            "indicators": indicators,
            "sources": sources,
            "flags": {kind: n for kind, n in flags.items() if n},
        }

    @property
    def empty(self) -> bool:
        return not (self.records or self.sources or self.flags)
