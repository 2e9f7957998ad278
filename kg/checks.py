"""The checks of one record: its citations and quotes, its placeholders, the domain and
qualifiers of its relations; and :func:`run_checks`, which runs them with the checks across
records (:mod:`kg.crosschecks`) over a loaded curation.

The checks of one record need only that record, the source registry and the source texts, so
they run where the record is parsed (in parallel, and remembered by :mod:`kg.cache`, in
:func:`kg.treecheck.check_tree`). Quotes are verified in one pass per source
(:meth:`kg.corpus.Corpus.missing`).
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kg.corpus import Corpus
from kg.crosschecks import HIERARCHY_PREDICATES, cross_findings
from kg.errors import Problem
from kg.facts import Finding, facts_of, iter_references, name_key
from kg.load import SOURCES_FILE, Curation, Document
from kg.schema import PREDICATES, Citation, Record, Source
from kg.schema.base import did_you_mean
from kg.schema.relations import QUALIFIERS
from kg.text import Damage
from kg.validation import PLACEHOLDER, field_path, placeholder_message
from kg.yamlio import KeyPath, Located

__all__ = [
    "HIERARCHY_PREDICATES",
    "PLACEHOLDER",
    "RecordChecks",
    "cited_sources",
    "iter_citations",
    "iter_references",
    "name_key",
    "placeholder_problems",
    "run_checks",
    "source_text_problems",
]

MIN_QUOTE = 4


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _models_in(argument)


@cache
def _citing_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` that can hold a citation, directly or inside another model."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if any(inner is Citation or _citing_fields(inner) for inner in _models_in(info.annotation))
    )


def iter_citations(model: BaseModel, path: KeyPath = ()) -> Iterator[tuple[KeyPath, Citation]]:
    """Every citation inside a record, with its key path."""
    found: list[tuple[KeyPath, Citation]] = []
    _collect_citations(model, path, found)
    return iter(found)


def _collect_citations(model: BaseModel, path: KeyPath, found: list[tuple[KeyPath, Citation]]) -> None:
    for name in _citing_fields(type(model)):
        value = getattr(model, name)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Citation):
                    found.append(((*path, name, index), item))
                elif isinstance(item, BaseModel):
                    _collect_citations(item, (*path, name, index), found)
        elif isinstance(value, Citation):
            found.append(((*path, name), value))
        elif isinstance(value, BaseModel):
            _collect_citations(value, (*path, name), found)


def _an(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def cited_sources(record: Record, citations: Iterable[tuple[KeyPath, Citation]] | None = None) -> set[str]:
    """Every source id a record cites (``citations``, if already listed), its ids' source included."""
    listed = iter_citations(record) if citations is None else citations
    cited = {citation.source for _, citation in listed}
    if record.ids is not None:
        cited.add(record.ids.source)
    return cited


class RecordChecks:
    """The checks of one record at a time. Quotes are kept until :meth:`finish`, which verifies
    them in one pass per source and reports those not found."""

    def __init__(self, sources: Mapping[str, Source], corpus: Corpus) -> None:
        self.sources = sources
        self.corpus = corpus
        self._quotes: list[tuple[Document, KeyPath, str, str]] = []
        """(document, key path of the citation, source id, quote) of each quote to verify."""
        self._wanted: dict[str, set[str]] = {}
        """The quotes to verify, by source id."""
        self._short = False
        """Whether a quote to verify is shorter than :data:`MIN_QUOTE`."""
        self._has_text: dict[str, bool] = {}

    def check(
        self,
        document: Document,
        record: Record,
        citations: list[tuple[KeyPath, Citation]] | None = None,
    ) -> list[Problem]:
        """Problems of ``record`` (read from ``document``) other than its quotes; ``citations``
        are its :func:`iter_citations`, if already listed."""
        problems: list[Problem] = []

        def at(path: KeyPath, code: str, message: str, *, key: bool = False, warning: bool = False) -> None:
            finding = Finding(document.display, path, code, message, "warning" if warning else "error", key)
            problems.append(finding.place(document.located))

        record_id = record.id
        for i, relation in enumerate(record.relations):  # the relations' targets lead iter_references
            if relation.to == record_id:
                path = ("relations", i, "to")
                at(path, "KG208", f"{record_id!r} relates to itself in {field_path(path)}")
        self._relations(record, at)
        self._citations(
            document, record, list(iter_citations(record)) if citations is None else citations, at
        )
        return problems

    def _relations(self, record: Record, at: Any) -> None:
        seen: set[tuple[Any, ...]] = set()
        for i, relation in enumerate(record.relations):
            predicate = PREDICATES[relation.rel]
            if record.type not in predicate.domain:
                at(
                    ("relations", i, "rel"),
                    "KG203",
                    f"{_an(record.type)} cannot be the subject of {relation.rel!r} "
                    f"(allowed: {', '.join(sorted(predicate.domain))})",
                )
            for qualifier in _foreign_qualifiers(relation.rel):
                if getattr(relation, qualifier) is not None:
                    at(
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
                at(
                    ("relations", i),
                    "KG502",
                    f"relation {relation.rel} → {relation.to} is stated twice; merge the sources",
                    warning=True,
                )
            seen.add(identity)

    def _citations(
        self, document: Document, record: Record, citations: list[tuple[KeyPath, Citation]], at: Any
    ) -> None:
        sources = self.sources
        if record.ids is not None:
            source = sources.get(record.ids.source)
            if source is None:
                at(
                    ("ids", "source"),
                    "KG207",
                    f"unknown source {record.ids.source!r}{did_you_mean(record.ids.source, sources)}",
                )
            elif source.kind != "reference":
                at(
                    ("ids", "source"),
                    "KG210",
                    f"ids cite {source.id!r}, an {source.kind}; cite the reference list the codes come from",
                )
        quotes, wanted, has_text = self._quotes, self._wanted, self._has_text
        for path, citation in citations:
            source = sources.get(citation.source)
            if source is None:
                at(
                    (*path, "source"),
                    "KG207",
                    f"unknown source {citation.source!r}{did_you_mean(citation.source, sources)}",
                )
                continue
            if source.kind != "article":
                continue
            quote = citation.quote
            if quote is None:
                at(path, "KG302", f"citation of article {source.id!r} needs a quote in {field_path(path)}")
                continue
            source_id = source.id
            readable = has_text.get(source_id)
            if readable is None:
                readable = has_text[source_id] = self.corpus.searchable(source_id) is not None
            if not readable:
                continue  # KG303 is reported once, on the registry
            quotes.append((document, path, source_id, quote))
            group = wanted.get(source_id)
            if group is None:
                group = wanted[source_id] = set()
            group.add(quote)
            if len(quote) < MIN_QUOTE:
                self._short = True

    def finish(self) -> list[Problem]:
        """Problems of the quotes of every record checked so far."""
        missing = self.corpus.missing(self._wanted)
        problems = []
        if missing or self._short:  # else every quote is found and long enough: nothing to report
            for document, path, source_id, quote in self._quotes:
                if quote in missing.get(source_id, ()):
                    closest = self.corpus.closest(source_id, quote)
                    hint = f"; closest passage: {closest!r}" if closest else ""
                    message = f"quote {quote!r} not found in source {source_id!r}{hint}"
                    finding = Finding(document.display, (*path, "quote"), "KG301", message)
                    problems.append(finding.place(document.located))
                elif len(quote) < MIN_QUOTE:
                    message = f"quote {quote!r} is shorter than {MIN_QUOTE} characters"
                    finding = Finding(document.display, (*path, "quote"), "KG504", message, "warning")
                    problems.append(finding.place(document.located))
        self._quotes, self._wanted, self._short = [], {}, False
        return problems


@cache
def _foreign_qualifiers(rel: str) -> tuple[str, ...]:
    """The :data:`~kg.schema.relations.QUALIFIERS` a predicate does not take, in their order."""
    return tuple(qualifier for qualifier in QUALIFIERS if qualifier not in PREDICATES[rel].qualifiers)


def _strings(data: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def placeholder_problems(document: Document, loaded: Iterable[Problem] = ()) -> list[Problem]:
    """KG111 for every value that still holds the ``kg new`` placeholder, unless ``loaded`` (the
    problems found while loading) already reports it."""
    located = document.located
    if located is None or (located.text is not None and PLACEHOLDER not in located.text):
        return []
    reported = {(p.path, p.line, p.col) for p in loaded if p.code == "KG111"}
    problems = []
    for path, value in _strings(located.data, ()):
        if PLACEHOLDER in value:
            line, col = located.values[path]
            if (document.display, line, col) not in reported:
                message = placeholder_message(path, value)
                problems.append(Problem(document.display, line, col, "KG111", message))
    return problems


def source_text_problems(
    registry: Located | None,
    sources: Mapping[str, Source],
    damage: Callable[[str], list[Damage] | None],
    seeds: Path,
) -> list[Problem]:
    """KG303 for an article whose file is not text, KG503 for text that lost bytes.

    ``damage`` gives the damage of a source's text, None when it is not readable text
    (:meth:`kg.corpus.Corpus.damage`)."""
    problems = []
    for index, entry in enumerate(registry.data if registry else []):
        source = sources.get(str(entry.get("id"))) if isinstance(entry, dict) else None
        if source is None or source.kind != "article" or not source.file:
            continue
        lost_bytes = damage(source.id)
        if lost_bytes is None:
            if (seeds / source.file).is_file():
                line, col = registry.where((index, "file")) if registry else (1, 1)
                message = f"source {source.id!r}: {source.file} is not UTF-8 or GB18030 text"
                problems.append(Problem(str(SOURCES_FILE), line, col, "KG303", message))
            continue
        problems += [
            Problem(
                f"seeds/{source.file}",
                lost.line,
                lost.col,
                "KG503",
                f"{lost.text!r} lost bytes in decoding; quote around it",
                "warning",
            )
            for lost in lost_bytes
        ]
    return problems


def run_checks(curation: Curation, corpus: Corpus | None = None) -> list[Problem]:
    """Every check over a loaded curation; returns problems sorted by place."""
    corpus = corpus or Corpus(curation.root / "seeds", curation.sources)
    checks = RecordChecks(curation.sources, corpus)
    problems: list[Problem] = []
    for record_id, record in curation.records.items():
        problems += checks.check(curation.documents[record_id], record)
    problems += checks.finish()
    facts = {
        record_id: facts_of(record, curation.documents[record_id].display)
        for record_id, record in curation.records.items()
    }
    located = {document.display: document.located for document in curation.all_documents}
    problems += [finding.place(located.get(finding.display)) for finding in cross_findings(facts)]
    for document in curation.all_documents:
        problems += placeholder_problems(document, curation.problems)
    problems += source_text_problems(
        curation.sources_located, curation.sources, corpus.damage, curation.root / "seeds"
    )
    return sorted(problems)
