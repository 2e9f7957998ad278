"""The `kg` command: thin wrappers over library functions.

Data goes to stdout, messages to stderr. Exit codes: 0 ok, 1 data problems (all printed),
2 usage errors. The commands live in modules by concept: curation, outputs, lookup, query,
review, extraction; this module gathers them under one group.
"""

from __future__ import annotations

import click

from kg.cli.curation import check, fmt_command, new_command, schema
from kg.cli.extraction import accept, evaluate_gold, extract
from kg.cli.lookup import find, show, stats
from kg.cli.outputs import build, export_command, views
from kg.cli.query import query_group
from kg.cli.review import diff

__all__ = ["main", "run"]


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


for _command in (
    check,
    build,
    export_command,
    views,
    show,
    find,
    stats,
    query_group,
    schema,
    fmt_command,
    new_command,
    diff,
    extract,
    accept,
    evaluate_gold,
):
    main.add_command(_command)


def run() -> None:
    """The `kg` program: :func:`main`, in a process of its own.

    Such a process ends when its command does, so what a command builds while the cycle
    collector is paused is frozen rather than walked again (:func:`kg.parallel.freeze_after_pauses`).
    """
    from kg.parallel import freeze_after_pauses

    freeze_after_pauses()
    main()
