"""A CSV set for spreadsheets: entities, relations, indicators, citations and sources.

Written the way Excel opens CSV with a double click: UTF-8 with a byte-order mark (without it,
Excel reads Chinese as mojibake), CRLF line ends, every field that needs it quoted. Lists are
joined with ``"; "``. A text cell that starts with ``= + - @`` (or a tab or CR) is prefixed
with ``'`` so that a spreadsheet shows it as text instead of running it as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from kg.export.shared import shared
from kg.export.tables import TABLES, Row

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["spreadsheet_cell", "spreadsheet_files"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> str:
    """A value as a spreadsheet cell's text.

    >>> spreadsheet_cell(["士兰微", "杭州士兰微"]), spreadsheet_cell("=1+1"), spreadsheet_cell(2.0)
    ('士兰微; 杭州士兰微', "'=1+1", '2')
    """
    if type(value) is str:
        return "'" + value if value.startswith(_FORMULA_START) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return f"{value:.15g}"
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(columns: Sequence[str], rows: Iterable[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    values = itemgetter(*columns)
    # Inline for the common cells (plain text, and None, which the csv module writes as empty).
    writer.writerows(
        [
            v if v is None or (type(v) is str and not v.startswith(_FORMULA_START)) else spreadsheet_cell(v)
            for v in (values(row) if len(columns) > 1 else (row[columns[0]],))
        ]
        for row in rows
    )
    return buffer.getvalue().encode("utf-8-sig")


def spreadsheet_files(graph: KnowledgeGraph) -> dict[str, bytes]:
    """File name → bytes, one CSV per table of :data:`kg.export.tables.TABLES`."""
    return {f"{name}.csv": _csv(columns, shared(graph, rows)) for name, (columns, rows) in TABLES.items()}
