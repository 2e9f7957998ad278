"""CSV files in the layout ``neo4j-admin database import`` reads, and the command that loads them.

Records become nodes labelled by type (``Company``, ``District`` …), relations become
relationships typed by predicate (``SUPPLIES``, ``PART_OF`` …), and each figure becomes an
``Indicator`` node linked from its record by ``HAS_INDICATOR`` (and to the records it is
``ABOUT`` or ``REPORTED_BY``). Headers carry Neo4j's typed columns (``id:ID``, ``:LABEL``,
``listed:boolean``, ``value:double``, ``aliases:string[]``); citations travel as JSON text.

Fields are quoted the way neo4j-admin expects (``""`` inside quotes, backslash literal); quotes
may hold newlines, hence ``--multiline-fields=true`` in ``import.sh``. Array elements are
joined with the first of ``; | ¦`` that occurs in none of them, and ``import.sh`` names it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from kg.errors import ExportError
from kg.export.csvtext import csv_chunks
from kg.export.jsontext import compact_json, edge_citations_json, node_citations_json
from kg.export.naming import class_name, decimal_text, rel_type
from kg.export.shared import shared
from kg.export.tables import TYPE_FIELDS, Row, entity_rows, indicator_rows, relation_rows

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["ARRAY_DELIMITERS", "Table", "indicator_id", "neo4j_files", "neo4j_tables"]

ARRAY_DELIMITERS = (";", "|", "¦")

NODE_HEADER = (
    "id:ID",
    ":LABEL",
    "name",
    "name_en",
    "aliases:string[]",
    *(f"{f}:boolean" if f == "listed" else f for f in TYPE_FIELDS),
    "adcode",
    "uscc",
    "stock:string[]",
    "wikidata",
    "products:string[]",
    "dates:string[]",
    "sources:string[]",
    "citations",
    "note",
)
RELATIONSHIP_HEADER = (
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "key",
    "label",
    "stage",
    "tier",
    "role",
    "period",
    "note",
    "sources:string[]",
    "citations",
)
INDICATOR_HEADER = (
    "id:ID",
    ":LABEL",
    "entity",
    "metric",
    "value:double",
    "unit",
    "approx",
    "base_value:double",
    "base_unit",
    "period",
    "target:boolean",
    "about",
    "reported_by",
    "note",
    "sources:string[]",
    "citations",
)
LINK_HEADER = (":START_ID", ":END_ID", ":TYPE")
_NONE = type(None)
_ABOUT, _REPORTED_BY = rel_type("about"), rel_type("reported_by")
_CHUNK = 2_000
"""Rows per chunk of a CSV file or of the Cypher script (:meth:`Table.chunks`), made and let go
one chunk at a time: small enough for a chunk's strings to stay in the processor's cache (at
100,000 records the CSV files took 1.4 s of CPU in chunks of 2,000 rows, 1.6 in chunks of
10,000; the Cypher script 2.1 s, 2.4 and 2.5 in chunks of 20,000)."""


def indicator_id(entity: str, index: int) -> str:
    """Node id of a record's figure: ``xiaoshan/indicator/0`` (record ids never hold ``/``)."""
    return f"{entity}/indicator/{index}"


def _delimiter(tables: Iterable[Table]) -> str:
    # Every element of every array column, one text: each delimiter is one character, so none
    # appears in it that no element holds.
    elements = "".join(
        "".join(map("".join, column))
        for t in tables
        for name, column in zip(t.header, t.columns, strict=True)
        if name.endswith("[]")
    )
    for delimiter in ARRAY_DELIMITERS:
        if delimiter not in elements:
            return delimiter
    raise ExportError(
        "every array delimiter neo4j-admin could use (" + " ".join(ARRAY_DELIMITERS) + ") occurs in "
        "some alias, product or source; remove one of them from the curation"
    )


def _cell(value: Any, delimiter: str) -> str:
    """A cell that is not text or empty (the writer passes those as they are)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return decimal_text(value)
    if isinstance(value, list):
        return delimiter.join(str(v) for v in value)
    return str(value)


def _csv(table: Table, delimiter: str) -> Iterator[bytes]:
    """The table as CSV, the header then every ``_CHUNK`` rows; a cell's text depends on it alone
    (and the delimiter, chosen for all files), so the chunks join into the one-piece file."""
    batches = ([_cells(column, delimiter) for column in columns] for columns in table.chunks())
    return csv_chunks(table.header, batches, "\n")


def _cells(values: Sequence[Any], delimiter: str) -> Sequence[str]:
    """One column's cells: plain text as it is, None an empty cell, lists of text joined, booleans
    and numbers, each without a call of :func:`_cell` per value; anything else a cell at a time."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        return values
    if kinds <= {str, _NONE}:
        return [v or "" for v in values]
    if kinds <= {bool, _NONE}:  # a set of types holds the exact type: bool is not int here
        return ["" if v is None else "true" if v else "false" for v in values]
    if kinds <= {int, float, _NONE}:
        return ["" if v is None else decimal_text(v) for v in values]
    if kinds == {list} and set(map(type, chain.from_iterable(values))) <= {str}:
        return list(map(delimiter.join, values))
    return ["" if v is None else v if type(v) is str else _cell(v, delimiter) for v in values]


def _import_script(delimiter: str) -> bytes:
    option = f"'{delimiter}'" if delimiter.isascii() else f"U+{ord(delimiter):04X}"
    return f"""#!/bin/sh
# Load the hzkg graph into a new Neo4j 5 database named hzkg (neo4j-admin must be on PATH and
# the database stopped). Afterwards: CREATE DATABASE hzkg; then query it in Neo4j Browser.
set -e
cd "$(dirname "$0")"
neo4j-admin database import full hzkg --overwrite-destination \\
  --nodes=nodes.csv --nodes=indicators.csv \\
  --relationships=relationships.csv --relationships=indicator_links.csv \\
  --multiline-fields=true --array-delimiter={option}
""".encode()


@dataclass
class Table:
    """A header of Neo4j typed columns and, under each, a column of plain Python values.

    Held by column: the CSV and Cypher writers work a column at a time (a chunk of rows of it at
    a time), and the columns are cut from the shared rows together (:func:`_columns`).
    """

    header: tuple[str, ...]
    columns: list[Sequence[Any]]

    def __len__(self) -> int:
        """The number of rows."""
        return len(self.columns[0])

    @property
    def rows(self) -> list[list[Any]]:
        """The values row by row (made anew on each call)."""
        return [list(row) for row in zip(*self.columns, strict=True)]

    def properties(self) -> list[str]:
        """Property names: the header without Neo4j's ``:TYPE`` suffixes and special columns."""
        return _properties(self.header)

    def chunks(self) -> Iterator[list[Sequence[Any]]]:
        """The columns cut to every ``_CHUNK`` rows in turn, for text made a chunk at a time."""
        for start in range(0, len(self), _CHUNK):
            yield [column[start : start + _CHUNK] for column in self.columns]


def _columns(rows: Sequence[Row], names: Sequence[str]) -> list[list[Any]]:
    """The rows' values under each of ``names`` (two or more), a column per name.

    Each row is visited once for all its values (a pass per column visits every row again,
    reading memory far apart), ``_CHUNK`` rows at a time so that the rows' tuples stay few: the
    tables at 100,000 records in 0.88 s instead of 1.06.
    """
    columns: list[list[Any]] = [[] for _ in names]
    values = itemgetter(*names)
    for start in range(0, len(rows), _CHUNK):
        for column, part in zip(
            columns, zip(*map(values, rows[start : start + _CHUNK]), strict=True), strict=True
        ):
            column.extend(part)
    return columns


def _properties(header: Sequence[str]) -> list[str]:
    """The property names of header columns: ``aliases:string[]`` → ``aliases``."""
    return [column.split(":")[0] for column in header]


def _nodes(graph: KnowledgeGraph) -> Table:
    entities, citations = shared(graph, entity_rows), shared(graph, node_citations_json)
    ids, types, *values, notes = _columns(entities, ["id", "type", *_properties(NODE_HEADER[2:-2]), "note"])
    return Table(
        NODE_HEADER,
        [ids, list(map(class_name, types)), *values, list(map(citations.__getitem__, ids)), notes],
    )


def _relationships(graph: KnowledgeGraph) -> Table:
    relations, citations = shared(graph, relation_rows), shared(graph, edge_citations_json)
    names = ["source", "target", "rel", "key", *_properties(RELATIONSHIP_HEADER[4:-1])]
    starts, ends, rels, keys, *values = _columns(relations, names)
    return Table(
        RELATIONSHIP_HEADER,
        [
            starts,
            ends,
            list(map(rel_type, rels)),
            keys,
            *values,
            list(map(citations.__getitem__, zip(starts, ends, keys, strict=True))),
        ],
    )


def _indicators(graph: KnowledgeGraph) -> tuple[Table, Table]:
    """The figures' nodes, and their links to the records they belong to, are about or are
    reported by."""
    indicators = shared(graph, indicator_rows)
    names = _properties(INDICATOR_HEADER[2:-1])  # entity, metric, …, about, reported_by, note, sources
    indexes, *values = _columns(indicators, ["index", *names])
    entities, about, reporters = (values[names.index(name)] for name in ("entity", "about", "reported_by"))
    ids = list(map(indicator_id, entities, indexes))
    stated = {node: data["indicators"] for node, data in graph.nx.nodes(data=True)}
    citations = [compact_json(stated[e][i]["sources"]) for e, i in zip(entities, indexes, strict=True)]
    nodes = Table(INDICATOR_HEADER, [ids, ["Indicator"] * len(ids), *values, citations])
    links: list[tuple[str, str, str]] = []
    for entity, node, subject, reporter in zip(entities, ids, about, reporters, strict=True):
        links.append((entity, node, "HAS_INDICATOR"))
        if subject:
            links.append((node, subject, _ABOUT))
        if reporter:
            links.append((node, reporter, _REPORTED_BY))
    link_columns: list[Sequence[str]] = list(zip(*links, strict=True)) if links else [(), (), ()]
    return nodes, Table(LINK_HEADER, link_columns)


def neo4j_tables(graph: KnowledgeGraph) -> dict[str, Table]:
    """Base file name → table: ``nodes``, ``relationships``, ``indicators``, ``indicator_links``."""
    indicators, links = _indicators(graph)
    return {
        "nodes": _nodes(graph),
        "relationships": _relationships(graph),
        "indicators": indicators,
        "indicator_links": links,
    }


def neo4j_files(graph: KnowledgeGraph) -> dict[str, Iterable[bytes]]:
    """File name → chunks: nodes, relationships, indicator nodes and links, and ``import.sh``.

    The tables and the array delimiter are made at once (a curation no delimiter fits raises
    :class:`ExportError` here, before any file is begun); each CSV file's text as it is read.
    """
    tables = shared(graph, neo4j_tables)
    delimiter = _delimiter(tables.values())
    files: dict[str, Iterable[bytes]] = {f"{name}.csv": _csv(t, delimiter) for name, t in tables.items()}
    return {**files, "import.sh": (_import_script(delimiter),)}
