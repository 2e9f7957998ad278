"""``kg check`` on a project folder: every record file checked once, on every core, and remembered.

The problems are exactly those of :func:`kg.load.load_curation` plus :func:`kg.checks.run_checks`
(``tests/test_treecheck.py`` compares the two); only the work differs:

1. Every file under ``curation/`` (:mod:`kg.scan`) and every source text is stamped (``stat``);
   a file whose stamp the cache (:mod:`kg.cache`) knows is not read. If nothing changed since the
   last run, its result is the answer.
2. If the same files are listed and the sources are as they were, the files whose stamps moved
   are checked again and the last run's result updated (:mod:`kg.treeupdate`).
3. Otherwise each record file that changed (or whose cited sources changed) is read, parsed,
   validated and checked alone — quotes, placeholders, its relations' domains — in worker
   processes (:mod:`kg.filecheck`, :mod:`kg.parallel`), giving its problems and its
   :class:`~kg.facts.Facts`; the checks across records run on the facts of every record, fresh
   or cached (:mod:`kg.crosschecks`); the files they find problems in are read again for line
   and column, unless the last run placed the same finding in the same bytes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import kg.cache
from kg.cache import CheckCache, Stamp, cache_enabled
from kg.checks import source_text_problems
from kg.crosschecks import cross_findings
from kg.errors import Problem
from kg.factstore import FactStore
from kg.filecheck import Entry, FileChecker, Outcome, problem_rows, problems_of, received
from kg.graph import LazyRecords, PlainRecord
from kg.parallel import MIN_ITEMS_PER_JOB, Beside, chunk_results, collector_paused, map_chunks, worker_count
from kg.scan import RecordFile, scan_records
from kg.schema import Record, Source
from kg.treesources import SourceInputs, quick_result, stamp_key
from kg.treestate import DIGEST_SIZE, CheckResult, TreeState, index_facts, pack_stamps, place
from kg.treeupdate import StateUpdate

__all__ = ["CheckResult", "Meanwhile", "check_tree"]

Meanwhile = Callable[[Mapping[str, Record], dict[str, Source]], Any]
"""Work on the checked records and sources that :func:`check_tree` can run while it finishes."""


class _TreeCheck:
    def __init__(
        self,
        root: Path,
        cache: CheckCache | None,
        keep_records: bool,
        jobs: int | None,
        save_beside: bool,
        meanwhile: Meanwhile | None = None,
    ) -> None:
        self.root = root
        self.cache = cache
        self.keep_records = keep_records
        self.save_beside = save_beside
        self.meanwhile = meanwhile
        self.checker = FileChecker(root, keep_records)
        self.jobs = jobs
        self.started = time.time()
        self.state: TreeState | None = None
        self.sources = SourceInputs(root, self.checker, {}, self.started)

    def run(self) -> CheckResult:
        cache = self.cache
        stamped = cache is not None and (cache.quick is not None or cache.state is not None)
        files, found = scan_records(self.root, stamped)
        misplaced = [problem.path for problem in found]
        if cache is not None and cache.quick is not None and not self.keep_records:
            stored_key, seeds, payload = cache.quick
            stamps = [item.stamp for item in files]
            if stamp_key(cache.code, self.root, files, stamps, misplaced, seeds) == stored_key:
                rows, file_count, source_count = payload
                return CheckResult(problems_of(rows), file_count, source_count, reused=len(files))
        self.state = TreeState.from_plain(cache.state) if cache is not None else None
        if self.state is not None:
            self.sources.recorded = self.state.inputs
        update = None
        if cache is not None and self.state is not None and not self.keep_records:
            update = StateUpdate(
                self.root, cache, self.state, self.checker, self.sources, self.jobs, self.started
            )
            answer = update.run(files, misplaced)
            if answer is not None:
                return answer
        return self.full(files, found, update)

    def known_digests(self, files: list[RecordFile], update: StateUpdate | None) -> list[bytes | None]:
        """The digest of each record file as the state (or this run, for a moved stamp) knows it."""
        state = self.state
        if state is None:
            return [None] * len(files)
        if update is not None and update.moved is not None:  # the files are those of the state
            moved, digested = update.moved, update.digested
            return [
                digested.get(item.display) if index in moved else state.digest_at(index)
                for index, item in enumerate(files)
            ]
        known = state.known()
        found: list[bytes | None] = []
        for item in files:
            recorded = known.get(item.display)
            found.append(recorded[1] if recorded and recorded[0] == item.stamp else None)
        return found

    def full(
        self, files: list[RecordFile], misplaced: list[Problem], update: StateUpdate | None
    ) -> CheckResult:
        """Every file's own checks (from the cache where its digest and sources are as they
        were), then the checks across records over the facts of every record."""
        problems, registry, _, _ = self.sources.load()
        done = update.done if update is not None else {}
        self.checker.entries = self.cache.entries if self.cache is not None else {}
        entries, depends_ok = self.checker.entries, self.checker.depends_ok

        outcomes: dict[str, Outcome] = {}
        work: list[RecordFile] = []
        for item, known in zip(files, self.known_digests(files, update), strict=True):
            display = item.display
            if display in done:
                outcomes[display] = done[display]
                continue
            cached = entries.get((display, known)) if known and not self.keep_records else None
            if cached is not None and depends_ok(cached[3]):
                outcomes[display] = Outcome(display, known, item.stamp, cached, reused=True)
            else:
                work.append(item)
        read = len({item.display for item in work} | set(update.digested if update else ()))
        if len(work) >= 2 * MIN_ITEMS_PER_JOB:
            self.prepare_texts()
        # each chunk unpacked as it comes, while the workers check the next ones
        for packed in chunk_results(self.checker.check_to_send, work, self.jobs):
            for outcome in received(packed):
                outcomes[outcome.display] = outcome

        displays = [item.display for item in files]
        plains = [outcomes[display].entry[2] for display in displays]
        facts, findings, duplicates = index_facts(displays, plains)
        hidden = set(duplicates)
        own: dict[str, tuple[Any, ...]] = {}
        for display in displays:
            loaded, checked, _, _, _ = outcomes[display].entry
            rows = loaded if display in hidden else (*loaded, *checked)
            if rows:
                own[display] = rows
        records: dict[str, PlainRecord] = {}
        if self.keep_records:  # the workers made each valid record's plain data: none is validated here
            for display in displays:
                outcome = outcomes[display]
                summary = outcome.entry[2]  # the record's facts, led by its id
                if summary is not None and display not in hidden:
                    assert outcome.data is not None  # made with the facts, by the same worker
                    records[summary[0]] = outcome.data
        made, crossing = None, None
        if self.meanwhile is not None:
            if worker_count(len(work), self.jobs) > 1:
                # the checks across records (~1 s at 100,000 records) in a forked process meanwhile
                crossing = Beside(lambda: cross_findings(facts))
            try:
                made = self.meanwhile(LazyRecords(records), dict(self.checker.sources))
            except BaseException:
                if crossing is not None:
                    crossing.stop()
                raise
        findings += crossing.result() if crossing is not None else cross_findings(facts)
        cross = place(self.root, findings, *self.earlier_placements(outcomes))
        texts: dict[bytes, Any] = {}
        damage = self.sources.damage_reader(self.state.texts if self.state is not None else {}, texts)
        rest = [*problems, *misplaced]
        rest += source_text_problems(registry, self.checker.sources, damage, self.root / "seeds")
        state = TreeState(
            displays,
            [p.path for p in misplaced],
            b"",
            b"",
            b"",
            self.sources.trusted(self.sources.names()),
            own,
            duplicates,
            cross,
            problem_rows(rest),
            (len(files), len(self.checker.sources)),
            texts,
        )
        result = state.problems()
        saving = None
        if self.cache is not None:
            # beside only a check large enough to have had worker processes itself
            if self.save_beside and worker_count(len(work), self.jobs) > 1:
                saving = Beside(lambda: self.save(files, outcomes, state, plains, result))
            else:
                self.save(files, outcomes, state, plains, result)
        reused = sum(outcome.reused for outcome in outcomes.values())
        return CheckResult(
            result,
            len(files),
            len(self.checker.sources),
            reused,
            read,
            records,
            dict(self.checker.sources),
            saving,
            made,
        )

    def earlier_placements(self, outcomes: dict[str, Outcome]) -> tuple[dict[Any, Any] | None, Any]:
        """Where the last run placed its findings, and which files are as they were then."""
        state = self.state
        if state is None or not state.cross:
            return None, lambda display: False
        positions = {display: index for index, display in enumerate(state.files)}

        def unchanged(display: str) -> bool:
            index = positions.get(display)
            return index is not None and outcomes[display].digest == state.digest_at(index)

        return dict(state.cross), unchanged

    def prepare_texts(self) -> None:
        """Normalise every article text once, on every core, before the workers need them."""
        articles = [s.id for s in self.checker.sources.values() if s.kind == "article" and s.file]
        prepared = map_chunks(lambda ids: list(self.checker.corpus.prepare(ids).items()), articles, self.jobs)
        self.checker.corpus.adopt(dict(prepared))

    def save(
        self,
        files: list[RecordFile],
        outcomes: dict[str, Outcome],
        state: TreeState,
        plains: list[Any],
        result: list[Problem],
    ) -> None:
        """Write what this run learned: the state with every file's stamp, digest and facts
        digest, the facts, the new entries, and the result keyed by every stamp."""
        trusted: list[Stamp | None] = []
        digests = bytearray()
        facts = bytearray()
        racy = int((self.started - kg.cache.RACY_SECONDS) * 1e9)
        for item in files:
            outcome = outcomes[item.display]
            stamp = outcome.stamp
            # as CheckCache.trusted, spelled out: this runs for every file
            ok = outcome.digest is not None and stamp is not None and stamp[1] < racy and stamp[2] < racy
            trusted.append(stamp if ok else None)
            digests += outcome.digest or bytes(DIGEST_SIZE)
            facts += outcome.entry[4]
        state.stamps, state.digests, state.facts = pack_stamps(trusted), bytes(digests), bytes(facts)
        new = {(o.display, o.digest): o.entry for o in outcomes.values() if o.digest and not o.reused}

        def current() -> dict[tuple[str, bytes], Entry]:
            return {(o.display, o.digest): o.entry for o in outcomes.values() if o.digest}

        assert self.cache is not None
        payload = (problem_rows(result), *state.counts)
        quick = quick_result(
            self.cache.code, self.root, files, trusted, state.misplaced, self.sources, state.inputs, payload
        )
        store = FactStore.build(plains, state.duplicate_positions())
        self.cache.save(quick, state.to_plain(), (new, current), store.to_plain(state.facts_key()))


def check_tree(
    root: Path,
    *,
    use_cache: bool | None = None,
    jobs: int | None = None,
    keep_records: bool = False,
    save_beside: bool = False,
    meanwhile: Meanwhile | None = None,
) -> CheckResult:
    """Every problem of the project at ``root``, as ``kg check`` reports them.

    ``use_cache`` defaults to on unless ``KG_CACHE=0``; ``jobs`` to ``KG_JOBS`` or one process
    per core. With ``keep_records`` the result also holds the valid records (for building).
    With ``save_beside``, a large check's cache is written by a forked process while the caller
    goes on (building the graph, say); the caller must :meth:`CheckResult.wait_saved` before it
    exits or checks again. ``meanwhile`` (with ``keep_records``) is called with the valid
    records and sources once every file is checked, while the checks across records run in
    another process when there are several cores; :attr:`CheckResult.made` is what it returns.
    It may see records that those checks will find errors in.
    """
    if meanwhile is not None and not keep_records:
        raise ValueError("meanwhile is given the records: it needs keep_records")
    cache = CheckCache(root) if cache_enabled(use_cache) else None
    with collector_paused():
        return _TreeCheck(root, cache, keep_records, jobs, save_beside, meanwhile).run()
