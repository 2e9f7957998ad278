"""kg.parallel: work split over forked processes gives the results of running it here."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import tomllib
from itertools import pairwise

import pytest

from kg.parallel import Beside, chunk_results, map_chunks, run_beside, share_out

from .conftest import ROOT


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


def test_work_started_beside_gives_its_result_when_asked_and_can_be_stopped() -> None:
    started = Beside(lambda: os.getpid())
    assert started.result() != os.getpid()
    stopped = Beside(lambda: os.getpid())
    stopped.stop()
    with pytest.raises(AssertionError, match="the work was stopped"):
        stopped.result()


def test_map_chunks_keeps_the_order_of_the_items() -> None:
    items = list(range(40))
    assert map_chunks(lambda chunk: [i * 2 for i in chunk], items, 2, min_per_job=5) == [i * 2 for i in items]


def test_chunk_results_gives_each_chunks_result_in_order_as_it_comes() -> None:
    # the caller sees the chunks one by one: here, each chunk's (first, last, worker pid)
    pieces = list(
        chunk_results(lambda chunk: (chunk[0], chunk[-1], os.getpid()), range(40), 2, min_per_job=5)
    )
    assert len(pieces) == 8
    assert [first for first, _, _ in pieces] == sorted(first for first, _, _ in pieces)
    assert pieces[0][0] == 0 and pieces[-1][1] == 39
    assert all(last + 1 == following[0] for (_, last, _), following in pairwise(pieces))
    assert os.getpid() not in {pid for _, _, pid in pieces}
    alone = list(chunk_results(lambda chunk: (chunk[0], chunk[-1], os.getpid()), range(40), 1))
    assert alone == [(0, 39, os.getpid())]


def test_share_out_gives_each_job_to_the_process_that_is_free_first() -> None:
    # Job 0 lasts until job 5, the last short one, is done: a process busy with it takes no
    # other job meanwhile, so the other process (whichever that is) must take all five.
    last_done, signal = os.pipe()

    def job(number: int) -> tuple[int, int, bool]:
        if number == 0:
            ready, _, _ = select.select([last_done], [], [], 10)
            return number, os.getpid(), bool(ready)
        if number == 5:
            os.write(signal, b"done")
        return number, os.getpid(), True

    results = share_out(range(6), job)
    assert [number for number, _, _ in results] == list(range(6))  # each job once, in order
    assert all(saw_the_others for _, _, saw_the_others in results)
    long_one = results[0][1]
    others = {pid for _, pid, _ in results[1:]}
    assert len(others) == 1 and long_one not in others
    assert os.getpid() in {long_one, *others}


_PAUSED_WORK = """
import gc
from kg.parallel import collector_paused, freeze_after_pauses
if {freeze}:
    freeze_after_pauses()
with collector_paused():
    kept = [[i] for i in range(100_000)]
print(gc.isenabled(), gc.get_freeze_count() >= 100_000)
"""


@pytest.mark.parametrize(("freeze", "expected"), [(True, "True True"), (False, "True False")])
def test_what_a_pause_made_is_frozen_only_in_the_kg_process(freeze: bool, expected: str) -> None:
    """In the `kg` process the objects made while paused are frozen, so the collector does not
    walk them at once; elsewhere the collector is left as it was (in a subprocess, since
    freezing is for the whole process)."""
    code = _PAUSED_WORK.format(freeze=freeze)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == expected.split()


def test_the_kg_program_freezes_after_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    """The `kg` script is :func:`kg.cli.run`, which turns freezing on before the command runs."""
    import kg.cli
    import kg.parallel

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["kg"] == "kg.cli:run"
    monkeypatch.setattr(kg.parallel, "_FREEZE_AFTER_PAUSE", False)  # restored after the test
    seen = []
    monkeypatch.setattr(kg.cli, "main", lambda: seen.append(kg.parallel._FREEZE_AFTER_PAUSE))
    kg.cli.run()
    assert seen == [True]
