"""``kg check`` on a project folder: every record file checked once, on every core, and remembered.

The problems are exactly those of :func:`kg.load.load_curation` plus :func:`kg.checks.run_checks`
(``tests/test_treecheck.py`` compares the two); only the work differs:

1. Every file under ``curation/`` (:mod:`kg.scan`) and every source text is stamped (``stat``);
   a file whose stamp the cache (:mod:`kg.cache`) knows is not read. If nothing changed since the
   last run, its result is the answer.
2. Each record file that changed (or whose cited sources changed) is read, parsed, validated and
   checked alone — quotes, placeholders, its relations' domains — in worker processes
   (:mod:`kg.filecheck`, :mod:`kg.parallel`), giving its problems and its :class:`~kg.facts.Facts`.
3. The checks across records run on the facts of every record, fresh or cached
   (:mod:`kg.crosschecks`); the files they find problems in are read again for line and column.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from kg.cache import CheckCache, Stamp, cache_enabled, digest, stamp_of
from kg.checks import source_text_problems
from kg.corpus import Corpus
from kg.crosschecks import cross_findings
from kg.errors import Problem
from kg.facts import Facts, Finding
from kg.filecheck import Entry, FileChecker, Outcome, problem_rows, problems_of
from kg.load import SOURCES_FILE, parse_sources
from kg.parallel import MIN_ITEMS_PER_JOB, collector_paused, map_chunks
from kg.scan import RecordFile, scan_records
from kg.schema import RECORD_TYPES, Record, Source
from kg.text import Damage
from kg.yamlio import Located, parse_yaml

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


class _TreeCheck:
    def __init__(self, root: Path, cache: CheckCache | None, keep_records: bool, jobs: int | None) -> None:
        self.root = root
        self.cache = cache
        self.keep_records = keep_records
        self.checker = FileChecker(root, keep_records)
        self.jobs = jobs
        self.started = time.time()
        self.stamps: dict[str, tuple[Stamp, bytes]] = {}
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
        files: Sequence[RecordFile],
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
        files: Sequence[RecordFile],
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

    # -- the run --------------------------------------------------------------------------------
    def run(self) -> CheckResult:
        cache = self.cache
        stamped = cache is not None and (cache.quick is not None or cache.result is not None)
        files, misplaced = scan_records(self.root, stamped)
        if cache is not None and cache.quick is not None and not self.keep_records:
            stored_key, seeds, payload = cache.quick
            stamps = [item.stamp for item in files]
            if self.stamp_key(files, stamps, misplaced, seeds) == stored_key:
                rows, file_count, source_count = payload
                return CheckResult(problems_of(rows), file_count, source_count, reused=len(files))
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
                return CheckResult(problems_of(rows), file_count, source_count, reused=len(files))
        problems, registry, seeds, seed_digests = self.read_registry()
        problems += misplaced
        self.checker.entries = self.cache.entries if self.cache is not None else {}

        outcomes: dict[str, Outcome] = {}
        work: list[RecordFile] = []
        for item in files:
            known = digests[item.display]
            cached = self.checker.entries.get((item.display, known)) if known else None
            if cached is not None and not self.keep_records and self.checker.depends_ok(cached[3]):
                outcomes[item.display] = Outcome(item.display, known, item.stamp, cached, reused=True)
            else:
                work.append(item)
        read = len(work)
        if len(work) >= 2 * MIN_ITEMS_PER_JOB:
            self.prepare_texts()
        for outcome in map_chunks(self.checker.check_files, work, self.jobs):
            outcomes[outcome.display] = outcome

        facts: dict[str, Facts] = {}
        findings: list[Finding] = []
        records: dict[str, Record] = {}
        for item in files:
            outcome = outcomes[item.display]
            loaded, checked, plain, _ = outcome.entry
            if loaded:
                problems += problems_of(loaded)
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
                problems += problems_of(checked)
            if self.keep_records:
                records[record_facts.id] = RECORD_TYPES[item.kind].model_validate(outcome.data)
        findings += cross_findings(facts)
        problems += self.place(findings)
        texts: dict[bytes, Any] = {}
        damage = self.damage_reader(seed_digests, texts)
        problems += source_text_problems(registry, self.checker.sources, damage, self.root / "seeds")
        result = sorted(set(problems))
        if self.cache is not None:
            self.save(files, misplaced, seeds, outcomes, texts, result)
        reused = sum(outcome.reused for outcome in outcomes.values())
        return CheckResult(
            result, len(files), len(self.checker.sources), reused, read, records, dict(self.checker.sources)
        )

    def read_registry(self) -> tuple[list[Problem], Located | None, list[str], dict[str, bytes | None]]:
        """Parse the registry; digest each source (its entry and its text) for the entries' deps."""
        registry_bytes, problems = self.registry()
        seeds_folder = self.root / "seeds"
        sources, registry, found = parse_sources(registry_bytes, lambda name: (seeds_folder / name).is_file())
        self.checker.sources = sources
        self.checker.corpus = Corpus(seeds_folder, sources)
        seeds = sorted({source.file for source in sources.values() if source.file})
        seed_digests = {name: self.file_digest(f"seeds/{name}") for name in seeds}
        self.checker.source_digests = {
            source.id: digest(
                source.model_dump_json().encode() + (seed_digests.get(source.file or "") or b"-")
            )
            for source in sources.values()
        }
        self.checker.source_digests["*"] = digest("\n".join(sorted(sources)).encode())
        return problems + found, registry, seeds, seed_digests

    def prepare_texts(self) -> None:
        """Normalise every article text once, on every core, before the workers need them."""
        articles = [s.id for s in self.checker.sources.values() if s.kind == "article" and s.file]
        prepared = map_chunks(lambda ids: list(self.checker.corpus.prepare(ids).items()), articles, self.jobs)
        self.checker.corpus.adopt(dict(prepared))

    def save(
        self,
        files: list[RecordFile],
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

        payload = (problem_rows(result), len(files), len(self.checker.sources))
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
        files: list[RecordFile],
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
            source = self.checker.sources[source_id]
            text_digest = seed_digests.get(source.file or "")
            if text_digest is None:
                return self.checker.corpus.damage(source_id)
            if text_digest not in known:
                found = self.checker.corpus.damage(source_id)
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
