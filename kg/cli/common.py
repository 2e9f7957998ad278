"""What every `kg` command shares: the --root option, finding the project, loading the graph.

Only the CLI prints or exits; these helpers are where a library error becomes a message on
stderr and an exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kg.errors import CurationError, Problem, UsageError

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "ROOT_HELP",
    "echo_problems",
    "format_option",
    "load_graph",
    "load_graph_saving",
    "out_folder_option",
    "project_root",
    "record_types",
    "root_option",
]

ROOT_HELP = "Project folder (default: the nearest folder above the current one with curation/)."


def project_root(root: Path | None) -> Path:
    """The project folder at or above ``root`` (default: the current folder), or a usage error."""
    from kg.load import find_root

    try:
        return find_root(root or Path.cwd())
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None


def echo_problems(problems: list[Problem], show_warnings: bool = True) -> None:
    """Print problems to stderr, one compiler-style line each."""
    for problem in problems:
        if show_warnings or problem.severity == "error":
            click.echo(str(problem), err=True)


def load_graph(root: Path, *, lenient: bool = False) -> KnowledgeGraph:
    """The graph, or exit 1 listing the errors. Lenient lookups use whatever loads, and say so."""
    from kg.query import load

    if lenient:
        graph = load(root, check=False, strict=False)
        errors = [p for p in graph.problems if p.severity == "error"]
        if errors:
            click.echo(
                f"kg: {len(errors)} error(s) in the curation (run `kg check`); showing the records that load",
                err=True,
            )
        return graph
    graph, wait_saved = load_graph_saving(root)
    wait_saved()
    return graph


def load_graph_saving(root: Path) -> tuple[KnowledgeGraph, Callable[[], None]]:
    """The graph, or exit 1 listing the errors, while the check's cache may still be being
    written (:func:`kg.query.load_saving`): call the function returned before exiting."""
    from kg.query import load_saving

    try:
        return load_saving(root)
    except CurationError as exc:
        echo_problems(exc.problems, show_warnings=False)
        click.echo("kg: the curation has errors; run `kg check` for details", err=True)
        sys.exit(1)


def record_types() -> list[str]:
    """The record types, sorted: the choices of a TYPE argument."""
    from kg.schema import RECORD_TYPES

    return sorted(RECORD_TYPES)


root_option = click.option("--root", type=click.Path(path_type=Path, file_okay=False), help=ROOT_HELP)


def format_option(choices: list[str], help: str) -> Callable[[F], F]:
    """``--format`` (the parameter ``fmt``), defaulting to the first of ``choices``."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], help=help)


def out_folder_option(help: str) -> Callable[[F], F]:
    """``--out``: the folder a command writes into (None when not given)."""
    return click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=None, help=help)
