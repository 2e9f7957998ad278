"""A CSV set for spreadsheets: entities, relations, indicators, citations and sources.

Written the way Excel opens CSV with a double click: UTF-8 with a byte-order mark (without it,
Excel reads Chinese as mojibake), CRLF line ends, every field that needs it quoted. Lists are
joined with ``"; "``. A text cell that starts with ``= + - @`` (or a tab or CR) is prefixed
with ``'`` so that a spreadsheet shows it as text instead of running it as a formula.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from kg.export.csvtext import csv_chunks
from kg.export.shared import shared
from kg.export.tables import TABLES, Row, citation_columns, citation_rows

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["spreadsheet_cell", "spreadsheet_files"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CHUNK = 2_000
"""Rows per chunk of a file, made and let go one chunk at a time: small enough for a chunk's
strings to stay in the processor's cache (at 100,000 records the files took 2.6 s of CPU in
chunks of 2,000 rows, 3.0 in chunks of 10,000)."""
_CITING_RECORDS = 400
"""Records per chunk of the citation table (~6 citations each: ~2,400 rows)."""


def spreadsheet_cell(value: Any) -> str:
    """A value as a spreadsheet cell's text. Text that a spreadsheet would take for a formula
    gets a leading ``'``; a number never does (a negative figure stays a number).

    >>> spreadsheet_cell(["士兰微", "杭州士兰微"]), spreadsheet_cell("=1+1"), spreadsheet_cell(2.0)
    ('士兰微; 杭州士兰微', "'=1+1", '2')
    >>> spreadsheet_cell(-2), spreadsheet_cell(-1.5), spreadsheet_cell("-2")
    ('-2', '-1.5', "'-2")
    """
    if type(value) is str:
        return "'" + value if value.startswith(_FORMULA_START) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return f"{value:.15g}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]]) -> Iterator[bytes]:
    """The header, then each batch of rows (given as columns of values) as CSV cells. A cell's
    text depends on its value alone, so the chunks join into the one-piece file."""
    yield from csv_chunks(columns, (list(map(_cells, batch)) for batch in batches), "\r\n", "utf-8-sig")


def _row_batches(
    graph: KnowledgeGraph, columns: Sequence[str], make: Callable[[KnowledgeGraph], list[Row]]
) -> Iterator[list[list[Any]]]:
    """The table's rows, made when the first batch is asked for, cut into columns every
    ``_CHUNK`` rows. (The citation table is made a batch of records at a time instead, by
    :func:`citation_columns`: all its rows at once cost 53,000 page faults at 100,000 records.)"""
    rows = shared(graph, make)
    for start in range(0, len(rows), _CHUNK):
        part = rows[start : start + _CHUNK]
        yield [list(map(itemgetter(column), part)) for column in columns]


_NONE = type(None)
_FORMULA_AFTER_NUL = re.compile("\x00[=+\\-@\t\r]")


def _cells(values: Sequence[Any]) -> Sequence[str]:
    """:func:`spreadsheet_cell` of each of one column's values.

    A column of plain text or lists of text is turned in bulk: with no text that starts like a
    formula (the common case), each value is written as it is.

    >>> _cells(["a", None, "=b"]), _cells([["x", "y"], []]), _cells([1.5, True, None])
    (['a', '', "'=b"], ['x; y', ''], ['1.5', 'TRUE', ''])
    >>> _cells([-1.5, None]), _cells([-2, 3]), _cells([False, None])
    (['-1.5', ''], ['-2', '3'], ['FALSE', ''])
    """
    kinds = set(map(type, values))
    texts: Sequence[Any] = values
    if kinds == {list} and set(map(type, chain.from_iterable(values))) <= {str}:
        texts = list(map("; ".join, values))
    elif _NONE in kinds and kinds <= {str, _NONE}:
        texts = [v or "" for v in values]
    elif kinds <= {bool, _NONE}:  # a set of types holds the exact type: bool is not int here
        return ["" if v is None else "TRUE" if v else "FALSE" for v in values]
    elif kinds <= {int, float, _NONE}:  # numbers as spreadsheet_cell writes them
        return ["" if v is None else f"{v:.15g}" if type(v) is float else str(v) for v in values]
    elif not kinds <= {str}:
        return [spreadsheet_cell(v) for v in values]
    # "\x00" joins and starts the texts: a match is a text that starts like a formula (or,
    # harmlessly, a NUL inside a text followed by such a character, which the check below sorts out).
    if _FORMULA_AFTER_NUL.search("\x00" + "\x00".join(texts)) is None:
        return texts
    return list(map(spreadsheet_cell, texts))


def spreadsheet_files(graph: KnowledgeGraph) -> dict[str, Iterable[bytes]]:
    """File name → chunks, one CSV per table of :data:`kg.export.tables.TABLES`."""
    return {
        f"{name}.csv": _csv(
            columns,
            citation_columns(graph, _CITING_RECORDS)
            if rows is citation_rows
            else _row_batches(graph, columns, rows),
        )
        for name, (columns, rows) in TABLES.items()
    }
