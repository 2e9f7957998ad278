"""Industries, industry chains, clusters and their segments."""

from __future__ import annotations

from typing import ClassVar, Literal

from kg.schema.base import Record, Stage

__all__ = ["IndustryChain"]


class IndustryChain(Record):
    """An industry or chain (人形机器人, 时尚纺织服装), or a segment of one (减速器).

    A segment points at its chain with ``segment_of``; companies join with ``member_of``.
    """

    type: ClassVar[str] = "industry_chain"

    kind: Literal["industry", "chain", "cluster", "segment"]
    """``industry`` for a sector, ``chain`` for a supply chain, ``cluster`` for a regional
    cluster, ``segment`` for one link of a chain."""
    stage: Stage | None = None
    """For a segment: upstream, midstream or downstream."""
