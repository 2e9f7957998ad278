"""What the last ``kg check`` of a tree knew, kept by the cache for a run in which a few files
changed.

Every record file's stamp, digest and digest of its :class:`~kg.facts.Facts` are kept in
columns (one string list and three byte strings, quick to load even for 100,000 files), and
the result in parts: the problems of each file's own checks, the findings of the checks across
records (with the key path they were placed from), and the problems of the registry, the source
texts and misplaced files. A run where the same files are listed and the sources are as they
were reads only the files whose stamps moved; if their facts are those recorded, the checks
across records would find exactly what they found before, and the result is put together from
the parts without loading the facts of every other record.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import Any

from kg.cache import Stamp, digest
from kg.errors import Problem
from kg.facts import Facts, Finding
from kg.graph import LazyRecords, PlainRecord
from kg.parallel import Beside
from kg.schema import Source
from kg.yamlio import Located, parse_yaml

__all__ = [
    "DIGEST_SIZE",
    "NO_STAMP",
    "STAMP_SIZE",
    "CheckResult",
    "FindingRow",
    "ProblemRow",
    "TreeState",
    "changed_items",
    "finding_of",
    "finding_row",
    "index_facts",
    "pack_stamps",
    "place",
]

ProblemRow = tuple[str, int, int, str, str, str]
FindingRow = tuple[Any, ...]
"""A :class:`~kg.facts.Finding` as a plain tuple."""

DIGEST_SIZE = 16
STAMP_SIZE = 32
"""Four 64-bit numbers."""
NO_STAMP: Stamp = (0, 0, 0, 0)
"""Recorded for a file whose stamp is not trusted: never equal to a real stamp."""
_BLOCK = 256


def pack_stamps(stamps: Sequence[Stamp | None]) -> bytes:
    """The stamps as one byte string, :data:`NO_STAMP` for a missing one."""
    return array("q", chain.from_iterable(stamp or NO_STAMP for stamp in stamps)).tobytes()


def changed_items(old: bytes, new: bytes, size: int) -> list[int]:
    """Indices of the items (``size`` bytes each) that differ between two equally long columns;
    blocks of items are compared first, so that a few changes among many cost little."""
    if len(old) != len(new):
        raise ValueError("columns of different lengths")
    found: list[int] = []
    block = _BLOCK * size
    for start in range(0, len(old), block):
        if old[start : start + block] == new[start : start + block]:
            continue
        for offset in range(start, min(start + block, len(old)), size):
            if old[offset : offset + size] != new[offset : offset + size]:
                found.append(offset // size)
    return found


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
    plain: dict[str, PlainRecord] = field(default_factory=dict)
    """The valid records by id as plain data, as the workers made it (with ``keep_records``)."""
    registry: dict[str, Source] = field(default_factory=dict)
    """The valid sources by id (with ``keep_records``)."""
    saving: Beside[None] | None = None
    """The process writing the cache, when the check left that to one (``save_beside``)."""
    made: Any = None
    """What the check's ``meanwhile`` returned (see :func:`kg.treecheck.check_tree`)."""

    def wait_saved(self) -> None:
        """Return once the cache this check learned is written (at once if it was written before
        the check returned); an error of the writing process is raised here."""
        if self.saving is not None:
            self.saving.result()
            self.saving = None

    @cached_property
    def records(self) -> LazyRecords:
        """The valid records by id (with ``keep_records``), each validated when first read."""
        return LazyRecords(self.plain)


def place(
    root: Path,
    findings: list[Finding],
    known: dict[FindingRow, ProblemRow] | None = None,
    unchanged: Callable[[str], bool] = lambda display: False,
) -> list[tuple[FindingRow, ProblemRow]]:
    """Each finding with the problem it is, at its line and column: as ``known`` placed it if
    its file is ``unchanged``, else from the file, read again (once for all its findings)."""
    rows = [finding_row(finding) for finding in findings]
    placed: dict[FindingRow, ProblemRow] = {}
    by_file: dict[str, list[Finding]] = {}
    for finding, row in zip(findings, rows, strict=True):
        earlier = known.get(row) if known is not None and unchanged(finding.display) else None
        if earlier is not None:
            placed[row] = earlier
        else:
            by_file.setdefault(finding.display, []).append(finding)
    for display, group in by_file.items():
        located: Located | None = None
        try:
            located = parse_yaml((root / display).read_bytes(), display)[0]
        except OSError:
            located = None
        for finding in group:
            problem = finding.place(located)
            placed[finding_row(finding)] = (
                problem.path,
                problem.line,
                problem.col,
                problem.code,
                problem.message,
                problem.severity,
            )
    return [(row, placed[row]) for row in rows]


def finding_row(finding: Finding) -> FindingRow:
    return (finding.display, finding.path, finding.code, finding.message, finding.severity, finding.key)


def finding_of(row: FindingRow) -> Finding:
    return Finding(*row)


@dataclass
class TreeState:
    """The inputs and the result of the last run, in parts (see the module's docstring)."""

    files: list[str]
    """Record files, as messages show them, in load order."""
    misplaced: list[str]
    """Files in the wrong place (KG010)."""
    stamps: bytes
    """Each record file's stamp (:func:`pack_stamps`); :data:`NO_STAMP` where not trusted."""
    digests: bytes
    """Each record file's digest, :data:`DIGEST_SIZE` bytes each."""
    facts: bytes
    """Each record file's facts digest (zeros for a file that is not a valid record)."""
    inputs: dict[str, tuple[Stamp | None, bytes | None]]
    """The registry and each source text it names: (trusted stamp or None, digest or None)."""
    own: dict[str, tuple[ProblemRow, ...]]
    """The problems of each file's own loading and checks, for the files that have any."""
    duplicates: list[str]
    """Files whose id an earlier file has (their own checks are not reported)."""
    cross: list[tuple[FindingRow, ProblemRow]]
    """Each finding of the checks across records, and the problem it was placed as."""
    rest: tuple[ProblemRow, ...]
    """Problems of the registry, of the source texts and of misplaced files."""
    counts: tuple[int, int]
    """Record files and valid sources."""
    texts: dict[bytes, Any] = field(default_factory=dict)
    """Digest of a source text → what reading it found (damage)."""

    def duplicate_positions(self) -> list[int]:
        """Where :attr:`duplicates` stand in :attr:`files` (whose facts the fact store leaves out)."""
        if not self.duplicates:
            return []
        duplicates = set(self.duplicates)
        return [index for index, display in enumerate(self.files) if display in duplicates]

    def problems(self) -> list[Problem]:
        """The result: every problem, sorted, once."""
        rows = set(self.rest)
        for own in self.own.values():
            rows.update(own)
        rows.update(placed for _, placed in self.cross)
        return sorted(Problem(*row) for row in rows)  # type: ignore[arg-type]

    def to_plain(self) -> tuple[Any, ...]:
        return (
            self.files,
            self.misplaced,
            self.stamps,
            self.digests,
            self.facts,
            self.inputs,
            self.own,
            self.duplicates,
            self.cross,
            self.rest,
            self.counts,
            self.texts,
        )

    @classmethod
    def from_plain(cls, plain: Any) -> TreeState | None:
        """The state :meth:`to_plain` gave, or None if ``plain`` is not one."""
        if not isinstance(plain, tuple) or len(plain) != 12:
            return None
        state = cls(*plain)
        count = len(state.files)
        sizes = (len(state.stamps), len(state.digests), len(state.facts))
        if sizes != (count * STAMP_SIZE, count * DIGEST_SIZE, count * DIGEST_SIZE):
            return None
        return state

    def stamp_at(self, index: int) -> Stamp:
        numbers = array("q")
        numbers.frombytes(self.stamps[index * STAMP_SIZE : (index + 1) * STAMP_SIZE])
        return (numbers[0], numbers[1], numbers[2], numbers[3])

    def digest_at(self, index: int) -> bytes:
        return self.digests[index * DIGEST_SIZE : (index + 1) * DIGEST_SIZE]

    def facts_at(self, index: int) -> bytes:
        return self.facts[index * DIGEST_SIZE : (index + 1) * DIGEST_SIZE]

    def facts_key(self) -> bytes:
        """What the stored facts of every file (:attr:`kg.cache.CheckCache.facts`) must carry to
        be those of this state: the digest of its column of facts digests."""
        return digest(self.facts)

    def known(self) -> dict[str, tuple[Stamp, bytes]]:
        """Display path → (stamp, digest) of every record file whose stamp is trusted."""
        numbers = array("q")
        numbers.frombytes(self.stamps)
        known = {}
        for index, display in enumerate(self.files):
            stamp = (
                numbers[4 * index],
                numbers[4 * index + 1],
                numbers[4 * index + 2],
                numbers[4 * index + 3],
            )
            if stamp != NO_STAMP:
                known[display] = (stamp, self.digest_at(index))
        return known


def index_facts(
    displays: Sequence[str], plains: Sequence[tuple[Any, ...] | None]
) -> tuple[dict[str, Facts], list[Finding], list[str]]:
    """The facts of every valid record by id, in load order; KG201 for each file whose id an
    earlier file has, and those files (their facts are left out, their own checks unreported)."""
    facts: dict[str, Facts] = {}
    findings: list[Finding] = []
    duplicates: list[str] = []
    for display, plain in zip(displays, plains, strict=True):
        if plain is None:
            continue
        first = facts.get(plain[0])
        if first is None:
            facts[plain[0]] = Facts.from_plain(display, plain)
        else:
            message = f"id {plain[0]!r} is also used by {first.display}"
            findings.append(Finding(display, ("id",), "KG201", message))
            duplicates.append(display)
    return facts, findings, duplicates
