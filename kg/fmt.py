"""`kg fmt`: rewrite record files in their one canonical form, atomically.

The canonical form is :func:`kg.canonical.canonical_text`. A file that does not load is reported
and left alone, and so is a file with a comment (other than the editor schema line), which the
canonical form has no place for: nothing a curator wrote is dropped without their say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from kg.atomic import write_text_atomic
from kg.canonical import canonical_text
from kg.errors import Problem, UsageError
from kg.load import CURATION_DIR, parse_record, record_files
from kg.parallel import collector_paused

__all__ = ["FileResult", "FormatReport", "canonical_file_text", "comments", "format_files"]

Status = Literal["unchanged", "reformatted", "failed"]
_SCHEMA_LINE = re.compile(r"# yaml-language-server: \$schema=\S+")
_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#", re.M)


@dataclass(frozen=True)
class FileResult:
    """What formatting did, or would do, to one file."""

    display: str
    status: Status
    problems: tuple[Problem, ...] = ()


@dataclass
class FormatReport:
    """Every file looked at, in path order."""

    files: list[FileResult] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(f.status == status for f in self.files)

    @property
    def problems(self) -> list[Problem]:
        return sorted(p for f in self.files for p in f.problems)


def comments(text: str, display: str) -> list[Problem]:
    """A KG011 problem for every comment except a first-line editor schema line.

    >>> [str(p) for p in comments("id: x  # the id\\nname: '#1'\\n", "x.yaml")]
    ["x.yaml:1:8: KG011 comment '# the id' would be lost; move what it says into the record's note"]
    """
    first, _, rest = text.partition("\n")
    if "#" not in rest and ("#" not in first or _SCHEMA_LINE.fullmatch(first)):
        return []  # no comment, or only the schema line: no need to tokenise the file
    inside = [
        (token.start_mark.index, token.end_mark.index)
        for token in yaml.scan(text, Loader=yaml.SafeLoader)
        if isinstance(token, yaml.ScalarToken)
    ]
    found = []
    for match in _COMMENT.finditer(text):
        start = match.start()
        if any(a <= start < b for a, b in inside):
            continue
        line = text.count("\n", 0, start) + 1
        col = start - text.rfind("\n", 0, start)
        comment = text[start:].split("\n", 1)[0].rstrip()
        if line == 1 and col == 1 and _SCHEMA_LINE.fullmatch(comment):
            continue
        found.append(
            Problem(
                display,
                line,
                col,
                "KG011",
                f"comment {comment!r} would be lost; move what it says into the record's note",
            )
        )
    return found


def canonical_file_text(data: bytes, record_type: str, display: str) -> tuple[str | None, list[Problem]]:
    """The canonical text for a record file's bytes, or None and the problems that prevent it."""
    document, problems = parse_record(data, record_type, display)
    errors = [p for p in problems if p.severity == "error"]
    if document.record is None or errors:
        return None, problems
    lost = comments(data.decode("utf-8-sig"), display)
    if lost:
        return None, lost
    return canonical_text(document.record), []


def _targets(root: Path, paths: list[Path]) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The record files under ``paths`` (all of them when empty), and the misplaced files there."""
    files, problems = record_files(root)
    if not paths:
        return files, problems
    base = (root / CURATION_DIR).resolve()
    chosen = [path.resolve() for path in paths]
    for path, resolved in zip(paths, chosen, strict=True):
        if resolved != base and base not in resolved.parents:
            raise UsageError(f"{path} is not inside {root / CURATION_DIR}")

    def wanted(path: Path) -> bool:
        resolved = path.resolve()
        return any(resolved == c or c in resolved.parents for c in chosen)

    return [(p, kind) for p, kind in files if wanted(p)], [p for p in problems if wanted(root / p.path)]


def format_files(root: Path, paths: list[Path] | None = None, *, write: bool = True) -> FormatReport:
    """Put every record file under ``paths`` (default: all of curation/) in canonical form.

    With ``write=False`` nothing is written; the report says which files would change.
    """
    with collector_paused():
        return _format_files(root, list(paths or []), write)


def _format_files(root: Path, paths: list[Path], write: bool) -> FormatReport:
    files, problems = _targets(root, paths)
    report = FormatReport()
    report.files += [FileResult(p.path, "failed", (p,)) for p in problems]
    for path, record_type in files:
        display = path.relative_to(root).as_posix()
        try:
            data = path.read_bytes()
        except OSError as exc:
            problem = Problem(display, 1, 1, "KG001", f"cannot read file: {exc.strerror}")
            report.files.append(FileResult(display, "failed", (problem,)))
            continue
        text, found = canonical_file_text(data, record_type, display)
        if text is None:
            report.files.append(FileResult(display, "failed", tuple(found)))
        elif text.encode("utf-8") == data:
            report.files.append(FileResult(display, "unchanged"))
        else:
            if write:
                write_text_atomic(path, text)
            report.files.append(FileResult(display, "reformatted"))
    report.files.sort(key=lambda f: f.display)
    return report
