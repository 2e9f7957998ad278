"""Atomic file writes: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["write_bytes_atomic", "write_chunks_atomic", "write_text_atomic"]


def write_bytes_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    ``sync=False`` skips waiting for the disk, for files that are only ever a copy (a cache that
    checks its own contents).
    """
    write_chunks_atomic(path, (data,), sync=sync)


def write_chunks_atomic(path: Path, chunks: Iterable[bytes], *, sync: bool = True) -> None:
    """:func:`write_bytes_atomic` of the bytes ``chunks`` joined, written one chunk at a time.

    ``chunks`` may be made while they are written (a generator): a large file then never needs
    its whole text in memory. If making a chunk raises, the temporary file is removed and the
    old file stays.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 (whatever the locale says) with Unix newlines, atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))
