"""Compare two versions of a record: fields, relations and figures, each matched by meaning.

Like dyff's ``--additional-identifier``, list items are matched by what identifies them, not by
position: a relation by predicate and target (then qualifiers), a figure by metric, period and
what it is about. A relation whose stage changed is one changed relation, not a removal plus an
addition; reordering a list is no change at all.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from kg.canonical import canonical_data
from kg.diff.model import FieldChange, IndicatorChange, RelationChange
from kg.schema import Record

__all__ = ["compare_fields", "compare_indicators", "compare_relations", "plain"]

Item = dict[str, Any]
_FACTS = ("id", "relations", "indicators")
_RELATION_QUALIFIERS = ("stage", "tier", "role", "period")
_INDICATOR_IDENTITY = ("metric", "period", "about", "target", "reported_by")


def plain(record: Record) -> dict[str, Any]:
    """The record as canonical plain data (lists in canonical order, defaults left out)."""
    return canonical_data(record)


def _list_change(name: str, old: list[Any], new: list[Any]) -> FieldChange | None:
    added = [item for item in new if item not in old]
    removed = [item for item in old if item not in new]
    if added or removed:
        return FieldChange(name, added=added, removed=removed)
    if old != new:  # same items, curator's order changed (aliases, citations)
        return FieldChange(name, old=old, new=new)
    return None


def _value_changes(
    prefix: str, old: dict[str, Any], new: dict[str, Any], skip: tuple[str, ...]
) -> list[FieldChange]:
    changes: list[FieldChange] = []
    for key in [*old, *(k for k in new if k not in old)]:
        if key in skip:
            continue
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        name = f"{prefix}{key}"
        if isinstance(a, list) or isinstance(b, list):
            change = _list_change(name, a or [], b or [])
            if change:
                changes.append(change)
        elif isinstance(a, dict) or isinstance(b, dict):
            changes += _value_changes(f"{name}.", a or {}, b or {}, ())
        else:
            changes.append(FieldChange(name, old=a, new=b))
    return changes


def compare_fields(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Changes to everything but the id, relations and figures (those have their own lists)."""
    return _value_changes("", old, new, _FACTS)


def _pair(
    old: list[Item], new: list[Item], keys: list[Callable[[Item], Hashable]]
) -> tuple[list[tuple[Item, Item]], list[Item], list[Item]]:
    """Match items: identical first, then by each key in turn; returns pairs that differ,
    items only in ``old``, items only in ``new``."""
    left, right = list(old), list(new)
    for item in list(right):
        if item in left:
            left.remove(item)
            right.remove(item)
    pairs: list[tuple[Item, Item]] = []
    for key in keys:
        for item in list(right):
            match = next((o for o in left if key(o) == key(item)), None)
            if match is not None:
                pairs.append((match, item))
                left.remove(match)
                right.remove(item)
    return pairs, left, right


def compare_relations(
    old: list[Item], new: list[Item], renamed: dict[str, str] | None = None
) -> list[RelationChange]:
    """Relations added, removed and changed; ``renamed`` maps old ids to new ones, so a
    relation that follows a rename is one changed relation (its ``to``), not two."""
    moved = renamed or {}

    def target(relation: Item) -> str:
        return str(moved.get(relation["to"], relation["to"]))

    pairs, removed, added = _pair(
        old,
        new,
        [
            lambda r: (r["rel"], target(r), *(r.get(q) for q in _RELATION_QUALIFIERS)),
            lambda r: (r["rel"], target(r)),
        ],
    )
    changes = [RelationChange("added", r["rel"], r["to"], "", r) for r in added]
    changes += [RelationChange("removed", r["rel"], r["to"], "", r) for r in removed]
    for a, b in pairs:
        fields = _value_changes("", a, b, ("rel",))
        changes.append(RelationChange("changed", b["rel"], b["to"], "", b, fields))
    return changes


def compare_indicators(old: list[Item], new: list[Item]) -> list[IndicatorChange]:
    """Figures added, removed and changed (a new value, unit, hedge, period or citation)."""
    pairs, removed, added = _pair(
        old,
        new,
        [
            lambda i: tuple(i.get(k) for k in _INDICATOR_IDENTITY),
            lambda i: (i["metric"], i.get("about"), i.get("target")),
        ],
    )
    changes = [IndicatorChange("added", i["metric"], None, i) for i in added]
    changes += [IndicatorChange("removed", i["metric"], i, None) for i in removed]
    for a, b in pairs:
        changes.append(IndicatorChange("changed", b["metric"], a, b, _value_changes("", a, b, ("metric",))))
    return changes
