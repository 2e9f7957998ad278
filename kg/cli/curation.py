"""Commands for curators: check, fmt, new, schema."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from kg.cli.common import echo_problems, format_option, project_root, record_types, root_option
from kg.errors import UsageError

__all__ = ["check", "fmt_command", "new_command", "schema"]


@click.command()
@root_option
@format_option(["text", "json"], "text: one line per problem on stderr; json: a report on stdout.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Check every file afresh, without reading or writing .kg-cache/ (as KG_CACHE=0 does).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to check with (default: KG_JOBS, else one per core).",
)
def check(root: Path | None, fmt: str, strict: bool, no_cache: bool, jobs: int | None) -> None:
    """Check every curation file, reference and quote; print every problem.

    Each problem is one line, path:line:col: CODE message. Exit 0 when there are no errors,
    1 when there are (or warnings, with --strict). What each file's checks found is kept in
    .kg-cache/, so the next run reads only the files that changed.

    Example:

        kg check
    """
    from kg.report import check_tree, problems_json, summary_line

    started = time.perf_counter()
    result = check_tree(project_root(root), use_cache=False if no_cache else None, jobs=jobs)
    if fmt == "json":
        click.echo(problems_json(result.problems), nl=False)
    else:
        echo_problems(result.problems)
    elapsed = time.perf_counter() - started
    click.echo(f"kg check: {summary_line(result)} ({elapsed:.2f}s)", err=True)
    failing = [p for p in result.problems if strict or p.severity == "error"]
    sys.exit(1 if failing else 0)


@click.command()
@root_option
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 if the committed schemas differ from the models.",
)
def schema(root: Path | None, check_only: bool) -> None:
    """Write JSON Schema for every record type into schemas/ (editors use it for completion).

    Example:

        kg schema --check
    """
    from kg.atomic import write_text_atomic
    from kg.schema import json_schemas

    folder = project_root(root) / "schemas"
    stale = []
    for name, text in json_schemas().items():
        path = folder / name
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path)
        if not check_only:
            write_text_atomic(path, text)
    for path in stale:
        click.echo(f"{'stale' if check_only else 'wrote'} {path}", err=True)
    sys.exit(1 if check_only and stale else 0)


@click.command(name="fmt")
@root_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; list the files that would change (stdout) and exit 1 if any would.",
)
def fmt_command(root: Path | None, paths: tuple[Path, ...], check_only: bool) -> None:
    """Rewrite curation files in the one canonical form, atomically.

    Canonical: keys in schema order, one quoting style, the editor schema line, and relations,
    figures and dates sorted. Files under PATH (default: all of curation/); a file that does not
    load, or holds a comment the form has no place for, is reported and left alone. Running it
    twice changes nothing.

    Example:

        kg fmt --check curation/company
    """
    from kg.fmt import format_files

    project = project_root(root)
    try:
        report = format_files(project, list(paths), write=not check_only)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    echo_problems(report.problems)
    changed = [f.display for f in report.files if f.status == "reformatted"]
    for display in changed:
        if check_only:
            click.echo(display)
        else:
            click.echo(f"reformatted {display}", err=True)
    verb = "would be reformatted" if check_only else "reformatted"
    failed, unchanged = report.count("failed"), report.count("unchanged")
    click.echo(
        f"kg fmt: {len(changed)} file{'s' * (len(changed) != 1)} {verb}, {unchanged} already canonical"
        + (f", {failed} not formatted (see above)" if failed else ""),
        err=True,
    )
    sys.exit(1 if failed or (check_only and changed) else 0)


@click.command(name="new")
@root_option
@click.argument("record_type", metavar="TYPE", type=click.Choice(record_types()))
@click.argument("record_id", metavar="ID")
@click.option("--name", help="The record's Chinese name (名称); left as a placeholder if not given.")
def new_command(root: Path | None, record_type: str, record_id: str, name: str | None) -> None:
    """Create curation/TYPE/ID.yaml with the required fields as placeholders to fill in.

    Prints the new file's path. `kg check` refuses the file (KG111) until every
    TODO(kg new) placeholder is filled in.

    Example:

        kg new company hikvision --name 杭州海康威视数字技术股份有限公司
    """
    from kg.scaffold import new_record, similar_records

    project = project_root(root)
    try:
        path = new_record(project, record_type, record_id, name)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(path.relative_to(project) if path.is_relative_to(project) else path)
    for other, other_name in similar_records(project, name) if name else []:
        if other != str(path.relative_to(project)):
            click.echo(f"kg new: note: {other} is named {other_name}; is it the same thing?", err=True)
    click.echo("kg new: fill in every TODO(kg new) placeholder; `kg check` fails until you do", err=True)
