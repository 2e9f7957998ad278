"""One side of a diff: a git revision or the working tree, read lazily.

A tree of 10,000 records is too big to parse whole for a diff that touches a hundred: a snapshot
lists its files (cheap), parses a record only when asked, and answers "which records mention
this?" with ``git grep``. Parsed files are shared between the two sides through a cache keyed by
blob id, so a file the change did not touch is parsed at most once.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kg.corpus import Corpus
from kg.diff.gitio import TREE_DIRS, Git, GrepHit
from kg.errors import Problem
from kg.load import SOURCES_FILE, Document, parse_record, parse_sources, path_kind
from kg.schema import Record, Source

__all__ = ["ParseCache", "Snapshot", "changed_paths", "open_snapshot", "record_id_of"]

ParseCache = dict[tuple[str, str], tuple[Document, list[Problem]]]


def record_id_of(path: str) -> str:
    """The id a record file holds: its name without ``.yaml``."""
    return path.rsplit("/", 1)[-1].removesuffix(".yaml")


def blob_id(data: bytes) -> str:
    """The id git gives a blob with these bytes, so disk files and revisions share one cache."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


@dataclass
class Snapshot:
    """The files of a tree, parsed on demand. ``commit`` None means the working tree."""

    git: Git
    commit: str | None
    label: str
    cache: ParseCache
    blobs: dict[str, str | None] = field(default_factory=dict)
    """Path → blob id (None for a working-tree file not yet read)."""
    _data: dict[str, bytes] = field(default_factory=dict, repr=False)
    _hits: list[GrepHit] = field(default_factory=list, repr=False)
    _prefetched: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        if self.commit is not None:
            self.blobs = dict(self.git.files(self.commit))
        else:
            for folder in TREE_DIRS:
                for directory, _, names in os.walk(self.git.root / folder):
                    relative = Path(directory).relative_to(self.git.root).as_posix()
                    self.blobs.update((f"{relative}/{name}", None) for name in names)

    # -- files -------------------------------------------------------------------------------
    @cached_property
    def record_paths(self) -> dict[str, tuple[str, str]]:
        """Record id → (type, path); the id is the file name, as `kg check` requires."""
        out: dict[str, tuple[str, str]] = {}
        for path in sorted(self.blobs):
            record_type = path_kind(path)
            if record_type:
                out.setdefault(record_id_of(path), (record_type, path))
        return out

    def read(self, paths: list[str]) -> dict[str, bytes]:
        """The bytes of files of this tree (missing ones left out)."""
        wanted = [p for p in paths if p in self.blobs and p not in self._data]
        if self.commit is None:
            for path in wanted:
                try:
                    self._data[path] = (self.git.root / path).read_bytes()
                except OSError:
                    continue
        else:
            ids = [b for p in wanted if (b := self.blobs[p]) is not None]
            contents = self.git.blobs(ids)
            for path in wanted:
                blob = self.blobs[path]
                if blob is not None:
                    self._data[path] = contents[blob]
        return {p: self._data[p] for p in paths if p in self._data}

    def blob(self, path: str) -> str | None:
        """The blob id of a file, hashing a working-tree file when needed."""
        if path not in self.blobs:
            return None
        if self.blobs[path] is None:
            data = self.read([path]).get(path)
            self.blobs[path] = None if data is None else blob_id(data)
        return self.blobs[path]

    # -- records -----------------------------------------------------------------------------
    def documents(self, record_ids: list[str]) -> dict[str, tuple[Document, list[Problem]]]:
        """Parsed files of these records (ids without a file left out), read in one batch."""
        located = {i: self.record_paths[i] for i in record_ids if i in self.record_paths}
        contents = self.read([path for _, path in located.values()])
        out = {}
        for record_id, (record_type, path) in located.items():
            data = contents.get(path)
            if data is None:
                continue
            key = (path, self.blobs[path] or blob_id(data))
            if key not in self.cache:
                self.cache[key] = parse_record(data, record_type, path, self.git.root / path)
            out[record_id] = self.cache[key]
        return out

    def record(self, record_id: str) -> Record | None:
        found = self.documents([record_id]).get(record_id)
        return found[0].record if found else None

    def records(self, record_ids: list[str]) -> dict[str, Record]:
        return {i: d.record for i, (d, _) in self.documents(record_ids).items() if d.record is not None}

    def name(self, record_id: str) -> str:
        """The record's Chinese name, or '' when it has no valid record here."""
        record = self.record(record_id)
        return record.name if record else ""

    def type_of(self, record_id: str) -> str | None:
        found = self.record_paths.get(record_id)
        return found[0] if found else None

    def prefetch(self, patterns: Iterable[str]) -> None:
        """Search for all these strings in one pass, so that later :meth:`grep` calls for any of
        them are answered from memory (each ``git grep`` reads the whole tree)."""
        wanted = sorted(set(patterns))
        self._hits = self._records_only(self.git.grep(wanted, self.commit))
        self._prefetched = set(wanted)

    def grep(self, patterns: list[str], *, words: bool = False) -> list[GrepHit]:
        """Lines of this tree's record files holding any of the strings (ASCII case ignored);
        with ``words``, only where a string stands as a whole word, as ``git grep -w`` has it."""
        if not patterns:
            return []
        if not set(patterns) <= self._prefetched:
            return self._records_only(self.git.grep(patterns, self.commit, words=words))
        alternatives = "|".join(re.escape(p) for p in sorted(patterns, key=len, reverse=True))
        edge = r"(?<![A-Za-z0-9_])", r"(?![A-Za-z0-9_])"
        pattern = re.compile(
            f"{edge[0]}(?:{alternatives}){edge[1]}" if words else alternatives, re.IGNORECASE
        )
        return [hit for hit in self._hits if pattern.search(hit.text)]

    def _records_only(self, hits: list[GrepHit]) -> list[GrepHit]:
        records = {path for _, path in self.record_paths.values()}
        return [hit for hit in hits if hit.path in records]

    # -- sources -----------------------------------------------------------------------------
    @cached_property
    def sources(self) -> dict[str, Source]:
        registry = SOURCES_FILE.as_posix()
        data = self.read([registry]).get(registry)
        sources, _, _ = parse_sources(data, lambda name: f"seeds/{name}" in self.blobs)
        return sources

    @cached_property
    def corpus(self) -> Corpus:
        def read(name: str) -> bytes:
            path = f"seeds/{name}"
            data = self.read([path]).get(path)
            if data is None:
                raise OSError(f"{path} is not in {self.label}")
            return data

        return Corpus(self.git.root / "seeds", self.sources, read=read)


def changed_paths(base: Snapshot, head: Snapshot) -> list[str]:
    """Paths whose content differs between the two trees (present in only one included)."""
    everything = set(base.blobs) | set(head.blobs)
    if head.commit is not None:
        return sorted(p for p in everything if base.blobs.get(p) != head.blobs.get(p))
    assert base.commit is not None
    maybe = base.git.changed_in_worktree(base.commit) | (set(base.blobs) ^ set(head.blobs))
    return sorted(p for p in maybe & everything if base.blob(p) != head.blob(p))


def open_snapshot(git: Git, revision: str | None, cache: ParseCache) -> Snapshot:
    """A revision's snapshot, or the working tree's when ``revision`` is None."""
    if revision is None:
        return Snapshot(git, None, "working tree", cache)
    commit = git.commit(revision)
    return Snapshot(git, commit, revision, cache)
