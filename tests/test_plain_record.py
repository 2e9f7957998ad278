"""A record's plain data, made with one ``model_dump`` per record, is what a dump per part gave.

:func:`kg.graph.plain_record` dumps the whole record once (``exclude_defaults``) and reshapes
it; before, each figure, citation, date and relation was dumped on its own. Every export, the
HTML views and :class:`~kg.graph.LazyRecords` read this data, so it must stay the same to the
key order and the type of each value: compared here by ``repr`` (which tells 1 from 1.0 and
True, and lists keys in order) on the real curation, a generated tree, and records of every
type with every optional field set and with none.
"""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any

import pytest

from benchmarks.treegen import generate, write_tree
from kg.graph import TYPE_FIELDS, plain_record, plain_records, record_of_plain, type_fields_of
from kg.load import load_curation
from kg.schema import RECORD_TYPES, Record
from kg.schema.base import Citation, DateFact, DistinctFrom, ExternalIds, Indicator, Product, Relation
from kg.schema.ids import uscc_check_digit

from .conftest import ROOT


def _dump_per_part(record: Record) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    """The plain data as it was made before: a ``model_dump`` call per part."""
    node: dict[str, Any] = {
        "type": record.type,
        "name": record.name,
        "name_en": record.name_en,
        "aliases": list(record.aliases),
        "indicators": [i.model_dump(exclude_defaults=True) for i in record.indicators],
        "sources": [c.model_dump(exclude_none=True) for c in record.sources],
    }
    for field in type_fields_of(type(record)):
        value = getattr(record, field)
        if value is not None:
            node[field] = value
    if record.ids is not None:
        node["ids"] = record.ids.model_dump(exclude_defaults=True)
    for field in ("dates", "products", "distinct_from"):
        values = getattr(record, field, None)
        if values:
            node[field] = [v.model_dump(exclude_none=True) for v in values]
    if record.note is not None:
        node["note"] = record.note
    edges = [(r.to, r.model_dump(exclude_none=True, exclude={"to"})) for r in record.relations]
    return node, edges


def _assert_same(record: Record, made: Any) -> None:
    expected = _dump_per_part(record)
    assert made == expected, record.id
    assert repr(made) == repr(expected), record.id  # key order, and 1 / 1.0 / True told apart


def _cite(n: int, **extra: str) -> list[dict[str, str]]:
    return [{"source": f"src-{i % 2}", "quote": f"引文{i}", **extra} for i in range(n)]


USCC = "91330100MA2B0FB8X"
FULL_PARTS: dict[str, Any] = {
    "aliases": ["甲", "Alpha"],
    "ids": {
        "adcode": "330100",
        "uscc": USCC + uscc_check_digit(USCC),
        "stock": ["600460.SH", "9988.HK"],
        "wikidata": "Q42",
        "source": "ref",
    },
    "sources": [*_cite(2), {"source": "ref"}, {"source": "news", "note": "no quote"}],
    "dates": [
        {"event": "founded", "date": "2003", "sources": _cite(1)},
        {"event": "milestone", "date": "2021-05", "note": "读作五月", "sources": _cite(2, note="n")},
    ],
    "indicators": [
        {
            "metric": "gdp",
            "value": 2.66,
            "unit": "万亿元",
            "period": "2024",
            "approx": "约",
            "target": True,
            "about": "a2",
            "reported_by": "a-b",
            "note": "what is counted",
            "sources": _cite(2, note="how"),
        },
        {"metric": "employees", "value": 1700, "unit": "人", "sources": [{"source": "ref"}]},
        {"metric": "employees", "value": 0, "unit": "人", "target": False, "sources": _cite(1)},
        {"metric": "gdp", "value": 1.0, "unit": "亿元", "period": "2025-Q1", "sources": _cite(1)},
    ],
    "relations": [
        {
            "rel": "supplies",
            "to": "a-b",
            "stage": "upstream",
            "tier": "3",
            "role": "链主",
            "period": "2024",
            "note": "parts",
            "sources": _cite(3),
        },
        {"rel": "supplies", "to": "a-b", "sources": [{"source": "ref"}]},
        {"rel": "located_in", "to": "a0", "sources": _cite(1, note="n")},
    ],
    "distinct_from": [{"id": "a2", "reason": "另一家"}],
    "products": [
        {"name": "减速器", "sources": _cite(1)},
        {"name": "齿轮", "name_en": "Gear", "sources": _cite(2)},
    ],
    "note": "备注",
}


def _sample(annotation: Any) -> Any:
    """A valid value of a type field: the first of a Literal's values, True, or a word."""
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return args[0]
    if origin in (typing.Union, types.UnionType) or origin is typing.Annotated:
        return _sample(args[0])
    return True if annotation is bool else "x"


def _record(record_type: str, full: bool) -> Record:
    cls = RECORD_TYPES[record_type]
    data: dict[str, Any] = {"id": "a", "name": "甲公司", "name_en": "Alpha", "sources": _cite(1)}
    for field in type_fields_of(cls):
        info = cls.model_fields[field]
        if full or info.is_required():
            data[field] = _sample(info.annotation)
    if full:
        data |= {key: value for key, value in FULL_PARTS.items() if key in cls.model_fields}
    return cls.model_validate(json.loads(json.dumps(data)))  # new strings each time, as read from files


@pytest.mark.parametrize("full", [True, False], ids=["every-field", "no-optional-field"])
@pytest.mark.parametrize("record_type", sorted(RECORD_TYPES))
def test_every_field_set_or_none(record_type: str, full: bool) -> None:
    record = _record(record_type, full)
    if full:  # every optional field is set, so that none is left out of the comparison unseen
        unset = [f for f, info in type(record).model_fields.items() if getattr(record, f) in (None, [])]
        assert unset == []
        assert len(plain_record(record)[0]) == len(type(record).model_fields) - 1  # - id, relations, + type
    made = plain_record(record)
    _assert_same(record, made)
    assert record_of_plain(record.id, made) == record  # what LazyRecords makes from it


def test_a_generated_tree_and_the_curation(tmp_path: Path) -> None:
    write_tree(generate(1000, seed=5).files(), tmp_path)
    for root in (tmp_path, ROOT):
        records = load_curation(root).records
        plain = plain_records(records)
        assert len(plain) == len(records) >= 100
        for record_id, record in records.items():
            _assert_same(record, plain[record_id])


def test_records_made_together_share_their_recurring_words() -> None:
    """Equal source ids, metrics, units and dates become one object, so that pickle sends each
    once per batch; the values are those made alone."""
    one, two = (_record("company", full=True) for _ in range(2))
    alone = plain_record(one), plain_record(two)
    # (source ids, metrics and dates are one object already: the schema's checks remember them)
    assert alone[0][0]["indicators"][0]["unit"] is not alone[1][0]["indicators"][0]["unit"]
    shared: dict[str, str] = {}
    made = [plain_record(record, shared) for record in (one, two)]
    assert made[0] == made[1] == alone[0] and repr(made[0]) == repr(alone[0])
    nodes, edges = made[0][0], made[0][1]
    other_nodes = made[1][0]
    assert nodes["sources"][0]["source"] is other_nodes["sources"][0]["source"]
    assert nodes["sources"][0]["source"] is nodes["indicators"][0]["sources"][0]["source"]
    assert nodes["indicators"][0]["metric"] is other_nodes["indicators"][0]["metric"]
    assert nodes["dates"][0]["date"] is other_nodes["dates"][0]["date"]
    assert nodes["indicators"][0]["unit"] is other_nodes["indicators"][0]["unit"]
    assert edges[0][0] is one.relations[0].to  # as the record's facts have it
    assert edges[0][1]["sources"][0]["source"] is other_nodes["products"][0]["sources"][0]["source"]


PARTS = (Citation, Relation, DateFact, Product, DistinctFrom)


def test_the_schema_keeps_what_one_dump_relies_on() -> None:
    """One ``model_dump(exclude_defaults=True)`` gives each part what ``exclude_none`` gave only
    while every part but figures and ids defaults to None wherever it has a default, and a
    record's fields default to None or to an empty list. A schema change that breaks this
    fails here, not silently in the exports."""
    for part in PARTS:
        for name, info in part.model_fields.items():
            assert info.is_required() or info.default is None, f"{part.__name__}.{name}"
    for cls in (Indicator, ExternalIds):  # dumped with exclude_defaults before too
        assert all(info.default_factory is None for info in cls.model_fields.values())
    for cls in RECORD_TYPES.values():
        for name, info in cls.model_fields.items():
            if info.is_required():
                continue
            default = info.get_default(call_default_factory=True)
            assert default is None or default == [], f"{cls.__name__}.{name}"
            assert default is None or name not in TYPE_FIELDS, f"{cls.__name__}.{name}"
