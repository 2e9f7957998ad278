"""The table formats (Neo4j CSV, Cypher, spreadsheet CSV) are made a chunk of rows at a time.

Each file is a run of chunks, the header then every ``_CHUNK`` rows, made as they are written;
joined, they must be the bytes the whole table makes in one piece (which the other export tests
hold to the csv module, rdflib's and networkx's readers and a Kùzu database).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
from kg.errors import ExportError
from kg.export import FORMATS, export_files, write_all
from kg.export.neo4j import neo4j_tables
from kg.export.tables import TABLES

_MODULES = {"neo4j-csv": "kg.export.neo4j", "cypher": "kg.export.neo4j", "csv": "kg.export.spreadsheet"}


def _rows_per_file(graph: kg.KnowledgeGraph, fmt: str) -> dict[str, list[int]]:
    """File name → the row count of each table the file is made of, in order (for the
    spreadsheet's citations, made a batch of records at a time: the record count)."""
    if fmt == "csv":
        counts = {f"{name}.csv": [len(rows(graph))] for name, (_, rows) in TABLES.items()}
        return {**counts, "citations.csv": [graph.nx.number_of_nodes()]}
    tables = neo4j_tables(graph)
    if fmt == "neo4j-csv":
        return {f"{name}.csv": [len(table)] for name, table in tables.items()}
    return {"graph.cypher": [len(tables[name]) for name in tables]}


@pytest.mark.parametrize("fmt", list(_MODULES))
@pytest.mark.parametrize("size", [1, 2])
def test_a_file_made_in_many_chunks_is_the_file_made_in_one(
    odd_tree: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, size: int
) -> None:
    graph = kg.load(odd_tree)
    whole = export_files(graph, fmt)
    rows = _rows_per_file(graph, fmt)
    # The fixture's tables fit in one chunk each: a file is its header (or preamble) and a chunk
    # per table with rows.
    for name, chunks in FORMATS[fmt].make(graph).items():
        assert len(list(chunks)) == 1 + sum(count > 0 for count in rows.get(name, [0]))
    monkeypatch.setattr(f"{_MODULES[fmt]}._CHUNK", size)
    if fmt == "csv":
        monkeypatch.setattr("kg.export.spreadsheet._CITING_RECORDS", size)
    files = FORMATS[fmt].make(graph)
    assert set(files) == set(whole)
    most = 0
    for name, chunks in files.items():
        assert isinstance(chunks, Iterator) or name == "import.sh"  # made as they are read
        pieces = list(chunks)
        if name in rows:  # a table's last chunk is short when its rows do not fill it
            assert len(pieces) == 1 + sum(math.ceil(count / size) for count in rows[name])
        most = max(most, len(pieces))
        assert b"".join(pieces) == whole[name]
    assert most > 5


def test_a_neo4j_export_that_cannot_be_written_leaves_no_file(odd_tree: Path, tmp_path: Path) -> None:
    path = odd_tree / "curation/company/odd-chars.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"@at-sign"', '"¦broken bar"'), encoding="utf-8")
    with pytest.raises(ExportError, match=r"every array delimiter neo4j-admin could use \(; \| ¦\) occurs"):
        write_all(kg.load(odd_tree), tmp_path / "build", jobs=1)
    assert list((tmp_path / "build").glob("neo4j*")) == []
    assert (tmp_path / "build/graph.cypher").exists()  # the formats that can be written still are


_VALUES: list[object] = [
    *("a", "杭州", "", "=1+1", "-x", "@a", "it's", "a\\b", 'say "hi", ok', "line\nnext"),
    *(None, True, False, 0, 7, -2, 1.5, -1.5, 26600.0, 1e20, 2**70),
    *(["a", "b"], [], ["=x"], ["it's"], ["a;b", "c|d"], [1, "x"]),
]


def test_a_column_written_in_bulk_is_each_value_written_alone() -> None:
    from kg.export.cypher import _assigned, cypher_literal
    from kg.export.neo4j import _cell
    from kg.export.neo4j import _cells as neo4j_cells
    from kg.export.spreadsheet import _cells as spreadsheet_cells
    from kg.export.spreadsheet import spreadsheet_cell

    rng = random.Random(8)
    for _ in range(2000):
        pool = rng.sample(_VALUES, rng.randint(1, 3))  # columns of one, two or three kinds of value
        column = rng.choices(pool, k=rng.randint(0, 5))
        assert list(spreadsheet_cells(column)) == [spreadsheet_cell(v) for v in column]
        assert list(neo4j_cells(column, "¦")) == [
            "" if v is None else v if isinstance(v, str) else _cell(v, "¦") for v in column
        ]
        assert _assigned("n.x = ", column) == [
            "" if v is None or v == [] else "n.x = " + cypher_literal(v) for v in column
        ]
