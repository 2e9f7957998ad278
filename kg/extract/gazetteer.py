"""Known names: every curated name and alias (and its Traditional form), found in one pass.

An Aho–Corasick automaton (pyahocorasick) finds every occurrence of every form; which of the
overlapping ones are mentions is decided later, together with the new-name candidates, by
:func:`kg.extract.mentions.resolve` (longest first, so 萧山区委 beats 萧山区).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import ahocorasick

from kg.extract.divisions import place_forms
from kg.extract.mentions import Mention
from kg.extract.shortforms import short_forms
from kg.names import traditional
from kg.schema import Record

__all__ = ["Gazetteer", "GazetteerEntry", "entries_from_records"]

_NOT_A_COMPANY = ("港口", "港", "码头", "机场")
"""A short form ending so names the place, not the company (杭州下沙港口发展 → not 下沙港口)."""


@dataclass(frozen=True)
class GazetteerEntry:
    """One form of one record's name."""

    form: str
    entity: str
    label: str
    rank: int
    """0 the record's name, 1 an alias, 2 a Traditional or unbracketed form, 3 a short form of a
    company name; lower wins a clash."""


def _forms(record: Record, places: Collection[str]) -> Iterator[tuple[str, int]]:
    """Every form of a record's name: as curated, Traditional, and derived.

    Derived: a title curated with its 《》 is also found without them (the title rule marks
    the name inside), and a company is also found by its short forms of three characters or
    more (杭州西奥电梯有限公司 → 西奥电梯).
    """
    names = [record.name, *record.aliases]
    yield record.name, 0
    for alias in record.aliases:
        yield alias, 1
    for name in names:
        yield traditional(name), 2
        if name.startswith("《") and name.endswith("》"):
            yield name[1:-1], 2
    if record.type == "company":
        for name in names:
            for form in short_forms(name, places):
                if len(form) >= 3 and not form.endswith(_NOT_A_COMPANY):
                    yield form, 3


def entries_from_records(records: Iterable[Record]) -> list[GazetteerEntry]:
    """Gazetteer entries for every name, alias and Traditional form of ``records``.

    A district with an adcode also gets the full and short names the division list gives for
    that code (钱塘 for 钱塘区), so a curated district is linked under every form the list knows.
    """
    by_adcode: dict[str, list[str]] = {}
    places = place_forms()
    for form, division in places.items():
        if division.adcode:
            by_adcode.setdefault(division.adcode, []).append(form)
    out: list[GazetteerEntry] = []
    for record in records:
        for form, rank in _forms(record, places):
            if len(form) >= 2:
                out.append(GazetteerEntry(form, record.id, record.type, rank))
        adcode = record.ids.adcode if record.ids else None
        if record.type == "district" and adcode:
            out += [GazetteerEntry(f, record.id, record.type, 2) for f in by_adcode.get(adcode, [])]
    return out


class Gazetteer:
    """Finds every occurrence of every known form; one entity per form (the best-ranked)."""

    def __init__(self, entries: Iterable[GazetteerEntry] = ()) -> None:
        self.entries: dict[str, GazetteerEntry] = {}
        for entry in sorted(entries, key=lambda e: (e.form, e.rank, e.entity)):
            self.entries.setdefault(entry.form, entry)
        self._automaton: Any = None

    def _built(self) -> Any:
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for form, entry in self.entries.items():
                automaton.add_word(form, (len(form), entry.entity, entry.label))
            if self.entries:
                automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def find(self, text: str) -> list[Mention]:
        """Every occurrence of a known form in ``text``, nested and overlapping ones included."""
        if not self.entries:
            return []
        found = []
        for end, (length, entity, label) in self._built().iter(text):
            start = end + 1 - length
            found.append(Mention(start, end + 1, text[start : end + 1], label, entity, "gazetteer"))
        return found

    def to_bytes(self) -> bytes:
        rows = [[e.form, e.entity, e.label, e.rank] for e in self.entries.values()]
        return json.dumps(rows, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Gazetteer:
        rows = json.loads(data.decode("utf-8"))
        return cls(GazetteerEntry(str(f), str(e), str(label), int(r)) for f, e, label, r in rows)
