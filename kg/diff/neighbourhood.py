"""The changed neighbourhood of a review, as a graph to draw: every changed record, the records
its relations reach, and every relation of a changed record, each with its status.

Built while both trees are still open (records are read from git), so the picture can show the
version of each record a reviewer cares about: the new one, the old one of a removed record (or
of one whose new version does not load), and unchanged neighbours as they are in HEAD.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from kg.diff.compare import plain
from kg.diff.model import Flag, RecordChange, RelationChange, Review
from kg.diff.review import ReviewContext
from kg.diff.snapshot import record_id_of
from kg.schema import Record, Source

__all__ = ["DiffEdge", "DiffNode", "EdgeStatus", "Neighbourhood", "NodeStatus", "changed_neighbourhood"]

NodeStatus = Literal["added", "removed", "changed", "renamed", "unchanged", "missing"]
"""``unchanged``: a neighbour the change did not touch; ``missing``: an id no tree has a record for."""
EdgeStatus = Literal["added", "removed", "changed", "unchanged", "dangling"]
"""``dangling``: an untouched record that still points at an id the change removed or renamed."""


@dataclass
class DiffNode:
    """A record of the picture, in the version that is drawn (None when no tree has it)."""

    id: str
    status: NodeStatus
    record: Record | None
    type: str | None
    change: RecordChange | None = None
    flags: list[Flag] = field(default_factory=list)


@dataclass
class DiffEdge:
    """A relation of the picture: its plain data (``rel``, ``to``, qualifiers, ``sources``)."""

    source: str
    target: str
    status: EdgeStatus
    relation: dict[str, Any]
    change: RelationChange | None = None
    reason: str = ""
    """Why a dangling edge is drawn: the flag's reason."""


@dataclass
class Neighbourhood:
    """Nodes by id, edges in a fixed order, and the sources their quotes cite."""

    nodes: dict[str, DiffNode]
    edges: list[DiffEdge]
    sources: dict[str, Source]


def _relations(record: Record | None) -> list[dict[str, Any]]:
    return list(plain(record).get("relations", [])) if record is not None else []


def _neighbours(nodes: dict[str, DiffNode], wanted: list[str], context: ReviewContext) -> None:
    """Add the records ``wanted`` as unchanged neighbours (from HEAD, else from BASE)."""
    missing = sorted({i for i in wanted if i not in nodes})
    found = context.base.records(missing)
    found.update(context.head.records(missing))
    for record_id in missing:
        record = found.get(record_id)
        record_type = record.type if record is not None else None
        nodes[record_id] = DiffNode(record_id, "unchanged" if record else "missing", record, record_type)


def _dangling(review: Review, context: ReviewContext, nodes: dict[str, DiffNode]) -> list[DiffEdge]:
    """Edges from untouched records to an id this change removed or renamed."""
    edges = []
    for flag in review.flags:
        if flag.kind != "still-referenced" or not flag.path:
            continue
        referrer = record_id_of(flag.path)
        target = context.renamed.get(flag.record, flag.record)
        _neighbours(nodes, [referrer], context)
        pointing = [r for r in _relations(nodes[referrer].record) if r.get("to") == flag.record]
        for relation in pointing or [{"rel": "", "to": flag.record}]:
            edges.append(DiffEdge(referrer, target, "dangling", relation, reason=flag.reason))
    return edges


def changed_neighbourhood(review: Review, context: ReviewContext) -> Neighbourhood:
    """The graph of ``review``: changed records, what their relations reach, and those relations."""
    renamed = context.renamed
    nodes: dict[str, DiffNode] = {}
    edges: list[DiffEdge] = []
    for pair in context.pairs:
        change = pair.change
        record = pair.new or pair.old
        nodes[change.id] = DiffNode(change.id, change.change, record, change.type, change)
        for moved in change.relations:
            target = renamed.get(moved.to, moved.to)
            status: EdgeStatus = "changed" if moved.change == "renamed" else moved.change  # never renamed
            edges.append(DiffEdge(change.id, target, status, moved.relation, moved))
        if pair.new is not None and pair.old is not None:
            before = _relations(pair.old)
            for relation in _relations(pair.new):
                if relation in before:
                    edges.append(DiffEdge(change.id, relation["to"], "unchanged", relation))
    _neighbours(nodes, [e.target for e in edges], context)
    edges += _dangling(review, context, nodes)
    # a flag may be about a record the change did not touch (its quote no longer verifies
    # because a source text changed): it is drawn too, as an unchanged record with its flag
    flagged = [renamed.get(flag.record, flag.record) for flag in review.flags]
    _neighbours(nodes, flagged, context)
    for flag, record_id in zip(review.flags, flagged, strict=True):
        nodes[record_id].flags.append(flag)
    sources = {**context.base.sources, **context.head.sources}
    edges.sort(key=lambda e: (e.source, e.target, str(e.relation.get("rel")), e.status))
    return Neighbourhood(dict(sorted(nodes.items())), edges, sources)
