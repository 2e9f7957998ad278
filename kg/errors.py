"""The exception tree and the diagnostics every check reports.

One root, :class:`KGError`, with leaves by audience: :class:`CurationError` for problems in the
data (carrying every :class:`Problem` found, not just the first), :class:`QueryError` for bad
queries from Python, :class:`UsageError` for a command used wrongly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CurationError",
    "ExportError",
    "KGError",
    "MissingDependency",
    "Problem",
    "QueryError",
    "Severity",
    "UnknownEntity",
    "UsageError",
]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, printed compiler-style: ``path:line:col: CODE message``.

    Lines and columns are 1-based, as editors count them.
    """

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.col}: {self.code} {prefix}{self.message}"


class KGError(Exception):
    """Root of every error this package raises on purpose."""


class CurationError(KGError):
    """The curation has errors; :attr:`problems` lists all of them."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        first = f": {errors[0]}" if errors else ""
        super().__init__(f"{len(errors)} curation error(s){first}")


class QueryError(KGError, LookupError):
    """A query asked for something the graph cannot answer as asked."""


class UnknownEntity(QueryError):
    """No record has this id; :attr:`suggestions` holds the closest ids."""

    def __init__(self, entity_id: str, suggestions: list[str]) -> None:
        self.entity_id = entity_id
        self.suggestions = suggestions
        hint = f" — did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"no entity {entity_id!r}{hint}")

    def __str__(self) -> str:  # KeyError-style repr quoting would hide the message
        return str(self.args[0])


class UsageError(KGError):
    """A command or function was called with arguments it cannot use."""


class ExportError(KGError):
    """The graph holds a value that an export format cannot represent."""


class MissingDependency(KGError, ImportError):
    """An optional library is needed for this call; the message says which extra installs it."""
