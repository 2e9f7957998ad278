"""Each export read back by a reader that did not write it, compared with the graph.

The graph is the fixture tree plus ``odd-chars``, a company whose names, aliases, notes and
quotes hold quotes, apostrophes, backslashes, newlines, CR, tabs, ``<``, ``&``, backticks,
``$``, braces, ``;`` and ``|`` (tests/conftest.py), so every format's escaping is exercised.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from xml.etree import ElementTree

import igraph
import networkx as nx
import pytest
import rdflib
from rdflib.namespace import PROV, RDF, RDFS, SKOS

import kg
from kg.export import write_all
from kg.export.naming import class_name

from .conftest import ODD_ALIASES, ODD_NAME, ODD_NAME_EN, ODD_NOTE, ODD_QUOTE


@pytest.fixture
def built(odd_tree: Path, tmp_path: Path) -> tuple[kg.KnowledgeGraph, Path]:
    graph = kg.load(odd_tree)
    write_all(graph, tmp_path / "build")
    return graph, tmp_path / "build"


def test_node_link_json_reads_back_into_networkx(built) -> None:  # type: ignore[no-untyped-def]
    graph, build = built
    data = json.loads((build / "graph.json").read_text(encoding="utf-8"))
    assert data["graph"] == {"name": "hzkg", "schema_version": "1.0"}
    back = nx.node_link_graph(data, edges="links")
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        len(graph.records),
        graph.nx.number_of_edges(),
    )
    assert back.nodes["odd-chars"]["name_en"] == ODD_NAME_EN
    assert back.nodes["odd-chars"]["indicators"][0]["note"] == ODD_NOTE
    assert sorted(back["odd-chars"]["demo-robot"]) == ["supplies", "supplies#2"]


def test_graphml_reads_back_in_networkx_and_igraph(built) -> None:  # type: ignore[no-untyped-def]
    graph, build = built
    path = build / "graph.graphml"
    back = nx.read_graphml(path, force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        len(graph.records),
        graph.nx.number_of_edges(),
    )
    odd = back.nodes["odd-chars"]
    assert (odd["label"], odd["name_en"], odd["type"], odd["listed"]) == (
        ODD_NAME,
        ODD_NAME_EN,
        "company",
        True,
    )
    assert odd["aliases"] == "; ".join(ODD_ALIASES)
    assert json.loads(odd["citations"]) == [{"source": "demo-news", "quote": ODD_QUOTE}]

    ig = igraph.Graph.Read_GraphML(str(path))
    assert (ig.vcount(), ig.ecount(), ig.is_directed()) == (
        len(graph.records),
        graph.nx.number_of_edges(),
        True,
    )
    vertex = ig.vs.find(id="odd-chars")
    assert (vertex["name"], vertex["name_en"], vertex["color"]) == (ODD_NAME, ODD_NAME_EN, "#e15759")
    notes = sorted(
        e["note"] for e in ig.es if ig.vs[e.source]["id"] == "odd-chars" and e["rel"] == "supplies"
    )
    assert notes == ["a second, separate supply", ODD_NOTE]
    assert {ig.vs[e.target]["id"] for e in ig.es.select(rel="part_of")} == {"hangzhou", "zhejiang"}


def test_gexf_opens_the_way_gephi_reads_it(built) -> None:  # type: ignore[no-untyped-def]
    graph, build = built
    path = build / "graph.gexf"
    back = nx.read_gexf(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        len(graph.records),
        graph.nx.number_of_edges(),
    )
    assert back.nodes["odd-chars"]["label"] == ODD_NAME
    assert back.nodes["odd-chars"]["name_en"] == ODD_NAME_EN
    # Gephi reads the label from the node element, the colour from viz:color, and partitions
    # by attributes declared in <attributes>: check those exact places in the XML.
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    root = ElementTree.parse(path).getroot()
    declared = {
        a.get("title"): a.get("id")
        for a in root.iterfind("g:graph/g:attributes[@class='node']/g:attribute", ns)
    }
    assert {"type", "name_en", "color"} <= set(declared)
    nodes = {n.get("id"): n for n in root.iterfind("g:graph/g:nodes/g:node", ns)}
    assert set(nodes) == set(graph.records)
    company = nodes["demo-robot"]
    assert company.get("label") == "示范机器人有限公司"
    color = company.find("viz:color", ns)
    assert color is not None and (color.get("r"), color.get("g"), color.get("b")) == ("225", "87", "89")
    values = {v.get("for"): v.get("value") for v in company.iterfind("g:attvalues/g:attvalue", ns)}
    assert values[declared["type"]] == "company"
    edges = root.findall("g:graph/g:edges/g:edge", ns)
    assert len({e.get("id") for e in edges}) == graph.nx.number_of_edges()
    assert {e.get("label") for e in edges if e.get("source") == "linping"} == {"part of"}
    assert root.find("g:meta", ns).get("lastmodifieddate") is None  # no date: same graph, same bytes


HZ = rdflib.Namespace("https://hzkg.example/id/")
HZO = rdflib.Namespace("https://hzkg.example/ontology#")


def test_turtle_reads_back_in_rdflib(built) -> None:  # type: ignore[no-untyped-def]
    graph, build = built
    rdf = rdflib.Graph()
    rdf.parse(build / "graph.ttl", format="turtle")
    for record in graph.records.values():
        assert (HZ[record.id], RDF.type, HZO[class_name(record.type)]) in rdf
    assert set(rdf.objects(HZ["odd-chars"], RDFS.label)) == {
        rdflib.Literal(ODD_NAME, lang="zh"),
        rdflib.Literal(ODD_NAME_EN, lang="en"),
    }
    assert {str(a) for a in rdf.objects(HZ["odd-chars"], SKOS.altLabel)} == set(ODD_ALIASES)
    # Relations are properties between entity IRIs (parallel edges are one triple) …
    stated = {(s, p, o) for s, p, o in rdf if str(p).startswith(str(HZO)) and str(o).startswith(str(HZ))}
    expected = {(HZ[a], HZO[d["rel"]], HZ[b]) for a, b, d in graph.nx.edges(data=True)}
    assert {t for t in stated if t[1] not in (HZO.about, HZO.reported_by)} == expected
    # … and every edge is also a reified statement that carries its qualifiers and quotes.
    statements = list(rdf.subjects(RDF.type, RDF.Statement))
    assert len(statements) == graph.nx.number_of_edges()
    odd = [s for s in statements if rdf.value(s, RDF.subject) == HZ["odd-chars"]]
    assert sorted(str(rdf.value(s, HZO.note)) for s in odd) == ["a second, separate supply", ODD_NOTE]
    for statement in odd:
        (citation,) = rdf.objects(statement, PROV.wasDerivedFrom)
        assert rdf.value(citation, PROV.value) == rdflib.Literal(ODD_QUOTE, lang="zh")
        assert rdf.value(citation, PROV.wasQuotedFrom) == rdflib.URIRef(
            "https://hzkg.example/source/demo-news"
        )
    (figure,) = rdf.objects(HZ["odd-chars"], HZO.indicator)
    assert rdf.value(figure, RDF.value).toPython() == 1700
    assert str(rdf.value(figure, HZO.note)) == ODD_NOTE
    source = rdflib.URIRef("https://hzkg.example/source/demo-news")
    titles = set(rdf.objects(source, rdflib.URIRef("http://purl.org/dc/terms/title")))
    assert titles == {rdflib.Literal("示范新闻", lang="zh"), rdflib.Literal("Demo news", lang="en")}


def read_spreadsheet(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    assert b"\r\n" in raw
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_spreadsheet_csv_set_reads_back_with_the_csv_module(built) -> None:  # type: ignore[no-untyped-def]
    graph, build = built
    entities = read_spreadsheet(build / "csv/entities.csv")
    assert len(entities) == len(graph.records)
    odd = next(e for e in entities if e["id"] == "odd-chars")
    assert (odd["name"], odd["name_en"], odd["listed"]) == (ODD_NAME, ODD_NAME_EN, "TRUE")
    # Text that a spreadsheet would run as a formula is shown as text.
    assert odd["aliases"] == '怪字符;公司; 怪字符|公司; =HYPERLINK("http://x"); @at-sign'
    assert not any(v.startswith(("=", "+", "@")) for e in entities for v in e.values())
    relations = read_spreadsheet(build / "csv/relations.csv")
    assert len(relations) == graph.nx.number_of_edges()
    supplies = [r for r in relations if r["source"] == "odd-chars"]
    assert [(r["key"], r["target_name"], r["note"]) for r in supplies] == [
        ("supplies", "示范机器人有限公司", ODD_NOTE),
        ("supplies#2", "示范机器人有限公司", "a second, separate supply"),
    ]
    indicators = read_spreadsheet(build / "csv/indicators.csv")
    route = [
        (i["metric"], i["value"], i["unit"], i["base_value"])
        for i in indicators
        if i["entity"] == "linping-demo-sea-rail"
    ]
    assert route == [("teu_throughput", "1.5", "万标箱", "15000"), ("teu_growth", "20", "%", "20")]
    citations = read_spreadsheet(build / "csv/citations.csv")
    quotes = {(c["entity"], c["field"]): c["quote"] for c in citations}
    assert quotes[("odd-chars", "relations[1]")] == ODD_QUOTE
    assert quotes[("hangzhou", "ids")] == ""  # a reference source: cited, no quote
    cited = sum(
        1 + len(r.relations) + len(r.indicators) + (r.ids is not None) for r in graph.records.values()
    )
    assert len(citations) == cited  # every record, id set, relation and figure here cites once
    assert [s["id"] for s in read_spreadsheet(build / "csv/sources.csv")] == ["demo-news", "ref-codes"]


def test_neo4j_csv_headers_are_the_ones_neo4j_admin_expects(built) -> None:  # type: ignore[no-untyped-def]
    graph, build = built
    with (build / "neo4j/nodes.csv").open(encoding="utf-8", newline="") as handle:
        nodes = list(csv.reader(handle))
    assert nodes[0][:5] == ["id:ID", ":LABEL", "name", "name_en", "aliases:string[]"]
    assert "listed:boolean" in nodes[0]
    assert {row[1] for row in nodes[1:]} == {class_name(r.type) for r in graph.records.values()}
    with (build / "neo4j/relationships.csv").open(encoding="utf-8", newline="") as handle:
        relationships = list(csv.reader(handle))
    assert relationships[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert len(relationships) - 1 == graph.nx.number_of_edges()
    with (build / "neo4j/indicators.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert {"value:double", "base_value:double", "target:boolean"} <= set(header)


def test_the_real_curation_reads_back_in_rdflib_and_igraph(
    real_graph: kg.KnowledgeGraph, tmp_path: Path
) -> None:
    write_all(real_graph, tmp_path)
    rdf = rdflib.Graph()
    rdf.parse(tmp_path / "graph.ttl", format="turtle")
    assert len(set(rdf.subjects(RDF.type, RDF.Statement))) == real_graph.nx.number_of_edges()
    labels = {
        (s, o)
        for s, o in rdf.subject_objects(RDFS.label)
        if o.language == "zh" and str(s).startswith(str(HZ))
    }
    assert labels == {(HZ[r.id], rdflib.Literal(r.name, lang="zh")) for r in real_graph.records.values()}
    figures = set(rdf.subjects(RDF.type, HZO.Indicator))
    assert len(figures) == sum(len(r.indicators) for r in real_graph.records.values())
    ig = igraph.Graph.Read_GraphML(str(tmp_path / "graph.graphml"))
    assert (ig.vcount(), ig.ecount()) == (len(real_graph.records), real_graph.nx.number_of_edges())
    assert sorted(ig.vs["id"]) == sorted(real_graph.records)
