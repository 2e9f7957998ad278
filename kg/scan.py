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
from stat import S_ISDIR, S_ISLNK
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
    """Files below ``folder``, by POSIX path; as with ``Path.rglob``, a link to a folder is
    neither entered nor listed."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        inner = f"{relative}/{entry.name}"
        if _is_dir(entry):
            if not entry.is_symlink():
                yield from _walk(entry.path, inner)
        else:
            yield inner


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _misplaced_below(folder: str, relative: str) -> list[str]:
    """Every file in a folder inside a type's folder: none of them is where a record goes."""
    return [path for path in _walk(folder, relative) if path_kind(path) == ""]


def _listed(folder: str, prefix: str, kind: str, files: list[RecordFile], misplaced: list[str]) -> None:
    """The files of one type's folder, without stamps, as :func:`scan_records` lists them;
    the directory entries tell files from folders without a ``stat`` each."""
    try:
        inside = sorted(os.scandir(folder), key=attrgetter("name"))
    except OSError:
        return
    # This loop runs for every record file: it is spelled out for speed.
    for entry in inside:
        name = entry.name
        if name.startswith("."):
            continue
        if _is_dir(entry):
            if not entry.is_symlink():  # a link to a folder is not entered, as by Path.rglob
                misplaced += _misplaced_below(entry.path, prefix + name)
        elif not kind or not name.endswith(".yaml"):
            misplaced.append(prefix + name)
        else:
            files.append(RecordFile(prefix + name, kind, None))


def _stamped(folder: str, prefix: str, kind: str, files: list[RecordFile], misplaced: list[str]) -> None:
    """The files of one type's folder, each with its stamp, as :func:`scan_records` lists them.

    One ``lstat`` per name, relative to the open folder, both stamps a file and tells a
    folder. A link is followed for its stamp; a link to a folder is skipped (``Path.rglob``, as
    the loader lists files, neither enters nor lists it); a name that cannot be stat'ed is a file
    without a stamp, as a broken link is.
    """
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        names = sorted(os.listdir(handle))
        stat, append = os.stat, files.append
        # This loop runs for every record file: it is spelled out for speed.
        for name in names:
            if name.startswith("."):
                continue
            try:
                found = stat(name, dir_fd=handle, follow_symlinks=False)
                if S_ISLNK(found.st_mode):
                    found = stat(name, dir_fd=handle)
                    if S_ISDIR(found.st_mode):
                        continue
            except OSError:
                found = None
            if found is not None and S_ISDIR(found.st_mode):
                misplaced += _misplaced_below(f"{folder}/{name}", prefix + name)
            elif not kind or not name.endswith(".yaml"):
                misplaced.append(prefix + name)
            elif found is None:
                append(RecordFile(prefix + name, kind, None))
            else:
                append(
                    RecordFile(
                        prefix + name,
                        kind,
                        (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino),
                    )
                )
    except OSError:
        return
    finally:
        os.close(handle)


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
    for folder in top:
        if folder.name.startswith("."):
            continue
        if not _is_dir(folder):
            misplaced.append(f"{CURATION_DIR}/{folder.name}")
            continue
        if folder.name == INBOX_DIR or folder.is_symlink():  # a link is not entered, as by Path.rglob
            continue
        kind = folder.name if folder.name in RECORD_TYPES else ""
        prefix = f"{CURATION_DIR}/{folder.name}/"
        (_stamped if stamped else _listed)(folder.path, prefix, kind, files, misplaced)
    problems = [Problem(path, 1, 1, "KG010", _MISPLACED) for path in sorted(misplaced)]
    return files, problems
