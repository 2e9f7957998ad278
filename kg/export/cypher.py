"""A Cypher script that builds the graph in Neo4j (``cypher-shell -f graph.cypher``) or Kùzu.

Every statement is a ``MERGE`` on a node's ``id`` (or an edge's ``key`` between two nodes),
followed by ``SET`` of its properties, so running the script twice leaves the database as one
run did. It carries the same nodes, relationships and properties as the Neo4j CSV files.

Strings are single-quoted with only ``\\`` and ``'`` escaped; other characters, newlines
included, stand as they are. Neo4j reads ``\\n`` as a newline but Kùzu drops the backslash, so a
raw character is the one spelling both read alike. Labels, types and property names come
from the schema vocabulary and are backquoted whenever they are not plain identifiers.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from kg.export.naming import decimal_text
from kg.export.neo4j import Table, neo4j_tables
from kg.export.shared import shared
from kg.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["cypher_literal", "cypher_name", "cypher_script"]

_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@cache
def cypher_name(name: str) -> str:
    """A label, type or property name, backquoted when it is not a plain identifier.

    >>> cypher_name("Company"), cypher_name("odd name`")
    ('Company', '`odd name```')
    """
    return name if _PLAIN_NAME.fullmatch(name) else "`" + name.replace("`", "``") + "`"


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a string, number, boolean or list of strings.

    >>> print(cypher_literal("it's a \\\\ path"), cypher_literal(["a", "b"]), cypher_literal(2))
    'it\\'s a \\\\ path' ['a', 'b'] 2.0
    """
    if type(value) is not str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return decimal_text(value)
        if isinstance(value, list):
            return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    text = str(value)
    if "\\" in text or "'" in text:
        text = text.replace("\\", "\\\\").replace("'", "\\'")
    return "'" + text + "'"


def _setters(variable: str, names: list[str]) -> list[str]:
    """The left side of each property's assignment: ``n.name = ``."""
    return [f"{variable}.{cypher_name(name)} = " for name in names]


def _assignments(setters: list[str], values: list[Any]) -> str:
    pairs = [
        setter + cypher_literal(value)
        for setter, value in zip(setters, values, strict=True)
        if value is not None and value != []
    ]
    return f" SET {', '.join(pairs)}" if pairs else ""


def _merge_nodes(table: Table) -> list[bytes]:
    setters = _setters("n", table.properties()[2:])
    return [
        (
            f"MERGE (n:{cypher_name(row[1])} {{id: {cypher_literal(row[0])}}})"
            + _assignments(setters, row[2:])
            + ";"
        ).encode()
        for row in table.rows
    ]


def _merge_edges(table: Table, labels: dict[str, str]) -> list[bytes]:
    setters = _setters("r", table.properties()[4:])
    statements = []
    for row in table.rows:
        start, end, rel = row[0], row[1], row[2]
        key = f" {{key: {cypher_literal(row[3])}}}" if len(row) > 3 else ""
        statements.append(
            (
                f"MATCH (a:{cypher_name(labels[start])} {{id: {cypher_literal(start)}}}), "
                f"(b:{cypher_name(labels[end])} {{id: {cypher_literal(end)}}}) "
                f"MERGE (a)-[r:{cypher_name(rel)}{key}]->(b)" + _assignments(setters, row[4:]) + ";"
            ).encode()
        )
    return statements


def cypher_script(graph: KnowledgeGraph) -> bytes:
    """The whole graph as Cypher: constraints, then nodes, figures and relationships."""
    tables = shared(graph, neo4j_tables)
    labels = {row[0]: row[1] for t in ("nodes", "indicators") for row in tables[t].rows}
    counts = (
        f"{len(tables['nodes'].rows)} records, {len(tables['relationships'].rows)} relations, "
        f"{len(tables['indicators'].rows)} indicators"
    )
    lines = [
        f"// hzkg knowledge graph, schema {SCHEMA_VERSION}: {counts}.",
        "// Load with `cypher-shell -f graph.cypher`. Every statement MERGEs, so a second run",
        "// changes nothing. The CREATE CONSTRAINT lines are Neo4j's; other databases skip them.",
    ]
    for label in sorted(set(labels.values())):
        lines.append(
            f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS "
            f"FOR (n:{cypher_name(label)}) REQUIRE n.id IS UNIQUE;"
        )
    # Each statement is encoded as it is made: as one text, Chinese in it would make every
    # character take two or four bytes of memory.
    statements = [line.encode() for line in lines]
    statements += _merge_nodes(tables["nodes"])
    statements += _merge_nodes(tables["indicators"])
    statements += _merge_edges(tables["relationships"], labels)
    statements += _merge_edges(tables["indicator_links"], labels)
    return b"\n".join(statements) + b"\n"
