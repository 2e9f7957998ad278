"""The `kg` command: thin wrappers over library functions.

Data goes to stdout, messages to stderr. Exit codes: 0 ok, 1 data problems (all printed),
2 usage errors.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.errors import CurationError, KGError, Problem, UsageError

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["main"]

ROOT_HELP = "Project folder (default: the nearest folder above the current one with curation/)."


def _root(root: Path | None) -> Path:
    from kg.load import find_root

    try:
        return find_root(root or Path.cwd())
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None


def _echo_problems(problems: list[Problem], show_warnings: bool = True) -> None:
    for problem in problems:
        if show_warnings or problem.severity == "error":
            click.echo(str(problem), err=True)


def _graph(root: Path, *, lenient: bool = False) -> KnowledgeGraph:
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
    result = check_tree(_root(root), use_cache=False if no_cache else None, jobs=jobs)
    if fmt == "json":
        click.echo(problems_json(result.problems), nl=False)
    else:
        _echo_problems(result.problems)
    elapsed = time.perf_counter() - started
    click.echo(f"kg check: {summary_line(result)} ({elapsed:.2f}s)", err=True)
    failing = [p for p in result.problems if strict or p.severity == "error"]
    sys.exit(1 if failing else 0)


@main.command()
@root_option
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output folder (default: build/ in the project folder).",
)
@click.option("--no-views", is_flag=True, help="Write the exports only, not the HTML views.")
def build(root: Path | None, out: Path | None, no_views: bool) -> None:
    """Check the curation, build the graph, write exports and views under build/.

    Nothing is written when the curation has errors.

    Example:

        kg build && xdg-open build/views/index.html
    """
    from kg.build import build_outputs

    project = _root(root)
    graph = _graph(project)
    written = build_outputs(graph, out or project / "build", views=not no_views)
    pages = [p for p in written if p.suffix == ".html"]
    for path in written:
        if path.suffix != ".html":
            click.echo(f"wrote {path}", err=True)
    if pages:
        click.echo(f"wrote {len(pages)} view pages; open {pages[0]}", err=True)
    click.echo(f"kg build: {len(graph.records)} records, {graph.nx.number_of_edges()} relations", err=True)


def _export_help() -> str:
    from kg.export import FORMATS

    lines = [
        "Write the graph in one format for another tool (Gephi, Neo4j, RDF stores, spreadsheets).",
        "",
        "Without -o, a one-file format goes to stdout; neo4j-csv and csv are folders and need -o.",
        "`kg build` writes every format under build/.",
        "",
        "\b",
        *(f"  {f.name:<10} {f.summary}" for f in FORMATS.values()),
        "",
        "Example:",
        "",
        "    kg export --format gexf -o hzkg.gexf",
    ]
    return "\n".join(lines)


def _format_names() -> list[str]:
    from kg.export import FORMATS

    return list(FORMATS)


@main.command(name="export", help=_export_help())
@root_option
@click.option("--format", "fmt", type=click.Choice(_format_names()), required=True, help="Export format.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write, or folder for neo4j-csv and csv (default: stdout).",
)
def export_command(root: Path | None, fmt: str, output: Path | None) -> None:
    from kg.errors import ExportError
    from kg.export import FORMATS, export_files, write_export

    if output is None and FORMATS[fmt].is_folder:
        raise click.UsageError(
            f"the {fmt} export is a folder of files; give one with -o, such as -o build/{fmt}"
        )
    graph = _graph(_root(root))
    try:
        if output is None:
            (data,) = export_files(graph, fmt).values()
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        written = write_export(graph, fmt, output)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    except ExportError as exc:
        click.echo(f"kg export: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"kg export: cannot write {exc.filename or output}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    for path in written:
        click.echo(f"wrote {path}", err=True)


@main.command()
@root_option
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output folder (default: build/views/ in the project folder).",
)
def views(root: Path | None, out: Path | None) -> None:
    """Write the interactive HTML views: index, whole graph, routes, one page per record.

    The pages work offline from a file:// URL and make no network request.

    Example:

        kg views && xdg-open build/views/index.html
    """
    from kg.views import write_views

    started = time.perf_counter()
    project = _root(root)
    graph = _graph(project)
    folder = out or project / "build" / "views"
    written = write_views(graph, folder)
    elapsed = time.perf_counter() - started
    click.echo(
        f"kg views: wrote {len(written)} pages to {folder} ({elapsed:.1f}s); open {written[0]}", err=True
    )


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

    graph = _graph(_root(root), lenient=True)
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
    graph = _graph(_root(root), lenient=True)
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
    from kg.diff.review import review_neighbourhood

    started = time.perf_counter()
    try:
        if fmt == "html":
            review, neighbourhood = review_neighbourhood(_root(root), base, head)
        else:
            review = review_revisions(_root(root), base, head)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    if fmt == "json":
        text = review_json(review)
    elif fmt == "html":
        text = review_html(review, neighbourhood)
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


@main.command()
@root_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder for review files (default: curation/inbox/ in the project folder).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    help="yaml: write a review file per article; json: print every mention, one document per line.",
)
@click.option("--no-candidates", is_flag=True, help="Known names only: no new-name candidates.")
def extract(
    root: Path | None, paths: tuple[Path, ...], out: Path | None, fmt: str, no_candidates: bool
) -> None:
    """Find known names, new-name candidates, relations and figures in articles.

    yaml writes curation/inbox/<source>.yaml for review (then `kg accept`); each article must
    be registered in seeds/sources.yaml so proposals can cite it. json prints, per article, one
    line {"file", "source", "encoding", "mentions": [{"text", "start", "end", "label",
    "entity"}]} with start/end indexing the decoded raw text. Nothing is written into curation/
    except the review files.

    Example:

        kg extract seeds/000_bff2b6c414ac62bc.txt && kg extract --format json seeds/*.txt
    """
    from kg.extract.inbox import keep_decisions, write_review
    from kg.extract.pipeline import Extractor
    from kg.extract.run import damage_problems, json_document, open_target, review_document
    from kg.load import load_curation

    project = _root(root)
    curation = load_curation(project)
    if any(p.severity == "error" for p in curation.problems):
        click.echo(
            "kg extract: some curation files have errors; their names are not known (run kg check)", err=True
        )
    extractor = Extractor.from_records(curation.records.values(), candidates=not no_candidates)
    folder = out or project / "curation" / "inbox"
    failed = 0
    with click.progressbar(paths, label="extracting", file=sys.stderr, hidden=len(paths) < 2) as bar:
        for path in bar:
            target, problems = open_target(path, curation, need_source=fmt == "yaml")
            _echo_problems(problems)
            if target is None:
                failed += 1
                continue
            damage: list = []  # type: ignore[type-arg]
            if fmt == "json":
                for piece in json_document(extractor, target, damage):
                    sys.stdout.write(piece)
                sys.stdout.flush()
                _echo_problems(damage_problems(target, damage))
                continue
            data = review_document(extractor, target, curation, damage)
            _echo_problems(damage_problems(target, damage))
            assert target.source is not None
            written = folder / f"{target.source.id}.yaml"
            shown = str(written.relative_to(project)) if written.is_relative_to(project) else str(written)
            kept = keep_decisions(written, data)
            write_review(written, data, shown)
            counts = ", ".join(f"{len(data[s])} {s}" for s in ("candidates", "relations", "figures"))
            click.echo(f"wrote {shown}: {len(data['known'])} known entities, {counts}", err=True)
            if kept:
                click.echo(f"kept {kept} decided item(s) from the previous review; run kg accept", err=True)
    sys.exit(1 if failed else 0)


@main.command()
@root_option
@click.argument("review", type=click.Path(path_type=Path, dir_okay=False))
def accept(root: Path | None, review: Path) -> None:
    """Turn the accepted proposals of a review file into curation, then check everything.

    Items marked `status: accepted` become records (candidates) or relations and figures on
    records, with their citations, in canonical form; `rejected` ones are remembered for the
    source; `pending` ones stay in the review file. Nothing is written if an accepted item is
    incomplete (a TODO(kg new) left, a missing metric, an unknown id).

    Example:

        kg accept curation/inbox/hangyong-twin-cities.yaml
    """
    from kg.extract.accept import accept_review
    from kg.load import load_curation
    from kg.report import check_tree

    project = _root(root)
    if not review.is_file():
        raise click.BadParameter(f"no such file: {review}", param_hint="REVIEW")
    shown = (
        str(review.resolve().relative_to(project.resolve()))
        if review.resolve().is_relative_to(project.resolve())
        else str(review)
    )
    result = accept_review(review, load_curation(project), shown)
    _echo_problems(result.problems)
    if result.problems:
        click.echo(f"kg accept: nothing written; fix the {len(result.problems)} problem(s) above", err=True)
        sys.exit(1)
    for path in result.written:
        click.echo(f"wrote {path.relative_to(project)}", err=True)
    click.echo(f"kg accept: {result.accepted} accepted, {result.rejected} rejected", err=True)
    checked = check_tree(project)
    errors = [p for p in checked.problems if p.severity == "error"]
    _echo_problems(errors)
    from kg.report import summary_line

    click.echo(f"kg check: {summary_line(checked)}", err=True)
    sys.exit(1 if errors else 0)


@main.command(name="eval")
@root_option
@click.argument("gold", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--errors", "show_errors", is_flag=True, help="Also list every missed and spurious mention.")
def evaluate_gold(root: Path | None, gold: Path, fmt: str, show_errors: bool) -> None:
    """Precision, recall and F1 of extraction against an annotated gold file.

    The gold file lists the entities it was annotated against and its documents, with
    mentions marked up as [text](label) or [text](label:entity); see kg/extract/evaluate.py.

    Example:

        kg eval tests/gold/dev.yaml
    """
    from kg.extract.evaluate import evaluate, read_gold
    from kg.load import load_curation

    project = _root(root)
    entities, documents, problems = read_gold(gold, str(gold))
    records = load_curation(project).records
    missing = [e for e in entities if e not in records]
    if missing:
        click.echo(f"{gold}:1:1: KG611 entities not in the curation: {', '.join(missing)}", err=True)
        sys.exit(1)
    _echo_problems(problems)
    if problems:
        sys.exit(1)
    result = evaluate(documents, [records[e] for e in entities])
    data = result.as_dict()
    if fmt == "json":
        click.echo(
            json.dumps(
                data | ({"errors": result.errors} if show_errors else {}), ensure_ascii=False, indent=2
            )
        )
        return
    click.echo(f"{'':<16}{'precision':>10}{'recall':>9}{'f1':>8}{'gold':>7}{'found':>7}")
    rows = [
        ("known (linked)", data["known"]),
        ("new (span)", data["new"]),
        ("new (span+type)", data["new_typed"]),
    ]
    rows += list(data["by_label"].items())
    for name, row in rows:
        click.echo(
            f"{name:<16}{row['precision']:>10.3f}{row['recall']:>9.3f}{row['f1']:>8.3f}{row['gold']:>7}{row['predicted']:>7}"
        )
    if show_errors:
        for error in result.errors:
            entity = f":{error['entity']}" if error["entity"] else ""
            click.echo(f"{error['document']}\t{error['kind']}\t{error['text']}\t{error['label']}{entity}")
