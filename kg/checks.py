"""Checks across records: references, relation domains and ranges, cycles, adcodes, quotes,
possible duplicates. Each returns problems; none stops at the first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import networkx as nx
from pydantic import BaseModel

from kg.corpus import Corpus
from kg.errors import Problem
from kg.load import SOURCES_FILE, Curation, Document
from kg.schema import PREDICATES, Citation, Record
from kg.schema.base import did_you_mean
from kg.schema.relations import QUALIFIERS
from kg.validation import PLACEHOLDER, field_path, placeholder_message
from kg.yamlio import KeyPath

__all__ = ["PLACEHOLDER", "name_key", "run_checks"]

MIN_QUOTE = 4
HIERARCHY_PREDICATES = ("part_of", "segment_of")

_NAME_SUFFIXES = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|集团|公司|特别行政区|自治州|自治县|省|市|区|县|镇|街道)$"
)


def name_key(name: str) -> str:
    """A name with its administrative or legal suffix dropped, for spotting duplicates.

    >>> name_key("萧山区") == name_key("萧山")
    True
    """
    stripped = _NAME_SUFFIXES.sub("", name.strip())
    return (stripped if len(stripped) >= 2 else name.strip()).lower()


def iter_citations(model: BaseModel, path: KeyPath = ()) -> Iterator[tuple[KeyPath, Citation]]:
    """Every citation inside a record, with its key path."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            here = (*path, name, index) if isinstance(value, list) else (*path, name)
            if isinstance(item, Citation):
                yield here, item
            elif isinstance(item, BaseModel):
                yield from iter_citations(item, here)


def iter_references(record: Record) -> Iterator[tuple[KeyPath, str]]:
    """Every id a record points at, with its key path."""
    for i, relation in enumerate(record.relations):
        yield ("relations", i, "to"), relation.to
    for i, indicator in enumerate(record.indicators):
        if indicator.about:
            yield ("indicators", i, "about"), indicator.about
        if indicator.reported_by:
            yield ("indicators", i, "reported_by"), indicator.reported_by
    for i, other in enumerate(record.distinct_from):
        yield ("distinct_from", i, "id"), other.id


class _Reporter:
    def __init__(self, curation: Curation) -> None:
        self.curation = curation
        self.problems: list[Problem] = []

    def at(
        self,
        document: Document,
        path: KeyPath,
        code: str,
        message: str,
        *,
        key: bool = False,
        severity: Any = "error",
    ) -> None:
        line, col = document.located.where(path, key=key) if document.located else (1, 1)
        self.problems.append(Problem(document.display, line, col, code, message, severity))


def _check_references(curation: Curation, report: _Reporter) -> None:
    records = curation.records
    for record_id, record in records.items():
        document = curation.documents[record_id]
        for path, target in iter_references(record):
            if target not in records:
                report.at(
                    document,
                    path,
                    "KG202",
                    f"unknown record {target!r} in {field_path(path)}{did_you_mean(target, records)}",
                )
            elif target == record_id and path[0] == "relations":
                report.at(document, path, "KG208", f"{record_id!r} relates to itself in {field_path(path)}")


def _an(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _check_relations(curation: Curation, report: _Reporter) -> None:
    records = curation.records
    for record_id, record in records.items():
        document = curation.documents[record_id]
        seen: set[tuple[Any, ...]] = set()
        for i, relation in enumerate(record.relations):
            predicate = PREDICATES[relation.rel]
            target = records.get(relation.to)
            if record.type not in predicate.domain:
                report.at(
                    document,
                    ("relations", i, "rel"),
                    "KG203",
                    f"{_an(record.type)} cannot be the subject of {relation.rel!r} "
                    f"(allowed: {', '.join(sorted(predicate.domain))})",
                )
            if target is not None and (
                target.type not in predicate.range or (predicate.same_type and target.type != record.type)
            ):
                allowed = record.type if predicate.same_type else ", ".join(sorted(predicate.range))
                report.at(
                    document,
                    ("relations", i, "to"),
                    "KG204",
                    f"{relation.rel!r} cannot point at {target.type} {relation.to!r} (allowed: {allowed})",
                )
            for qualifier in QUALIFIERS:
                if getattr(relation, qualifier) is not None and qualifier not in predicate.qualifiers:
                    report.at(
                        document,
                        ("relations", i, qualifier),
                        "KG209",
                        f"{qualifier!r} is not a qualifier of {relation.rel!r} "
                        f"(allowed: {', '.join(sorted(predicate.qualifiers))})",
                        key=True,
                    )
            identity = (
                relation.rel,
                relation.to,
                relation.stage,
                relation.tier,
                relation.role,
                relation.period,
            )
            if identity in seen:
                report.at(
                    document,
                    ("relations", i),
                    "KG502",
                    f"relation {relation.rel} → {relation.to} is stated twice; merge the sources",
                    severity="warning",
                )
            seen.add(identity)
            if (
                predicate.symmetric
                and target is not None
                and any(back.rel == relation.rel and back.to == record_id for back in target.relations)
                and record_id > relation.to
            ):
                report.at(
                    document,
                    ("relations", i),
                    "KG502",
                    f"{relation.rel!r} is symmetric and {relation.to!r} already states it; keep one",
                    severity="warning",
                )


def _check_cycles(curation: Curation, report: _Reporter) -> None:
    records = curation.records
    for predicate in HIERARCHY_PREDICATES:
        graph = nx.DiGraph(
            (record_id, relation.to)
            for record_id, record in records.items()
            for relation in record.relations
            if relation.rel == predicate and relation.to in records and relation.to != record_id
        )
        cycles = [c[c.index(min(c)) :] + c[: c.index(min(c))] for c in nx.simple_cycles(graph)]
        for cycle in sorted(cycles):
            first, trail = cycle[0], [*cycle, cycle[0]]
            index = next(
                i for i, r in enumerate(records[first].relations) if r.rel == predicate and r.to == trail[1]
            )
            report.at(
                curation.documents[first],
                ("relations", index, "to"),
                "KG205",
                f"{predicate} cycle: {' → '.join(trail)}",
            )


def _adcode_prefix(adcode: str) -> str:
    return re.sub(r"(00)+$", "", adcode)


def _check_adcodes(curation: Curation, report: _Reporter) -> None:
    records = curation.records
    for record_id, record in records.items():
        if record.type != "district" or not record.ids or not record.ids.adcode:
            continue
        for relation in record.relations:
            parent = records.get(relation.to)
            if relation.rel != "part_of" or parent is None or not parent.ids or not parent.ids.adcode:
                continue
            prefix = _adcode_prefix(parent.ids.adcode)
            code = record.ids.adcode
            if not code.startswith(prefix) or code == parent.ids.adcode:
                report.at(
                    curation.documents[record_id],
                    ("ids", "adcode"),
                    "KG206",
                    f"adcode {code!r} is not inside parent {relation.to!r} "
                    f"({parent.ids.adcode}); it should start with {prefix!r}",
                )


def _check_citations(curation: Curation, corpus: Corpus, report: _Reporter) -> None:
    sources = curation.sources
    for record_id, record in curation.records.items():
        document = curation.documents[record_id]
        if record.ids is not None:
            source = sources.get(record.ids.source)
            if source is None:
                report.at(
                    document,
                    ("ids", "source"),
                    "KG207",
                    f"unknown source {record.ids.source!r}{did_you_mean(record.ids.source, sources)}",
                )
            elif source.kind != "reference":
                report.at(
                    document,
                    ("ids", "source"),
                    "KG210",
                    f"ids cite {source.id!r}, an {source.kind}; cite the reference list the codes come from",
                )
        for path, citation in iter_citations(record):
            source = sources.get(citation.source)
            if source is None:
                report.at(
                    document,
                    (*path, "source"),
                    "KG207",
                    f"unknown source {citation.source!r}{did_you_mean(citation.source, sources)}",
                )
                continue
            if source.kind != "article":
                continue
            if citation.quote is None:
                report.at(
                    document,
                    path,
                    "KG302",
                    f"citation of article {source.id!r} needs a quote in {field_path(path)}",
                )
                continue
            if corpus.text(source.id) is None:
                continue  # KG303 is reported once, on the registry
            if corpus.find(source.id, citation.quote) < 0:
                closest = corpus.closest(source.id, citation.quote)
                hint = f"; closest passage: {closest!r}" if closest else ""
                report.at(
                    document,
                    (*path, "quote"),
                    "KG301",
                    f"quote {citation.quote!r} not found in source {source.id!r}{hint}",
                )
            elif len(citation.quote) < MIN_QUOTE:
                report.at(
                    document,
                    (*path, "quote"),
                    "KG504",
                    f"quote {citation.quote!r} is shorter than {MIN_QUOTE} characters",
                    severity="warning",
                )


def _check_duplicates(curation: Curation, report: _Reporter) -> None:
    holders: dict[str, set[str]] = defaultdict(set)
    for record_id, record in curation.records.items():
        for name in (record.name, *record.aliases):
            holders[name_key(name)].add(record_id)
    warned: set[tuple[str, str]] = set()
    for key, ids in sorted(holders.items()):
        for a in sorted(ids):
            for b in sorted(ids):
                if a >= b or (a, b) in warned:
                    continue
                ra, rb = curation.records[a], curation.records[b]
                if any(d.id == b for d in ra.distinct_from) or any(d.id == a for d in rb.distinct_from):
                    continue
                warned.add((a, b))
                report.at(
                    curation.documents[b],
                    ("name",),
                    "KG501",
                    f"{rb.type} {b!r} ({rb.name}) and {ra.type} {a!r} ({ra.name}) share the "
                    f"name {key!r}; merge them, or add distinct_from with a reason",
                    severity="warning",
                )


def _check_placeholders(curation: Curation, report: _Reporter) -> None:
    loaded = {(p.path, p.line, p.col) for p in curation.problems if p.code == "KG111"}
    for document in curation.all_documents:
        if document.located is None:
            continue
        for path, (line, col) in sorted(document.located.values.items(), key=lambda kv: kv[1]):
            value = _value_at(document.located.data, path)
            reported = (document.display, line, col) in loaded
            if isinstance(value, str) and PLACEHOLDER in value and not reported:
                message = placeholder_message(path, value)
                report.problems.append(Problem(document.display, line, col, "KG111", message))


def _value_at(data: Any, path: KeyPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _check_source_texts(curation: Curation, corpus: Corpus, report: _Reporter) -> None:
    entries = curation.sources_located
    for index, entry in enumerate(entries.data if entries else []):
        source = curation.sources.get(str(entry.get("id"))) if isinstance(entry, dict) else None
        if source is None or source.kind != "article" or not source.file:
            continue
        text = corpus.text(source.id)
        if text is None:
            if (curation.root / "seeds" / source.file).is_file():
                line, col = entries.where((index, "file")) if entries else (1, 1)
                message = f"source {source.id!r}: {source.file} is not UTF-8 or GB18030 text"
                report.problems.append(Problem(str(SOURCES_FILE), line, col, "KG303", message))
            continue
        for damage in text.damage:
            report.problems.append(
                Problem(
                    f"seeds/{source.file}",
                    damage.line,
                    damage.col,
                    "KG503",
                    f"{damage.text!r} lost bytes in decoding; quote around it",
                    "warning",
                )
            )


def run_checks(curation: Curation, corpus: Corpus | None = None) -> list[Problem]:
    """Every cross-record check over a loaded curation; returns problems sorted by place."""
    corpus = corpus or Corpus(curation.root / "seeds", curation.sources)
    report = _Reporter(curation)
    _check_references(curation, report)
    _check_relations(curation, report)
    _check_cycles(curation, report)
    _check_adcodes(curation, report)
    _check_citations(curation, corpus, report)
    _check_duplicates(curation, report)
    _check_placeholders(curation, report)
    _check_source_texts(curation, corpus, report)
    return sorted(report.problems)
