"""The check cache: what ``kg check`` learned about each file, kept in ``.kg-cache/`` between runs.

Four files, written (atomically) at the end of a run that changed anything:

- ``.kg-cache/check-result.bin``: the whole result of the last run, keyed by a digest of the
  stamps of every file it read, so that a run where no stamp moved answers from it at once.
- ``.kg-cache/check-state.bin``: what the last run knew (:class:`kg.treestate.TreeState`): every
  record file's stat stamp, BLAKE2b digest and facts digest, in columns; the stamps and digests
  of the registry and the source texts; the result in parts, so that a run after a few edits
  updates it (:mod:`kg.treeupdate`); what was found in each source text (damage), by digest.
- ``.kg-cache/check-facts.bin``: the :class:`~kg.facts.Facts` of every record file, in the
  state's order, for the checks across records after an edit that changes facts
  (:class:`kg.factstore.FactStore`); a run that changed a few facts writes only what changed,
  to ``check-facts-changes.bin``.
- ``.kg-cache/check-entries.bin``: for every record file, keyed by its path and digest, what
  checking it alone found: the problems of loading and checking it, its facts, the digests of
  the sources it cites. It is kept as a base file plus a file of the changes since
  (``check-entries-changes.bin``), so that a run which changed a few files writes a few entries
  without reading the base.

Nothing stale is ever used:

- A file is read again unless its stamp (size, mtime, ctime and inode, to the nanosecond) is the
  one recorded. Every write to a file moves its ctime, and so does setting its mtime back, so a
  file changed in place with the same size and mtime is read again. A stamp is not recorded when
  the file changed less than :data:`RACY_SECONDS` before it was stamped (a second write within
  the file system's clock tick could leave it unmoved); such a file is read again next time.
- An entry is keyed by the digest of the file's bytes, and used only while every source it cites
  (its registry entry and its text) has the digest it had. The state is used only while the
  same files are listed and the registry and every source text have the digests it recorded;
  the facts only with the state whose column of facts digests they carry the digest of.
- Each cache file starts with a digest of the code that wrote it (every module of the ``kg``
  package, and the versions of Python, pydantic, PyYAML, yaml-rs and OpenCC) and a digest of its
  own contents: a change to the schema or the checks, or a damaged file, empties the cache.

Set ``KG_CACHE=0`` (or pass ``--no-cache``) to check without reading or writing it; delete
``.kg-cache/`` to clear it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import marshal
import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from kg.atomic import write_bytes_atomic

__all__ = [
    "CACHE_DIR",
    "RACY_SECONDS",
    "CheckCache",
    "Stamp",
    "cache_enabled",
    "code_digest",
    "digest",
    "package_digest",
    "stamp_of",
]

CACHE_DIR = ".kg-cache"
FORMAT = b"kg-check-cache 2"
APPEND_LIMIT = 2048
"""Changes added to a table's file of changes without reading its base."""
RACY_SECONDS = 2.0
"""Stamps of files changed this recently are not trusted (coarse file-system clocks)."""

Stamp = tuple[int, int, int, int]
"""(size, mtime_ns, ctime_ns, inode) of a file."""


def cache_enabled(requested: bool | None = None) -> bool:
    """Whether to use the cache: ``requested`` if given, else not when ``KG_CACHE=0``."""
    if requested is not None:
        return requested
    return os.environ.get("KG_CACHE", "1") != "0"


def digest(data: bytes) -> bytes:
    """The digest files are known by."""
    return hashlib.blake2b(data, digest_size=16).digest()


def stamp_of(stat: os.stat_result) -> Stamp:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def package_digest(package: Path) -> bytes:
    """A digest of the source of a package: every module and data file, by path."""
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".tsv", ".json", ".yaml") and "__pycache__" not in path.parts:
            hasher.update(path.relative_to(package).as_posix().encode() + b"\0")
            hasher.update(digest(path.read_bytes()))
    return hasher.digest()


@cache
def code_digest() -> bytes:
    """A digest of everything the results depend on besides the files checked: this package's
    source (the schema and the checks) and the versions of Python and the libraries it uses."""
    hasher = hashlib.blake2b(FORMAT, digest_size=16)
    hasher.update(package_digest(Path(__file__).parent))
    hasher.update(sys.version.encode())
    for name in ("pydantic", "pydantic-core", "PyYAML", "yaml-rs", "opencc", "pypinyin"):
        try:
            hasher.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            hasher.update(f"{name}=none".encode())
    return hasher.digest()


def _read(path: Path, code: bytes) -> tuple[Any, bytes]:
    """The contents of one cache file and the digest they were written with; (None, b"") when the
    file is missing, damaged or from other code."""
    try:
        data = path.read_bytes()
    except OSError:
        return None, b""
    if not _header_ok(data, code):
        return None, b""
    head = len(FORMAT) + 32
    payload, written = data[head:], data[len(FORMAT) + 16 : head]
    if digest(payload) != written:
        return None, b""
    try:
        return marshal.loads(payload), written
    except (EOFError, ValueError, TypeError):
        return None, b""


def _head_digest(path: Path, code: bytes) -> bytes:
    """The digest a cache file says its contents have, without reading them; b"" if it is
    missing or from other code (its contents are checked when it is read)."""
    head = len(FORMAT) + 32
    try:
        with open(path, "rb") as handle:
            data = handle.read(head)
    except OSError:
        return b""
    if not _header_ok(data, code):
        return b""
    return data[len(FORMAT) + 16 :]


def _header_ok(data: bytes, code: bytes) -> bool:
    """Whether ``data`` starts with a whole header (format, code digest, contents digest) of
    this format and this code."""
    start = len(FORMAT)
    return len(data) >= start + 32 and data[:start] == FORMAT and data[start : start + 16] == code


def _write(path: Path, code: bytes, value: Any) -> bytes:
    payload = marshal.dumps(value)
    written = digest(payload)
    write_bytes_atomic(path, FORMAT + code + written + payload, sync=False)
    return written


class _Table:
    """A dict kept as a base file plus a file of the changes since, so that a run which changed
    a few entries writes a few entries, without reading the base; the base is written again
    once the changes grow."""

    def __init__(self, folder: Path, name: str, code: bytes) -> None:
        self.base_path = folder / f"{name}.bin"
        self.changes_path = folder / f"{name}-changes.bin"
        self.code = code
        self._base_digest = b""
        self._changes: dict[Any, Any] = {}
        self._merged: dict[Any, Any] | None = None

    def load(self) -> dict[Any, Any]:
        if self._merged is None:
            base, self._base_digest = _read(self.base_path, self.code)
            self._merged = base if isinstance(base, dict) else {}
            changes, _ = _read(self.changes_path, self.code) if self._merged else (None, b"")
            if isinstance(changes, dict) and changes.get("base") == self._base_digest:
                self._changes = changes["changes"]
                self._merged.update(self._changes)
        return self._merged

    def _append(self, changes: dict[Any, Any]) -> bool:
        """Add ``changes`` to the file of changes without reading the base; False when that
        cannot be done (no base, or too many changes)."""
        written = _head_digest(self.base_path, self.code)
        if not written:
            return False
        earlier, _ = _read(self.changes_path, self.code)
        known = earlier["changes"] if isinstance(earlier, dict) and earlier.get("base") == written else {}
        merged = {**known, **changes}
        if len(merged) > APPEND_LIMIT:
            return False
        _write(self.changes_path, self.code, {"base": written, "changes": merged})
        return True

    def update(self, changes: dict[Any, Any], whole: Callable[[], dict[Any, Any]]) -> None:
        """Record ``changes``; when they have grown large, write ``whole()`` (the table as it
        should be, without entries nothing uses any more) as the new base."""
        if not changes and self.base_path.exists():
            return
        if self._merged is None and self._append(changes):
            return
        merged = self.load()
        self._changes.update(changes)
        merged.update(changes)
        if merged and self._base_digest and len(self._changes) <= max(256, len(merged) // 20):
            _write(self.changes_path, self.code, {"base": self._base_digest, "changes": self._changes})
            return
        self._merged = whole()
        self._base_digest = _write(self.base_path, self.code, self._merged)
        self._changes = {}
        self.changes_path.unlink(missing_ok=True)


class CheckCache:
    """The cache of one project folder. Every method fails quietly: a cache that cannot be read
    is empty, one that cannot be written is not written."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.code = code_digest()
        results, _ = _read(self.folder / "check-result.bin", self.code)
        valid = isinstance(results, dict)
        self.quick: tuple[Any, ...] | None = results.get("quick") if valid else None
        """(digest of every input's stamp, source files read, the result) of the last run."""
        self._state: Any = None
        self._facts: Any = None
        self._facts_changes: Any = None
        self._entries = _Table(self.folder, "check-entries", self.code)

    @property
    def state(self) -> Any:
        """What the last run knew (:meth:`kg.treestate.TreeState.to_plain`), None if unknown."""
        if self._state is None:
            self._state, _ = _read(self.folder / "check-state.bin", self.code)
        return self._state

    @property
    def facts(self) -> Any:
        """The facts of every record file of the last run, in the state's order, with the digest
        of the state's column of facts digests they belong to; None if unknown."""
        if self._facts is None:
            self._facts, _ = _read(self.folder / "check-facts.bin", self.code)
        return self._facts

    @property
    def facts_changes(self) -> Any:
        """What changed in :attr:`facts` since (:meth:`kg.factstore.FactStore.saved`); None if
        unknown."""
        if self._facts_changes is None:
            self._facts_changes, _ = _read(self.folder / "check-facts-changes.bin", self.code)
        return self._facts_changes

    @property
    def entries(self) -> dict[tuple[str, bytes], Any]:
        """(display path, digest) → what checking that record file alone found."""
        return self._entries.load()

    @staticmethod
    def trusted(stamp: Stamp, started: float) -> bool:
        """Whether a stamp taken by a run that started at ``started`` may be trusted next time."""
        racy = int((started - RACY_SECONDS) * 1e9)
        return stamp[1] < racy and stamp[2] < racy

    def save(
        self,
        quick: tuple[Any, ...] | None,
        state: Any,
        entries: tuple[dict[tuple[str, bytes], Any], Callable[[], Any]],
        facts: Any = None,
        facts_changes: Any = None,
    ) -> None:
        """Write what this run learned: the result keyed by the stamps of its inputs (None
        when a stamp was too recent), the state (:class:`kg.treestate.TreeState`, plain), the
        new entries (with a function giving all current ones) and the facts, or what changed
        in them, unless None."""
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                write_bytes_atomic(ignore, b"*\n", sync=False)
            self._entries.update(*entries)
            if facts is not None:
                _write(self.folder / "check-facts.bin", self.code, facts)
                (self.folder / "check-facts-changes.bin").unlink(missing_ok=True)
            elif facts_changes is not None:
                _write(self.folder / "check-facts-changes.bin", self.code, facts_changes)
            _write(self.folder / "check-state.bin", self.code, state)
            _write(self.folder / "check-result.bin", self.code, {"quick": quick})
        except OSError:
            pass
