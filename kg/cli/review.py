"""The command that reviews a curation change: diff."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from kg.cli.common import format_option, project_root, root_option
from kg.errors import UsageError

__all__ = ["diff"]


@click.command()
@root_option
@click.argument("base", required=False)
@click.argument("head", required=False)
@format_option(
    ["md", "json", "html"],
    "md: a pull-request comment; json: for tools; html: a picture of the changed neighbourhood.",
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
            review, neighbourhood = review_neighbourhood(project_root(root), base, head)
        else:
            review = review_revisions(project_root(root), base, head)
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
