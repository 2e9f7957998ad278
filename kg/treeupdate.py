"""``kg check`` after a few edits: the last run's result (:class:`~kg.treestate.TreeState`) with
the edited files checked again, when the same files are listed and the sources are as they were.

- Only the record files whose stamps moved are read; those whose bytes are unchanged keep their
  results.
- If an edited file's facts are those recorded (a quote, a figure, an English name changed), the
  findings across records are those of the last run; only those in edited files are placed
  again (their lines may have moved).
- If the edited records changed only their names, only the duplicate-name warnings between
  records that share a name key with an edited one are found again, from the facts of those
  records alone (:class:`~kg.factstore.FactStore` finds them by name key).
- Otherwise the checks across records run again, on the facts of every record as the cache
  keeps them in the state's order (``check-facts.bin``), with the edited files' new facts; the
  table of entries is not loaded. Where the edits keep each record's id, type and adcode, only
  the checks their findings depend on run again
  (:func:`~kg.crosschecks.cross_findings_after`). If the ids change which files are
  duplicates, or anything else is not as expected, the caller checks the tree as a whole.
"""

from __future__ import annotations

from pathlib import Path

from kg.cache import CheckCache, Stamp, digest
from kg.crosschecks import cross_findings, cross_findings_after, duplicate_names_after
from kg.facts import NAME_KEYS_AT, NOT_NAMES_AT, Facts, Finding
from kg.factstore import FactStore, Plain
from kg.filecheck import Entry, FileChecker, Outcome, problem_rows
from kg.parallel import MIN_ITEMS_PER_JOB, map_chunks
from kg.scan import RecordFile
from kg.treesources import SourceInputs, quick_result
from kg.treestate import (
    DIGEST_SIZE,
    STAMP_SIZE,
    CheckResult,
    TreeState,
    changed_items,
    finding_of,
    index_facts,
    pack_stamps,
    place,
)

__all__ = ["StateUpdate"]


def _names_only(old: Plain, new: Plain) -> bool:
    """Whether a record's facts changed in its names alone (or not at all)."""
    if old is None or new is None:
        return False
    return all(old[part] == new[part] for part in NOT_NAMES_AT)


class StateUpdate:
    """One run answered from the state of the last; what it read is kept for the caller."""

    def __init__(
        self,
        root: Path,
        cache: CheckCache,
        state: TreeState,
        checker: FileChecker,
        sources: SourceInputs,
        jobs: int | None,
        started: float,
    ) -> None:
        self.root = root
        self.cache = cache
        self.state = state
        self.checker = checker
        self.sources = sources
        self.jobs = jobs
        self.started = started
        self.digested: dict[str, bytes] = {}
        """Digests of record files read because their stamps moved."""
        self.moved: set[int] | None = None
        """When the files are those of the state: the positions of those whose stamps moved."""
        self.done: dict[str, Outcome] = {}
        """Outcomes of the edited files, checked again."""

    def run(self, files: list[RecordFile], misplaced: list[str]) -> CheckResult | None:
        """The result, or None when the tree must be checked as a whole."""
        state = self.state
        if state.misplaced != misplaced or state.files != [item.display for item in files]:
            return None
        moved = changed_items(state.stamps, pack_stamps([item.stamp for item in files]), STAMP_SIZE)
        self.moved = set(moved)
        if not self.sources.unchanged():
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
            return None  # many facts will have changed: check the tree as a whole
        outcomes: dict[int, Outcome] = {}
        if edited:
            self.sources.load()
            for outcome in map_chunks(self.checker.check_files, [files[i] for i in edited], self.jobs):
                self.done[outcome.display] = outcome
            outcomes = {index: self.done[files[index].display] for index in edited}
        across = None
        if any(outcome.entry[4] != state.facts_at(index) for index, outcome in outcomes.items()):
            across = self.checks_across(outcomes)
            if across is None:
                return None
        return self.update(files, moved, outcomes, across)

    def checks_across(self, edited: dict[int, Outcome]) -> tuple[FactStore, list[Finding]] | None:
        """The stored facts with the edited files' new ones, and the findings of the checks
        across records on them; None if the stored facts are not the state's, or if the edits
        change which files are duplicates."""
        state = self.state
        key = state.facts_key()
        base = self.cache.facts
        since = None if isinstance(base, tuple) and base[:1] == (key,) else self.cache.facts_changes
        store = FactStore.from_plain(base, key, len(state.files), since)
        if store is None:
            return None
        duplicates = set(state.duplicates)
        hidden = state.duplicate_positions()
        before = {index: store.plain_at(index) for index in edited}
        after = {index: outcome.entry[2] for index, outcome in edited.items()}
        new_store = store.replaced(after, hidden)
        if all(_names_only(before[index], after[index]) for index in edited):
            found = self.names_across(store, new_store, before, after, set(hidden))
            if found is not None:
                return new_store, found
        plains = new_store.plains()
        facts, findings, now_duplicates = index_facts(state.files, plains)
        if now_duplicates != state.duplicates:
            return None
        changes: list[tuple[Facts, Facts]] | None = []
        for index, old in before.items():
            new, display = plains[index], state.files[index]
            if old == new or display in duplicates:
                continue  # a duplicate's facts take no part in the checks across records
            if old is None or new is None or changes is None:
                changes = None
            else:
                changes.append((Facts.from_plain(display, old), facts[new[0]]))
        earlier = [finding_of(row) for row, _ in state.cross if row[2] != "KG201"]
        across = cross_findings_after(facts, changes, earlier) if changes is not None else None
        return new_store, findings + (cross_findings(facts) if across is None else across)

    def names_across(
        self,
        store: FactStore,
        new_store: FactStore,
        before: dict[int, Plain],
        after: dict[int, Plain],
        hidden: set[int],
    ) -> list[Finding] | None:
        """The findings across records when the edited records changed only their names: the
        earlier ones, with the duplicate-name warnings among the records that share a name key
        with an edited one found again (:func:`~kg.crosschecks.duplicate_names_after`)."""
        keys = {
            key
            for index in before
            if index not in hidden
            for plain in (before[index], after[index])
            for key in (plain[NAME_KEYS_AT] if plain is not None else ())
        }
        sharing = {index for key in keys for index in (*store.holders(key), *new_store.holders(key))}
        files = self.state.files

        def facts_of(plains: dict[int, Plain]) -> dict[str, Facts]:
            found = {}
            for index in sorted(sharing):
                plain = plains[index] if index in plains else store.plain_at(index)
                if plain is not None:
                    found[plain[0]] = Facts.from_plain(files[index], plain)
            return found

        earlier = [finding_of(row) for row, _ in self.state.cross]
        return duplicate_names_after(earlier, facts_of(before), facts_of(after))

    def update(
        self,
        files: list[RecordFile],
        moved: list[int],
        edited: dict[int, Outcome],
        across: tuple[FactStore, list[Finding]] | None,
    ) -> CheckResult:
        """The state with the moved stamps, the edited files' digests, facts and problems, and
        the findings across records (new ones if ``across``); saved if anything changed."""
        state = self.state
        stamps = bytearray(state.stamps)
        all_trusted = True  # a stamp not trusted is recorded as NO_STAMP, so it is among the moved
        for index in moved:
            stamp = files[index].stamp
            trusted = stamp is not None and CheckCache.trusted(stamp, self.started)
            all_trusted = all_trusted and trusted
            stamps[index * STAMP_SIZE : (index + 1) * STAMP_SIZE] = pack_stamps([stamp if trusted else None])
        digests = bytearray(state.digests)
        facts = bytearray(state.facts)
        own = dict(state.own)
        duplicates = set(state.duplicates)
        for index, outcome in edited.items():
            if outcome.digest is None:  # not read (too large): read again next time
                stamps[index * STAMP_SIZE : (index + 1) * STAMP_SIZE] = pack_stamps([None])
                all_trusted = False
            digests[index * DIGEST_SIZE : (index + 1) * DIGEST_SIZE] = outcome.digest or bytes(DIGEST_SIZE)
            facts[index * DIGEST_SIZE : (index + 1) * DIGEST_SIZE] = outcome.entry[4]
            loaded, checked, _, _, _ = outcome.entry
            rows = (*loaded, *(checked if outcome.display not in duplicates else ()))
            if rows:
                own[outcome.display] = rows
            else:
                own.pop(outcome.display, None)
        changed = {outcome.display for outcome in edited.values()}
        cross = state.cross
        if across is not None or any(row[0] in changed for row, _ in cross):
            findings = across[1] if across is not None else [finding_of(row) for row, _ in cross]
            cross = place(self.root, findings, dict(cross), lambda display: display not in changed)
        new = TreeState(
            state.files,
            state.misplaced,
            bytes(stamps),
            bytes(digests),
            bytes(facts),
            self.sources.trusted(list(state.inputs)),
            own,
            state.duplicates,
            cross,
            state.rest,
            state.counts,
            state.texts,
        )
        result = new.problems()
        if new.stamps != state.stamps or edited or new.inputs != state.inputs:
            entries = {(o.display, o.digest): o.entry for o in edited.values() if o.digest is not None}
            table = self.cache

            def current() -> dict[tuple[str, bytes], Entry]:
                known = table.entries
                keys = ((display, new.digest_at(index)) for index, display in enumerate(new.files))
                return {key: known[key] for key in keys if key in known}

            stamped: list[Stamp | None] = [item.stamp for item in files] if all_trusted else [None]
            payload = (problem_rows(result), *new.counts)
            quick = quick_result(
                self.cache.code, self.root, files, stamped, new.misplaced, self.sources, new.inputs, payload
            )
            whole, since = across[0].saved(new.facts_key()) if across is not None else (None, None)
            self.cache.save(quick, new.to_plain(), (entries, current), whole, since)
        count, sources = state.counts
        return CheckResult(result, count, sources, reused=len(files) - len(edited), read=len(moved))
