"""Build git repositories from the diff fixture cases, the way dyff's tests pair from/to files.

Each case in tests/fixtures/diff/<case>/ holds ``case.yaml`` (what it shows, files it removes)
and ``to/`` (files it adds or replaces). The "from" tree is the fixture tree plus
tests/fixtures/diff/_base/; the "to" tree is that plus the case. Commits use a fixed author and
date, so commit ids, and therefore the expected outputs, are the same on every run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import yaml

from .conftest import FIXTURES, TREE

__all__ = ["CASES", "DIFF", "apply_case", "git", "make_repository"]

DIFF = FIXTURES / "diff"
CASES = sorted(p.name for p in DIFF.iterdir() if p.is_dir() and not p.name.startswith("_"))

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "hzkg tests",
    "GIT_AUTHOR_EMAIL": "tests@hzkg.example",
    "GIT_COMMITTER_NAME": "hzkg tests",
    "GIT_COMMITTER_EMAIL": "tests@hzkg.example",
    "GIT_AUTHOR_DATE": "2025-06-01T12:00:00+08:00",
    "GIT_COMMITTER_DATE": "2025-06-01T12:00:00+08:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True, check=True)
    return done.stdout


def _overlay(source: Path, target: Path) -> None:
    # copies get a new modification time: with the original's (copy2), a changed file of the
    # same size and time as the one it replaces looks unchanged to git's stat cache, and the
    # case's change is silently not committed (all files of a fresh checkout share one time)
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True, copy_function=shutil.copy)


def apply_case(case: str, repo: Path) -> None:
    """Change the files of ``repo`` as the case does (without committing)."""
    _overlay(DIFF / case / "to", repo)
    about = yaml.safe_load((DIFF / case / "case.yaml").read_text(encoding="utf-8"))
    for relative in about.get("remove", []):
        (repo / relative).unlink()


def make_repository(tmp_path: Path, case: str | None = None) -> Path:
    """The fixture tree committed on ``main``; with a case, its change committed on ``change``."""
    repo = tmp_path / "repo"
    shutil.copytree(TREE, repo)
    _overlay(DIFF / "_base", repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    if case is not None:
        git(repo, "checkout", "-q", "-b", "change")
        apply_case(case, repo)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--allow-empty", "-m", case)
    return repo
