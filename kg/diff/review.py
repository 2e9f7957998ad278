"""Build a :class:`~kg.diff.model.Review` of two trees: record by record, then sources, then flags."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kg.diff.compare import compare_fields, compare_indicators, compare_relations, plain
from kg.diff.gitio import Git
from kg.diff.model import Change, FieldChange, RecordChange, Review, Side, SourceChange
from kg.diff.renames import find_renames
from kg.diff.snapshot import ParseCache, Snapshot, changed_paths, open_snapshot, record_id_of
from kg.errors import Problem, UsageError
from kg.load import Document, path_kind
from kg.schema import METRICS, PREDICATES, RECORD_TYPES, Record

if TYPE_CHECKING:
    from kg.diff.neighbourhood import Neighbourhood

__all__ = ["Pair", "ReviewContext", "build_review", "review_neighbourhood", "review_revisions"]

T = TypeVar("T")

_CHANGE_RANK = {"removed": 0, "added": 1, "changed": 2, "renamed": 3}


@dataclass
class Pair:
    """The two versions of one record (either may be missing) and its change entry."""

    old: Record | None
    new: Record | None
    document: Document | None
    problems: list[Problem]
    change: RecordChange


@dataclass
class ReviewContext:
    """What the flags need: both snapshots, every changed record, renames, changed paths."""

    base: Snapshot
    head: Snapshot
    pairs: list[Pair] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    sources: list[SourceChange] = field(default_factory=list)


def _display_name(document: Document | None, record: Record | None) -> str:
    if record is not None:
        return record.name
    data = document.located.data if document and document.located else None
    return str(data.get("name", "")) if isinstance(data, dict) else ""


def _pair(record_id: str, old_id: str, context: ReviewContext, loaded: dict[str, Any], kind: Change) -> Pair:
    old_doc = loaded["base"].get(old_id)
    new_doc = loaded["head"].get(record_id)
    old = old_doc[0].record if old_doc else None
    new = new_doc[0].record if new_doc else None
    document, problems = new_doc if new_doc else (None, [])
    located = context.head.record_paths.get(record_id) or context.base.record_paths[old_id]
    change = RecordChange(
        id=record_id,
        type=located[0],
        name=_display_name(document, new) or _display_name(old_doc[0] if old_doc else None, old),
        change=kind,
        path=located[1],
        old_id=old_id if old_id != record_id else None,
    )
    before = plain(old) if old else {}
    after = plain(new) if new else {}
    if new is not None or kind == "removed":  # an invalid new version has nothing to compare
        if new is not None:
            change.fields = compare_fields(before, after)
            old_type = context.base.type_of(old_id)
            if old_type and old_type != change.type:
                change.fields.insert(0, FieldChange("type", old=old_type, new=change.type))
        change.relations = compare_relations(
            before.get("relations", []), after.get("relations", []), context.renamed
        )
        change.indicators = compare_indicators(before.get("indicators", []), after.get("indicators", []))
    return Pair(old, new, document, problems, change)


def _source_changes(context: ReviewContext) -> list[SourceChange]:
    old, new = context.base.sources, context.head.sources
    changed_files = {p.removeprefix("seeds/") for p in context.paths if p.startswith("seeds/")}
    out = []
    for source_id in sorted(set(old) | set(new)):
        a, b = old.get(source_id), new.get(source_id)
        if a is None and b is not None:
            out.append(SourceChange(source_id, b.title, "added"))
        elif b is None and a is not None:
            out.append(SourceChange(source_id, a.title, "removed"))
        elif a is not None and b is not None:
            fields = compare_fields(a.model_dump(exclude_none=True), b.model_dump(exclude_none=True))
            text = bool(b.file) and (b.file in changed_files or a.file != b.file)
            if fields or text:
                out.append(SourceChange(source_id, b.title, "changed", fields, text_changed=text))
    return out


def _fill_names(context: ReviewContext) -> None:
    wanted = sorted({r.to for p in context.pairs for r in p.change.relations})
    names = {i: r.name for i, r in context.base.records(wanted).items()}
    names.update({i: r.name for i, r in context.head.records(wanted).items()})
    for pair in context.pairs:
        for relation in pair.change.relations:
            relation.to_name = names.get(relation.to, "")


def build_review(base: Snapshot, head: Snapshot) -> tuple[Review, ReviewContext]:
    """Compare two snapshots; the context is what :mod:`kg.diff.flags` works from."""
    from kg.diff.flags import raise_flags

    context = ReviewContext(base, head, paths=changed_paths(base, head))
    ids = sorted({record_id_of(p) for p in context.paths if path_kind(p)})
    loaded = {"base": base.documents(ids), "head": head.documents(ids)}
    gone = [i for i in ids if i in base.record_paths and i not in head.record_paths]
    new = [i for i in ids if i in head.record_paths and i not in base.record_paths]
    context.renamed = find_renames(base.records(gone), head.records(new))
    context.removed = gone
    targets = set(context.renamed.values())
    for record_id in ids:
        if record_id in context.renamed:
            continue
        if record_id in targets:
            old_id = next(o for o, n in context.renamed.items() if n == record_id)
            context.pairs.append(_pair(record_id, old_id, context, loaded, "renamed"))
        elif record_id in gone:
            context.pairs.append(_pair(record_id, record_id, context, loaded, "removed"))
        elif record_id in new:
            context.pairs.append(_pair(record_id, record_id, context, loaded, "added"))
        else:
            pair = _pair(record_id, record_id, context, loaded, "changed")
            details = pair.change.fields or pair.change.relations or pair.change.indicators
            if details or pair.problems or pair.new is None or pair.old is None:
                context.pairs.append(pair)
    _fill_names(context)
    type_rank = {name: rank for rank, name in enumerate(RECORD_TYPES)}
    rel_rank = {name: rank for rank, name in enumerate(PREDICATES)}
    metric_rank = {name: rank for rank, name in enumerate(METRICS)}
    context.pairs.sort(key=lambda p: (type_rank[p.change.type], p.change.id))
    for pair in context.pairs:
        pair.change.relations.sort(key=lambda r: (rel_rank.get(r.rel, 99), r.to, _CHANGE_RANK[r.change]))
        pair.change.indicators.sort(
            key=lambda i: (
                metric_rank.get(i.metric, 999),
                str((i.new or i.old or {}).get("period", "")),
                _CHANGE_RANK[i.change],
            )
        )
    context.sources = _source_changes(context)
    review = Review(
        Side(base.label, base.commit),
        Side(head.label, head.commit),
        records=[p.change for p in context.pairs],
        sources=context.sources,
    )
    review.flags = raise_flags(context)
    return review, context


def review_revisions(root: Path, base: str | None, head: str | None) -> Review:
    """Review the change from ``base`` (default: the merge base of ``main`` and HEAD) to ``head``
    (default: the working tree) in the project at ``root``."""
    return _reviewed(root, base, head, lambda review, _: review)


def review_neighbourhood(root: Path, base: str | None, head: str | None) -> tuple[Review, Neighbourhood]:
    """:func:`review_revisions`, and the changed neighbourhood to draw (read while git is open)."""
    from kg.diff.neighbourhood import changed_neighbourhood

    return _reviewed(root, base, head, lambda review, ctx: (review, changed_neighbourhood(review, ctx)))


def _reviewed(
    root: Path, base: str | None, head: str | None, then: Callable[[Review, ReviewContext], T]
) -> T:
    git = Git(root)
    try:
        cache: ParseCache = {}
        if base is None:
            main = _main_branch(git)
            before = Snapshot(git, git.merge_base(main, head or "HEAD"), f"merge base with {main}", cache)
        else:
            before = open_snapshot(git, base, cache)
        after = open_snapshot(git, head, cache)
        return then(*build_review(before, after))
    finally:
        git.close()


def _main_branch(git: Git) -> str:
    """The branch a change is reviewed against by default: main (or master), local or remote."""
    for candidate in ("main", "origin/main", "master", "origin/master"):
        try:
            git.commit(candidate)
            return candidate
        except UsageError:
            continue
    raise UsageError("no branch 'main' to compare with; name the base revision: kg diff BASE")
