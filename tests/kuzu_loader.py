"""Load the Cypher and Neo4j CSV exports into Kùzu, an embedded graph database from PyPI.

Kùzu wants tables declared before data; the declarations are made here from the typed headers
of the Neo4j CSV files (``value:double`` → DOUBLE …), then the export is loaded as written.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import kuzu

KUZU_TYPES = {"boolean": "BOOLEAN", "double": "DOUBLE", "string[]": "STRING[]"}
SPECIAL = {":LABEL": "label_", ":START_ID": "start_id", ":END_ID": "end_id", ":TYPE": "type_"}


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def column(header: str) -> tuple[str, str]:
    """A Neo4j header column as (kuzu name, kuzu type)."""
    if header in SPECIAL:
        return SPECIAL[header], "STRING"
    name, _, kind = header.partition(":")
    return name, KUZU_TYPES.get(kind, "STRING")


def declare(connection: Any, neo4j: Path) -> None:
    """Node and relationship tables for everything in the Neo4j CSV folder."""
    nodes, indicators = read_csv(neo4j / "nodes.csv"), read_csv(neo4j / "indicators.csv")
    labels = {row[0]: row[1] for row in nodes[1:] + indicators[1:]}
    for table in (nodes, indicators):
        fields = ", ".join(f"{n} {t}" for n, t in map(column, table[0]) if n != "label_")
        for label in sorted({row[1] for row in table[1:]}):
            connection.execute(f"CREATE NODE TABLE {label}({fields}, PRIMARY KEY (id))")
    for name in ("relationships", "indicator_links"):
        table = read_csv(neo4j / f"{name}.csv")
        fields = [f"{n} {t}" for n, t in map(column, table[0][3:])]
        pairs: dict[str, set[tuple[str, str]]] = {}
        for row in table[1:]:
            pairs.setdefault(row[2], set()).add((labels[row[0]], labels[row[1]]))
        for rel, ends in sorted(pairs.items()):
            spec = ", ".join([*(f"FROM {a} TO {b}" for a, b in sorted(ends)), *fields])
            connection.execute(f"CREATE REL TABLE {rel}({spec})")


def database(tmp: Path, neo4j: Path) -> Any:
    db = kuzu.Database(str(tmp / "kuzu"))
    connection = kuzu.Connection(db)
    declare(connection, neo4j)
    return connection


def rows(connection: Any, query: str) -> list[list[Any]]:
    result = connection.execute(query)
    out = []
    while result.has_next():
        out.append(result.get_next())
    return out


def load_neo4j_csv(connection: Any, folder: Path) -> None:
    """Load the Neo4j CSV files, read in neo4j-admin's dialect: fields quoted with ``"``, a quote
    doubled inside, backslash literal, newlines inside quotes, arrays split by import.sh's delimiter."""
    option = re.search(r"--array-delimiter=(\S+)", (folder / "import.sh").read_text(encoding="utf-8"))
    assert option, "import.sh names no array delimiter"
    spelled = option.group(1)
    delimiter = chr(int(spelled[2:], 16)) if spelled.startswith("U+") else spelled.strip("'")
    options = "(header=true, parallel=false, escape='\"')"

    def value(name: str, kind: str) -> str:
        if kind == "STRING[]":
            return f"string_split({name}, '{delimiter}')"
        return name if kind == "STRING" else f"CAST({name} AS {kind})"

    labels: dict[str, str] = {}
    for file in ("nodes.csv", "indicators.csv"):
        table = read_csv(folder / file)
        labels.update({row[0]: row[1] for row in table[1:]})
        header = [column(h) for h in table[0]]
        spec = ", ".join(f"{n} STRING" for n, _ in header)
        props = ", ".join(f"{n}: {value(n, t)}" for n, t in header if n != "label_")
        for label in sorted({row[1] for row in table[1:]}):
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
                f"LOAD WITH HEADERS ({spec}) FROM '{folder / file}' {options} WITH * WHERE type_ = '{rel}' "
                f"MATCH (a:{start} {{id: start_id}}), (b:{end} {{id: end_id}}) CREATE (a)-[:{rel} {{{props}}}]->(b)"
            )
