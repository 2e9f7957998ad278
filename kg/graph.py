"""Build the networkx graph: one node per record, one edge per stated relation.

Inverse relations are not stored; :mod:`kg.query` answers them by reading edges backwards.

The graph is made from each record's plain data (:data:`PlainRecord`: its node attributes and
its relations as edge data, in the order stated), which worker processes make while checking,
so that the graph and every export are made without validating a record again in the parent
(the HTML views do read records). :class:`LazyRecords` makes the records again from that data
when the Python API asks for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from kg.schema import RECORD_TYPES, Record, Relation

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "NODE_FIELDS",
    "TYPE_FIELDS",
    "LazyRecords",
    "PlainRecord",
    "PlainRelation",
    "edge_attributes",
    "graph_of_plain",
    "node_attributes",
    "node_names",
    "plain_record",
    "plain_records",
    "record_of_plain",
    "type_fields_of",
]

PlainRelation = tuple[str, dict[str, Any]]
"""A stated relation as (target id, :func:`edge_attributes`)."""

PlainRecord = tuple[dict[str, Any], list[PlainRelation]]
"""A record as plain data: its :func:`node_attributes` and its relations in the order stated
(builtin types only, cheap to send between processes)."""


_LISTS = ("dates", "products", "distinct_from")
"""List fields some or all record types have, carried as lists of plain dicts."""

NODE_FIELDS = ("type", "name", "name_en", "aliases", "indicators", "sources", "ids", "note", *_LISTS)
"""The fields :func:`node_attributes` carries by name; the type-specific ones come on top."""

TYPE_FIELDS: tuple[str, ...] = tuple(
    dict.fromkeys(
        field
        for cls in RECORD_TYPES.values()
        for field in cls.model_fields
        if field not in Record.model_fields and field not in _LISTS
    )
)
"""Scalar fields that some record types add (level, kind, stage, mode …), in schema order:
made from the schema, so that a field added to a record type reaches the graph and the exports."""


def node_attributes(record: Record) -> dict[str, Any]:
    """Plain data for a node: type, names, figures, external ids, citations."""
    return plain_record(record)[0]


def _node(record: Record, dumped: dict[str, Any]) -> dict[str, Any]:
    """The node attributes, in their order, from the record's ``model_dump(exclude_defaults=True)``.

    That one call gives what a call per part gave before: figures and ids without their
    defaults, every other part without its None fields (in the schema those default to None),
    no empty list. A part dumped on its own cost more than the rest of the record's plain data.
    """
    attributes: dict[str, Any] = {
        "type": record.type,
        "name": dumped["name"],
        "name_en": dumped["name_en"],
        "aliases": dumped.get("aliases", []),
        "indicators": dumped.get("indicators", []),
        "sources": dumped["sources"],
    }
    for field in type_fields_of(type(record)):
        value = dumped.get(field)  # left out when None: each type field is required or None by default
        if value is not None:
            attributes[field] = value
    if "ids" in dumped:
        attributes["ids"] = dumped["ids"]
    # The rest of the record's facts, so that exports made from the graph drop nothing.
    for field in _LISTS:
        values = dumped.get(field)
        if values:
            attributes[field] = values
    if "note" in dumped:
        attributes["note"] = dumped["note"]
    return attributes


def _share(parts: Iterable[dict[str, Any]], shared: dict[str, str], words: tuple[str, ...] = ()) -> None:
    """Replace the source id of each part's citations, and the value of each field named in
    ``words`` (one every part has), by the equal string in ``shared`` (adding it there if new).

    A few hundred sources are cited tens of thousands of times, and a few metrics, units and
    dates recur as often: marshal (:meth:`kg.filecheck.FileChecker.check_to_send`) sends a
    string met twice once per chunk of records, and the parent process keeps it once. A
    relation's predicate and target are left as they are: the record's facts, sent with it,
    hold the same objects.
    """
    setdefault = shared.setdefault
    for data in parts:
        for citation in data["sources"]:
            source = citation["source"]
            citation["source"] = setdefault(source, source)
        for key in words:
            word = data[key]
            data[key] = setdefault(word, word)


def node_names(node: Mapping[str, Any]) -> tuple[str, ...]:
    """:attr:`~kg.schema.Record.all_names` read from a node's attributes, with no record at hand."""
    return (node["name"], *node["aliases"], node["name_en"])


@cache
def type_fields_of(cls: type[Record]) -> tuple[str, ...]:
    """The :data:`TYPE_FIELDS` a record class has, in the class's field order."""
    return tuple(field for field in cls.model_fields if field in TYPE_FIELDS)


def edge_attributes(relation: Relation) -> dict[str, Any]:
    """Plain data for an edge: the predicate, its qualifiers and its citations."""
    data: dict[str, Any] = relation.model_dump(exclude_none=True, exclude={"to"})
    return data


_FIGURE_WORDS = ("metric", "unit")
_DATE_WORDS = ("date",)


def plain_record(record: Record, shared: dict[str, str] | None = None) -> PlainRecord:
    """The plain data of ``record``: what its node (:func:`node_attributes`) and its edges
    (:func:`edge_attributes`) carry.

    Records made with the same ``shared`` mapping share one string object for equal source ids,
    metrics, units and dates (:func:`_share`).
    """
    dumped = record.model_dump(exclude_defaults=True)
    node = _node(record, dumped)
    relations: list[dict[str, Any]] = dumped.get("relations", [])
    shared = {} if shared is None else shared
    _share((node,), shared)
    _share(node["indicators"], shared, _FIGURE_WORDS)
    _share(relations, shared)
    _share(node.get("dates", ()), shared, _DATE_WORDS)
    _share(node.get("products", ()), shared)
    return node, [(relation.pop("to"), relation) for relation in relations]


def plain_records(records: Mapping[str, Record]) -> dict[str, PlainRecord]:
    """:func:`plain_record` of each record, by id, in the mapping's order."""
    shared: dict[str, str] = {}
    return {record_id: plain_record(record, shared) for record_id, record in records.items()}


def record_of_plain(record_id: str, plain: PlainRecord) -> Record:
    """The record whose :func:`plain_record` is ``plain``, validated again.

    Node attributes leave out only defaults and ``None``, which validation fills in again, and
    the relations keep their order, so the record equals the one the plain data was made from.
    """
    node, relations = plain
    data = {key: value for key, value in node.items() if key != "type"}
    data["id"] = record_id
    data["relations"] = [{"to": target, **edge} for target, edge in relations]
    return RECORD_TYPES[node["type"]].model_validate(data)


class LazyRecords(Mapping[str, Record]):
    """Records by id, each validated from its plain data when first asked for.

    Building a graph needs no record; a query needs a few, an HTML view all of them.
    """

    def __init__(self, plain: Mapping[str, PlainRecord]) -> None:
        self.plain = plain
        self._made: dict[str, Record] = {}

    def __getitem__(self, record_id: str) -> Record:
        record = self._made.get(record_id)
        if record is None:
            record = self._made[record_id] = record_of_plain(record_id, self.plain[record_id])
        return record

    def __iter__(self) -> Iterator[str]:
        return iter(self.plain)

    def __len__(self) -> int:
        return len(self.plain)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self.plain

    def __repr__(self) -> str:
        return f"<LazyRecords {len(self.plain)} records, {len(self._made)} validated>"


def graph_of_plain(plain: Mapping[str, PlainRecord]) -> nx.MultiDiGraph[str]:
    """A MultiDiGraph of records given as plain data (:func:`plain_records` of records); edges
    keyed by predicate (``rel``, ``rel#2`` when repeated).

    Nodes and edges are added in sorted order so every export is deterministic.
    """
    import networkx as nx  # here: importing it costs every `kg` command 0.2 s, kg check needs none

    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    ids = sorted(plain)
    graph.add_nodes_from((record_id, plain[record_id][0]) for record_id in ids)
    # the stubs know Graph's (u, v[, data]) only; a MultiDiGraph also takes (u, v, key, data)
    graph.add_edges_from(_keyed_edges(plain, ids))  # type: ignore[arg-type]
    return graph


def _keyed_edges(
    plain: Mapping[str, PlainRecord], ids: list[str]
) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """Every relation as (source, target, key, data), a repeated predicate between the same
    two records keyed ``rel#2``, ``rel#3``..."""
    for record_id in ids:
        seen: set[tuple[str, str]] = set()
        for target, data in plain[record_id][1]:
            if target not in plain:
                continue  # reported by kg check as KG202; the query API only sees valid trees
            rel = data["rel"]
            key = rel
            count = 1
            while (target, key) in seen:
                count += 1
                key = f"{rel}#{count}"
            seen.add((target, key))
            yield record_id, target, key, data
