"""``kg check`` on a project folder: every record file checked once, on every core, and remembered.

The problems are exactly those of :func:`kg.load.load_curation` plus :func:`kg.checks.run_checks`
(``tests/test_treecheck.py`` compares the two); only the work differs:

1. Every file under ``curation/`` and every source text is stamped (``stat``); a file whose stamp
   the cache (:mod:`kg.cache`) knows is not read. If nothing changed since the last run, its
   result is the answer.
2. Each record file that changed (or whose cited sources changed) is read, parsed, validated and
   checked alone — quotes, placeholders, its relations' domains — in worker processes
   (:mod:`kg.parallel`), giving its problems and its :class:`~kg.facts.Facts`.
3. The checks across records run on the facts of every record, fresh or cached
   (:mod:`kg.crosschecks`); the files they find problems in are read again for line and column.
"""

from __future__ import annotations

import os
import time
from array import array
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple

from kg.cache import CheckCache, Stamp, cache_enabled, digest, stamp_of
from kg.checks import RecordChecks, cited_sources, iter_citations, placeholder_problems, source_text_problems
from kg.corpus import Corpus
from kg.crosschecks import cross_findings
from kg.errors import Problem
from kg.facts import Facts, Finding, facts_of
from kg.load import CURATION_DIR, INBOX_DIR, SOURCES_FILE, parse_record, parse_sources, path_kind
from kg.parallel import MIN_ITEMS_PER_JOB, collector_paused, map_chunks
from kg.schema import RECORD_TYPES, Citation, Record, Source
from kg.text import Damage
from kg.yamlio import MAX_RECORD_BYTES, KeyPath, Located, parse_yaml

__all__ = ["CheckResult", "check_tree"]

ProblemRow = tuple[str, int, int, str, str, str]


@dataclass
class CheckResult:
    """Every problem of a tree, and what was checked."""

    problems: list[Problem]
    files: int
    """Record files read (valid or not)."""
    sources: int
    """Valid entries of the source registry."""
    reused: int = 0
    """Record files whose checks came from the cache."""
    read: int = 0
    """Record files read (the others' stamps were as recorded)."""
    records: dict[str, Record] = field(default_factory=dict)
    """The valid records by id (with ``keep_records``)."""
    registry: dict[str, Source] = field(default_factory=dict)
    """The valid sources by id (with ``keep_records``)."""


class _File(NamedTuple):
    display: str
    kind: str
    stamp: Stamp | None


def _rows(problems: Sequence[Problem]) -> tuple[ProblemRow, ...]:
    return tuple((p.path, p.line, p.col, p.code, p.message, p.severity) for p in problems)


def _problems(rows: Sequence[ProblemRow]) -> list[Problem]:
    return [Problem(*row) for row in rows]  # type: ignore[arg-type]


def _walk(folder: str, relative: str) -> Iterator[str]:
    """Files below ``folder`` (following links, as ``Path.rglob`` does), by POSIX path."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        inner = f"{relative}/{entry.name}"
        if _is_dir(entry):
            yield from _walk(entry.path, inner)
        else:
            yield inner


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


_MISPLACED = f"expected curation/<type>/<id>.yaml with type one of {', '.join(sorted(RECORD_TYPES))}"


def _scan(root: Path, stamped: bool) -> tuple[list[_File], list[Problem]]:
    """Record files in load order (by path parts), ``stamped`` or not; misplaced files as KG010.

    The same files, in the same order, as :func:`kg.load.record_files`, which classifies each
    path with :func:`kg.load.path_kind`; here the layout is walked directly, as it is large.
    Without stamps (no cache to compare them with) each file is stamped as it is read.
    """
    base = root / CURATION_DIR
    try:
        top = sorted(os.scandir(base), key=lambda entry: entry.name)
    except OSError:
        return [], []
    found: list[tuple[str, str, os.DirEntry[str]]] = []
    misplaced: list[str] = []
    for folder in top:
        if folder.name.startswith("."):
            continue
        if not _is_dir(folder):
            misplaced.append(f"{CURATION_DIR}/{folder.name}")
            continue
        if folder.name == INBOX_DIR:
            continue
        kind = folder.name if folder.name in RECORD_TYPES else ""
        try:
            inside = sorted(os.scandir(folder.path), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in inside:
            relative = f"{CURATION_DIR}/{folder.name}/{entry.name}"
            if entry.name.startswith("."):
                continue
            if _is_dir(entry):
                misplaced += (path for path in _walk(entry.path, relative) if path_kind(path) == "")
            elif not kind or not entry.name.endswith(".yaml"):
                misplaced.append(relative)
            else:
                found.append((relative, kind, entry))
    stamps = _stamps([entry for _, _, entry in found]) if stamped else [None] * len(found)
    files = [_File(relative, kind, stamp) for (relative, kind, _), stamp in zip(found, stamps, strict=True)]
    problems = [Problem(path, 1, 1, "KG010", _MISPLACED) for path in sorted(misplaced)]
    return files, problems


def _stamps(entries: list[os.DirEntry[str]]) -> list[Stamp | None]:
    """The stamp of each file, taken by a few threads: ``stat`` waits on the kernel, not Python."""

    def stamp(chunk: list[os.DirEntry[str]]) -> list[Stamp | None]:
        stamps: list[Stamp | None] = []
        for entry in chunk:
            try:
                stamps.append(stamp_of(entry.stat()))
            except OSError:
                stamps.append(None)
        return stamps

    size = 5000
    chunks = [entries[start : start + size] for start in range(0, len(entries), size)]
    if len(chunks) < 2:
        return stamp(entries)
    with ThreadPoolExecutor(4) as pool:
        return [found for stamps in pool.map(stamp, chunks) for found in stamps]


Entry = tuple[tuple[ProblemRow, ...], tuple[ProblemRow, ...], tuple[Any, ...] | None, tuple[Any, ...]]
"""What checking one record file alone found: problems of loading it (placeholders included),
problems of its checks (dropped if another file has its id), its facts, the sources it cites."""


class Outcome(NamedTuple):
    """One record file as a worker read it."""

    display: str
    digest: bytes | None
    """Of the bytes read; None when the file could not be read."""
    stamp: Stamp | None
    """The file's stamp, taken before it was read."""
    entry: Entry
    data: Any = None
    """The parsed data of a valid record, when records are kept."""
    reused: bool = False
    """Whether the entry came from the cache."""


@dataclass
class _Fresh:
    """A record file being checked: its quotes are verified for the whole chunk at once."""

    display: str
    digest: bytes
    stamp: Stamp | None
    loaded: list[Problem]
    checked: list[Problem] = field(default_factory=list)
    facts: tuple[Any, ...] | None = None
    deps: tuple[tuple[str, bytes], ...] = ()
    data: Any = None


class _TreeCheck:
    def __init__(self, root: Path, cache: CheckCache | None, keep_records: bool, jobs: int | None) -> None:
        self.root = root
        self.cache = cache
        self.keep_records = keep_records
        self.jobs = jobs
        self.started = time.time()
        self.stamps: dict[str, tuple[Stamp, bytes]] = {}
        self.sources: dict[str, Source] = {}
        self.source_digests: dict[str, bytes] = {}
        self.corpus = Corpus(root / "seeds", {})
        self.entries: dict[tuple[str, bytes], Any] = {}
        self._deps_ok: dict[tuple[tuple[str, bytes], ...], bool] = {}
        self.cache_digests: dict[str, bytes | None] = {}
        """The digest of each record file whose stamp the cache knew."""

    # -- inputs ------------------------------------------------------------------------------
    def file_digest(self, relative: str) -> bytes | None:
        """The digest of a file of the project, read only if its stamp is new; None if it is not
        a readable file."""
        path = self.root / relative
        try:
            stat = path.stat()
            if not path.is_file():
                return None
            stamp = stamp_of(stat)
            known = self.cache.known_digest(relative, stamp) if self.cache else None
            if known is None:
                known = digest(path.read_bytes())
        except OSError:
            return None
        self.stamps[relative] = (stamp, known)
        return known

    def registry(self) -> tuple[bytes | None, list[Problem]]:
        path = self.root / SOURCES_FILE
        if not path.is_file():
            return None, []
        try:
            return path.read_bytes(), []
        except OSError as exc:
            return None, [Problem(str(SOURCES_FILE), 1, 1, "KG001", f"cannot read file: {exc.strerror}")]

    def stamp_key(
        self,
        files: Sequence[_File],
        stamps: Sequence[Stamp | None],
        misplaced: list[Problem],
        seeds: list[str],
    ) -> bytes | None:
        """A digest of the stamp of every input of the result, or None if one has none."""
        if any(stamp is None for stamp in stamps):
            return None
        others = []
        for relative in (str(SOURCES_FILE), *(f"seeds/{name}" for name in seeds)):
            try:
                others.append(stamp_of((self.root / relative).stat()))
            except OSError:
                others.append((-1, -1, -1, -1))
        numbers = array("q", chain.from_iterable((*stamps, *others)))  # type: ignore[arg-type]
        names = "\n".join(
            [*(f.display for f in files), *(p.path for p in misplaced), *seeds, str(SOURCES_FILE)]
        )
        return digest((self.cache.code if self.cache else b"") + numbers.tobytes() + names.encode())

    def tree_key(
        self,
        files: Sequence[_File],
        digests: dict[str, bytes | None],
        misplaced: list[Problem],
        seeds: list[str],
    ) -> bytes:
        """A digest of every input of the result: the code, each file's path and bytes."""
        parts = [self.cache.code if self.cache else b""]
        parts += [f"{f.display}\0".encode() + (digests[f.display] or b"-") for f in files]
        parts += [f"misplaced {p.path}".encode() for p in misplaced]
        registry = self.file_digest(str(SOURCES_FILE))
        parts.append(b"registry\0" + (registry or b"-"))
        parts += [f"seeds/{name}\0".encode() + (self.file_digest(f"seeds/{name}") or b"-") for name in seeds]
        return digest(b"\n".join(parts))

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
        cited = cited_sources(record, citations)
        deps = {source_id: self.source_digests.get(source_id, b"") for source_id in cited}
        if any(source_id not in self.sources for source_id in cited):
            deps["*"] = self.source_digests["*"]  # a did-you-mean hint names the closest source id
        return tuple(sorted(deps.items()))

    # -- checking record files ------------------------------------------------------------------
    def check_files(self, chunk: Sequence[_File]) -> list[Outcome]:
        """Read, parse, validate and check each file alone (in a worker process)."""
        checks = RecordChecks(self.sources, self.corpus)
        done = [self._check_file(item, checks) for item in chunk]
        quote_problems: dict[str, list[Problem]] = {}
        for problem in checks.finish():
            quote_problems.setdefault(problem.path, []).append(problem)
        outcomes = []
        for item in done:
            if isinstance(item, _Fresh):
                checked = item.checked + quote_problems.get(item.display, [])
                entry: Entry = (_rows(item.loaded), _rows(checked), item.facts, item.deps)
                item = Outcome(item.display, item.digest, item.stamp, entry, item.data)
            outcomes.append(item)
        return outcomes

    def _check_file(self, item: _File, checks: RecordChecks) -> Outcome | _Fresh:
        path = os.path.join(self.root, item.display)
        try:
            with open(path, "rb") as handle:
                stamp = item.stamp or stamp_of(os.fstat(handle.fileno()))
                if stamp[0] > MAX_RECORD_BYTES:
                    message = f"file is {stamp[0]:,} bytes; the limit is {MAX_RECORD_BYTES:,}"
                    problem = Problem(item.display, 1, 1, "KG002", message)
                    return Outcome(item.display, None, None, ((_rows([problem])), (), None, ()))
                data = handle.read()
        except OSError as exc:
            problem = Problem(item.display, 1, 1, "KG001", f"cannot read file: {exc.strerror}")
            return Outcome(item.display, None, None, (_rows([problem]), (), None, ()))
        known = digest(data)
        cached = self.entries.get((item.display, known))
        if cached is not None and not self.depends_ok(cached[3]):
            cached = None
        if cached is not None and not self.keep_records:
            return Outcome(item.display, known, stamp, cached, reused=True)
        document, loaded = parse_record(data, item.kind, item.display, Path(path))
        record = document.record
        kept = None
        if self.keep_records and record is not None and document.located is not None:
            kept = document.located.data
        if cached is not None:
            return Outcome(item.display, known, stamp, cached, kept, reused=True)
        fresh = _Fresh(item.display, known, stamp, loaded, data=kept)
        fresh.loaded += placeholder_problems(document, loaded)
        if record is not None:
            citations = list(iter_citations(record))
            fresh.checked = checks.check(document, record, citations)
            fresh.facts = facts_of(record, item.display).to_plain()
            fresh.deps = self.dependencies(record, citations)
        return fresh

    # -- the run --------------------------------------------------------------------------------
    def run(self) -> CheckResult:
        cache = self.cache
        stamped = cache is not None and (cache.quick is not None or cache.result is not None)
        files, misplaced = _scan(self.root, stamped)
        if cache is not None and cache.quick is not None and not self.keep_records:
            stored_key, seeds, payload = cache.quick
            stamps = [item.stamp for item in files]
            if self.stamp_key(files, stamps, misplaced, seeds) == stored_key:
                rows, file_count, source_count = payload
                return CheckResult(_problems(rows), file_count, source_count, reused=len(files))
        known_stamps = cache.stamps if cache is not None else {}
        digests: dict[str, bytes | None] = {}
        for item in files:
            recorded = known_stamps.get(item.display)
            digests[item.display] = recorded[1] if recorded and recorded[0] == item.stamp else None
        self.cache_digests = digests
        if cache is not None and cache.result is not None and not self.keep_records:
            stored_key, seeds, payload = cache.result
            if all(digests.values()) and self.tree_key(files, digests, misplaced, seeds) == stored_key:
                rows, file_count, source_count = payload
                quick = self.quick_result(files, [item.stamp for item in files], misplaced, seeds, payload)
                results = {"quick": quick, "result": cache.result, "texts": cache.texts}
                cache.save(results, (self.stamps, self.started, None), None)
                return CheckResult(_problems(rows), file_count, source_count, reused=len(files))
        problems, registry, seeds, seed_digests = self.read_registry()
        problems += misplaced
        self.entries = self.cache.entries if self.cache is not None else {}

        outcomes: dict[str, Outcome] = {}
        work: list[_File] = []
        for item in files:
            known = digests[item.display]
            cached = self.entries.get((item.display, known)) if known else None
            if cached is not None and not self.keep_records and self.depends_ok(cached[3]):
                outcomes[item.display] = Outcome(item.display, known, item.stamp, cached, reused=True)
            else:
                work.append(item)
        read = len(work)
        if len(work) >= 2 * MIN_ITEMS_PER_JOB:
            self.prepare_texts()
        for outcome in map_chunks(self.check_files, work, self.jobs):
            outcomes[outcome.display] = outcome

        facts: dict[str, Facts] = {}
        findings: list[Finding] = []
        records: dict[str, Record] = {}
        for item in files:
            outcome = outcomes[item.display]
            loaded, checked, plain, _ = outcome.entry
            if loaded:
                problems += _problems(loaded)
            if plain is None:
                continue
            record_facts = Facts.from_plain(item.display, plain)
            first = facts.get(record_facts.id)
            if first is not None:
                message = f"id {record_facts.id!r} is also used by {first.display}"
                findings.append(Finding(item.display, ("id",), "KG201", message))
                continue
            facts[record_facts.id] = record_facts
            if checked:
                problems += _problems(checked)
            if self.keep_records:
                records[record_facts.id] = RECORD_TYPES[item.kind].model_validate(outcome.data)
        findings += cross_findings(facts)
        problems += self.place(findings)
        texts: dict[bytes, Any] = {}
        damage = self.damage_reader(seed_digests, texts)
        problems += source_text_problems(registry, self.sources, damage, self.root / "seeds")
        result = sorted(set(problems))
        if self.cache is not None:
            self.save(files, misplaced, seeds, outcomes, texts, result)
        reused = sum(outcome.reused for outcome in outcomes.values())
        return CheckResult(result, len(files), len(self.sources), reused, read, records, dict(self.sources))

    def read_registry(self) -> tuple[list[Problem], Located | None, list[str], dict[str, bytes | None]]:
        """Parse the registry; digest each source (its entry and its text) for the entries' deps."""
        registry_bytes, problems = self.registry()
        seeds_folder = self.root / "seeds"
        sources, registry, found = parse_sources(registry_bytes, lambda name: (seeds_folder / name).is_file())
        self.sources = sources
        self.corpus = Corpus(seeds_folder, sources)
        seeds = sorted({source.file for source in sources.values() if source.file})
        seed_digests = {name: self.file_digest(f"seeds/{name}") for name in seeds}
        self.source_digests = {
            source.id: digest(
                source.model_dump_json().encode() + (seed_digests.get(source.file or "") or b"-")
            )
            for source in sources.values()
        }
        self.source_digests["*"] = digest("\n".join(sorted(sources)).encode())
        return problems + found, registry, seeds, seed_digests

    def prepare_texts(self) -> None:
        """Normalise every article text once, on every core, before the workers need them."""
        articles = [s.id for s in self.sources.values() if s.kind == "article" and s.file]
        prepared = map_chunks(lambda ids: list(self.corpus.prepare(ids).items()), articles, self.jobs)
        self.corpus.adopt(dict(prepared))

    def save(
        self,
        files: list[_File],
        misplaced: list[Problem],
        seeds: list[str],
        outcomes: dict[str, Outcome],
        texts: dict[bytes, Any],
        result: list[Problem],
    ) -> None:
        """Write what this run learned: stamps that moved, new entries, the result."""
        moved = dict(self.stamps)  # the registry and the source texts
        moved.update(
            (o.display, (o.stamp, o.digest))
            for o in outcomes.values()
            if o.stamp is not None and o.digest is not None and self.cache_digests.get(o.display) is None
        )

        def all_stamps() -> dict[str, tuple[Stamp, bytes]]:
            found = {o.display: (o.stamp, o.digest) for o in outcomes.values() if o.stamp and o.digest}
            return {**found, **self.stamps}

        new = {(o.display, o.digest): o.entry for o in outcomes.values() if o.digest and not o.reused}

        def all_entries() -> dict[tuple[str, bytes], Entry]:
            return {(o.display, o.digest): o.entry for o in outcomes.values() if o.digest}

        payload = (_rows(result), len(files), len(self.sources))
        stamps = [outcomes[item.display].stamp for item in files]
        digests = {display: outcome.digest for display, outcome in outcomes.items()}
        quick = self.quick_result(files, stamps, misplaced, seeds, payload)
        key = self.tree_key(files, digests, misplaced, seeds)
        assert self.cache is not None
        self.cache.save(
            {"quick": quick, "result": (key, seeds, payload), "texts": texts},
            (moved, self.started, all_stamps),
            (new, all_entries),
        )

    def quick_result(
        self,
        files: list[_File],
        stamps: list[Stamp | None],
        misplaced: list[Problem],
        seeds: list[str],
        payload: tuple[Any, ...],
    ) -> tuple[Any, ...] | None:
        """The result keyed by the digest of every input's stamp, unless a stamp is too recent."""
        assert self.cache is not None
        quick_key = self.stamp_key(files, stamps, misplaced, seeds)
        recent = any(
            stamp is None or not self.cache.trusted(stamp, self.started)
            for stamp in (*stamps, *(known for known, _ in self.stamps.values()))
        )
        return None if quick_key is None or recent else (quick_key, seeds, payload)

    def place(self, findings: list[Finding]) -> list[Problem]:
        """Findings as problems, each file with findings read again for lines and columns."""
        by_file: dict[str, list[Finding]] = {}
        for finding in findings:
            by_file.setdefault(finding.display, []).append(finding)
        problems = []
        for display, group in by_file.items():
            located: Located | None = None
            try:
                located = parse_yaml((self.root / display).read_bytes(), display)[0]
            except OSError:
                located = None
            problems += [finding.place(located) for finding in group]
        return problems

    def damage_reader(self, seed_digests: dict[str, bytes | None], texts: dict[bytes, Any]) -> Any:
        """Corpus.damage, remembered by the digest of the text."""
        known = self.cache.texts if self.cache is not None else {}

        def damage(source_id: str) -> list[Damage] | None:
            source = self.sources[source_id]
            text_digest = seed_digests.get(source.file or "")
            if text_digest is None:
                return self.corpus.damage(source_id)
            if text_digest not in known:
                found = self.corpus.damage(source_id)
                known[text_digest] = (
                    None if found is None else tuple((d.start, d.end, d.line, d.col, d.text) for d in found)
                )
            texts[text_digest] = known[text_digest]
            rows = known[text_digest]
            return None if rows is None else [Damage(*row) for row in rows]

        return damage


def check_tree(
    root: Path, *, use_cache: bool | None = None, jobs: int | None = None, keep_records: bool = False
) -> CheckResult:
    """Every problem of the project at ``root``, as ``kg check`` reports them.

    ``use_cache`` defaults to on unless ``KG_CACHE=0``; ``jobs`` to ``KG_JOBS`` or one process
    per core. With ``keep_records`` the result also holds the valid records (for building).
    """
    cache = CheckCache(root) if cache_enabled(use_cache) else None
    with collector_paused():
        return _TreeCheck(root, cache, keep_records, jobs).run()
