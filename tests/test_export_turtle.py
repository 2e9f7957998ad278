"""The Turtle export, checked against the records it came from.

The graph is made of hand-written records that take every path of kg/export/rdf.py: strings with
quotes, backslashes and control characters, Chinese and English names, figures with every optional
field and with none, ids, products, dates, distinct_from, qualified and parallel edges, and ids
(``a``, ``a-b``, ``a0``, ``a2``) whose citation and statement subjects interleave when sorted.
Two readers the exporter does not share: rdflib, compared with triples made from the pydantic
models, and the generic block layout (``block``) fed with pairs read from the models.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
import rdflib
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

import kg
from kg.export import rdf
from kg.export.naming import class_name, decimal_text, edge_id
from kg.export.rdf import turtle_bytes, turtle_chunks
from kg.export.tables import TYPE_FIELDS
from kg.export.turtle_citations import edge_citations, own_citations
from kg.export.turtle_syntax import block, text_literal, turtle_string, typed_literal
from kg.schema import RECORD_TYPES, Record
from kg.schema.ids import uscc_check_digit

BASE = "https://hzkg.example/"
HZ, HZO, HZS = (rdflib.Namespace(f"{BASE}{p}") for p in ("id/", "ontology#", "statement/"))
HZI, HZC, HZM = (rdflib.Namespace(f"{BASE}{p}") for p in ("indicator/", "citation/", "metric/"))
SRC = rdflib.Namespace(f"{BASE}source/")
XSD = rdflib.Namespace(
    "http://www.w3.org/2001/XMLSchema#"
)  # rdflib's closed XSD namespace warns when pytest inspects it
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

QUOTE = '引文"带引号"\\反斜杠\t制表'


def cite(n: int = 1, **extra: str) -> list[dict[str, str]]:
    return [{"source": "news", "quote": f"{QUOTE}{i}", **extra} for i in range(n)]


FULL_FIGURE = {
    "metric": "gdp",
    "value": 2.66,
    "unit": "万亿元",
    "period": "2024",
    "approx": "约",
    "target": True,
    "about": "a2",
    "reported_by": "a-b",
    "note": 'note "q" \\ \x01',
    "sources": cite(2, note="how it supports"),
}
USCC = "91330100MA2B0FB8" + "X"
RECORDS: dict[str, tuple[str, dict[str, Any]]] = {
    "a": (
        "company",
        {
            "name": '甲"引号"\\反斜杠公司',
            "name_en": 'Alpha "Co" \\ \x01ctl\ttab\nline\x7f end',
            "aliases": ["甲公司", "Alpha Co", "全角\u3000空格", "ab㐀"],
            "listed": True,
            "ids": {
                "uscc": USCC + uscc_check_digit(USCC),
                "stock": ["600460.SH", "9988.HK"],
                "wikidata": "Q42",
                "source": "ref",
            },
            "products": [
                {"name": "减速器", "sources": cite()},
                {"name": 'Gearbox "X"', "name_en": "Gearbox", "sources": cite(2)},
                {"name": "减速器", "sources": cite()},
            ],
            "dates": [
                {"event": "founded", "date": "2003", "sources": cite()},
                {"event": "milestone", "date": "2021-05", "note": "读作五月", "sources": cite(2)},
                {"event": "milestone", "date": "2021-05-09", "sources": cite()},
            ],
            "distinct_from": [{"id": "a2", "reason": "另一家"}, {"id": "a-b", "reason": "not the same"}],
            "note": '备注: "x" \\ y',
            "sources": [*cite(11), {"source": "ref"}, {"source": "news", "note": "no quote"}],
            "indicators": [
                FULL_FIGURE,
                {"metric": "employees", "value": 1700, "unit": "人", "sources": cite()},
                *({"metric": "enterprises", "value": i, "unit": "家", "sources": cite()} for i in range(10)),
            ],
            "relations": [
                {
                    "rel": "supplies",
                    "to": "a-b",
                    "stage": "upstream",
                    "tier": "3",
                    "role": '链主 "lead"',
                    "period": "2024",
                    "note": "零件\\parts",
                    "sources": cite(12),
                },
                {"rel": "supplies", "to": "a-b", "sources": cite()},
                {"rel": "supplies", "to": "a2", "sources": cite()},
                {"rel": "located_in", "to": "a0", "sources": cite()},
            ],
        },
    ),
    "a-b": ("company", {"name": "Alpha B", "name_en": "Alpha B", "sources": cite()}),
    "a2": (
        "company",
        {
            "name": "乙公司",
            "name_en": "B Co",
            "sources": cite(),
            "relations": [{"rel": "supplies", "to": "a", "sources": cite()}],
        },
    ),
    "a0": (
        "district",
        {
            "name": "甲区",
            "name_en": "A District",
            "level": "district",
            "ids": {"adcode": "330113", "source": "ref"},
            "sources": cite(),
        },
    ),
}


@pytest.fixture(scope="module")
def graph() -> kg.KnowledgeGraph:
    records = {
        rid: RECORD_TYPES[kind].model_validate({"id": rid, **data}) for rid, (kind, data) in RECORDS.items()
    }
    return kg.KnowledgeGraph(records)


@pytest.fixture(scope="module")
def turtle(graph: kg.KnowledgeGraph) -> bytes:
    return turtle_bytes(graph)


def literal(text: str) -> rdflib.Literal:
    return rdflib.Literal(text, lang="zh" if HAN.search(text) else None)


def decimal(value: float) -> rdflib.Literal:
    return rdflib.Literal(decimal_text(value), datatype=XSD.decimal)


def typed(value: Any) -> rdflib.Literal:
    if isinstance(value, bool):
        return rdflib.Literal(value)
    return decimal(value) if isinstance(value, int | float) else rdflib.Literal(str(value))


def citation_triples(owner: str, citations: list[Any], links: rdflib.URIRef) -> Iterator[tuple[Any, ...]]:
    for n, citation in enumerate(citations):
        node = HZC[f"{owner}.{n}"]
        yield links, PROV.wasDerivedFrom, node
        yield node, RDF.type, PROV.Entity
        yield node, PROV.wasDerivedFrom, SRC[citation.source]
        if citation.quote is not None:
            yield node, PROV.value, literal(citation.quote)
            yield node, PROV.wasQuotedFrom, SRC[citation.source]
        if citation.note:
            yield node, RDFS.comment, literal(citation.note)


def record_triples(record: Record) -> Iterator[tuple[Any, ...]]:
    """What the Turtle should say about ``record``, read from the model."""
    s = HZ[record.id]
    yield s, RDF.type, HZO[class_name(record.type)]
    yield s, RDFS.label, rdflib.Literal(record.name, lang="zh")
    yield s, RDFS.label, rdflib.Literal(record.name_en, lang="en")
    yield from ((s, SKOS.altLabel, literal(alias)) for alias in record.aliases)
    for field in TYPE_FIELDS:
        if getattr(record, field, None) is not None:
            yield s, HZO[field], typed(getattr(record, field))
    if record.ids is not None:
        for field in ("adcode", "uscc", "wikidata"):
            if getattr(record.ids, field):
                yield s, HZO[field], rdflib.Literal(getattr(record.ids, field))
        yield from ((s, HZO.stock, rdflib.Literal(code)) for code in record.ids.stock)
        yield from citation_triples(f"{record.id}.ids", [kg.schema.Citation(source=record.ids.source)], s)
    for i, product in enumerate(getattr(record, "products", [])):
        yield s, HZO.product, literal(product.name)
        yield from citation_triples(f"{record.id}.products.{i}", product.sources, s)
    kinds = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
    for i, date in enumerate(record.dates):
        yield s, HZO[date.event], rdflib.Literal(date.date, datatype=kinds[len(date.date)])
        yield from citation_triples(f"{record.id}.dates.{i}", date.sources, s)
    yield from ((s, OWL.differentFrom, HZ[other.id]) for other in record.distinct_from)
    if record.note:
        yield s, RDFS.comment, literal(record.note)
    yield from citation_triples(f"{record.id}.sources", record.sources, s)
    for i, figure in enumerate(record.indicators):
        node = HZI[f"{record.id}.{i}"]
        yield s, HZO.indicator, node
        yield node, RDF.type, HZO.Indicator
        yield node, HZO.metric, HZM[figure.metric]
        yield node, RDF.value, decimal(figure.value)
        yield node, HZO.unit, literal(figure.unit)
        yield node, HZO.baseValue, decimal(figure.base_value)
        yield node, HZO.baseUnit, literal(figure.base_unit)
        yield node, HZO.target, rdflib.Literal(figure.target)
        for field in ("period", "approx", "note"):
            if getattr(figure, field) is not None:
                yield node, HZO[field], literal(getattr(figure, field))
        for field in ("about", "reported_by"):
            if getattr(figure, field):
                yield node, HZO[field], HZ[getattr(figure, field)]
        yield from citation_triples(f"{record.id}.indicators.{i}", figure.sources, node)


def edge_triples(graph: kg.KnowledgeGraph) -> Iterator[tuple[Any, ...]]:
    for source, target, key in graph.nx.edges(keys=True):
        relation = graph.records[source].relations[_relation_index(graph.records[source], target, key)]
        yield HZ[source], HZO[relation.rel], HZ[target]
        statement = HZS[edge_id(source, key, target)]
        yield statement, RDF.type, RDF.Statement
        yield statement, RDF.subject, HZ[source]
        yield statement, RDF.predicate, HZO[relation.rel]
        yield statement, RDF.object, HZ[target]
        for qualifier in ("stage", "tier", "role", "period", "note"):
            if getattr(relation, qualifier) is not None:
                yield statement, HZO[qualifier], literal(getattr(relation, qualifier))
        yield from citation_triples(edge_id(source, key, target), relation.sources, statement)


def _relation_index(record: Record, target: str, key: str) -> int:
    """Which of the record's relations the edge keyed ``key`` (``rel`` or ``rel#n``) is."""
    rel, _, count = key.partition("#")
    matching = [i for i, r in enumerate(record.relations) if r.rel == rel and r.to == target]
    return matching[int(count or 1) - 1]


def test_every_fact_of_the_records_reads_back_in_rdflib(graph: kg.KnowledgeGraph, turtle: bytes) -> None:
    rdf = rdflib.Graph()
    rdf.parse(data=turtle, format="turtle")
    ours = (HZ, HZS, HZI, HZC)
    found = {t for t in rdf if any(str(t[0]).startswith(str(ns)) for ns in ours)}
    expected = {t for record in graph.records.values() for t in record_triples(record)}
    expected |= set(edge_triples(graph))
    assert found - expected == set()
    assert expected - found == set()
    assert (HZI["a.0"], HZO.baseValue, decimal(2660000000000.0)) in found  # 2.66 万亿元 in yuan


def subjects(turtle: bytes) -> list[str]:
    """The subject of every block, in file order."""
    return [line.split(" ", 1)[0] for line in turtle.decode().split("\n") if line and line[0] not in " @#"]


def test_subjects_are_sorted_and_written_once(turtle: bytes) -> None:
    found = subjects(turtle)
    assert found == sorted(set(found))
    # the ids interleave: a's citations sort around a0's, a2's and a-b's
    assert found.index("hzc:a-b.sources.0") < found.index("hzc:a.dates.0.0") < found.index("hzc:a0.ids.0")
    assert found.index("hzc:a.sources.9") < found.index("hzc:a0.ids.0") < found.index("hzc:a:located_in:a0.0")
    assert found.index("hzc:a.sources.1") < found.index("hzc:a.sources.10") < found.index("hzc:a.sources.2")


def model_pairs(graph: kg.KnowledgeGraph, record: Record) -> list[tuple[str, str]]:
    """A record's own facts as (predicate, object) pairs, read from the model; objects are
    spelled as the exporter's Turtle spells them."""
    pairs = [("a", f"hzo:{class_name(record.type)}"), ("rdfs:label", turtle_string(record.name, "zh"))]
    pairs += [("rdfs:label", turtle_string(record.name_en, "en"))]
    pairs += [("skos:altLabel", text_literal(alias)) for alias in record.aliases]
    fields = [field for field in TYPE_FIELDS if getattr(record, field, None) is not None]
    pairs += [(f"hzo:{field}", typed_literal(getattr(record, field))) for field in fields]
    citations = [("sources", record.sources)]
    if record.ids is not None:
        ids = record.ids.model_dump(exclude={"source"}, exclude_defaults=True)
        for field, value in ids.items():
            pairs += [
                (f"hzo:{field}", turtle_string(v)) for v in (value if isinstance(value, list) else [value])
            ]
        pairs.append(("prov:wasDerivedFrom", f"hzc:{record.id}.ids.0"))
    for i, product in enumerate(getattr(record, "products", [])):
        pairs.append(("hzo:product", text_literal(product.name)))
        citations.append((f"products.{i}", product.sources))
    for i, date in enumerate(record.dates):
        kind = {4: "xsd:gYear", 7: "xsd:gYearMonth", 10: "xsd:date"}[len(date.date)]
        pairs.append((f"hzo:{date.event}", f'"{date.date}"^^{kind}'))
        citations.append((f"dates.{i}", date.sources))
    pairs += [("owl:differentFrom", f"hz:{other.id}") for other in record.distinct_from]
    if record.note:
        pairs.append(("rdfs:comment", text_literal(record.note)))
    for owner, cited in citations:
        pairs += [("prov:wasDerivedFrom", f"hzc:{record.id}.{owner}.{n}") for n in range(len(cited))]
    pairs += [("hzo:indicator", f"hzi:{record.id}.{i}") for i in range(len(record.indicators))]
    pairs += [(f"hzo:{d['rel']}", f"hz:{t}") for _, t, d in graph.nx.out_edges(record.id, data=True)]
    return pairs


def test_record_blocks_are_the_generic_layout_of_the_models_facts(
    graph: kg.KnowledgeGraph, turtle: bytes
) -> None:
    for record in graph.records.values():
        _, text = block(f"hz:{record.id}", model_pairs(graph, record))
        assert text in turtle, record.id


class Unread(Mapping[str, Record]):
    """Records that must not be read: a lazily validated graph would pay for every one."""

    def __getitem__(self, key: str) -> Record:
        raise AssertionError(f"graph.records[{key!r}] read")

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("graph.records iterated")

    def __len__(self) -> int:
        raise AssertionError("graph.records counted")


def test_turtle_is_made_from_the_graph_data_alone(graph: kg.KnowledgeGraph, turtle: bytes) -> None:
    lazy = kg.KnowledgeGraph({})
    lazy.nx, lazy.sources = graph.nx, graph.sources
    lazy.records = Unread()  # type: ignore[assignment]
    assert turtle_bytes(lazy) == turtle


def test_the_fixture_tree_reads_back_as_its_records(fixture_graph: kg.KnowledgeGraph) -> None:
    rdf = rdflib.Graph()
    rdf.parse(data=turtle_bytes(fixture_graph), format="turtle")
    found = {t for t in rdf if any(str(t[0]).startswith(str(ns)) for ns in (HZ, HZS, HZI, HZC))}
    expected = {t for record in fixture_graph.records.values() for t in record_triples(record)}
    assert found == expected | set(edge_triples(fixture_graph))


@pytest.mark.parametrize("batch", [1, 2])
def test_chunks_of_any_batch_size_join_to_the_same_file(
    graph: kg.KnowledgeGraph, fixture_graph: kg.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    for made in (graph, fixture_graph):
        whole = list(turtle_chunks(made))
        assert len(whole) == 1  # the default batch holds a small graph
        monkeypatch.setattr(rdf, "BATCH", batch)
        chunks = list(turtle_chunks(made))
        monkeypatch.undo()
        alone = [s for s in subjects(whole[0]) if s.split(":")[0] not in ("hzc", "hzi", "hzs")]
        assert len(chunks) >= len(alone) / batch  # blocks not in a record's runs: one per batch place
        assert all(chunk.startswith(b"\n") for chunk in chunks[1:])  # cut between blocks
        assert b"".join(chunks) == whole[0] == turtle_bytes(made)


def test_citation_runs_are_made_in_the_sorted_order_of_their_subjects() -> None:
    """A record's citation runs are spelled out in order, not sorted afterwards: owners with 11 or
    more parts (``.10`` sorts before ``.2``) and relations whose ids are prefixes of others
    (``hzc:r:supplies:t-x.0`` sorts before ``hzc:r:supplies:t.0``)."""

    def cite(n: int) -> list[dict[str, Any]]:
        return [
            {"source": f"s{i}", "quote": f"引文{i}", **({"note": "注"} if i == 3 else {})} for i in range(n)
        ]

    def pairs(citation: dict[str, Any]) -> list[tuple[str, str]]:
        source = f"src:{citation['source']}"
        found = [("a", "prov:Entity"), ("prov:wasDerivedFrom", source), ("prov:wasQuotedFrom", source)]
        found += [("rdfs:comment", text_literal(citation["note"]))] if "note" in citation else []
        return [*found, ("prov:value", text_literal(citation["quote"]))]

    def expected(owners: list[tuple[str, list[dict[str, Any]]]], *others: tuple[str, bytes]) -> bytes:
        blocks = [block(f"hzc:{owner}.{n}", pairs(c)) for owner, cited in owners for n, c in enumerate(cited)]
        return b"".join(text for _, text in sorted([*blocks, *others]))

    node: dict[str, Any] = {
        "dates": [{"sources": cite(2)} for _ in range(11)],
        "ids": {"source": "registry"},
        "indicators": [{"sources": cite(1)} for _ in range(12)],
        "products": [{"sources": cite(11)} for _ in range(2)],
        "sources": cite(12),
    }
    owners = [(f"r.dates.{i}", date["sources"]) for i, date in enumerate(node["dates"])]
    owners += [(f"r.indicators.{i}", figure["sources"]) for i, figure in enumerate(node["indicators"])]
    owners += [(f"r.products.{i}", product["sources"]) for i, product in enumerate(node["products"])]
    owners.append(("r.sources", node["sources"]))
    ids = block("hzc:r.ids.0", [("a", "prov:Entity"), ("prov:wasDerivedFrom", "src:registry")])
    assert own_citations("r", node, {}).encode() == expected(owners, ids)

    edges = {
        target: {
            "supplies": {"rel": "supplies", "sources": cite(11)},
            "supplies#2": {"rel": "supplies", "sources": cite(1)},
        }
        for target in ("t", "t-x", "t0")
    }
    owners = [
        (edge_id("r", key, t), data["sources"]) for t, keyed in edges.items() for key, data in keyed.items()
    ]
    assert edge_citations("r", {}, edges).encode() == expected(owners)
