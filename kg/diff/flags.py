"""Flags: the changes a reviewer should look at, each with its reason.

Like OSMCha's automatic flags, each says why: a figure changed with no new citation, a quote the
source does not contain, a record removed while others still point at it, a relation that breaks
the vocabulary's domains or ranges, an id renamed, a file that no longer loads, a new record that
looks like an existing one (:mod:`kg.diff.duplicates`). Only what the change touched is examined;
records it did not touch are found through ``git grep`` when they point at something it changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kg.checks import iter_citations, iter_references
from kg.diff.duplicates import duplicate_flags, search_terms
from kg.diff.model import FLAG_KINDS, Flag, IndicatorChange
from kg.diff.review import Pair, ReviewContext
from kg.diff.snapshot import Snapshot, record_id_of
from kg.load import Document
from kg.schema import PREDICATES, Record
from kg.schema.base import did_you_mean
from kg.validation import field_path
from kg.yamlio import KeyPath

__all__ = ["raise_flags"]

_FIGURE_FIELDS = ("value", "unit", "approx", "period", "target")


def _line(document: Document | None, path: KeyPath) -> int | None:
    return document.located.where(path)[0] if document and document.located else None


def _flag(kind: str, pair: Pair, reason: str, path: KeyPath = ()) -> Flag:
    return Flag(kind, pair.change.id, pair.change.name, reason, pair.change.path, _line(pair.document, path))


def _invalid(context: ReviewContext) -> Iterator[Flag]:
    for pair in context.pairs:
        errors = [p for p in pair.problems if p.severity == "error"]
        if errors:
            more = f" (and {len(errors) - 1} more; run kg check)" if len(errors) > 1 else ""
            first = errors[0]
            yield Flag(
                "invalid-record",
                pair.change.id,
                pair.change.name,
                f"does not load: {first.code} {first.message}{more}",
                first.path,
                first.line,
            )


def _references(context: ReviewContext) -> Iterator[Flag]:
    """Renames, and records that still point at an id this change removed or renamed."""
    head, gone = context.head, set(context.removed)
    for old_id, new_id in sorted(context.renamed.items()):
        pair = next(p for p in context.pairs if p.change.id == new_id)
        yield _flag(
            "renamed",
            pair,
            f"id {old_id!r} is now {new_id!r}; ids are never reused, and links to {old_id!r} from "
            "outside the graph (bookmarks, exports, other tools) stop working",
            ("id",),
        )
    hits = head.grep(sorted(gone), words=True)
    referrers = sorted({record_id_of(hit.path) for hit in hits})
    names = {i: r.name for i, r in context.base.records(sorted(gone)).items()}
    for referrer, (document, _) in head.documents(referrers).items():
        record = document.record
        if record is None:
            continue
        for path, target in iter_references(record):
            if target not in gone:
                continue
            where = f"{referrer!r} ({record.name}) still points at {target!r} in {field_path(path)}"
            reason = (
                f"renamed to {context.renamed[target]!r}, but {where}"
                if target in context.renamed
                else f"removed, but {where}"
            )
            line = _line(document, path)
            yield Flag("still-referenced", target, names.get(target, ""), reason, document.display, line)


def _unknown_references(context: ReviewContext) -> Iterator[Flag]:
    known, gone = context.head.record_paths, set(context.removed)
    for pair in context.pairs:
        if pair.new is None:
            continue
        before = {context.renamed.get(t, t) for _, t in iter_references(pair.old)} if pair.old else set()
        for path, target in iter_references(pair.new):
            if target in known or target in gone or target in before:
                continue
            reason = (
                f"{field_path(path)} points at {target!r}, which no record has{did_you_mean(target, known)}"
            )
            yield _flag("unknown-reference", pair, reason, path)


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _figure_reason(indicator: IndicatorChange) -> str | None:
    old, new = indicator.old or {}, indicator.new or {}
    changed = [f.field for f in indicator.fields if f.field in _FIGURE_FIELDS]
    cited = any(f.field == "sources" and f.added for f in indicator.fields)
    if not changed or cited:
        return None
    period = f" ({new['period']})" if new.get("period") else ""
    reason = (
        f"{indicator.metric}{period}: {_number(old.get('value'))} {old.get('unit', '')} → "
        f"{_number(new.get('value'))} {new.get('unit', '')}, but no citation was added or changed"
    )
    quotes = [str(c.get("quote") or "") for c in new.get("sources", [])]
    was, now = _number(old.get("value")), _number(new.get("value"))
    if was != now and any(was in q for q in quotes) and not any(now in q for q in quotes):
        reason += f"; its quote still says {was}"
    return reason


def _indicator_path(record: Record, figure: dict[str, Any]) -> KeyPath:
    for index, indicator in enumerate(record.indicators):
        if (indicator.metric, indicator.period, indicator.value) == (
            figure["metric"],
            figure.get("period"),
            figure["value"],
        ):
            return ("indicators", index, "value")
    return ("indicators",)


def _figures(context: ReviewContext) -> Iterator[Flag]:
    for pair in context.pairs:
        for indicator in pair.change.indicators:
            reason = _figure_reason(indicator) if indicator.change == "changed" else None
            if reason and pair.new is not None and indicator.new is not None:
                yield _flag("figure-without-citation", pair, reason, _indicator_path(pair.new, indicator.new))


def _quote_problem(snapshot: Snapshot, source_id: str, quote: str | None) -> str | None:
    source = snapshot.sources.get(source_id)
    if source is None:
        return f"cites {source_id!r}, which seeds/sources.yaml does not register"
    if source.kind != "article":
        return None
    if quote is None:
        return f"cites article {source_id!r} without a quote"
    if snapshot.corpus.text(source_id) is None:
        return f"cites {source_id!r}, whose text file cannot be read"
    if snapshot.corpus.find(source_id, quote) >= 0:
        return None
    closest = snapshot.corpus.closest(source_id, quote)
    hint = f"; closest passage: {closest!r}" if closest else ""
    return f"quote {quote!r} is not in source {source_id!r}{hint}"


def _quotes(context: ReviewContext) -> Iterator[Flag]:
    head, base = context.head, context.base
    retold = _retold(context)
    checked: set[str] = set()
    for pair in context.pairs:
        if pair.new is None:
            continue
        checked.add(pair.change.id)
        before = {(c.source, c.quote) for _, c in iter_citations(pair.old)} if pair.old else set()
        for path, citation in iter_citations(pair.new):
            if (citation.source, citation.quote) in before and citation.source not in retold:
                continue
            problem = _quote_problem(head, citation.source, citation.quote)
            if problem:
                yield _flag("quote-not-found", pair, problem, (*path, "quote"))
    hits = head.grep(sorted(retold), words=True)
    others = sorted({record_id_of(hit.path) for hit in hits} - checked)
    for record_id, (document, _) in head.documents(others).items():
        record = document.record
        if record is None:
            continue
        for path, citation in iter_citations(record):
            if citation.source not in retold or _quote_problem(base, citation.source, citation.quote):
                continue  # not affected, or already failing before this change
            problem = _quote_problem(head, citation.source, citation.quote)
            if problem:
                line = _line(document, (*path, "quote"))
                reason = f"{problem}; the change rewrote or removed that source"
                yield Flag("quote-not-found", record_id, record.name, reason, document.display, line)


def _an(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _rule_breaks(record: Record, index: int, head: Snapshot) -> Iterator[tuple[str, KeyPath]]:
    """Reasons a relation breaks its predicate's domain or range, with where to point."""
    relation = record.relations[index]
    predicate = PREDICATES.get(relation.rel)
    if predicate is None:
        return
    if record.type not in predicate.domain:
        allowed = ", ".join(sorted(predicate.domain))
        yield (
            f"{_an(record.type)} cannot be the subject of {relation.rel!r} (allowed: {allowed})",
            ("relations", index, "rel"),
        )
    target = head.type_of(relation.to)
    if target is not None and (
        target not in predicate.range or (predicate.same_type and target != record.type)
    ):
        allowed = record.type if predicate.same_type else ", ".join(sorted(predicate.range))
        yield (
            f"{relation.rel!r} cannot point at {target} {relation.to!r} (allowed: {allowed})",
            ("relations", index, "to"),
        )


def _domain_range(context: ReviewContext) -> Iterator[Flag]:
    head = context.head
    retyped = _retyped(context)
    for pair in context.pairs:
        if pair.new is None:
            continue
        touched = {(r.rel, r.to) for r in pair.change.relations if r.change in ("added", "changed")}
        for index, relation in enumerate(pair.new.relations):
            if (relation.rel, relation.to) in touched or pair.change.id in retyped or relation.to in retyped:
                for reason, path in _rule_breaks(pair.new, index, head):
                    yield _flag("domain-range", pair, reason, path)
    hits = head.grep(retyped, words=True)
    done = {p.change.id for p in context.pairs}
    others = sorted({record_id_of(hit.path) for hit in hits} - done)
    for record_id, (document, _) in head.documents(others).items():
        record = document.record
        for index, relation in enumerate(record.relations if record else []):
            if record is not None and relation.to in retyped:
                for reason, path in _rule_breaks(record, index, head):
                    yield Flag(
                        "domain-range",
                        record_id,
                        record.name,
                        reason,
                        document.display,
                        _line(document, path),
                    )


def _retold(context: ReviewContext) -> set[str]:
    """Sources whose text this change rewrote or whose entry it removed."""
    return {s.id for s in context.sources if s.change == "removed" or s.text_changed}


def _retyped(context: ReviewContext) -> list[str]:
    """Records this change moved to another type."""
    return [p.change.id for p in context.pairs if any(f.field == "type" for f in p.change.fields)]


def raise_flags(context: ReviewContext) -> list[Flag]:
    """Every flag the change raises, in :data:`FLAG_KINDS` order, then by record."""
    terms = [*context.removed, *_retold(context), *_retyped(context), *search_terms(context)]
    if terms:
        context.head.prefetch(terms)  # one pass over the tree answers every search below
    flags: set[Flag] = set()
    for found in (
        _invalid(context),
        _references(context),
        _unknown_references(context),
        _figures(context),
        _quotes(context),
        _domain_range(context),
        duplicate_flags(context),
    ):
        flags.update(found)
    order = list(FLAG_KINDS)
    return sorted(flags, key=lambda f: (order.index(f.kind), f.record, f.path or "", f.line or 0, f.reason))
