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
from .kuzu_loader import database, load_neo4j_csv, rows


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
    (edges,) = rows(
        connection,
        "MATCH (a)-[r]->(b) WHERE label(a) <> 'Indicator' AND label(b) <> 'Indicator' RETURN count(*)",
    )[0]
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
    load_cypher(connection, build / "graph.cypher")
    lines = (build / "graph.cypher").read_text(encoding="utf-8").splitlines()
    constraints = sum(line.startswith("CREATE CONSTRAINT") for line in lines)
    assert constraints == len({r.type for r in graph.records.values()}) + 1  # + Indicator
    check_contents(connection, graph)
    load_cypher(connection, build / "graph.cypher")
    check_contents(connection, graph)


def test_neo4j_csv_files_load_into_kuzu_read_the_way_neo4j_admin_reads_them(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    graph, build = built
    folder = build / "neo4j"
    connection = database(tmp_path, folder)
    script = (folder / "import.sh").read_text(encoding="utf-8")
    assert "--array-delimiter=U+00A6" in script  # ';' and '|' occur in aliases, so '¦' was chosen
    load_neo4j_csv(connection, folder)
    check_contents(connection, graph)


def load_cypher(connection: Any, script: Path) -> None:
    """Run the script's MERGE statements; its first lines are comments and Neo4j constraints."""
    lines = script.read_bytes().decode("utf-8").split("\n")
    header = 0
    while lines[header].startswith(("//", "CREATE CONSTRAINT")):
        header += 1
    connection.execute("\n".join(lines[header:]))


def test_the_real_curation_loads_into_kuzu_from_the_neo4j_csv(
    real_graph: kg.KnowledgeGraph, tmp_path: Path
) -> None:
    write_all(real_graph, tmp_path / "build")
    connection = database(tmp_path, tmp_path / "build/neo4j")
    load_neo4j_csv(connection, tmp_path / "build/neo4j")
    figures = sum(len(r.indicators) for r in real_graph.records.values())
    assert counts(connection) == (len(real_graph.records), figures, real_graph.nx.number_of_edges())
    names = rows(connection, "MATCH (n) WHERE label(n) <> 'Indicator' RETURN n.id, n.name_en")
    assert dict(names) == {r.id: r.name_en for r in real_graph.records.values()}
    (linked,) = rows(connection, "MATCH (:Indicator)-[r]->() RETURN count(r)")[0]
    assert linked == sum(
        bool(i.about) + bool(i.reported_by) for r in real_graph.records.values() for i in r.indicators
    )
