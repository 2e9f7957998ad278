"""Flag new records that look like records the tree already has: same or similar name or alias,
or the same external code.

Names are compared by :func:`kg.checks.name_key` (萧山 and 萧山区 are one name). Candidates are
found with ``git grep`` on the lines that hold names and aliases in canonical form (``name:``,
``aliases:`` and alias items), so a 10,000-record tree is not parsed to check ten new records;
every candidate is then parsed and compared properly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from kg.checks import name_key
from kg.diff.model import Flag
from kg.diff.review import ReviewContext
from kg.diff.snapshot import record_id_of
from kg.schema import Record

__all__ = ["LIKENESS", "duplicate_flags", "name_likeness", "search_terms"]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NAME_LINE = re.compile(r"^(?:name: |aliases: |  - )(.*)$")


def _common_start(a: str, b: str) -> int:
    """How many characters two strings share at the start."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


_NUMERALS = set("0123456789〇零一二三四五六七八九十百千")
LIKENESS = {
    "same": "the same name as",
    "qualified": "the name, with a qualifier in front, of",
    "region": "the name, with another place in front, of",
    "inserted": "the name, with characters added inside, of",
    "typo": "the name, one character apart, of",
}
"""Kinds of likeness :func:`name_likeness` finds, as the flag's reason words them."""


def name_likeness(a: str, b: str) -> str | None:
    """How two names are alike, compared by :func:`~kg.checks.name_key`, or None.

    - ``same``: equal keys (萧山, 萧山区);
    - ``qualified``: one is the other with up to three characters in front, and the shared part
      has four or more (城西科创大走廊, 杭州城西科创大走廊);
    - ``region``: only up to two characters in front differ, the rest (four or more) is shared
      (嘉兴中正生物科技, 浙江中正生物科技);
    - ``inserted``: one is the other with one or two characters inside (新型工业化大会,
      新型工业化推进大会);
    - ``typo``: one character apart in the middle, not a number (士兰微电子, 士蓝微电子).

    A name with more at its end is a part, not a duplicate (浙江大学, 浙江大学基础医学研究院), and
    names that share only a place and an industry have different trade names (杭州安亿立智能科技,
    杭州立微智能科技); neither is alike.

    >>> pairs = [("萧山", "萧山区"), ("城西科创大走廊", "杭州城西科创大走廊"),
    ...          ("嘉兴中正生物", "浙江中正生物"), ("新型工业化大会", "新型工业化推进大会"),
    ...          ("“十四五”规划", "“十五五”规划"), ("浙江大学", "浙江大学基础医学研究院"),
    ...          ("杭州安亿立智能科技", "杭州立微智能科技")]
    >>> [name_likeness(a, b) for a, b in pairs]
    ['same', 'qualified', 'region', 'inserted', None, None, None]
    """
    a, b = name_key(a), name_key(b)
    if a == b:
        return "same"
    prefix = _common_start(a, b)
    suffix = _common_start(a[prefix:][::-1], b[prefix:][::-1])
    core_a, core_b = a[prefix : len(a) - suffix], b[prefix : len(b) - suffix]
    extra = core_a or core_b
    if not core_a or not core_b:  # one name is the other with characters added
        if prefix == 0 and len(extra) <= 3 and suffix >= 4:
            return "qualified"
        if prefix >= 2 and suffix >= 2 and len(extra) <= 2:
            return "inserted"
        return None
    if prefix == 0 and suffix >= 4 and max(len(core_a), len(core_b)) <= 2:
        return "region"
    numbers = set(core_a + core_b) <= _NUMERALS
    if (
        len(core_a) == len(core_b) == 1
        and min(prefix, suffix) >= 2
        and max(prefix, suffix) >= 3
        and not numbers
    ):
        return "typo"
    return None


def _alike(likeness: str | None, new: Record, other: Record) -> bool:
    """Whether a likeness of names makes two records look like one: equal names always; the
    others within one type, a place in front only for companies (城西科创大走廊 and 甬江科创大走廊
    are two corridors), and never for industries, whose names are generic terms."""
    if likeness == "same":
        return True
    if likeness is None or new.type != other.type or new.type == "industry_chain":
        return False
    return likeness != "region" or new.type == "company"


def _names(record: Record) -> list[str]:
    return [record.name, *record.aliases]


def _codes(record: Record) -> list[tuple[str, str]]:
    if record.ids is None:
        return []
    ids = record.ids
    found = [(k, v) for k, v in (("adcode", ids.adcode), ("uscc", ids.uscc), ("wikidata", ids.wikidata)) if v]
    return found + [("stock", code) for code in ids.stock]


def _pieces(name: str) -> list[str]:
    """The key and its three-character pieces: what a similar name must share at least one of."""
    key = name_key(name)
    return [key, *(key[i : i + 3] for i in range(len(key) - 2))] if len(key) > 3 else [key]


def _values(line: str) -> list[str]:
    """The names on a name or alias line (a flow list of aliases gives several)."""
    match = _NAME_LINE.match(line)
    if not match:
        return []
    text = match.group(1).strip()
    if text[:1] not in ("'", '"', "[", "{"):
        return [text]
    try:
        value = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(v) for v in items if isinstance(v, str | int | float)]


def _added(context: ReviewContext) -> list[Record]:
    """The records the change adds (renames aside), valid ones only."""
    return [p.new for p in context.pairs if p.change.change == "added" and p.new is not None]


def _by_piece(new: list[Record]) -> dict[str, set[str]]:
    by_piece: dict[str, set[str]] = {}
    for record in new:
        for name in _names(record):
            for piece in _pieces(name):
                by_piece.setdefault(piece, set()).add(name)
    return by_piece


def search_terms(context: ReviewContext) -> list[str]:
    """What :func:`duplicate_flags` will grep for: pieces of the new names, and new codes."""
    new = _added(context)
    return [*_by_piece(new), *(code for record in new for _, code in _codes(record))]


def _candidates(context: ReviewContext, new: list[Record]) -> set[str]:
    """Ids of records with a name line or a code that may match one of the new records."""
    head = context.head
    by_piece = _by_piece(new)
    found: set[str] = set()
    for hit in head.grep(sorted(by_piece)):
        values = _values(hit.text)
        if not values:
            continue
        text = hit.text.lower()
        names = {n for piece, held in by_piece.items() if piece in text for n in held}
        if any(name_likeness(v, n) for v in values for n in names):
            found.add(record_id_of(hit.path))
    codes = sorted({code for record in new for _, code in _codes(record)})
    found |= {record_id_of(hit.path) for hit in head.grep(codes)}
    return found


def _distinct(a: Record, b: Record) -> bool:
    return any(d.id == b.id for d in a.distinct_from) or any(d.id == a.id for d in b.distinct_from)


def _reason(new: Record, other: Record) -> str | None:
    for kind, code in _codes(new):
        if (kind, code) in _codes(other):
            return f"has the same {kind} {code!r} as {other.type} {other.id!r} ({other.name})"
    for name in _names(new):
        for known in _names(other):
            likeness = name_likeness(name, known)
            if likeness is not None and _alike(likeness, new, other):
                shown = f" ({known})" if known != other.name else ""
                return (
                    f"{name!r} is {LIKENESS[likeness]} {other.type} {other.id!r} ({other.name}){shown}; "
                    "merge them, or add distinct_from with a reason"
                )
    return None


def duplicate_flags(context: ReviewContext) -> Iterator[Flag]:
    """A flag for each added record (renames aside) that looks like another record of the tree."""
    new = [p for p in context.pairs if p.change.change == "added" and p.new is not None]
    if not new:
        return
    added = {p.change.id for p in new}
    others = context.head.records(sorted(_candidates(context, _added(context))))
    for pair in new:
        record = pair.new
        assert record is not None
        for other_id, other in sorted(others.items()):
            if other_id == record.id or _distinct(record, other):
                continue
            if other_id in added and other_id < record.id:
                continue  # two new look-alikes: flag the pair once
            reason = _reason(record, other)
            if reason:
                located = pair.document.located if pair.document else None
                line = located.where(("name",))[0] if located else None
                yield Flag("possible-duplicate", record.id, record.name, reason, pair.change.path, line)
