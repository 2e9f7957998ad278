"""The review as JSON for tools: one stable document, keys sorted, same input → same bytes.

The top level is ``{"format": "hzkg-diff", "version": 1, "base", "head", "summary", "records",
"sources", "flags"}``. A field change is ``{"field", "old", "new"}`` for a value, or
``{"field", "added", "removed"}`` for items of a list. ``version`` changes only when a key changes
meaning or goes away.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from kg.diff.model import FieldChange, Review

__all__ = ["FORMAT_VERSION", "review_data", "review_json"]

FORMAT_VERSION = 1


def _field(change: FieldChange) -> dict[str, Any]:
    if change.added or change.removed:
        return {"field": change.field, "added": change.added, "removed": change.removed}
    return {"field": change.field, "old": change.old, "new": change.new}


def _with_fields(data: dict[str, Any], fields: list[FieldChange]) -> dict[str, Any]:
    return {**data, "fields": [_field(f) for f in fields]}


def review_data(review: Review) -> dict[str, Any]:
    """The review as plain data, in the shape of the JSON output."""
    records = []
    for record in review.records:
        data = _with_fields(asdict(record), record.fields)
        data["relations"] = [_with_fields(asdict(r), r.fields) for r in record.relations]
        data["indicators"] = [_with_fields(asdict(i), i.fields) for i in record.indicators]
        records.append(data)
    return {
        "format": "hzkg-diff",
        "version": FORMAT_VERSION,
        "base": asdict(review.base),
        "head": asdict(review.head),
        "summary": review.summary(),
        "records": records,
        "sources": [_with_fields(asdict(s), s.fields) for s in review.sources],
        "flags": [asdict(f) for f in review.flags],
    }


def review_json(review: Review) -> str:
    return json.dumps(review_data(review), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
