"""Commands that write what the graph is turned into: build, export, views."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from kg.cli.common import load_graph, load_graph_saving, out_folder_option, project_root, root_option
from kg.errors import UsageError

__all__ = ["build", "export_command", "views"]


@click.command()
@root_option
@out_folder_option("Output folder (default: build/ in the project folder).")
@click.option("--no-views", is_flag=True, help="Write the exports only, not the HTML views.")
def build(root: Path | None, out: Path | None, no_views: bool) -> None:
    """Check the curation, build the graph, write exports and views under build/.

    Nothing is written when the curation has errors.

    Example:

        kg build && xdg-open build/views/index.html
    """
    from kg.build import build_outputs
    from kg.export.shared import sharing

    project = project_root(root)
    # The check's cache is written while the exports are made: both cores stay busy.
    graph, wait_saved = load_graph_saving(project)
    try:
        with sharing(graph):  # the exports' shared rows, kept until the process exits (below)
            written = build_outputs(graph, out or project / "build", views=not no_views)
            wait_saved()
            pages = [p for p in written if p.suffix == ".html"]
            for path in written:
                if path.suffix != ".html":
                    click.echo(f"wrote {path}", err=True)
            if pages:
                click.echo(f"wrote {len(pages)} view pages; open {pages[0]}", err=True)
            nodes, edges = graph.nx.number_of_nodes(), graph.nx.number_of_edges()
            click.echo(f"kg build: {nodes} records, {edges} relations", err=True)
            _exit_without_freeing()
    finally:
        wait_saved()


def _exit_without_freeing() -> None:
    """End the `kg` process now, with exit code 0: every file is written and closed, and freeing
    a large graph object by object (seconds at 100,000 records) would change nothing.

    Only when this is the `kg` process itself, writing to its own stdout and stderr; under a
    test runner that swaps them (click's CliRunner), the command returns as usual.
    """
    if (sys.stdout, sys.stderr) != (sys.__stdout__, sys.__stderr__):  # compared by identity
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


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


@click.command(name="export", help=_export_help())
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
    graph = load_graph(project_root(root))
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


@click.command()
@root_option
@out_folder_option("Output folder (default: build/views/ in the project folder).")
def views(root: Path | None, out: Path | None) -> None:
    """Write the interactive HTML views: index, whole graph, routes, one page per record.

    The pages work offline from a file:// URL and make no network request.

    Example:

        kg views && xdg-open build/views/index.html
    """
    from kg.views import write_views

    started = time.perf_counter()
    project = project_root(root)
    graph = load_graph(project)
    folder = out or project / "build" / "views"
    written = write_views(graph, folder)
    elapsed = time.perf_counter() - started
    click.echo(
        f"kg views: wrote {len(written)} pages to {folder} ({elapsed:.1f}s); open {written[0]}", err=True
    )
