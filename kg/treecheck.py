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

import kg.cache
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
from kg.treestate import (
    DIGEST_SIZE,
    STAMP_SIZE,
    TreeState,
    changed_items,
    finding_of,
    finding_row,
    pack_stamps,
)
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
        self.state: TreeState | None = TreeState.from_plain(cache.state) if cache is not None else None
        self.inputs: dict[str, tuple[Stamp | None, bytes | None]] = {}
        """The registry and the source texts read: (stamp, digest), None when not a file."""
        self._registry: tuple[list[Problem], Located | None, list[str], dict[str, bytes | None]] | None = None
        self.digested: dict[str, bytes] = {}
        """Digests of record files read because their stamps moved."""
        self.moved: set[int] | None = None
        """When the files are those of the state: the positions of those whose stamps moved."""

    # -- inputs ------------------------------------------------------------------------------
    def input_digest(self, relative: str) -> bytes | None:
        """The digest of the registry or a source text, read only if its stamp is new; None if
        it is not a readable file."""
        if relative in self.inputs:
            return self.inputs[relative][1]
        path = self.root / relative
        stamp: Stamp | None = None
        known: bytes | None = None
        try:
            stat = path.stat()
            if path.is_file():
                stamp = stamp_of(stat)
                recorded = self.state.inputs.get(relative) if self.state is not None else None
                known = recorded[1] if recorded is not None and recorded[0] == stamp else None
                if known is None:
                    known = digest(path.read_bytes())
        except OSError:
            stamp, known = None, None
        self.inputs[relative] = (stamp, known)
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
        misplaced: list[str],
        seeds: list[str],
        others: list[Stamp | None] | None = None,
    ) -> bytes | None:
        """A digest of the stamp of every input of the result (of the registry and the source
        texts: ``others``, or as they are now), or None if one has none."""
        if any(stamp is None for stamp in stamps):
            return None
        if others is None:
            others = []
            for relative in (str(SOURCES_FILE), *(f"seeds/{name}" for name in seeds)):
                try:
                    others.append(stamp_of((self.root / relative).stat()))
                except OSError:
                    others.append(None)
        others = [stamp or (-1, -1, -1, -1) for stamp in others]
        numbers = array("q", chain.from_iterable((*stamps, *others)))  # type: ignore[arg-type]
        names = "\n".join([*(f.display for f in files), *misplaced, *seeds, str(SOURCES_FILE)])
        return digest((self.cache.code if self.cache else b"") + numbers.tobytes() + names.encode())

    # -- the run --------------------------------------------------------------------------------
    def run(self) -> CheckResult:
        cache = self.cache
        stamped = cache is not None and (cache.quick is not None or self.state is not None)
        files, misplaced = scan_records(self.root, stamped)
        if cache is not None and cache.quick is not None and not self.keep_records:
            stored_key, seeds, payload = cache.quick
            stamps = [item.stamp for item in files]
            if self.stamp_key(files, stamps, [p.path for p in misplaced], seeds) == stored_key:
                rows, file_count, source_count = payload
                return CheckResult(problems_of(rows), file_count, source_count, reused=len(files))
        done: dict[str, Outcome] = {}
        if self.state is not None and not self.keep_records:
            answer = self.from_state(self.state, files, misplaced, done)
            if answer is not None:
                return answer
        return self.full(files, misplaced, done)

    def from_state(
        self, state: TreeState, files: list[RecordFile], misplaced: list[Problem], done: dict[str, Outcome]
    ) -> CheckResult | None:
        """The result put together from the last run's, when the same files are listed, the
        sources are as they were, and the files that changed have the facts they had; else None
        (with the outcomes of the files checked meanwhile in ``done``)."""
        if state.misplaced != [p.path for p in misplaced] or state.files != [f.display for f in files]:
            return None
        moved = changed_items(state.stamps, pack_stamps([item.stamp for item in files]), STAMP_SIZE)
        self.moved = set(moved)
        if any(self.input_digest(name) != was for name, (_, was) in state.inputs.items()):
            return None
        edited: list[int] = []
        for index in moved:
            try:
                known = digest((self.root / files[index].display).read_bytes())
            except OSError:
                return None
            self.digested[files[index].display] = known
            if known != state.digest_at(index):
                edited.append(index)
        if len(edited) > max(MIN_ITEMS_PER_JOB, len(files) // 20):
            return None  # most facts will have changed: check the tree as a whole
        if edited:
            self.read_registry()
            for outcome in map_chunks(self.checker.check_files, [files[i] for i in edited], self.jobs):
                done[outcome.display] = outcome
            if any(done[files[i].display].entry[4] != state.facts_at(i) for i in edited):
                return None
        return self.update_state(state, files, moved, [done[files[i].display] for i in edited])

    def update_state(
        self, state: TreeState, files: list[RecordFile], moved: list[int], edited: list[Outcome]
    ) -> CheckResult:
        """The last run's result with the problems of ``edited`` files (whose facts are as they
        were) checked again, and the stamps that ``moved`` recorded; saved."""
        column = bytearray(state.stamps)
        all_trusted = True  # a stamp not trusted was recorded as NO_STAMP, so it is among the moved
        for index in moved:
            stamp = files[index].stamp
            trusted = stamp is not None and CheckCache.trusted(stamp, self.started)
            all_trusted = all_trusted and trusted
            column[index * STAMP_SIZE : (index + 1) * STAMP_SIZE] = pack_stamps([stamp if trusted else None])
        digests = bytearray(state.digests)
        own = dict(state.own)
        duplicates = set(state.duplicates)
        positions = {files[index].display: index for index in moved}
        for outcome in edited:
            index = positions[outcome.display]
            assert outcome.digest is not None
            digests[index * DIGEST_SIZE : (index + 1) * DIGEST_SIZE] = outcome.digest
            loaded, checked, _, _, _ = outcome.entry
            rows = (*loaded, *(checked if outcome.display not in duplicates else ()))
            if rows:
                own[outcome.display] = rows
            else:
                own.pop(outcome.display, None)
        changed = {outcome.display for outcome in edited}
        cross = state.cross
        if any(row[0] in changed for row, _ in cross):
            findings = [finding_of(row) for row, _ in cross if row[0] in changed]
            placed = dict(zip(map(finding_row, findings), problem_rows(self.place(findings)), strict=True))
            cross = [(row, placed.get(row, problem)) for row, problem in cross]
        new = TreeState(
            state.files,
            state.misplaced,
            bytes(column),
            bytes(digests),
            state.facts,
            self.trusted_inputs(list(state.inputs)),
            own,
            state.duplicates,
            cross,
            state.rest,
            state.counts,
            state.texts,
        )
        result = new.problems()
        if self.cache is not None and (new.stamps != state.stamps or edited or new.inputs != state.inputs):
            entries = {(o.display, o.digest): o.entry for o in edited if o.digest is not None}
            cache = self.cache

            def current() -> dict[tuple[str, bytes], Entry]:
                table = cache.entries
                keys = ((display, new.digest_at(index)) for index, display in enumerate(new.files))
                return {key: table[key] for key in keys if key in table}

            stamps = [item.stamp for item in files]
            quick = self.quick_result(files, stamps, all_trusted, new, result)
            cache.save(quick, new.to_plain(), (entries, current))
        files_count, sources = state.counts
        return CheckResult(result, files_count, sources, reused=len(files) - len(edited), read=len(moved))

    def full(
        self, files: list[RecordFile], misplaced: list[Problem], done: dict[str, Outcome]
    ) -> CheckResult:
        """Every file's own checks (from the cache where its digest and sources are as they
        were), then the checks across records over the facts of every record."""
        state = self.state
        known = state.known() if state is not None and self.moved is None else {}
        problems, registry, seeds, seed_digests = self.read_registry()
        rest = problems + misplaced
        self.checker.entries = self.cache.entries if self.cache is not None else {}

        outcomes: dict[str, Outcome] = {}
        work: list[RecordFile] = []
        for index, item in enumerate(files):
            if item.display in done:
                outcomes[item.display] = done[item.display]
                continue
            if self.moved is not None and state is not None:  # the files are those of the state
                moved = index in self.moved
                known_digest = self.digested.get(item.display) if moved else state.digest_at(index)
            else:
                recorded = known.get(item.display)
                known_digest = recorded[1] if recorded and recorded[0] == item.stamp else None
            cached = self.checker.entries.get((item.display, known_digest)) if known_digest else None
            if cached is not None and not self.keep_records and self.checker.depends_ok(cached[3]):
                outcomes[item.display] = Outcome(item.display, known_digest, item.stamp, cached, reused=True)
            else:
                work.append(item)
        read = len({item.display for item in work} | set(self.digested))
        if len(work) >= 2 * MIN_ITEMS_PER_JOB:
            self.prepare_texts()
        for outcome in map_chunks(self.checker.check_files, work, self.jobs):
            outcomes[outcome.display] = outcome

        facts: dict[str, Facts] = {}
        findings: list[Finding] = []
        records: dict[str, Record] = {}
        own: dict[str, tuple[ProblemRow, ...]] = {}
        duplicates: list[str] = []
        for item in files:
            outcome = outcomes[item.display]
            loaded, checked, plain, _, _ = outcome.entry
            rows = loaded
            if plain is not None:
                record_facts = Facts.from_plain(item.display, plain)
                first = facts.get(record_facts.id)
                if first is not None:
                    message = f"id {record_facts.id!r} is also used by {first.display}"
                    findings.append(Finding(item.display, ("id",), "KG201", message))
                    duplicates.append(item.display)
                else:
                    facts[record_facts.id] = record_facts
                    rows = (*loaded, *checked)
                    if self.keep_records:
                        records[record_facts.id] = RECORD_TYPES[item.kind].model_validate(outcome.data)
            if rows:
                own[item.display] = rows
        findings += cross_findings(facts)
        cross = list(zip(map(finding_row, findings), problem_rows(self.place(findings)), strict=True))
        texts: dict[bytes, Any] = {}
        damage = self.damage_reader(seed_digests, texts)
        rest += source_text_problems(registry, self.checker.sources, damage, self.root / "seeds")
        state = TreeState(
            [item.display for item in files],
            [p.path for p in misplaced],
            b"",
            b"",
            b"",
            self.trusted_inputs([str(SOURCES_FILE), *(f"seeds/{name}" for name in seeds)]),
            own,
            duplicates,
            cross,
            problem_rows(rest),
            (len(files), len(self.checker.sources)),
            texts,
        )
        result = state.problems()
        if self.cache is not None:
            self.save(files, outcomes, state, result)
        reused = sum(outcome.reused for outcome in outcomes.values())
        return CheckResult(
            result, len(files), len(self.checker.sources), reused, read, records, dict(self.checker.sources)
        )

    def read_registry(self) -> tuple[list[Problem], Located | None, list[str], dict[str, bytes | None]]:
        """Parse the registry; digest each source (its entry and its text) for the entries' deps."""
        if self._registry is not None:
            return self._registry
        self.input_digest(str(SOURCES_FILE))
        registry_bytes, problems = self.registry()
        seeds_folder = self.root / "seeds"
        sources, registry, found = parse_sources(registry_bytes, lambda name: (seeds_folder / name).is_file())
        self.checker.sources = sources
        self.checker.corpus = Corpus(seeds_folder, sources)
        seeds = sorted({source.file for source in sources.values() if source.file})
        seed_digests = {name: self.input_digest(f"seeds/{name}") for name in seeds}
        self.checker.source_digests = {
            source.id: digest(
                source.model_dump_json().encode() + (seed_digests.get(source.file or "") or b"-")
            )
            for source in sources.values()
        }
        self.checker.source_digests["*"] = digest("\n".join(sorted(sources)).encode())
        self._registry = (problems + found, registry, seeds, seed_digests)
        return self._registry

    def prepare_texts(self) -> None:
        """Normalise every article text once, on every core, before the workers need them."""
        articles = [s.id for s in self.checker.sources.values() if s.kind == "article" and s.file]
        prepared = map_chunks(lambda ids: list(self.checker.corpus.prepare(ids).items()), articles, self.jobs)
        self.checker.corpus.adopt(dict(prepared))

    def trusted_inputs(self, names: list[str]) -> dict[str, tuple[Stamp | None, bytes | None]]:
        """The stamp (where trusted) and digest of each of the registry and the source texts."""
        found = {}
        for name in sorted(names):
            stamp, known = self.inputs[name]
            found[name] = (
                stamp if stamp is not None and CheckCache.trusted(stamp, self.started) else None,
                known,
            )
        return found

    def save(
        self, files: list[RecordFile], outcomes: dict[str, Outcome], state: TreeState, result: list[Problem]
    ) -> None:
        """Write what this run learned: the state with every file's stamp, digest and facts,
        the new entries, the result."""
        stamps: list[Stamp | None] = []
        trusted: list[Stamp | None] = []
        digests = bytearray()
        facts = bytearray()
        racy = int((self.started - kg.cache.RACY_SECONDS) * 1e9)
        for item in files:
            outcome = outcomes[item.display]
            stamp = outcome.stamp
            stamps.append(stamp)
            # as CheckCache.trusted, inline: this runs for every file
            ok = outcome.digest is not None and stamp is not None and stamp[1] < racy and stamp[2] < racy
            trusted.append(stamp if ok else None)
            digests += outcome.digest or bytes(DIGEST_SIZE)
            facts += outcome.entry[4]
        state.stamps, state.digests, state.facts = pack_stamps(trusted), bytes(digests), bytes(facts)
        new = {(o.display, o.digest): o.entry for o in outcomes.values() if o.digest and not o.reused}

        def current() -> dict[tuple[str, bytes], Entry]:
            return {(o.display, o.digest): o.entry for o in outcomes.values() if o.digest}

        assert self.cache is not None
        quick = self.quick_result(files, stamps, None not in trusted, state, result)
        self.cache.save(quick, state.to_plain(), (new, current))

    def quick_result(
        self,
        files: list[RecordFile],
        stamps: list[Stamp | None],
        trusted: bool,
        state: TreeState,
        result: list[Problem],
    ) -> tuple[Any, ...] | None:
        """The result keyed by the digest of every input's stamp (``stamps`` of the record
        files, ``trusted`` or not), unless a stamp is too recent."""
        names = list(state.inputs)
        if not trusted:
            return None
        if any(self.inputs[name][0] is not None and state.inputs[name][0] is None for name in names):
            return None  # a source too recent to trust
        seeds = [name.removeprefix("seeds/") for name in names if name != str(SOURCES_FILE)]
        others = [self.inputs[name][0] for name in (str(SOURCES_FILE), *(f"seeds/{n}" for n in seeds))]
        quick_key = self.stamp_key(files, stamps, state.misplaced, seeds, others)
        payload = (problem_rows(result), *state.counts)
        return None if quick_key is None else (quick_key, seeds, payload)

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
        known = self.state.texts if self.state is not None else {}

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
