"""A deterministic generator of realistic curation trees, for benchmarks and scale tests.

>>> world = generate(300, seed=1)
>>> files = world.files()
>>> sum(path.startswith("curation/") for path in files)
300

:func:`generate` builds a world of exactly ``records`` records: Zhejiang with its real cities and
made-up districts and towns nested below them; industry chains with segments and city clusters;
parks, government bodies, institutes and alliances; policies that target chains; ports and the
sea-rail routes that feed them; companies in chains that supply one another, their projects, and
people. Every record, relation and figure cites a quote from one of the generated articles in
``seeds/``, written like scraped web text (navigation lines, pinyin annotations after some words,
a tenth of them in Traditional script), so quote verification does the same work as on the real
seeds. The same ``records`` and ``seed`` always give the same bytes.

:func:`benchmarks.prgen.pull_request` changes a world as a pull request would.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.populate import populate
from benchmarks.prgen import pull_request
from benchmarks.world import Builder, World

__all__ = ["generate", "write_repository", "write_tree"]


def generate(records: int = 10_000, seed: int = 1) -> World:
    """A world of exactly ``records`` records; the same arguments give the same world."""
    builder = Builder(seed)
    populate(builder, records)
    return builder.world


def write_tree(files: dict[str, bytes], folder: Path) -> None:
    """Make ``folder`` hold exactly ``files`` under curation/ and seeds/."""
    for sub in ("curation", "seeds"):
        shutil.rmtree(folder / sub, ignore_errors=True)
    for relative, data in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


def write_repository(folder: Path, base: dict[str, bytes], head: dict[str, bytes] | None) -> None:
    """A git repository: ``base`` committed on ``main``, ``head`` on branch ``pr`` (checked out)."""
    folder.mkdir(parents=True, exist_ok=True)
    _git(folder, "init", "-q", "-b", "main")
    for key, value in (("user.name", "treegen"), ("user.email", "treegen@example.org")):
        _git(folder, "config", key, value)
    write_tree(base, folder)
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "generated tree")
    if head is not None:
        _git(folder, "checkout", "-q", "-b", "pr")
        write_tree(head, folder)
        _git(folder, "add", "-A")
        _git(folder, "commit", "-q", "-m", "generated pull request")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.treegen",
        description="Write a generated curation tree (and a pull request on it) as a git repository.",
        epilog="Example: python -m benchmarks.treegen /tmp/kg-10k --records 10000 --pull-request 0.01",
    )
    parser.add_argument("folder", type=Path, help="where to write the repository (must not exist)")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--pull-request",
        type=float,
        default=None,
        metavar="SHARE",
        help="share of records a branch 'pr' changes",
    )
    args = parser.parse_args(argv)
    if args.folder.exists():
        parser.error(f"{args.folder} exists; choose a new folder")
    started = time.perf_counter()
    world = generate(args.records, args.seed)
    base = world.files()
    head = pull_request(world, args.pull_request, args.seed + 1).files() if args.pull_request else None
    write_repository(args.folder, base, head)
    changed = sum(
        1
        for p in set(base) | set(head or {})
        if p.startswith("curation/") and base.get(p) != (head or base).get(p)
    )
    elapsed = time.perf_counter() - started
    print(
        f"wrote {args.folder}: {args.records} records, {changed} record files changed ({elapsed:.1f}s)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
