"""Atomic writes: a reader sees the old file or the new one, also when the new one is made in chunks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.atomic import write_bytes_atomic, write_chunks_atomic


def test_chunks_are_written_in_order_as_they_are_made(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "out.txt"
    made: list[int] = []

    def chunks() -> Iterator[bytes]:
        for number in range(3):
            made.append(number)
            yield f"第{number}块\n".encode()

    write_chunks_atomic(target, chunks())
    assert target.read_text(encoding="utf-8") == "第0块\n第1块\n第2块\n"
    assert made == [0, 1, 2]
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_chunk_that_fails_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_bytes_atomic(target, b"old\n")

    def failing() -> Iterator[bytes]:
        yield b"half of the new"
        raise ValueError("cannot make the second chunk")

    with pytest.raises(ValueError, match="second chunk"):
        write_chunks_atomic(target, failing())
    assert target.read_bytes() == b"old\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.txt"]
