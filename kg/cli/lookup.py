"""Commands that look records up: show, find, stats."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.cli.common import format_option, load_graph, project_root, root_option
from kg.errors import KGError

__all__ = ["find", "show", "stats"]


@click.command()
@root_option
@click.argument("entity_id")
@format_option(
    ["text", "yaml", "json"], "text: a readable summary; yaml: the curation file; json: the record."
)
def show(root: Path | None, entity_id: str, fmt: str) -> None:
    """Show one record: names, figures, relations both ways, quotes.

    Example:

        kg show silan-micro
    """
    from kg.show import describe

    graph = load_graph(project_root(root), lenient=True)
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


@click.command()
@root_option
@click.argument("text")
@click.option("--limit", default=10, show_default=True, help="Most results to print.")
def find(root: Path | None, text: str, limit: int) -> None:
    """Find records by Chinese, English, alias, Traditional or pinyin name.

    Prints id, type and names, best match first; exit 1 when nothing matches.

    Example:

        kg find shilan
    """
    graph = load_graph(project_root(root), lenient=True)
    found = graph.find(text)[:limit]
    for record in found:
        click.echo(f"{record.id}\t{record.type}\t{record.name}\t{record.name_en}")
    if not found:
        click.echo(f"kg find: nothing matches {text!r}", err=True)
        sys.exit(1)


@click.command()
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def stats(root: Path | None, fmt: str) -> None:
    """Count records per type, relations per predicate and indicators per metric.

    Example:

        kg stats --format json
    """
    from kg.show import graph_stats, stats_text

    data = graph_stats(load_graph(project_root(root)))
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(stats_text(data), nl=False)
