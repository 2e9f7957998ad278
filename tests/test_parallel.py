"""kg.parallel: work split over forked processes gives the results of running it here."""

from __future__ import annotations

import os

import pytest

from kg.parallel import map_chunks, run_beside


def test_run_beside_runs_the_other_half_in_another_process() -> None:
    here, there = run_beside(lambda: ("here", os.getpid()), lambda: ("there", os.getpid()))
    assert here == ("here", os.getpid())
    assert there[0] == "there" and there[1] != os.getpid()


def test_run_beside_raises_the_other_halfs_error_after_this_half_is_done() -> None:
    done = []

    def fail() -> None:
        raise ValueError("bad value 7")

    with pytest.raises(ValueError, match="bad value 7"):
        run_beside(lambda: done.append("here"), fail)
    assert done == ["here"]


def test_map_chunks_keeps_the_order_of_the_items() -> None:
    items = list(range(40))
    assert map_chunks(lambda chunk: [i * 2 for i in chunk], items, 2, min_per_job=5) == [i * 2 for i in items]
