"""Running one function over many items on every core, for reading and checking record files.

Worker processes are forked, so they start at once with everything the parent has already
loaded (the schema, the source registry, the cache) and nothing is sent to them but the items.
Where fork is not available, or the work is too small to be worth a process, everything runs in
this process; the results are the same either way, in the order of the items.

``KG_JOBS=N`` (or ``--jobs N``) sets the number of processes; the default is one per core this
process may use.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

__all__ = [
    "MIN_ITEMS_PER_JOB",
    "Beside",
    "chunk_results",
    "collector_paused",
    "freeze_after_pauses",
    "job_count",
    "map_chunks",
    "run_beside",
    "share_out",
    "worker_count",
]

Item = TypeVar("Item")
Result = TypeVar("Result")
Other = TypeVar("Other")

MIN_ITEMS_PER_JOB = 500
"""Below this many items per process, starting processes costs more than it saves."""


def job_count(requested: int | None = None) -> int:
    """How many processes to use: ``requested``, else ``KG_JOBS``, else the usable cores."""
    if requested is None:
        from_env = os.environ.get("KG_JOBS", "")
        requested = int(from_env) if from_env.isdigit() else None
    if requested is None:
        try:
            requested = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            requested = os.cpu_count() or 1
    return max(1, requested)


_WORK: Callable[[Sequence[Any]], Any] | None = None


def _run(chunk: Sequence[Any]) -> Any:
    assert _WORK is not None
    return _WORK(chunk)


def worker_count(items: int, jobs: int | None = None, min_per_job: int = MIN_ITEMS_PER_JOB) -> int:
    """How many processes :func:`map_chunks` runs for ``items`` items: at most one per
    ``min_per_job`` of them; 1 (this process alone) where fork is not available."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(job_count(jobs), items // min_per_job))


def map_chunks(
    work: Callable[[Sequence[Item]], list[Result]],
    items: Sequence[Item],
    jobs: int | None = None,
    *,
    min_per_job: int = MIN_ITEMS_PER_JOB,
) -> list[Result]:
    """``work`` over consecutive chunks of ``items``, in several processes when each would get
    at least ``min_per_job`` items; the results of all chunks joined, in order. ``work`` returns
    one result per item."""
    return [
        result for results in chunk_results(work, items, jobs, min_per_job=min_per_job) for result in results
    ]


def chunk_results(
    work: Callable[[Sequence[Item]], Result],
    items: Sequence[Item],
    jobs: int | None = None,
    *,
    min_per_job: int = MIN_ITEMS_PER_JOB,
) -> Iterator[Result]:
    """What ``work`` gives for each of consecutive chunks of ``items`` (one chunk, the whole,
    when one process does it), in order, each as soon as it and those before it are done: the
    caller reads one chunk's results while the worker processes make the next ones."""
    count = worker_count(len(items), jobs, min_per_job)
    if count < 2:
        yield work(items)
        return
    global _WORK
    _WORK = work  # inherited by the forked workers; nothing is pickled but items and results
    pieces = min(len(items), count * 4)  # several chunks per process, so one slow chunk holds no one up
    size = -(-len(items) // pieces)
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            yield from pool.imap(_run, chunks)
    finally:
        _WORK = None


_THERE: Callable[[], Any] | None = None


def _run_there() -> Any:
    assert _THERE is not None
    return _THERE()


class Beside(Generic[Other]):
    """``there()`` started in one forked process while this one goes on: wait for its result,
    or stop it. Ask for :meth:`result` before this process exits or reads what ``there`` writes.

    Without fork, the work runs here when its result is asked for.
    """

    def __init__(self, there: Callable[[], Other]) -> None:
        self._there: Callable[[], Other] | None = there
        self._pool: Pool | None = None
        self._pending: AsyncResult[Other] | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        global _THERE
        _THERE = there  # inherited by the forked process; nothing is pickled but the result
        try:
            self._pool = multiprocessing.get_context("fork").Pool(1)  # forks here
        finally:
            _THERE = None
        self._pending = self._pool.apply_async(_run_there)

    def result(self) -> Other:
        """Wait for the work's result; raise its error if it raised one."""
        if self._pending is None:
            assert self._there is not None, "the work was stopped"
            return self._there()
        try:
            outcome: Other = self._pending.get()
        finally:
            self.stop()
        return outcome

    def stop(self) -> None:
        """End the work's process without waiting for it (no result then)."""
        self._there = None
        self._pending = None
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None


def run_beside(here: Callable[[], Result], there: Callable[[], Other]) -> tuple[Result, Other]:
    """``here()`` in this process while one forked process runs ``there()``; both results.

    For work that reads a large graph this process holds, one helper beside this process beats
    two helpers and an idle parent: reading an object writes its reference count, so a forked
    process copies every memory page it reads, and two helpers would copy the graph twice.
    Without fork both run here, one after the other. An error of ``there`` is raised by this
    call, after ``here`` is done; an error of ``here`` stops ``there``.
    """
    theirs = Beside(there)
    try:
        mine = here()
    except BaseException:
        theirs.stop()
        raise
    return mine, theirs.result()


def share_out(jobs: Sequence[Item], work: Callable[[Item], Result]) -> list[Result]:
    """``work`` over ``jobs`` in this process and one forked process beside it (:class:`Beside`),
    each taking the next job not yet taken when it is done with its last; the results in the
    order of the jobs. For a few jobs of unequal, unknown length: two fixed halves would leave
    one process idle while the other still works. List the longest jobs first.

    Errors are as in :func:`run_beside`. Without fork every job runs here, in order.
    """
    if "fork" not in multiprocessing.get_all_start_methods() or len(jobs) < 2:
        return [work(job) for job in jobs]
    taken = multiprocessing.get_context("fork").Value("i", 0)  # shared memory, with its own lock

    def take_turns() -> dict[int, Result]:
        done: dict[int, Result] = {}
        while True:
            with taken.get_lock():
                index = taken.value
                taken.value = index + 1
            if index >= len(jobs):
                return done
            done[index] = work(jobs[index])

    mine, theirs = run_beside(take_turns, take_turns)
    results = {**mine, **theirs}
    return [results[index] for index in range(len(jobs))]


_FREEZE_AFTER_PAUSE = False


def freeze_after_pauses() -> None:
    """From now on, :func:`collector_paused` freezes (:func:`gc.freeze`) every object alive
    when a pause ends, so that the collector never walks them again.

    For the `kg` process only (:func:`kg.cli.run`), which makes millions of objects while
    paused, keeps them until it exits, and exits right after. Without this, the first
    collections after each pause walk all of them: 6.7 s of a 45 s `kg build` at 100,000
    records. In a longer-lived process (a notebook using the Python API, the test suite) the
    collector is left as it is: any cyclic garbage made during a pause (an exception with its
    traceback) would stay frozen, never freed.
    """
    global _FREEZE_AFTER_PAUSE
    _FREEZE_AFTER_PAUSE = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a whole tree is read, checked or exported.

    Such work allocates millions of small objects that all stay alive; every collection walks
    each of them again, which costs a third of the time of a large check. Records, facts, rows
    and problems hold no reference cycles, so nothing is left for the collector meanwhile.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if _FREEZE_AFTER_PAUSE:
                gc.freeze()  # also resets the count that would start a collection at once
            gc.enable()
