"""The Cypher script and the Neo4j CSV files, loaded into Kùzu, a real embedded graph database.

Kùzu speaks Cypher and reads CSV; Neo4j itself does not run here. Tables are declared from the
typed CSV headers (tests/kuzu_loader.py), then each export is loaded exactly as written, and
what the database holds is compared with the graph.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import kg
from kg.export import write_all

from .conftest import ODD_ALIASES, ODD_NAME, ODD_NAME_EN, ODD_NOTE
from .kuzu_loader import column, database, read_csv, rows


@pytest.fixture
def built(odd_tree: Path, tmp_path: Path) -> tuple[kg.KnowledgeGraph, Path]:
    graph = kg.load(odd_tree)
    write_all(graph, tmp_path / "build")
    return graph, tmp_path / "build"


def counts(connection: Any) -> tuple[int, int, int]:
    """(record nodes, indicator nodes, relationships other than indicator links)."""
    nodes = rows(connection, "MATCH (n) RETURN label(n), count(*)")
    records = sum(n for label, n in nodes if label != "Indicator")
    indicators = sum(n for label, n in nodes if label == "Indicator")
    (edges,) = rows(connection, "MATCH ()-[r]->() WHERE label(r) <> 'HAS_INDICATOR' RETURN count(*)")[0]
    return records, indicators, edges


def check_contents(connection: Any, graph: kg.KnowledgeGraph) -> None:
    indicator_count = sum(len(r.indicators) for r in graph.records.values())
    assert counts(connection) == (len(graph.records), indicator_count, graph.nx.number_of_edges())
    (odd,) = rows(
        connection, "MATCH (n:Company {id: 'odd-chars'}) RETURN n.name, n.name_en, n.aliases, n.listed"
    )
    assert odd == [ODD_NAME, ODD_NAME_EN, ODD_ALIASES, True]
    notes = rows(
        connection,
        "MATCH (:Company {id: 'odd-chars'})-[r:SUPPLIES]->(:Company {id: 'demo-robot'}) "
        "RETURN r.key, r.note ORDER BY r.key",
    )
    assert notes == [["supplies", ODD_NOTE], ["supplies#2", "a second, separate supply"]]
    figures = rows(
        connection,
        "MATCH (:Company {id: 'odd-chars'})-[:HAS_INDICATOR]->(i:Indicator) "
        "RETURN i.metric, i.value, i.unit, i.approx, i.target, i.note",
    )
    assert figures == [["employees", 1700.0, "人", "多", False, ODD_NOTE]]
    (route,) = rows(connection, "MATCH (n:District {id: 'hangzhou'}) RETURN n.name, n.adcode, n.aliases")
    assert route == ["杭州市", "330100", ["杭州"]]


def test_cypher_script_loads_into_kuzu_and_a_second_run_changes_nothing(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    graph, build = built
    connection = database(tmp_path, build / "neo4j")
    lines = (build / "graph.cypher").read_bytes().decode("utf-8").split("\n")
    header = 0
    while lines[header].startswith(("//", "CREATE CONSTRAINT")):  # Neo4j's own; Kùzu declares tables
        header += 1
    assert header == 3 + len({r.type for r in graph.records.values()}) + 1  # + Indicator
    body = "\n".join(lines[header:])
    connection.execute(body)
    check_contents(connection, graph)
    connection.execute(body)
    check_contents(connection, graph)


def test_neo4j_csv_files_load_into_kuzu_read_the_way_neo4j_admin_reads_them(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    graph, build = built
    folder = build / "neo4j"
    connection = database(tmp_path, folder)
    script = (folder / "import.sh").read_text(encoding="utf-8")
    assert "--array-delimiter=U+00A6" in script  # ';' and '|' occur in aliases, so '¦' was chosen
    delimiter = "¦"
    # neo4j-admin's dialect: fields quoted with ", a quote doubled inside, backslash literal.
    options = "(header=true, parallel=false, escape='\"')"

    def value(name: str, kind: str) -> str:
        if kind == "STRING[]":
            return f"string_split({name}, '{delimiter}')"
        return f"CAST({name} AS {kind})" if kind != "STRING" else name

    labels = {}
    for file in ("nodes.csv", "indicators.csv"):
        labels.update({row[0]: row[1] for row in read_csv(folder / file)[1:]})
        header = [column(h) for h in read_csv(folder / file)[0]]
        spec = ", ".join(f"{n} STRING" for n, _ in header)
        props = ", ".join(f"{n}: {value(n, t)}" for n, t in header if n != "label_")
        for label in sorted({row[1] for row in read_csv(folder / file)[1:]}):
            connection.execute(
                f"LOAD WITH HEADERS ({spec}) FROM '{folder / file}' {options} "
                f"WITH * WHERE label_ = '{label}' CREATE (:{label} {{{props}}})"
            )
    for file in ("relationships.csv", "indicator_links.csv"):
        table = read_csv(folder / file)
        header = [column(h) for h in table[0]]
        spec = ", ".join(f"{n} STRING" for n, _ in header)
        props = ", ".join(f"{n}: {value(n, t)}" for n, t in header[3:])
        for rel, start, end in sorted({(row[2], labels[row[0]], labels[row[1]]) for row in table[1:]}):
            connection.execute(
                f"LOAD WITH HEADERS ({spec}) FROM '{folder / file}' {options} "
                f"WITH * WHERE type_ = '{rel}' MATCH (a:{start} {{id: start_id}}), (b:{end} {{id: end_id}}) "
                f"CREATE (a)-[:{rel} {{{props}}}]->(b)"
            )
    check_contents(connection, graph)
