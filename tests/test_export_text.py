"""The exports written as text are the bytes the reference writers make of the same graph.

GraphML and GEXF are written line by line (kg/export/graphxml.py) and JSON by orjson
(kg/export/jsontext.py), for speed at 100,000 records. Here each is held to what networkx's
XML writers with ElementTree, and the standard library's json, make of the same data — on the
fixture tree with ``odd-chars`` (every character a format must escape) and on the real curation.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree.ElementTree import indent, tostring

import networkx as nx
import pytest
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriter

import kg
from kg.errors import ExportError
from kg.export import FORMATS, export_files, nodelink, write_all
from kg.export.graphxml import gexf_chunks, graphml_chunks
from kg.export.jsontext import compact_json, indented_json, numbers_alike
from kg.export.nodelink import graph_json_bytes, graph_json_chunks
from kg.export.xmlflat import flat_edges, flat_nodes
from kg.palette import rgb
from kg.schema import SCHEMA_VERSION

_CR = "\ue00d"


def graphml_bytes(graph: kg.KnowledgeGraph) -> bytes:
    return b"".join(graphml_chunks(graph))


def gexf_bytes(graph: kg.KnowledgeGraph) -> bytes:
    return b"".join(gexf_chunks(graph))


def _flat_nx(graph: kg.KnowledgeGraph) -> nx.MultiDiGraph[str]:
    """The flat graph as networkx holds it; CR stands in as U+E00D until the XML text is made
    (ElementTree writes CR raw in element text, which XML readers would read as LF)."""
    flat: nx.MultiDiGraph[str] = nx.MultiDiGraph()

    def plain(value: object) -> object:
        return value.replace("\r", _CR) if isinstance(value, str) else value

    for node, attributes in flat_nodes(graph):
        flat.add_node(node, **{k: plain(v) for k, v in attributes})
    for source, target, key, attributes in flat_edges(graph):
        flat.add_edge(source, target, key=key, **{k: plain(v) for k, v in attributes})
    return flat


def _document(root: object) -> bytes:
    indent(root, space="  ")  # type: ignore[arg-type]
    text = tostring(root, encoding="unicode").replace(_CR, "&#13;")  # type: ignore[arg-type]
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n").encode("utf-8")


def networkx_graphml(graph: kg.KnowledgeGraph) -> bytes:
    writer = GraphMLWriter(encoding="utf-8", prettyprint=False)
    writer.add_graph_element(_flat_nx(graph))
    return _document(writer.xml)


def networkx_gexf(graph: kg.KnowledgeGraph) -> bytes:
    flat = _flat_nx(graph)
    for _, data in flat.nodes(data=True):
        r, g, b = rgb(data["color"])
        data["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}
    for _, _, key, data in flat.edges(keys=True, data=True):
        data["id"] = key
    flat.graph["name"] = "hzkg"
    writer = GEXFWriter(encoding="utf-8", prettyprint=False, version="1.2draft")
    writer.add_graph(flat)
    meta = writer.xml.find("meta")
    assert meta is not None
    meta.attrib.pop("lastmodifieddate")
    creator = meta.find("creator")
    assert creator is not None
    creator.text = "hzkg"
    return _document(writer.xml)


@pytest.fixture
def odd_graph(odd_tree: Path) -> kg.KnowledgeGraph:
    return kg.load(odd_tree)


def test_graphml_is_what_networkx_writes(odd_graph: kg.KnowledgeGraph) -> None:
    written = graphml_bytes(odd_graph)
    assert b"&#13;" in written and b"&lt;Ltd&gt; &amp; Sons" in written  # the escapes are exercised
    assert written == networkx_graphml(odd_graph)


def test_gexf_is_what_networkx_writes(odd_graph: kg.KnowledgeGraph) -> None:
    written = gexf_bytes(odd_graph)
    assert b"&#10;second line&#09;and a tab&#13;&#10;end" in written
    assert written == networkx_gexf(odd_graph)


def test_the_real_curation_in_xml_is_what_networkx_writes(real_graph: kg.KnowledgeGraph) -> None:
    assert graphml_bytes(real_graph) == networkx_graphml(real_graph)
    assert gexf_bytes(real_graph) == networkx_gexf(real_graph)


def test_an_empty_graph_in_xml_is_what_networkx_writes(tmp_path: Path) -> None:
    (tmp_path / "curation").mkdir()
    empty = kg.KnowledgeGraph({}, tmp_path)
    assert graphml_bytes(empty) == networkx_graphml(empty)
    assert gexf_bytes(empty) == networkx_gexf(empty)


def test_node_link_json_is_what_the_standard_library_writes(odd_graph: kg.KnowledgeGraph) -> None:
    data = nx.node_link_data(odd_graph.nx, edges="links")
    data["graph"] = {"schema_version": SCHEMA_VERSION, "name": "hzkg"}
    expected = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert graph_json_bytes(odd_graph) == expected.encode("utf-8")


@pytest.mark.parametrize("batch", [1, 2])
@pytest.mark.parametrize("tiny", [False, True], ids=["orjson", "standard-library"])
def test_node_link_json_in_chunks_is_what_the_standard_library_writes(
    odd_tree: Path, monkeypatch: pytest.MonkeyPatch, batch: int, tiny: bool
) -> None:
    if tiny:  # a figure orjson would write as 1.5e-05: the standard library writes the file
        route = odd_tree / "curation/port_route/linping-demo-sea-rail.yaml"
        route.write_text(route.read_text(encoding="utf-8").replace("value: 1.5\n", "value: 0.000015\n"))
    graph = kg.load(odd_tree)
    values = [figure["value"] for _, node in graph.nx.nodes(data=True) for figure in node["indicators"]]
    assert (1.5e-05 in values) is tiny and numbers_alike(values) is not tiny
    data = nx.node_link_data(graph.nx, edges="links")
    data["graph"] = {"schema_version": SCHEMA_VERSION, "name": "hzkg"}
    expected = (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    assert list(graph_json_chunks(graph)) != [expected]  # more than one chunk even so: the head, …
    monkeypatch.setattr(nodelink, "BATCH", batch)
    chunks = list(graph_json_chunks(graph))
    assert len(chunks) > (graph.nx.number_of_nodes() + graph.nx.number_of_edges()) / batch
    assert b"".join(chunks) == expected
    assert (b'"value": 1.5e-05' in expected) is tiny


TRICKY = [
    {"值": [1e-05, 2.5e-07, 1e16, 1.5e300, -0.0, 0.1, 1 / 3, 26600.0, 2**70, True, None]},
    {"b": {"c": [[], {}, [[{"d": '\x00\x1f\u2028\ud7ff\U0001f600\\"\n\r\t'}]]]}, "a": "杭州"},
    [float("inf"), float("nan")],
]


@pytest.mark.parametrize("value", TRICKY)
def test_json_text_equals_the_standard_library_given_how_its_numbers_are_written(value: object) -> None:
    numbers: list[float | int] = []

    def collect(item: object) -> None:
        if isinstance(item, dict):
            for v in item.values():
                collect(v)
        elif isinstance(item, list):
            for v in item:
                collect(v)
        elif isinstance(item, int | float):
            numbers.append(item)

    collect(value)
    exact = numbers_alike(numbers)
    expected = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2).encode("utf-8")
    assert indented_json(value, exact=exact) == expected
    compact = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert compact_json(value, exact=exact) == compact


def test_numbers_orjson_writes_differently_are_recognised() -> None:
    assert numbers_alike([0.0, 1e-4, 26600.0, 1e16, 1.5e300, 2**63 - 1, True])
    for odd in (1e-05, 2.5e-07, float("inf"), float("nan"), 2**64):
        assert not numbers_alike([1.0, odd])


def test_a_build_writes_each_format_as_exporting_it_alone_does(
    odd_graph: kg.KnowledgeGraph, tmp_path: Path
) -> None:
    # write_all makes the pieces several formats share once (and hands the formats to worker
    # processes when the graph is large); each format must come out as it does alone.
    written = write_all(odd_graph, tmp_path, jobs=2)
    _assert_each_format_as_alone(odd_graph, tmp_path, written)


def test_a_build_split_among_helper_processes_writes_the_same_files(
    odd_graph: kg.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kg.export.SPLIT_FROM", 0)  # the tiny graph takes the large graph's path
    written = write_all(odd_graph, tmp_path, jobs=2)
    _assert_each_format_as_alone(odd_graph, tmp_path, written)


def _assert_each_format_as_alone(odd_graph: kg.KnowledgeGraph, tmp_path: Path, written: list[Path]) -> None:
    expected: list[Path] = []
    for name, fmt in FORMATS.items():
        files = export_files(odd_graph, name)
        if fmt.is_folder:
            assert {f: (tmp_path / fmt.build_path / f).read_bytes() for f in files} == files
            expected += sorted(tmp_path / fmt.build_path / f for f in files)
        else:
            assert (tmp_path / fmt.build_path).read_bytes() == files[fmt.build_path]
            expected.append(tmp_path / fmt.build_path)
    assert written == expected  # every file once, in format order, each format's by name


def test_csv_text_is_what_the_csv_module_writes() -> None:
    import csv
    import io
    import random

    from kg.export.csvtext import csv_text

    pieces = ["a", "杭州", ",", '"', "\n", "\r", "\r\n", " ", "'", "\t", "\x00", ";", "", '"[]"']
    special = [",", '"', "\n", "\r"]
    rng = random.Random(8)

    def cell(quoted: bool) -> str | None:
        """Random text, None one time in five; with ``quoted``, text that must be quoted."""
        if not quoted and rng.random() < 0.2:
            return None
        text = "".join(rng.choices(pieces, k=rng.randint(0, 4)))
        return text + rng.choice(special) + text if quoted else text

    for width in (1, 2, 5):
        for quoted in (False, True):  # with True, every cell of a column must be quoted
            rows = [[cell(quoted) for _ in range(width)] for _ in range(200)]
            no_nul = [[(v or "").replace("\x00", "") for v in row] for row in rows]
            for lines in (rows, no_nul, [], [[None] * width], [[""] * width]):
                header = [f"h,{i}" if i % 2 else f"h{i}" for i in range(width)]
                buffer = io.StringIO()
                writer = csv.writer(buffer, lineterminator="\r\n")
                writer.writerow(header)
                writer.writerows(lines)
                # The csv module writes None as an empty field; csv_text is given "" for it.
                columns = [[v or "" for v in column] for column in zip(*lines, strict=True)]
                expected = buffer.getvalue()
                assert csv_text(header, columns or [[] for _ in header], "\r\n") == expected


def _cypher_spelled_row_by_row(graph: kg.KnowledgeGraph) -> list[str]:
    """The MERGE statements of the graph, each spelled on its own from the Neo4j tables."""
    from kg.export.cypher import cypher_literal, cypher_name
    from kg.export.neo4j import neo4j_tables

    def assignments(variable: str, names: list[str], values: list[object]) -> str:
        pairs = [
            f"{variable}.{cypher_name(name)} = {cypher_literal(value)}"
            for name, value in zip(names, values, strict=True)
            if value is not None and value != []
        ]
        return f" SET {', '.join(pairs)}" if pairs else ""

    tables = neo4j_tables(graph)
    labels = {row[0]: row[1] for t in ("nodes", "indicators") for row in tables[t].rows}
    expected = []
    for name in ("nodes", "indicators"):
        names = tables[name].properties()[2:]
        for row in tables[name].rows:
            node = f"MERGE (n:{cypher_name(row[1])} {{id: {cypher_literal(row[0])}}})"
            expected.append(node + assignments("n", names, row[2:]) + ";")
    for name in ("relationships", "indicator_links"):
        names = tables[name].properties()[4:]
        for row in tables[name].rows:
            key = f" {{key: {cypher_literal(row[3])}}}" if len(row) > 3 else ""
            match = (
                f"MATCH (a:{cypher_name(labels[row[0]])} {{id: {cypher_literal(row[0])}}}), "
                f"(b:{cypher_name(labels[row[1]])} {{id: {cypher_literal(row[1])}}}) "
                f"MERGE (a)-[r:{cypher_name(row[2])}{key}]->(b)"
            )
            expected.append(match + assignments("r", names, row[4:]) + ";")
    return expected


def test_cypher_statements_made_a_column_at_a_time_are_the_ones_spelled_row_by_row(
    odd_graph: kg.KnowledgeGraph,
) -> None:
    from kg.export.cypher import cypher_script

    script = b"".join(cypher_script(odd_graph)).decode()
    assert "\\'" in script and "\\\\" in script  # the escapes are exercised
    # Quotes keep their raw newlines.
    assert script.endswith("\n" + "\n".join(_cypher_spelled_row_by_row(odd_graph)) + "\n")


def test_cypher_statements_made_in_chunks_are_the_ones_spelled_row_by_row(
    odd_graph: kg.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.export.cypher import cypher_script

    # Statements are made and encoded a chunk of rows at a time; a table's last chunk is short.
    monkeypatch.setattr("kg.export.neo4j._CHUNK", 3)
    script = b"".join(cypher_script(odd_graph)).decode()
    assert script.endswith("\n" + "\n".join(_cypher_spelled_row_by_row(odd_graph)) + "\n")


ODD_NODES = [
    (
        "n%s1",
        [
            ("label", 'A & <B> "c"\r\n\tend %s %d {0}'),
            ("type", "company"),
            ("color", "#e15759"),
            ("empty", ""),
            ("listed", True),
            ("count", 3),
            ("ratio", 1.5),
            ("inf", float("inf")),
            ("note", "50% & more"),
        ],
    ),
    (
        "n2",
        [
            ("type", "park"),
            ("color", "#b07aa1"),
            ("label", "a late label"),
            ("listed", False),
            ("empty", "x"),
        ],
    ),
    ("n%3", [("color", "#4e79a7"), ("empty", ""), ("count", "3")]),
    ("n4", [("label", ""), ("type", "company"), ("color", "#e15759"), ("note", "\r")]),
]
ODD_EDGES = [
    (
        "n%s1",
        "n2",
        "n%s1:supplies:n2",
        [("label", "rel %s"), ("rel", "supplies"), ("count", 2), ("note", "")],
    ),
    ("n2", "n%3", "n2:x:n%3", [("rel", "x"), ("citations", '[{"quote":"<&>\\n"}]')]),
    ("n4", "n4", "n4:y:n4", [("label", "loop"), ("flag", True), ("ratio", float("nan"))]),
]
"""Flat nodes and edges the real graph does not make (yet): values of every type, empty ones,
``%`` in ids and values, the label missing or not first, the same shape twice."""


@pytest.fixture
def odd_flat(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    import kg.export.graphxml

    def nodes(graph: object) -> list[tuple[str, list[tuple[str, object]]]]:
        return [(node, list(attributes)) for node, attributes in ODD_NODES]

    def edges(graph: object) -> list[tuple[str, str, str, list[tuple[str, object]]]]:
        return [(s, t, k, list(attributes)) for s, t, k, attributes in ODD_EDGES]

    for module in (kg.export.graphxml, sys.modules[__name__]):
        monkeypatch.setattr(module, "flat_nodes", nodes)
        monkeypatch.setattr(module, "flat_edges", edges)


@pytest.mark.usefixtures("odd_flat")
def test_xml_of_odd_values_and_shapes_is_what_networkx_writes(tmp_path: Path) -> None:
    (tmp_path / "curation").mkdir()
    graph = kg.KnowledgeGraph({}, tmp_path)
    graphml = graphml_bytes(graph)
    assert b'<data key="d3" />' in graphml and b"50% &amp; more" in graphml
    assert graphml == networkx_graphml(graph)
    gexf = gexf_bytes(graph)
    assert b'value="INF"' in gexf and b'value="true"' in gexf and b'id="n%s1"' in gexf
    assert gexf == networkx_gexf(graph)


@pytest.mark.parametrize(
    ("path", "old", "new", "message"),
    [
        (  # a list, named as it is joined
            "company/demo-robot.yaml",
            "  - 示范机器人\n",
            '  - 示范机器人\n  - "机器\\x01人"\n',
            "record 'demo-robot': aliases holds the character U+0001, which GraphML and GEXF cannot "
            "carry: '示范机器人; 机器\\x01人'",
        ),
        (  # of two, the first in the element's order
            "company/demo-robot.yaml",
            "name_en: Demo Robotics Co., Ltd.\naliases:\n  - 示范机器人\n",
            'name_en: "Demo\\x02"\naliases:\n  - "x\\x01"\n',
            "record 'demo-robot': name_en holds the character U+0002",
        ),
        (
            "company/demo-motor.yaml",
            "note: 伺服电机 (servo motors)",
            'note: "伺服电机\\x1f"',
            "relation demo-motor --supplies--> demo-robot: note holds the character U+001F, which "
            "GraphML and GEXF cannot carry: '伺服电机\\x1f'",
        ),
    ],
)
def test_a_character_xml_cannot_carry_is_named_with_its_value(
    tree: Path, path: str, old: str, new: str, message: str
) -> None:
    file = tree / "curation" / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")
    graph = kg.load(tree)
    for name in ("graphml", "gexf"):
        with pytest.raises(ExportError) as caught:
            export_files(graph, name)
        assert str(caught.value).startswith(message)


@pytest.mark.parametrize("batch", [1, 2])
def test_xml_made_in_batches_is_the_document_made_at_once(
    odd_graph: kg.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    whole = {"graphml": graphml_bytes(odd_graph), "gexf": gexf_bytes(odd_graph)}
    monkeypatch.setattr("kg.export.graphxml.BATCH", batch)
    elements = odd_graph.nx.number_of_nodes() + odd_graph.nx.number_of_edges()
    for name, make in (("graphml", graphml_chunks), ("gexf", gexf_chunks)):
        chunks = list(make(odd_graph))
        assert len(chunks) > elements // batch  # a chunk per batch, and the lines around them
        assert b"".join(chunks) == whole[name]


@pytest.mark.usefixtures("odd_flat")
def test_an_id_holding_the_separator_is_escaped_in_its_batch_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # escape_all escapes each value alone when one holds its separator; in batches, only that
    # batch takes the slow path, and the document is the same
    nodes = [*ODD_NODES, ("n5\x00<&>", [("label", "x & y"), ("color", "#e15759")])]
    monkeypatch.setattr("kg.export.graphxml.flat_nodes", lambda graph: [(n, list(a)) for n, a in nodes])
    graph = kg.KnowledgeGraph({}, Path("."))
    whole = {"graphml": graphml_bytes(graph), "gexf": gexf_bytes(graph)}
    assert b'<node id="n5\x00&lt;&amp;&gt;">' in whole["graphml"]
    assert b'<node id="n5\x00&lt;&amp;&gt;" label="x &amp; y">' in whole["gexf"]
    monkeypatch.setattr("kg.export.graphxml.BATCH", 2)
    assert b"".join(graphml_chunks(graph)) == whole["graphml"]
    assert b"".join(gexf_chunks(graph)) == whole["gexf"]


@pytest.mark.parametrize(
    "values", [["a<", "", "b&\r\n\t\"'"], ["id\x00with the separator", "<&>"], ["plain", ""], []]
)
def test_escaping_values_together_is_escaping_each(values: list[str]) -> None:
    from kg.export.xmltext import ATTRIBUTE_UTF8, TEXT_UTF8, escape_all, escape_attribute, escape_text

    assert escape_all(list(values), TEXT_UTF8) == [escape_text(value).encode() for value in values]
    assert escape_all(list(values), ATTRIBUTE_UTF8) == [escape_attribute(value).encode() for value in values]
