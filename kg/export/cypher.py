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
from collections.abc import Iterator, Sequence
from functools import cache
from itertools import chain
from typing import TYPE_CHECKING, Any

from kg.export.naming import decimal_text
from kg.export.neo4j import Table, neo4j_tables
from kg.export.shared import shared
from kg.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["cypher_literal", "cypher_name", "cypher_script"]

_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NONE = type(None)
_QUOTED_COMMA = "', '"


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
    return "'" + _escaped(str(value)) + "'"


def _setters(variable: str, names: list[str]) -> list[str]:
    """The left side of each property's assignment: ``, n.name = ``, with the comma that joins it
    to the one before (:func:`_statements` cuts the first one's off)."""
    return [f", {variable}.{cypher_name(name)} = " for name in names]


def _needs_escape(text: str) -> bool:
    # str's own search for each character is ten times faster than a regex character class.
    return "\\" in text or "'" in text


def _escaped(text: str) -> str:
    """``text`` as a single-quoted Cypher string holds it: backslashes and quotes escaped."""
    return text.replace("\\", "\\\\").replace("'", "\\'") if _needs_escape(text) else text


def _assigned(setter: str, values: Sequence[Any]) -> list[str]:
    """``setter`` and the literal of each value, or "" where the value is not set (None, []); with
    an empty ``setter``, the bare literals (ids, keys).

    Columns of text, of lists of text, of booleans and of numbers are written without a call of
    :func:`cypher_literal` per value.
    """
    kinds = set(map(type, values))
    if kinds <= {bool, _NONE}:
        true, false = setter + "true", setter + "false"
        return ["" if v is None else true if v else false for v in values]
    if kinds <= {int, float, _NONE}:  # bool is a kind of its own: a set of types holds the exact type
        return ["" if v is None else setter + decimal_text(v) for v in values]
    if kinds <= {str, _NONE}:
        if _needs_escape("".join(filter(None, values))):
            values = [v if v is None else _escaped(v) for v in values]
        return ["" if v is None else f"{setter}'{v}'" for v in values]
    if (
        kinds == {list}
        and set(map(type, chain.from_iterable(values))) <= {str}
        and not _needs_escape("".join(chain.from_iterable(values)))
    ):
        return [f"{setter}['{_QUOTED_COMMA.join(v)}']" if v else "" for v in values]
    return ["" if v is None or v == [] else setter + cypher_literal(v) for v in values]


def _statements(heads: Sequence[str], assigned: Sequence[Sequence[str]]) -> bytes:
    """Each head, its `` SET …`` when it sets something, and ``;``: one statement per line."""
    # Each assignment starts with its ", ": a row's joined, the first two characters cut, are its
    # SET list (without a filter per row to drop the unset, 15 -> 10 ms per 10,000 rows).
    pairs = list(map("".join, zip(*assigned, strict=True))) if assigned else [""] * len(heads)
    lines = [
        f"{head} SET {joined[2:]};\n" if joined else f"{head};\n"
        for head, joined in zip(heads, pairs, strict=True)
    ]
    return "".join(lines).encode()


def _merge_nodes(table: Table) -> Iterator[bytes]:
    """The nodes' statements, a chunk of rows at a time (:meth:`Table.chunks`): each chunk's text is
    made from its own rows (a literal depends on its value alone), encoded at once and let go
    before the next; a text per table would be large, Chinese making each character 2-4 bytes."""
    setters = _setters("n", table.properties()[2:])
    for columns in table.chunks():
        ids, labels = _assigned("", columns[0]), [cypher_name(label) for label in columns[1]]
        heads = [f"MERGE (n:{label} {{id: {node}}})" for node, label in zip(ids, labels, strict=True)]
        yield _statements(heads, [_assigned(s, c) for s, c in zip(setters, columns[2:], strict=True)])


def _merge_edges(table: Table, labels: dict[str, str]) -> Iterator[bytes]:
    setters = _setters("r", table.properties()[4:])
    for columns in table.chunks():
        starts, ends = _assigned("", columns[0]), _assigned("", columns[1])
        start_labels = [cypher_name(labels[start]) for start in columns[0]]
        end_labels = [cypher_name(labels[end]) for end in columns[1]]
        types = [cypher_name(rel) for rel in columns[2]]
        keys = (
            [f" {{key: {key}}}" for key in _assigned("", columns[3])]
            if len(columns) > 3
            else [""] * len(starts)
        )
        heads = [
            f"MATCH (a:{a} {{id: {start}}}), (b:{b} {{id: {end}}}) MERGE (a)-[r:{rel}{key}]->(b)"
            for start, end, a, b, rel, key in zip(
                starts, ends, start_labels, end_labels, types, keys, strict=True
            )
        ]
        yield _statements(heads, [_assigned(s, c) for s, c in zip(setters, columns[4:], strict=True)])


def cypher_script(graph: KnowledgeGraph) -> Iterator[bytes]:
    """The whole graph as Cypher, in chunks: constraints, then nodes, figures and relationships.

    The tables are made at once; each chunk's statements when the chunk is asked for.
    """
    tables = shared(graph, neo4j_tables)
    labels = {
        **dict(zip(*tables["nodes"].columns[:2], strict=True)),
        **dict(zip(*tables["indicators"].columns[:2], strict=True)),
    }
    counts = (
        f"{len(tables['nodes'])} records, {len(tables['relationships'])} relations, "
        f"{len(tables['indicators'])} indicators"
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
    return chain(
        ["\n".join(lines).encode() + b"\n"],
        _merge_nodes(tables["nodes"]),
        _merge_nodes(tables["indicators"]),
        _merge_edges(tables["relationships"], labels),
        _merge_edges(tables["indicator_links"], labels),
    )
