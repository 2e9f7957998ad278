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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any

from kg.errors import ExportError
from kg.export.csvtext import csv_text
from kg.export.jsontext import compact_json, edge_citations_json, node_citations_json
from kg.export.naming import class_name, decimal_text, rel_type
from kg.export.shared import shared
from kg.export.tables import TYPE_FIELDS, entity_rows, indicator_rows, relation_rows

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


def indicator_id(entity: str, index: int) -> str:
    """Node id of a record's figure: ``xiaoshan/indicator/0`` (record ids never hold ``/``)."""
    return f"{entity}/indicator/{index}"


def _delimiter(tables: Iterable[Table]) -> str:
    # Every array element joined by NUL (no delimiter), read a column at a time.
    elements = "\x00".join(
        "\x00".join(chain.from_iterable(v for v in column if type(v) is list))
        for t in tables
        for column in zip(*t.rows, strict=True)
        if list in set(map(type, column))
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


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]], delimiter: str) -> bytes:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    return csv_text(header, [_cells(column, delimiter) for column in columns], "\n").encode("utf-8")


def _cells(values: Sequence[Any], delimiter: str) -> Sequence[str | None]:
    """One column's cells: plain text and None (an empty cell) as they are, lists of text joined,
    each in bulk; anything else a cell at a time."""
    kinds = set(map(type, values))
    if kinds <= {str, type(None)}:
        return values
    if kinds == {list} and set(map(type, chain.from_iterable(values))) <= {str}:
        return list(map(delimiter.join, values))
    return [v if v is None or type(v) is str else _cell(v, delimiter) for v in values]


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
    """A header of Neo4j typed columns and rows of plain Python values under it."""

    header: tuple[str, ...]
    rows: list[list[Any]]

    def properties(self) -> list[str]:
        """Property names: the header without Neo4j's ``:TYPE`` suffixes and special columns."""
        return [c.split(":")[0] for c in self.header]


def neo4j_tables(graph: KnowledgeGraph) -> dict[str, Table]:
    """Base file name → table: ``nodes``, ``relationships``, ``indicators``, ``indicator_links``."""
    entities, relations = shared(graph, entity_rows), shared(graph, relation_rows)
    indicators = shared(graph, indicator_rows)
    node_citations, edge_citations = shared(graph, node_citations_json), shared(graph, edge_citations_json)
    node_columns = [column.split(":")[0] for column in NODE_HEADER[2:-2]]
    relationship_columns = [column.split(":")[0] for column in RELATIONSHIP_HEADER[3:-1]]
    nodes = [
        [
            e["id"],
            class_name(e["type"]),
            *(e[column] for column in node_columns),
            node_citations[e["id"]],
            e["note"],
        ]
        for e in entities
    ]
    relationships = [
        [
            r["source"],
            r["target"],
            rel_type(r["rel"]),
            *(r[column] for column in relationship_columns),
            edge_citations[r["source"], r["target"], r["key"]],
        ]
        for r in relations
    ]
    indicator_nodes, links = [], []
    indicator_columns = [c.split(":")[0] for c in INDICATOR_HEADER[2:-1]]
    for i in indicators:
        node = indicator_id(i["entity"], i["index"])
        citations = graph.nx.nodes[i["entity"]]["indicators"][i["index"]]["sources"]
        indicator_nodes.append(
            [node, "Indicator", *(i[c] for c in indicator_columns), compact_json(citations)]
        )
        links.append([i["entity"], node, "HAS_INDICATOR"])
        links += [[node, i[field], rel_type(field)] for field in ("about", "reported_by") if i[field]]
    return {
        "nodes": Table(NODE_HEADER, nodes),
        "relationships": Table(RELATIONSHIP_HEADER, relationships),
        "indicators": Table(INDICATOR_HEADER, indicator_nodes),
        "indicator_links": Table(LINK_HEADER, links),
    }


def neo4j_files(graph: KnowledgeGraph) -> dict[str, bytes]:
    """File name → bytes: nodes, relationships, indicator nodes and links, and ``import.sh``."""
    tables = shared(graph, neo4j_tables)
    delimiter = _delimiter(tables.values())
    files = {f"{name}.csv": _csv(t.header, t.rows, delimiter) for name, t in tables.items()}
    return {**files, "import.sh": _import_script(delimiter)}
