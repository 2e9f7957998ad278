"""The `kg` command: thin wrappers over library functions.

Data goes to stdout, messages to stderr. Exit codes: 0 ok, 1 data problems (all printed),
2 usage errors.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from kg.errors import CurationError, KGError, UsageError

__all__ = ["main"]

ROOT_HELP = "Project folder (default: the nearest folder above the current one with curation/)."


def _root(root: Path | None) -> Path:
    from kg.load import find_root

    try:
        return find_root(root or Path.cwd())
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None


def _echo_problems(problems: list, show_warnings: bool = True) -> None:  # type: ignore[type-arg]
    for problem in problems:
        if show_warnings or problem.severity == "error":
            click.echo(str(problem), err=True)


def _graph(root: Path):  # type: ignore[no-untyped-def]
    from kg.query import load

    try:
        return load(root)
    except CurationError as exc:
        _echo_problems(exc.problems, show_warnings=False)
        click.echo("kg: the curation has errors; run `kg check` for details", err=True)
        sys.exit(1)


def _record_types() -> list[str]:
    from kg.schema import RECORD_TYPES

    return list(RECORD_TYPES)


root_option = click.option("--root", type=click.Path(path_type=Path, file_okay=False), help=ROOT_HELP)


@click.group(
    context_settings={
        "help_option_names": ["-h", "--help"],
        "max_content_width": 100,
        "terminal_width": 100,
    }
)
@click.version_option(package_name="hzkg", prog_name="kg")
def main() -> None:
    """hzkg: the Hangzhou metro-area industrial knowledge graph.

    Every record lives in curation/<type>/<id>.yaml; every fact cites a quote from a source
    registered in seeds/sources.yaml.
    """


@main.command()
@root_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text: one line per problem on stderr; json: a report on stdout.",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
def check(root: Path | None, fmt: str, strict: bool) -> None:
    """Check every curation file, reference and quote; print every problem.

    Each problem is one line, path:line:col: CODE message. Exit 0 when there are no errors,
    1 when there are (or warnings, with --strict).

    Example:

        kg check
    """
    from kg.report import check_tree, problems_json, summary_line

    started = time.perf_counter()
    curation, problems = check_tree(_root(root))
    if fmt == "json":
        click.echo(problems_json(problems), nl=False)
    else:
        _echo_problems(problems)
    elapsed = time.perf_counter() - started
    click.echo(f"kg check: {summary_line(curation, problems)} ({elapsed:.2f}s)", err=True)
    failing = [p for p in problems if strict or p.severity == "error"]
    sys.exit(1 if failing else 0)


@main.command()
@root_option
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output folder (default: build/ in the project folder).",
)
def build(root: Path | None, out: Path | None) -> None:
    """Check the curation, build the graph, write exports and views under build/.

    Nothing is written when the curation has errors.

    Example:

        kg build && xdg-open build/views/index.html
    """
    from kg.build import build_outputs

    project = _root(root)
    graph = _graph(project)
    written = build_outputs(graph, out or project / "build")
    for path in written:
        click.echo(f"wrote {path}", err=True)
    click.echo(f"kg build: {len(graph.records)} records, {graph.nx.number_of_edges()} relations", err=True)


@main.command()
@root_option
@click.argument("entity_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "yaml", "json"]),
    default="text",
    help="text: a readable summary; yaml: the curation file; json: the record.",
)
def show(root: Path | None, entity_id: str, fmt: str) -> None:
    """Show one record: names, figures, relations both ways, quotes.

    Example:

        kg show silan-micro
    """
    from kg.show import describe

    graph = _graph(_root(root))
    try:
        record = graph.get(entity_id)
    except KGError as exc:
        click.echo(f"kg show: {exc}", err=True)
        sys.exit(1)
    if fmt == "text":
        click.echo(describe(graph, entity_id), nl=False)
    elif fmt == "yaml":
        from kg.canonical import canonical_text

        click.echo(canonical_text(record), nl=False)
    else:
        click.echo(
            json.dumps(record.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False, indent=2)
        )


@main.command()
@root_option
@click.argument("text")
@click.option("--limit", default=10, show_default=True, help="Most results to print.")
def find(root: Path | None, text: str, limit: int) -> None:
    """Find records by Chinese, English, alias, Traditional or pinyin name.

    Prints id, type and names, best match first; exit 1 when nothing matches.

    Example:

        kg find shilan
    """
    graph = _graph(_root(root))
    found = graph.find(text)[:limit]
    for record in found:
        click.echo(f"{record.id}\t{record.type}\t{record.name}\t{record.name_en}")
    if not found:
        click.echo(f"kg find: nothing matches {text!r}", err=True)
        sys.exit(1)


@main.command()
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def stats(root: Path | None, fmt: str) -> None:
    """Count records per type, relations per predicate and indicators per metric.

    Example:

        kg stats --format json
    """
    from kg.show import graph_stats, stats_text

    data = graph_stats(_graph(_root(root)))
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(stats_text(data), nl=False)


@main.command()
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

    folder = _root(root) / "schemas"
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


@main.command(name="fmt")
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

    project = _root(root)
    try:
        report = format_files(project, list(paths), write=not check_only)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    _echo_problems(report.problems)
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


@main.command(name="new")
@root_option
@click.argument("record_type", metavar="TYPE", type=click.Choice(sorted(_record_types())))
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

    project = _root(root)
    try:
        path = new_record(project, record_type, record_id, name)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(path.relative_to(project) if path.is_relative_to(project) else path)
    for other, other_name in similar_records(project, name) if name else []:
        if other != str(path.relative_to(project)):
            click.echo(f"kg new: note: {other} is named {other_name}; is it the same thing?", err=True)
    click.echo("kg new: fill in every TODO(kg new) placeholder; `kg check` fails until you do", err=True)


@main.command()
@root_option
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json", "html"]),
    default="md",
    help="md: a pull-request comment; json: for tools; html: a picture of the changed neighbourhood.",
)
@click.option("--fail-on-flags", is_flag=True, help="Exit 1 when any flag is raised.")
@click.option(
    "--max-chars",
    type=click.IntRange(min=1000),
    default=None,
    help="md: cut the record details to fit this many characters (GitHub comments hold 65,536).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to this file (atomically) instead of stdout.",
)
def diff(
    root: Path | None,
    base: str | None,
    head: str | None,
    fmt: str,
    fail_on_flags: bool,
    max_chars: int | None,
    output: Path | None,
) -> None:
    """Review a curation change: what it means for the graph, with flags that need a look.

    BASE and HEAD are git revisions. HEAD defaults to the working tree (untracked files
    included), BASE to the merge base of main and HEAD. Both are read straight from git; nothing
    is checked out. Prints counts first, then flags with their reasons, then each changed record
    keyed by id with its Chinese name: fields (old → new), relations and figures added, removed
    or changed, with their quotes.

    Example:

        kg diff main --format md --fail-on-flags
    """
    from kg.atomic import write_text_atomic
    from kg.diff import review_revisions
    from kg.diff.htmlview import review_html
    from kg.diff.jsonout import review_json
    from kg.diff.markdown import review_markdown

    started = time.perf_counter()
    try:
        review = review_revisions(_root(root), base, head)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    if fmt == "json":
        text = review_json(review)
    elif fmt == "html":
        text = review_html(review)
    else:
        text = review_markdown(review, max_chars)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    counts = review.summary()
    records = sum(sum(c.values()) for c in counts["records"].values())
    elapsed = time.perf_counter() - started
    click.echo(
        f"kg diff: {review.base.label} → {review.head.label}: {records} record{'s' * (records != 1)} "
        f"changed, {len(review.flags)} flag{'s' * (len(review.flags) != 1)} ({elapsed:.2f}s)",
        err=True,
    )
    sys.exit(1 if fail_on_flags and review.flags else 0)
