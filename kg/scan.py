"""The record files of a project, listed in load order and stamped, fast enough for 100,000.

The same files, in the same order, as :func:`kg.load.record_files`, which classifies each path
with :func:`kg.load.path_kind`; here the fixed layout (``curation/<type>/<id>.yaml``) is walked
directly, and each file's stat stamp (:func:`kg.cache.stamp_of`) is taken for the cache.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from kg.cache import Stamp
from kg.errors import Problem
from kg.load import CURATION_DIR, INBOX_DIR, path_kind
from kg.schema import RECORD_TYPES

__all__ = ["RecordFile", "scan_records"]


class RecordFile(NamedTuple):
    """A record file: its path as messages show it, its record type, its stamp if taken."""

    display: str
    kind: str
    stamp: Stamp | None


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


def scan_records(root: Path, stamped: bool) -> tuple[list[RecordFile], list[Problem]]:
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
    files: list[RecordFile] = []
    misplaced: list[str] = []
    by_name = attrgetter("name")
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
            inside = sorted(os.scandir(folder.path), key=by_name)
        except OSError:
            continue
        prefix = f"{CURATION_DIR}/{folder.name}/"
        # The loop below runs for every record file: it is spelled out for speed.
        for entry in inside:
            name = entry.name
            if name.startswith("."):
                continue
            if _is_dir(entry):
                relative = prefix + name
                misplaced += (path for path in _walk(entry.path, relative) if path_kind(path) == "")
            elif not kind or not name.endswith(".yaml"):
                misplaced.append(prefix + name)
            elif stamped:
                try:
                    stat = entry.stat()
                    stamp: Stamp | None = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
                except OSError:
                    stamp = None
                files.append(RecordFile(prefix + name, kind, stamp))
            else:
                files.append(RecordFile(prefix + name, kind, None))
    problems = [Problem(path, 1, 1, "KG010", _MISPLACED) for path in sorted(misplaced)]
    return files, problems
