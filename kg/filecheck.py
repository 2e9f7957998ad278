"""Checking record files one by one, as a worker process does for ``kg check``.

Each file is read, digested, parsed, validated and checked alone (:class:`~kg.checks.RecordChecks`:
its quotes, its placeholders, the domain and qualifiers of its relations), giving an
:data:`Entry` the cache keeps by the file's digest; an entry already in the cache is used again
while every source it cites is unchanged. Quotes are verified for a few hundred files at once.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from kg.cache import Stamp, digest, stamp_of
from kg.checks import RecordChecks, cited_sources, iter_citations, placeholder_problems
from kg.corpus import Corpus
from kg.errors import Problem
from kg.facts import facts_of
from kg.graph import PlainRecord, plain_record
from kg.load import parse_record
from kg.scan import RecordFile
from kg.schema import Citation, Record, Source
from kg.yamlio import MAX_RECORD_BYTES, KeyPath

__all__ = [
    "NO_FACTS",
    "QUOTE_BATCH",
    "Entry",
    "FileChecker",
    "Outcome",
    "ProblemRow",
    "facts_digest",
    "problem_rows",
    "problems_of",
    "received",
]

ProblemRow = tuple[str, int, int, str, str, str]


def problem_rows(problems: Sequence[Problem]) -> tuple[ProblemRow, ...]:
    """Problems as plain tuples, for the cache and for sending between processes."""
    return tuple((p.path, p.line, p.col, p.code, p.message, p.severity) for p in problems)


def problems_of(rows: Sequence[ProblemRow]) -> list[Problem]:
    """The problems :func:`problem_rows` made tuples of."""
    return [Problem(*row) for row in rows]  # type: ignore[arg-type]


Entry = tuple[tuple[ProblemRow, ...], tuple[ProblemRow, ...], tuple[Any, ...] | None, tuple[Any, ...], bytes]
"""What checking one record file alone found: problems of loading it (placeholders included),
problems of its checks (dropped if another file has its id), its facts, the sources it cites,
and the digest of its facts (:func:`facts_digest`)."""

NO_FACTS = bytes(16)
"""The facts digest of a file that is not a valid record."""


def facts_digest(plain: tuple[Any, ...] | None) -> bytes:
    """A digest of a record's facts (:meth:`kg.facts.Facts.to_plain`: builtin types only),
    :data:`NO_FACTS` for none.

    The bytes digested are ``marshal`` format 2, the same for the same value: unlike the later
    formats it marks neither objects met twice nor interned strings (and it is a few times
    faster than ``repr``)."""
    return NO_FACTS if plain is None else digest(marshal.dumps(plain, 2))


QUOTE_BATCH = 256
"""Files whose quotes are verified together: a quote keeps its file's parsed data alive until
then, so a whole chunk at once would hold a third of a gigabyte per 10,000 files."""


class Outcome(NamedTuple):
    """One record file as a worker read it."""

    display: str
    digest: bytes | None
    """Of the bytes read; None when the file could not be read."""
    stamp: Stamp | None
    """The file's stamp, taken before it was read."""
    entry: Entry
    data: PlainRecord | None = None
    """The plain data of a valid record, when records are kept."""
    reused: bool = False
    """Whether the entry came from the cache."""


@dataclass
class _Fresh:
    """A record file being checked: its quotes are verified with those of its batch."""

    display: str
    digest: bytes
    stamp: Stamp | None
    loaded: list[Problem]
    checked: list[Problem] = field(default_factory=list)
    facts: tuple[Any, ...] | None = None
    deps: tuple[tuple[str, bytes], ...] = ()
    data: PlainRecord | None = None


def _read_all(fd: int, size: int) -> bytes:
    """Every byte to the end of the file ``fd``, ``size`` bytes expected: one read when the
    file still has that size (a read returning less than asked for is at the end of a regular
    file), more when it grew or a read came back short."""
    data = os.read(fd, size + 1)
    if len(data) == size:
        return data
    parts = [data]
    while part := os.read(fd, max(size, 65536)):
        parts.append(part)
    return b"".join(parts)


class FileChecker:
    """What checking a file needs: the project, its sources and their digests, the cache's entries."""

    def __init__(self, root: Path, keep_records: bool) -> None:
        self.root = root
        self.keep_records = keep_records
        self.sources: dict[str, Source] = {}
        self.source_digests: dict[str, bytes] = {}
        """Digest of each source (its registry entry and its text); ``*`` for the set of ids."""
        self.corpus = Corpus(root / "seeds", {})
        self.entries: dict[tuple[str, bytes], Any] = {}
        self.shared: dict[str, str] = {}
        """Words the plain data of a chunk's records share (:func:`kg.graph.plain_record`)."""
        self._deps_ok: dict[tuple[tuple[str, bytes], ...], bool] = {}
        self._pid = os.getpid()
        """The process that made this checker: another one packs its outcomes to send them."""
        self._deps_of: dict[frozenset[str], tuple[tuple[str, bytes], ...]] = {}

    def use_registry(self, sources: dict[str, Source], digests: dict[str, bytes], corpus: Corpus) -> None:
        """Check against this source registry from now on; what was remembered of the last one
        (the entries' dependencies and whether they still hold) is forgotten."""
        self.sources, self.source_digests, self.corpus = sources, digests, corpus
        self._deps_ok, self._deps_of = {}, {}

    def depends_ok(self, deps: tuple[tuple[str, bytes], ...]) -> bool:
        """Whether every source an entry cited is as it was (records cite few sources, often
        the same ones, so the answer is remembered per set of sources)."""
        known = self._deps_ok.get(deps)
        if known is None:
            digests = self.source_digests
            known = self._deps_ok[deps] = all(digests.get(source, b"") == was for source, was in deps)
        return known

    def dependencies(
        self, record: Record, citations: list[tuple[KeyPath, Citation]]
    ) -> tuple[tuple[str, bytes], ...]:
        """The sources an entry depends on, with their digests: those the record cites, and
        the set of ids if it cites one that is not registered. Remembered per set of sources
        cited (10,000 generated records cite 935 sets), so that a chunk's outcomes send each
        set once."""
        cited = frozenset(cited_sources(record, citations))
        deps = self._deps_of.get(cited)
        if deps is None:
            digests = self.source_digests
            found = {source_id: digests.get(source_id, b"") for source_id in cited}
            if any(source_id not in self.sources for source_id in cited):
                found["*"] = digests["*"]  # a did-you-mean hint names the closest source id
            deps = self._deps_of[cited] = tuple(sorted(found.items()))
        return deps

    # -- checking record files ------------------------------------------------------------------
    def check_files(self, chunk: Sequence[RecordFile]) -> list[Outcome]:
        """Read, parse, validate and check each file alone (in a worker process)."""
        outcomes: list[Outcome] = []
        self.shared = {}  # the chunk's outcomes are packed together: each shared word is sent once
        for start in range(0, len(chunk), QUOTE_BATCH):
            outcomes += self._check_batch(chunk[start : start + QUOTE_BATCH])
        return outcomes

    def check_to_send(self, chunk: Sequence[RecordFile]) -> list[Outcome | bytes]:
        """:meth:`check_files`, run by :func:`kg.parallel.chunk_results`: in a worker process the
        chunk's outcomes come back packed in one ``bytes`` (unpacked by :func:`received`).

        They are builtin types only, so ``marshal`` packs them: 2.5 times faster than pickle
        writes them, and read back a third faster; like pickle, it writes an object met twice
        once, so the words :func:`kg.graph.plain_record` shares stay shared in the parent."""
        outcomes = self.check_files(chunk)
        if os.getpid() == self._pid:
            return list(outcomes)  # checked here: nothing to send
        return [marshal.dumps([tuple(outcome) for outcome in outcomes])]

    def _check_batch(self, batch: Sequence[RecordFile]) -> list[Outcome]:
        checks = RecordChecks(self.sources, self.corpus)
        done = [self._check_file(item, checks) for item in batch]
        quote_problems: dict[str, list[Problem]] = {}
        for problem in checks.finish():
            quote_problems.setdefault(problem.path, []).append(problem)
        outcomes = []
        for item in done:
            if isinstance(item, _Fresh):
                checked = item.checked + quote_problems.get(item.display, [])
                entry: Entry = (
                    problem_rows(item.loaded),
                    problem_rows(checked),
                    item.facts,
                    item.deps,
                    facts_digest(item.facts),
                )
                item = Outcome(item.display, item.digest, item.stamp, entry, item.data)
            outcomes.append(item)
        return outcomes

    def _check_file(self, item: RecordFile, checks: RecordChecks) -> Outcome | _Fresh:
        path = os.path.join(self.root, item.display)
        try:
            # os.open and os.read, not a buffered file object: a few microseconds less a file
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            try:
                stamp = item.stamp or stamp_of(os.fstat(fd))
                if stamp[0] > MAX_RECORD_BYTES:
                    message = f"file is {stamp[0]:,} bytes; the limit is {MAX_RECORD_BYTES:,}"
                    problem = Problem(item.display, 1, 1, "KG002", message)
                    return Outcome(
                        item.display, None, None, (problem_rows([problem]), (), None, (), NO_FACTS)
                    )
                data = _read_all(fd, stamp[0])
            finally:
                os.close(fd)
        except OSError as exc:
            problem = Problem(item.display, 1, 1, "KG001", f"cannot read file: {exc.strerror}")
            return Outcome(item.display, None, None, (problem_rows([problem]), (), None, (), NO_FACTS))
        known = digest(data)
        cached = self.entries.get((item.display, known))
        if cached is not None and not self.depends_ok(cached[3]):
            cached = None
        if cached is not None:
            if not self.keep_records:
                return Outcome(item.display, known, stamp, cached, reused=True)
            # These bytes were checked before: only the record's plain data is wanted.
            kept = self._plain_of_checked(data, item) if cached[2] is not None else None
            return Outcome(item.display, known, stamp, cached, kept, reused=True)
        document, loaded = parse_record(data, item.kind, item.display, path)
        record = document.record
        # node attributes and edge data, made here on every core, not in the parent
        kept = plain_record(record, self.shared) if self.keep_records and record is not None else None
        fresh = _Fresh(item.display, known, stamp, loaded, data=kept)
        fresh.loaded += placeholder_problems(document, loaded)
        if record is not None:
            citations = list(iter_citations(record))
            fresh.checked = checks.check(document, record, citations)
            fresh.facts = facts_of(record, item.display).to_plain()
            fresh.deps = self.dependencies(record, citations)
        return fresh

    def _plain_of_checked(self, data: bytes, item: RecordFile) -> PlainRecord | None:
        """The plain data of a file whose bytes an earlier run found a valid record."""
        document, _ = parse_record(data, item.kind, item.display)
        return plain_record(document.record, self.shared) if document.record is not None else None


def received(results: list[Outcome | bytes]) -> Iterator[Outcome]:
    """The outcomes of :meth:`FileChecker.check_to_send`, unpacked; each chunk's packed bytes
    are let go (taken out of ``results``) once unpacked, so that they are not all kept until
    the last chunk is."""
    results.reverse()
    while results:
        result = results.pop()
        if isinstance(result, bytes):
            unpacked = marshal.loads(result)
            del result
            yield from map(Outcome._make, unpacked)
        else:
            yield result
