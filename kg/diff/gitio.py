"""Reading curation trees straight out of git: revisions, changed paths, blobs, grep.

Nothing here checks anything out or writes to the repository; a revision's files are read from
the object store (``git ls-tree``, one long-lived ``git cat-file --batch``), the working tree's from
disk. Paths are POSIX paths relative to the project folder, which may sit below the top of the
repository.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from kg.errors import UsageError

__all__ = ["TREE_DIRS", "Git", "GrepHit"]

TREE_DIRS = ("curation", "seeds")
"""The folders of the project a curation tree is made of."""

_ENV = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
"""C locale: patterns and output are bytes; no optional locks: reading never writes the index."""


@dataclass(frozen=True)
class GrepHit:
    path: str
    line: int
    text: str


@dataclass
class Git:
    """The repository holding a project folder."""

    root: Path
    top: Path = field(init=False)
    prefix: str = field(init=False)
    _batch: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        try:
            out = subprocess.run(
                ["git", "rev-parse", "--show-toplevel"],
                cwd=self.root,
                capture_output=True,
                env=_ENV,
                check=False,
            )
        except FileNotFoundError:
            raise UsageError("kg diff needs git, and git is not installed") from None
        if out.returncode != 0:
            raise UsageError(f"kg diff reads git revisions, and {self.root} is not in a git repository")
        self.top = Path(out.stdout.decode().strip())
        relative = self.root.resolve().relative_to(self.top.resolve()).as_posix()
        self.prefix = "" if relative == "." else f"{relative}/"

    def run(self, *args: str, ok: tuple[int, ...] = (0,)) -> bytes:
        out = subprocess.run(["git", *args], cwd=self.top, capture_output=True, env=_ENV, check=False)
        if out.returncode not in ok:
            message = out.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UsageError(f"git {args[0]}: {message[-1] if message else 'failed'}")
        return out.stdout

    def _specs(self) -> list[str]:
        return [f"{self.prefix}{d}" for d in TREE_DIRS]

    def _relative(self, path: str) -> str:
        return path[len(self.prefix) :] if path.startswith(self.prefix) else path

    def commit(self, revision: str) -> str:
        """The commit a revision names; a usage error when it names none."""
        try:
            return self.run("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
        except UsageError:
            raise UsageError(f"unknown revision {revision!r}") from None

    def merge_base(self, revision: str, other: str = "HEAD") -> str:
        return self.run("merge-base", self.commit(revision), self.commit(other)).decode().strip()

    def files(self, commit: str) -> dict[str, str]:
        """Path → blob id of every file of the tree folders at ``commit``."""
        out: dict[str, str] = {}
        for entry in self.run("ls-tree", "-r", "-z", commit, "--", *self._specs()).split(b"\0"):
            if not entry:
                continue
            meta, _, path = entry.partition(b"\t")
            _mode, kind, blob = meta.decode().split(" ")
            if kind == "blob":
                out[self._relative(path.decode("utf-8", "surrogateescape"))] = blob
        return out

    def changed_in_worktree(self, commit: str) -> set[str]:
        """Paths that may differ between ``commit`` and the working tree (a superset: git's stat
        cache can report a file whose content is the same), untracked files included."""
        specs = self._specs()
        changed = self.run("diff-index", "-z", "--name-only", "--no-renames", commit, "--", *specs)
        untracked = self.run("ls-files", "-z", "--others", "--", *specs)
        names = changed.split(b"\0") + untracked.split(b"\0")
        return {self._relative(n.decode("utf-8", "surrogateescape")) for n in names if n}

    def blobs(self, blob_ids: list[str]) -> dict[str, bytes]:
        """The contents of blobs, through one ``git cat-file --batch`` kept open."""
        if self._batch is None:
            self._batch = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=self.top,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=_ENV,
            )
        stdin, stdout = self._batch.stdin, self._batch.stdout
        assert stdin is not None and stdout is not None
        out: dict[str, bytes] = {}
        for start in range(0, len(blob_ids), 512):  # bounded, so neither pipe can fill up
            chunk = blob_ids[start : start + 512]
            stdin.write("".join(f"{b}\n" for b in chunk).encode())
            stdin.flush()
            for blob in chunk:
                out[blob] = _read_object(stdout, blob)
        return out

    def grep(self, patterns: list[str], commit: str | None, *, words: bool = False) -> list[GrepHit]:
        """Lines of the curation folder matching any pattern, at ``commit`` or in the working tree
        (untracked files included), each pattern a literal string. Case is ignored for ASCII
        letters; with ``words``, a pattern must stand as a whole word."""
        if not patterns:
            return []
        args = ["grep", "-z", "-n", "-I", "-i", "--no-color", "-F"]
        if words:
            args.append("-w")
        for pattern in patterns:
            args += ["-e", pattern]
        if commit is None:
            args += ["--untracked", "--no-exclude-standard"]
        else:
            args.append(commit)
        args += ["--", f"{self.prefix}curation"]
        hits = []
        strip = f"{commit}:" if commit else ""
        for raw in self.run(*args, ok=(0, 1)).split(b"\n"):
            if not raw:
                continue
            name, number, text = raw.split(b"\0", 2)
            path = name.decode("utf-8", "surrogateescape").removeprefix(strip)
            hits.append(GrepHit(self._relative(path), int(number), text.decode("utf-8", "replace")))
        return hits

    def close(self) -> None:
        if self._batch is not None:
            assert self._batch.stdin is not None
            self._batch.stdin.close()
            self._batch.wait()
            self._batch = None


def _read_object(stdout: IO[bytes], blob: str) -> bytes:
    header = stdout.readline().decode().split()
    if len(header) < 3:
        raise UsageError(f"git cat-file: object {blob} is missing")
    size = int(header[2])
    data = stdout.read(size)
    stdout.read(1)  # the newline after each object
    return data
