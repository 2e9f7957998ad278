"""Spot id renames: a record gone under one id and back under another, saying the same things.

A rename is shown as one renamed record, not a removal plus an addition, so a reviewer sees that
nothing was lost and that the old id (which outside links may use) is gone.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kg.diff.compare import plain
from kg.schema import Record

__all__ = ["find_renames", "similarity"]

RENAME_SIMILARITY = 0.5
"""Share of statements two records must have in common to be one record under two ids."""


def _statements(record: Record) -> set[tuple[Any, ...]]:
    """What a record says, as comparable atoms: names, citations, relations, figures."""
    data = plain(record)
    atoms: set[tuple[Any, ...]] = {("name", record.name), ("name_en", record.name_en)}
    atoms |= {("alias", a) for a in record.aliases}
    atoms |= {("source", c.source, c.quote) for c in record.sources}
    atoms |= {("rel", r["rel"], r["to"], r.get("stage"), r.get("role")) for r in data.get("relations", [])}
    atoms |= {("figure", i["metric"], i.get("period"), i["value"]) for i in data.get("indicators", [])}
    for key, value in data.items():
        if key not in ("id", "name", "name_en", "aliases", "sources", "relations", "indicators"):
            atoms.add((key, repr(value)))
    return atoms


def similarity(a: Record, b: Record) -> float:
    """Jaccard similarity of what two records say (1.0: the same statements)."""
    left, right = _statements(a), _statements(b)
    return len(left & right) / len(left | right) if left | right else 1.0


def find_renames(removed: dict[str, Record], added: dict[str, Record]) -> dict[str, str]:
    """Old id → new id for each removed record that an added record of the same type continues.

    Pairs need the same name, English name or citations in common, and at least
    :data:`RENAME_SIMILARITY` of their statements shared; the closest pairs are taken first.
    """
    index: dict[Any, set[str]] = defaultdict(set)
    for new_id, new in added.items():
        for key in (("name", new.name), ("name_en", new.name_en), *new.sources):
            index[key].add(new_id)
    scored = []
    for old_id, old in removed.items():
        keys = (("name", old.name), ("name_en", old.name_en), *old.sources)
        for new_id in sorted(set().union(*(index.get(k, set()) for k in keys))):
            new = added[new_id]
            score = similarity(old, new) if old.type == new.type else 0.0
            if score >= RENAME_SIMILARITY:
                scored.append((-score, old_id, new_id))
    renames: dict[str, str] = {}
    for _, old_id, new_id in sorted(scored):
        if old_id not in renames and new_id not in renames.values():
            renames[old_id] = new_id
    return renames
