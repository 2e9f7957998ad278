"""Helpers for the per-article fact tests: pick figures and neighbours out of the real graph."""

from __future__ import annotations

from typing import Any

import kg
from kg.schema import Indicator

__all__ = ["figures", "incoming", "one", "out"]


def figures(g: kg.KnowledgeGraph, record_id: str, metric: str, **match: Any) -> list[Indicator]:
    """Indicators of one metric on a record whose fields equal ``match``."""
    return [
        i
        for i in g.get(record_id).indicators
        if i.metric == metric and all(getattr(i, k) == v for k, v in match.items())
    ]


def one(g: kg.KnowledgeGraph, record_id: str, metric: str, **match: Any) -> Indicator:
    """The single indicator that matches; fails the test with what was found otherwise."""
    found = figures(g, record_id, metric, **match)
    assert len(found) == 1, f"{record_id}: {metric} {match} → {found}"
    return found[0]


def out(g: kg.KnowledgeGraph, record_id: str, rel: str) -> list[str]:
    """Ids the record points at with ``rel``."""
    return [n.record.id for n in g.neighbors(record_id, rel=rel, direction="out")]


def incoming(g: kg.KnowledgeGraph, record_id: str, rel: str) -> list[str]:
    """Ids of records that point at this one with ``rel``."""
    return [n.record.id for n in g.neighbors(record_id, rel=rel, direction="in")]
