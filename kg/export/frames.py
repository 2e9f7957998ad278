"""pandas DataFrames of the graph, the form an analyst filters, joins and charts.

pandas is an optional extra (``pip install 'hzkg[frames]'``); it is imported only when
frames are asked for, and a clear :class:`~kg.errors.MissingDependency` says how to get it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from kg.errors import MissingDependency
from kg.export.tables import TABLES

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["Frames", "to_frames"]


class Frames(NamedTuple):
    """One DataFrame per table; unpack it or use the attributes."""

    entities: Any
    """One row per record: id, type, names, aliases (a list), type fields, external ids."""
    relations: Any
    """One row per stated relation: source, rel, target with names, labels and qualifiers."""
    indicators: Any
    """One row per figure: entity, metric, value and unit as stated, base value and unit."""
    citations: Any
    """One row per citation: the record and field it backs, the source and the quote."""
    sources: Any
    """One row per registered source."""


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise MissingDependency(
            "g.to_frames() needs pandas, an optional extra: pip install 'hzkg[frames]'"
        ) from None
    return pandas


def to_frames(graph: KnowledgeGraph) -> Frames:
    """The graph as :class:`Frames` of pandas DataFrames, one column per table column."""
    pd = _pandas()
    return Frames(*(pd.DataFrame(rows(graph), columns=list(columns)) for columns, rows in TABLES.values()))
