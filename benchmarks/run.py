"""Every scale benchmark in one run, written as a Markdown table (benchmarks/RESULTS.md).

    .venv/bin/python -m benchmarks.run [--sizes 1000 10000 100000] [--work /tmp/kg-bench]

Generates (once, kept in ``--work``) curation trees of each size with
:mod:`benchmarks.treegen`, then times whole processes, as a curator runs them, and reads each
one's CPU time and peak memory (of its largest process) from ``wait4``:

- ``kg check``: cold (no cache), warm with nothing changed, warm with one record file changed;
- ``kg build --no-views`` cold (graph and every export), again with the check cache warm, and
  ``kg fmt --check``;
- the peers on the same files: ``check-jsonschema`` against ``schemas/`` (only the schema part
  of what ``kg check`` does) and a PyYAML loop (libyaml's ``CSafeLoader``, and pure-Python
  ``safe_load`` up to 10,000 records);
- ``kg views`` on a 5,000-record tree, ``kg diff`` of two 10,000-record trees differing in 1%,
  and extraction throughput (``benchmarks/bench_extract.py``).

Nothing here runs in the test suite; it takes about half an hour at 100,000 records, most of it
in the peers. The machine's load is recorded with the results, since other jobs skew them.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TYPES = sorted(p.stem for p in (ROOT / "schemas").glob("*.json") if p.stem != "sources")


@dataclass
class Measure:
    """The median of some runs of one command."""

    wall: float
    cpu: float
    rss_mb: float
    runs: int

    def cells(self) -> list[str]:
        return [f"{self.wall:.2f} s", f"{self.cpu:.2f} s", f"{self.rss_mb:,.0f} MB", str(self.runs)]


def measure(
    command: list[str], cwd: Path, runs: int = 1, before: Callable[[], None] | None = None
) -> Measure:
    """Run ``command`` ``runs`` times (``before`` each); the median wall and CPU time, peak RSS."""
    walls, cpus, peaks = [], [], []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert process.stderr is not None
        error = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - started)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise SystemExit(f"{' '.join(command)} failed ({code}) in {cwd}:\n{error.decode()[-2000:]}")
        cpus.append(usage.ru_utime + usage.ru_stime)
        peaks.append(usage.ru_maxrss / 1024)
    return Measure(statistics.median(walls), statistics.median(cpus), max(peaks), runs)


def tree(work: Path, records: int, pull_request: bool = False) -> tuple[Path, float]:
    """A generated tree (made once; the seconds it took to make, or 0 if it existed)."""
    folder = work / f"tree-{records}{'-pr' if pull_request else ''}"
    if (folder / ".done").is_file():
        return folder, 0.0
    shutil.rmtree(folder, ignore_errors=True)
    command = [sys.executable, "-m", "benchmarks.treegen", str(folder), "--records", str(records)]
    started = time.perf_counter()
    subprocess.run([*command, *(["--pull-request", "0.01"] if pull_request else [])], cwd=ROOT, check=True)
    elapsed = time.perf_counter() - started
    subprocess.run(["git", "checkout", "-q", "main" if not pull_request else "pr"], cwd=folder, check=True)
    (folder / ".done").write_text(f"{elapsed:.1f}\n")
    return folder, elapsed


def kg(*args: str) -> list[str]:
    return [str(BIN / "kg"), *args]


def forget(folder: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(folder / ".kg-cache", ignore_errors=True)


def edit_one(folder: Path, field: str = "name_en", mark: str = " v") -> Callable[[], None]:
    """Change one company file's ``field`` (a suffix ``mark``+n), a different way each time.

    The English name feeds no check across records; the Chinese name does (duplicates, search
    forms), so an edit of ``name`` makes ``kg check`` run those checks again.
    """
    companies = sorted((folder / "curation/company").iterdir())
    target = companies[len(companies) // 2]
    count = [0]

    def edit() -> None:
        count[0] += 1
        pattern = rf"^({field}: .*?)({re.escape(mark)}\d+)?$"
        text = re.sub(pattern, rf"\g<1>{mark}{count[0]}", target.read_text("utf-8"), count=1, flags=re.M)
        target.write_text(text, encoding="utf-8")

    return edit


def yaml_loop(loader: str) -> list[str]:
    code = (
        "import pathlib, yaml\n"
        "for path in sorted(pathlib.Path('curation').glob('*/*.yaml')):\n"
        f"    yaml.load(path.read_bytes(), Loader=yaml.{loader})\n"
    )
    return [sys.executable, "-c", code]


def jsonschema_peer() -> list[str]:
    loop = " ".join(
        f"find curation/{t} -name '*.yaml' -print0 | xargs -0 -r {BIN / 'check-jsonschema'} "
        f"--schemafile {ROOT / 'schemas' / t}.json >/dev/null || exit 1;"
        for t in TYPES
    )
    return ["sh", "-c", loop]


class Table:
    def __init__(self, title: str, head: list[str]) -> None:
        self.lines = [f"### {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def row(self, *cells: str) -> None:
        self.lines.append("| " + " | ".join(cells) + " |")
        print(self.lines[-1], flush=True)

    def text(self, note: str = "") -> str:
        return "\n".join([*self.lines, "", *([note, ""] if note else [])])


Measured = dict[tuple[str, int], Measure]
"""Every measure of the run by what was measured and the number of records."""

# The targets: (what, records, limit in seconds, limit on peak RSS in MB or None).
TARGETS = [
    ("check, cold (no cache)", 100_000, 15.0, 2048.0),
    ("check, warm, nothing changed", 100_000, 1.5, 2048.0),
    ("check, warm, one file changed", 100_000, 2.0, 2048.0),
    ("check, warm, one Chinese name changed", 100_000, 2.0, 2048.0),
    ("build --no-views, cold", 100_000, 30.0, None),
    ("diff of 10,000 records, 100 changed", 10_000, 2.0, None),
]


def target_table(measured: Measured) -> str:
    """The targets with what this run measured, met or missed."""
    table = Table("Targets", ["what", "records", "target", "measured", "met"])
    for what, size, seconds, megabytes in TARGETS:
        result = measured.get((what, size))
        limit = f"< {seconds:g} s" + (f", < {megabytes / 1024:g} GB" if megabytes else "")
        if result is None:
            table.row(what, f"{size:,}", limit, "not run", "")
            continue
        met = result.wall < seconds and (megabytes is None or result.rss_mb < megabytes)
        got = f"{result.wall:.2f} s, {result.rss_mb:,.0f} MB"
        table.row(what, f"{size:,}", limit, got, "yes" if met else "**no**")
    return table.text("Wall time is the median of the runs in the tables below; memory the peak RSS.")


def check_benchmarks(work: Path, sizes: list[int], sections: list[str], measured: Measured) -> None:
    head = ["records", "what", "command", "wall (median)", "CPU", "peak RSS", "runs"]
    table = Table("kg check, kg build and the peers", head)
    ratios = Table(
        "kg check against the peers (wall time)", ["records", "peer", "peer wall", "kg check cold", "ratio"]
    )
    for size in sizes:
        folder, made = tree(work, size)
        records = f"{size:,}"
        if made:
            table.row(records, "generate the tree", f"python -m benchmarks.treegen … --records {size}",
                      f"{made:.1f} s", "", "", "1")  # fmt: skip
        build_args = ["build", "--no-views", "--out", str(work / "build")]
        rows = [
            ("check, cold (no cache)", ["check"], 3, forget(folder)),
            ("check, warm, nothing changed", ["check"], 5, None),
            ("check, warm, one file changed", ["check"], 5, edit_one(folder)),
            ("check, warm, one Chinese name changed", ["check"], 5, edit_one(folder, "name", " 改")),
            ("build --no-views, cold", build_args, 3, forget(folder)),
            # what a curator usually runs: `kg check` on every commit, so the build finds the cache warm
            ("build --no-views, check cache warm", build_args, 1, None),
            ("fmt --check", ["fmt", "--check"], 1, None),
        ]
        for what, args, runs, before in rows:
            result = measure(kg(*args), folder, runs, before)
            measured[what, size] = result
            table.row(records, what, f"`kg {' '.join(args[:2])}`", *result.cells())
        cold = measured["check, cold (no cache)", size].wall
        peers = [
            ("check-jsonschema (schema only)", jsonschema_peer()),
            ("PyYAML CSafeLoader loop", yaml_loop("CSafeLoader")),
        ]
        if size <= 10_000:
            peers.append(("PyYAML safe_load loop (pure Python)", yaml_loop("SafeLoader")))
        for what, command in peers:
            result = measure(command, folder)
            table.row(records, what, "see benchmarks/run.py", *result.cells())
            ratios.row(records, what, f"{result.wall:.2f} s", f"{cold:.2f} s", f"{result.wall / cold:.2f}×")
    growth = Table(
        "Growth with the number of records (wall time)",
        ["what", *(f"{s:,}" for s in sizes), "per 1,000 records at the largest"],
    )
    largest = max(sizes)
    for what in dict.fromkeys(what for what, _ in measured):  # the rows above, in their order
        walls = [measured[what, size].wall for size in sizes]
        per_thousand = measured[what, largest].wall / largest * 1000
        growth.row(what, *(f"{wall:.2f} s" for wall in walls), f"{per_thousand:.3f} s")
    sections += [
        table.text(),
        ratios.text("A ratio above 1 means `kg check` (cold, all checks) is faster than the peer."),
        growth.text(),
    ]


def other_benchmarks(work: Path, sections: list[str], measured: Measured) -> None:
    table = Table(
        "Views, diff and extraction", ["what", "command", "wall (median)", "CPU", "peak RSS", "runs"]
    )
    five, _ = tree(work, 5000)
    views = measure(kg("views", "--out", str(work / "views")), five, 1, forget(five))
    table.row("views on 5,000 records (check included, cold)", "`kg views`", *views.cells())
    ten, _ = tree(work, 10_000, pull_request=True)
    for args in (["diff", "main", "pr"], ["diff", "main"]):
        result = measure(kg(*args), ten, 10)
        table.row("diff of 10,000 records, 100 changed", f"`kg {' '.join(args)}`", *result.cells())
        if args == ["diff", "main", "pr"]:
            measured["diff of 10,000 records, 100 changed", 10_000] = result
    done = subprocess.run(
        [sys.executable, "benchmarks/bench_extract.py"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    line = next(line for line in done.stdout.splitlines() if "chars/s" in line)
    table.row("extraction, 2 MB of text, end to end", "`benchmarks/bench_extract.py`", line, "", "", "1")
    sections.append(table.text())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"))
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--skip-others", action="store_true", help="only kg check, build and the peers")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    started = time.strftime("%Y-%m-%d %H:%M")
    sections: list[str] = []
    measured: Measured = {}
    check_benchmarks(args.work, args.sizes, sections, measured)
    if not args.skip_others:
        other_benchmarks(args.work, sections, measured)
    sections.insert(0, target_table(measured))
    after = os.getloadavg()
    header = [
        "# Benchmark results",
        "",
        f"Measured {started} by `python -m benchmarks.run --sizes {' '.join(map(str, args.sizes))}` on "
        f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}; "
        f"load average {load[0]:.1f} before and {after[0]:.1f} after (other jobs share this machine, so wall "
        "times move by tens of percent between runs). Peak RSS is that of the largest process (worker "
        "processes are forked and share most of their memory with the parent).",
        "",
    ]
    args.out.write_text("\n".join(header) + "\n" + "\n".join(sections), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
