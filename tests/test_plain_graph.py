"""The graph from plain data: ``kg build`` validates no record in its parent.

Worker processes send each valid record as plain data (node attributes, relations as edge
data); the graph is built from that, the exporters read node attributes, and
:class:`~kg.graph.LazyRecords` validates a record only when the Python API reads it. Each test
compares with the eager path: records validated one by one by :func:`kg.load.load_curation`,
and the tables made from those records the way they were made before.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import kg.filecheck
import kg.graph
from benchmarks.prgen import pull_request
from benchmarks.treegen import generate, write_tree
from kg.export import FORMATS, export_files
from kg.export.jsontext import graph_numbers_alike, numbers_alike
from kg.export.tables import (
    METRICS,
    PREDICATES,
    QUALIFIERS,
    Row,
    citation_rows,
    clean_number,
    entity_rows,
    indicator_rows,
    relation_rows,
)
from kg.graph import NODE_FIELDS, TYPE_FIELDS, LazyRecords, type_fields_of
from kg.load import load_curation
from kg.query import KnowledgeGraph
from kg.schema import RECORD_TYPES, Record
from kg.treecheck import check_tree

from .conftest import ROOT, TREE


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated tree of 1,000 records after a pull request with mistakes: relations to
    records that are not there (kept by the records, not by the graph), duplicate names …"""
    folder = tmp_path_factory.mktemp("generated")
    write_tree(pull_request(generate(1000, seed=3), fraction=0.05, seed=4).files(), folder)
    return folder


def _eager(root: Path) -> dict[str, Record]:
    """Every valid record of ``root``, validated one by one in this process."""
    return load_curation(root).records


def _checked(root: Path, cached: bool) -> LazyRecords:
    """The records ``kg build`` keeps, with no cache or after a run filled it (the workers then
    parse and validate bytes an earlier run checked)."""
    if cached:
        check_tree(root, jobs=2)
    else:
        check_tree(root, use_cache=False, jobs=2)  # so a later cached run starts from nothing
    return check_tree(root, use_cache=cached, keep_records=True, jobs=2).records


@pytest.mark.parametrize("cached", [False, True])
@pytest.mark.parametrize("which", ["curation", "fixture", "generated"])
def test_lazily_validated_records_are_the_eagerly_validated(
    which: str, cached: bool, generated: Path, tmp_path: Path
) -> None:
    source = {"curation": ROOT, "fixture": TREE, "generated": generated}[which]
    root = tmp_path / "copy"
    for part in ("curation", "seeds"):
        shutil.copytree(source / part, root / part)
    eager = _eager(root)
    lazy = _checked(root, cached)
    assert isinstance(lazy, LazyRecords) and len(lazy) == len(eager) >= 10
    assert sorted(lazy) == sorted(eager)
    dangling = 0
    for record_id, record in eager.items():
        again = lazy[record_id]
        assert type(again) is type(record) and again == record, record_id
        assert again.model_dump() == record.model_dump(), record_id
        dangling += sum(r.to not in eager for r in record.relations)
    assert dangling > 0 or which != "generated"  # the generated tree has relations to nowhere
    # The graph made from the plain data is the graph made from validated records.
    graphs = KnowledgeGraph(lazy), KnowledgeGraph(eager)
    assert list(graphs[0].nx.nodes(data=True)) == list(graphs[1].nx.nodes(data=True))
    assert list(graphs[0].nx.edges(keys=True, data=True)) == list(graphs[1].nx.edges(keys=True, data=True))


def test_records_are_validated_only_when_read(tree: Path) -> None:
    graph = kg.load(tree)
    assert isinstance(graph.records, LazyRecords)
    assert repr(graph.records).endswith(" 0 validated>")
    record_id = sorted(graph.records)[0]
    assert graph.get(record_id) is graph.records[record_id]  # validated once, then kept
    assert repr(graph.records).endswith(" 1 validated>")
    assert "no-such-record" not in graph.records
    with pytest.raises(KeyError):
        graph.records["no-such-record"]


def test_search_and_types_read_plain_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """A search and a list of one type validate only the records they return; the names
    searched are each record's ``all_names``."""
    records = _eager(ROOT)
    assert all(kg.graph.node_names(kg.graph.node_attributes(r)) == r.all_names for r in records.values())
    graph = KnowledgeGraph(LazyRecords(kg.graph.plain_records(records)))
    validated: list[str] = []
    real = kg.graph.record_of_plain

    def counting(record_id: str, plain: Any) -> Record:
        validated.append(record_id)
        return real(record_id, plain)

    monkeypatch.setattr(kg.graph, "record_of_plain", counting)
    found = graph.find("Silan")
    assert found == [records[r.id] for r in found] != [] and sorted(validated) == sorted(r.id for r in found)
    validated.clear()
    companies = graph.records_of("company")
    assert companies == [records[i] for i in sorted(records) if records[i].type == "company"] != []
    assert set(validated) <= {r.id for r in companies}


def test_exports_validate_no_record(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every format is made without validating a record: the graph and the rows come from plain data."""
    graph = kg.load(tree)

    def refuse(record_id: str, plain: Any) -> Record:
        raise AssertionError(f"{record_id} validated")

    monkeypatch.setattr(kg.graph, "record_of_plain", refuse)
    for name in FORMATS:
        assert all(export_files(graph, name).values())
    assert graph_numbers_alike(graph)


def test_kg_check_makes_no_plain_data(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Node attributes cost time that ``kg check`` (no records kept) has no use for."""
    made: list[str] = []

    def counting(record: Record, shared: dict[str, str] | None = None) -> kg.graph.PlainRecord:
        made.append(record.id)
        return kg.graph.plain_record(record, shared)

    monkeypatch.setattr(kg.filecheck, "plain_record", counting)
    assert check_tree(tree, use_cache=False, jobs=1).problems == []
    assert made == []
    kept = check_tree(tree, use_cache=False, jobs=1, keep_records=True)
    assert sorted(made) == sorted(kept.records) != []


# -- the tables as they were made from validated records, for comparison ------------------------


def type_fields(record: Record) -> dict[str, Any]:
    """Every type-specific field read from the record, ``None`` where its type has none."""
    return {field: getattr(record, field, None) for field in TYPE_FIELDS}


def products(record: Record) -> list[Any]:
    """The record's products (companies and projects have them), else an empty list."""
    found: list[Any] = getattr(record, "products", [])
    return found


def _ids(citations: Any) -> list[str]:
    return list(dict.fromkeys(c.source for c in citations))


def _entity_rows(records: dict[str, Record]) -> list[Row]:
    rows = []
    for record_id in sorted(records):
        record = records[record_id]
        ids = record.ids
        rows.append(
            {
                "id": record.id,
                "type": record.type,
                "name": record.name,
                "name_en": record.name_en,
                "aliases": list(record.aliases),
                **type_fields(record),
                "adcode": ids.adcode if ids else None,
                "uscc": ids.uscc if ids else None,
                "stock": list(ids.stock) if ids else [],
                "wikidata": ids.wikidata if ids else None,
                "products": [p.name for p in products(record)],
                "dates": [f"{d.event} {d.date}" for d in record.dates],
                "sources": _ids(record.sources),
                "note": record.note,
                "distinct_from": [d.id for d in record.distinct_from],
            }
        )
    return rows


def _relation_rows(graph: KnowledgeGraph, records: dict[str, Record]) -> list[Row]:
    rows = []
    for source, target, key, data in graph.nx.edges(keys=True, data=True):
        predicate = PREDICATES[data["rel"]]
        ends = {"source": records[source], "target": records[target]}
        rows.append(
            {
                **{
                    f"{end}_{field}": getattr(r, field)
                    for end, r in ends.items()
                    for field in ("name", "type")
                },
                "source": source,
                "rel": data["rel"],
                "label": predicate.en,
                "label_zh": predicate.zh,
                "target": target,
                "key": key,
                **{q: data.get(q) for q in QUALIFIERS},
                "sources": list(dict.fromkeys(c["source"] for c in data["sources"])),
            }
        )
    return sorted(rows, key=lambda row: (row["source"], row["rel"], row["target"], row["key"]))


def _indicator_rows(records: dict[str, Record]) -> list[Row]:
    rows = []
    for record_id in sorted(records):
        record = records[record_id]
        for index, i in enumerate(record.indicators):
            metric = METRICS[i.metric]
            rows.append(
                {
                    "entity": record.id,
                    "entity_name": record.name,
                    "entity_type": record.type,
                    "index": index,
                    "metric": i.metric,
                    "metric_en": metric.en,
                    "metric_zh": metric.zh,
                    **{f: getattr(i, f) for f in ("value", "unit", "approx", "period", "target")},
                    **{f: getattr(i, f) for f in ("about", "reported_by", "note")},
                    "base_value": clean_number(i.base_value),
                    "base_unit": i.base_unit,
                    "sources": _ids(i.sources),
                }
            )
    return rows


def _citation_rows(records: dict[str, Record]) -> list[Row]:
    rows = []
    for record_id in sorted(records):
        record = records[record_id]
        facts: list[tuple[str, str, list[Any]]] = [("sources", f"name {record.name}", record.sources)]
        if record.ids is not None:
            stated = record.ids.model_dump(exclude={"source"}, exclude_defaults=True)
            words = ", ".join(f"{k} {'; '.join(v) if isinstance(v, list) else v}" for k, v in stated.items())
            facts.append(("ids", words, [kg.schema.Citation(source=record.ids.source)]))
        facts += [(f"products[{i}]", f"product {p.name}", p.sources) for i, p in enumerate(products(record))]
        facts += [(f"dates[{i}]", f"{d.event} {d.date}", d.sources) for i, d in enumerate(record.dates)]
        for i, ind in enumerate(record.indicators):
            period = f" ({ind.period})" if ind.period else ""
            words = f"{ind.metric} {ind.approx or ''}{ind.value:g} {ind.unit}{period}".replace("  ", " ")
            facts.append((f"indicators[{i}]", words, ind.sources))
        facts += [(f"relations[{i}]", f"{r.rel} {r.to}", r.sources) for i, r in enumerate(record.relations)]
        for field, fact, citations in facts:
            for c in citations:
                rows.append(
                    {"entity": record_id, "field": field, "fact": fact, "source": c.source}
                    | {"quote": c.quote, "note": c.note}
                )
    return rows


@pytest.mark.parametrize("which", ["curation", "generated"])
def test_tables_from_node_attributes_are_those_from_records(which: str, generated: Path) -> None:
    """The rows read from plain data equal, value for value and type for type, the rows made
    from the validated records (units parsed by the schema, relations to nowhere cited)."""
    root = {"curation": ROOT, "generated": generated}[which]
    records = _eager(root)
    graph = KnowledgeGraph(LazyRecords(kg.graph.plain_records(records)))
    expected = {
        entity_rows: _entity_rows(records),
        relation_rows: _relation_rows(graph, records),
        indicator_rows: _indicator_rows(records),
        citation_rows: _citation_rows(records),
    }
    for make, rows in expected.items():
        made = make(graph)
        assert len(made) == len(rows) > 0, make.__name__
        for row, reference in zip(made, rows, strict=True):
            assert row == reference, make.__name__
            assert {k: type(v) for k, v in row.items()} == {k: type(v) for k, v in reference.items()}
    assert any(r["field"].startswith("relations") for r in expected[citation_rows])
    assert graph_numbers_alike(graph) == numbers_alike(
        i.value for r in records.values() for i in r.indicators
    )


def test_a_name_given_to_kg_query_is_resolved_without_validating(monkeypatch: pytest.MonkeyPatch) -> None:
    """`kg query` resolves a name written out from the node names; only a partial name goes on
    to the search (which validates what it finds)."""
    from kg.cli.query import resolve

    records = _eager(ROOT)
    graph = KnowledgeGraph(LazyRecords(kg.graph.plain_records(records)))

    def refuse(record_id: str, plain: Any) -> Record:
        raise AssertionError(f"{record_id} validated")

    monkeypatch.setattr(kg.graph, "record_of_plain", refuse)
    unique = {}
    for record in records.values():
        for name in record.all_names:
            unique.setdefault(name, set()).add(record.id)
    named = [(name, ids.pop()) for name, ids in sorted(unique.items()) if len(ids) == 1][:20]
    assert named
    for name, record_id in named:
        assert resolve(graph, name) == record_id


@pytest.mark.parametrize("record_type", sorted(RECORD_TYPES))
def test_the_node_data_carries_every_field_of_every_record_type(record_type: str) -> None:
    """The graph is all the exports and the lazily validated records are made from: a field a
    record type has and the node data does not carry would be dropped from both. The id and the
    relations travel as the node's key and the edges."""
    cls = RECORD_TYPES[record_type]
    carried = {"id", "relations", *NODE_FIELDS, *type_fields_of(cls)}
    assert set(cls.model_fields) <= carried, f"{record_type} has fields the node data leaves out"
