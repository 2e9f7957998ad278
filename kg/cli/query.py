"""`kg query`: the query API's relationship questions, asked from the command line.

Each subcommand calls one method of :class:`kg.query.KnowledgeGraph` and prints its answer
(:mod:`kg.cli.query_output`). A record can be named by id, or by a name, alias, English or
pinyin name that belongs to exactly one record; an unknown one exits 1 with the ids nearest to
it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TypeVar, cast

import click

from kg.cli import query_output as out
from kg.cli.common import format_option, load_graph, project_root, record_types, root_option
from kg.errors import QueryError
from kg.graph import node_names
from kg.names import plain, search_forms
from kg.schema.relations import PREDICATES
from kg.text import to_simplified

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["query_group", "resolve"]

F = TypeVar("F", bound=Callable[..., Any])


def _predicates() -> list[str]:
    return sorted(PREDICATES)


def _metrics() -> list[str]:
    from kg.schema import METRICS

    return sorted(METRICS)


def answer_options(*, quotes: bool) -> Callable[[F], F]:
    """--root and --format, which every query takes, and --quotes where an answer has quotes."""

    def decorate(function: F) -> F:
        if quotes:
            function = click.option(
                "--quotes",
                is_flag=True,
                help="Also print the quote behind each relation or figure, with its source.",
            )(function)
        function = format_option(
            ["text", "json"],
            "text: for reading, records as 中文名 / English name [id]; json: for scripts (sorted keys).",
        )(function)
        return root_option(function)

    return decorate


def resolve(graph: KnowledgeGraph, text: str) -> str:
    """The id ``text`` names: an id, a whole name of one record, or a search only one matches.

    Names are searched as :meth:`KnowledgeGraph.find` does (Chinese, alias, English,
    Traditional, pinyin). A whole name that several records share raises
    :class:`~kg.errors.QueryError` listing them; text that names nothing, or partly matches
    several records, raises :class:`~kg.errors.UnknownEntity` with the nearest ids.
    """
    if text in graph.records:
        return text
    queries = {plain(text.strip()), plain(to_simplified(text.strip()))}
    # A name as written needs no pinyin: building the search index for find() takes a second.
    # The names are read from the nodes, so that no record is validated for the lookup.
    data = graph.plain
    written = [rid for rid in data if queries & {plain(n) for n in node_names(data[rid][0])}]
    if len(written) == 1:
        return written[0]
    found = graph.find(text)
    exact = []
    for record in found:  # exact matches come first
        if not any(form.text in queries for name in record.all_names for form in search_forms(name)):
            break
        exact.append(record)
    if len(exact) > 1:
        named = ", ".join(f"{r.id} ({r.name})" for r in exact)
        raise QueryError(f"{text!r} names {len(exact)} records: {named}; give one id")
    if exact or len(found) == 1:
        return found[0].id
    return graph.get(text).id  # raises UnknownEntity, with the nearest ids


class _Asking:
    """The graph and the name of the command, for resolving ids and reporting failures."""

    def __init__(self, command: str, root: Path | None) -> None:
        self.command = f"kg query {command}"
        self.graph = load_graph(project_root(root), lenient=True)

    def id(self, text: str) -> str:
        try:
            return resolve(self.graph, text)
        except QueryError as exc:
            self.fail(exc)

    def id_of_type(
        self, text: str, types: frozenset[str], hint: Callable[[str, str], str] | None = None
    ) -> str:
        """The id ``text`` names, which must be a record of one of ``types``: anything else
        would answer "nothing" with exit 0, which reads as a fact about the data. ``hint``
        gives advice for the id and type found, or ""."""
        found = self.id(text)
        kind = self.graph.records[found].type
        if kind not in types:
            *others, last = sorted(types)
            wanted = f"{', '.join(others)} or {last}" if others else last
            advice = hint(found, kind) if hint else ""
            self.fail(QueryError(f"{found!r} is {_a(kind)} {kind}, not {_a(wanted)} {wanted}{advice}"))
        return found

    def fail(self, exc: QueryError) -> NoReturn:
        click.echo(f"{self.command}: {exc}", err=True)
        sys.exit(1)

    def answer(self, fmt: str, text: Callable[[], str], data: Callable[[], Any], summary: str) -> None:
        """The answer on stdout, as ``text()`` or JSON of ``data()``; a one-line summary on stderr."""
        click.echo(out.dumps(data()) if fmt == "json" else text(), nl=False)
        click.echo(f"{self.command}: {summary}", err=True)


def _chain_hint(found: str, kind: str) -> str:
    """A chain given where a place goes is the likely slip: say how to ask for it."""
    return f" (for a chain's companies: --chain {found})" if kind == "industry_chain" else ""


def _a(noun: str) -> str:
    """The indefinite article for ``noun``."""
    return "an" if noun[0] in "aeiou" else "a"


def _count(count: int, noun: str, plural: str | None = None) -> str:
    """``1 route``, ``2 routes``, ``0 companies``."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


@click.group(name="query")
def query_group() -> None:
    """Ask about relationships: neighbours, companies, chains, routes, paths, figures.

    Each question is one subcommand over the Python query API (kg/query.py); IDs may be given
    as id, Chinese name, alias, English or pinyin name when exactly one record has it. Answers
    go to stdout (text, or --format json), a one-line summary to stderr; an unknown id exits 1
    with the nearest ids. To search records by name, use `kg find`.

    Example:

        kg query neighbors silan-micro --predicate supplies --quotes
    """


@query_group.command()
@click.argument("entity", metavar="ID")
@click.option(
    "--predicate",
    "-p",
    metavar="PREDICATE",
    type=click.Choice(_predicates()),
    help="Only this relation, such as supplies, member_of, located_in (see `kg stats`).",
)
@click.option(
    "--direction",
    type=click.Choice(["out", "in", "both"]),
    default="both",
    show_default=True,
    help="out: what ID states (→); in: what others state about ID (←, read with the inverse label).",
)
@answer_options(quotes=True)
def neighbors(
    root: Path | None, entity: str, predicate: str | None, direction: str, fmt: str, quotes: bool
) -> None:
    """Records related to ID, with the relation read from ID's side.

    Example:

        kg query neighbors 士兰微 --direction out
    """
    ask = _Asking("neighbors", root)
    record = ask.graph.get(ask.id(entity))
    found = ask.graph.neighbors(record.id, predicate, cast(Literal["out", "in", "both"], direction))
    ask.answer(
        fmt,
        lambda: out.neighbors_text(found, quotes),
        lambda: out.neighbors_data(record, found, quotes),
        f"{_count(len(found), 'relation')} of {out.record_label(record)}",
    )


@query_group.command()
@click.argument("district", metavar="[DISTRICT]", required=False)
@click.option("--chain", metavar="CHAIN", help="Only members of this industry chain (or its segments).")
@click.option(
    "--direct",
    is_flag=True,
    help="Only companies stated to be in DISTRICT itself, or members of CHAIN itself: not in their parts.",
)
@answer_options(quotes=False)
def companies(root: Path | None, district: str | None, chain: str | None, direct: bool, fmt: str) -> None:
    """Companies in DISTRICT and/or members of CHAIN.

    Sub-districts, towns and parks inside DISTRICT count, as do the segments of CHAIN, unless
    --direct. Without DISTRICT or CHAIN, every company. `kg query neighbors COMPANY --quotes`
    shows the quotes that place a company and name its chains.

    Example:

        kg query companies 临平区 --chain computing-power
    """
    ask = _Asking("companies", root)
    places = PREDICATES["located_in"].range
    where = ask.id_of_type(district, places, _chain_hint) if district else None
    which = ask.id_of_type(chain, frozenset({"industry_chain"})) if chain else None
    found = ask.graph.companies(where, which, recursive=not direct)
    scope = [f"in {out.record_label(ask.graph.records[where])}"] if where else []
    scope += [f"in the chain {out.record_label(ask.graph.records[which])}"] if which else []
    ask.answer(
        fmt,
        lambda: out.records_text(found),
        lambda: [out.record_data(r) for r in found],
        " ".join([_count(len(found), "company", "companies"), *scope]),
    )


@query_group.command()
@click.argument("chain", metavar="CHAIN")
@answer_options(quotes=True)
def chain(root: Path | None, chain: str, fmt: str, quotes: bool) -> None:
    """An industry chain: segments by stage, members, 链主, policies.

    Also lists the districts, bodies and projects that target the chain, with the tier a
    framework such as "3+2+X" gives it.

    Example:

        kg query chain data-storage --quotes
    """
    ask = _Asking("chain", root)
    try:
        view = ask.graph.chain(ask.id(chain))
    except QueryError as exc:
        ask.fail(exc)
    segments = sum(len(s) for s in view.segments.values())
    ask.answer(
        fmt,
        lambda: out.chain_text(ask.graph, view, quotes),
        lambda: out.chain_data(ask.graph, view, quotes),
        f"{_count(segments, 'segment')}, {_count(len(view.members), 'member')}, "
        f"{_count(len(view.policies), 'policy', 'policies')}",
    )


@query_group.command()
@click.option("--from", "origin", metavar="PLACE", help="Only routes that start in PLACE or inside it.")
@click.option("--to", "destination", metavar="PLACE", help="Only routes that end in PLACE or inside it.")
@answer_options(quotes=True)
def routes(root: Path | None, origin: str | None, destination: str | None, fmt: str, quotes: bool) -> None:
    """Port routes, with their mode, ends, stops and figures.

    Example:

        kg query routes --from xiaoshan --to ningbo-zhoushan-port
    """
    ask = _Asking("routes", root)
    ends = PREDICATES["origin"].range | PREDICATES["destination"].range
    start = ask.id_of_type(origin, ends) if origin else None
    end = ask.id_of_type(destination, ends) if destination else None
    found = ask.graph.routes(start, end)
    ask.answer(
        fmt,
        lambda: out.routes_text(found, quotes),
        lambda: out.routes_data(found, quotes),
        _count(len(found), "route"),
    )


@query_group.command()
@click.argument("source", metavar="A")
@click.argument("target", metavar="B")
@answer_options(quotes=True)
def path(root: Path | None, source: str, target: str, fmt: str, quotes: bool) -> None:
    """A shortest chain of stated relations linking A and B.

    Steps may run either way: each is printed in the direction its record states it. Exit 1
    when nothing links them.

    Example:

        kg query path linping ningbo-zhoushan-port
    """
    ask = _Asking("path", root)
    a, b = ask.id(source), ask.id(target)
    try:
        steps = ask.graph.path(a, b)
    except QueryError as exc:
        ask.fail(exc)
    ask.answer(
        fmt,
        lambda: out.path_text(ask.graph, steps, quotes),
        lambda: out.path_data(ask.graph, steps, quotes),
        f"{_count(len(steps), 'step')} from {a} to {b}",
    )


@query_group.command()
@click.argument("entity", metavar="ID")
@click.option("--metric", metavar="METRIC", type=click.Choice(_metrics()), help="Only this metric.")
@click.option("--recursive", is_flag=True, help="Also the figures of the records inside ID.")
@answer_options(quotes=True)
def indicators(
    root: Path | None, entity: str, metric: str | None, recursive: bool, fmt: str, quotes: bool
) -> None:
    """Figures stated about ID, in the order stated.

    With --recursive, the figures of the records inside ID (part of it or located in it) too.

    Example:

        kg query indicators xiaoshan --recursive --metric investment
    """
    ask = _Asking("indicators", root)
    found = ask.graph.indicators(ask.id(entity), metric, recursive)
    ask.answer(
        fmt,
        lambda: out.indicators_text(found, quotes),
        lambda: out.indicators_data(found, quotes),
        _count(len(found), "figure"),
    )


@query_group.command()
@click.argument("entity", metavar="ID")
@click.option(
    "--type",
    "record_type",
    metavar="TYPE",
    type=click.Choice(record_types()),
    help="Only records of this type, such as park or company.",
)
@answer_options(quotes=False)
def within(root: Path | None, entity: str, record_type: str | None, fmt: str) -> None:
    """Everything inside ID: part of it or located in it, at any depth.

    Example:

        kg query within linping --type park
    """
    ask = _Asking("within", root)
    place = ask.id(entity)
    found = [ask.graph.records[i] for i in ask.graph.within(place) if i != place]
    found = [r for r in found if record_type is None or r.type == record_type]
    ask.answer(
        fmt,
        lambda: out.records_text(found, typed=True),
        lambda: [out.record_data(r) for r in found],
        f"{_count(len(found), 'record')} inside {out.record_label(ask.graph.records[place])}",
    )
