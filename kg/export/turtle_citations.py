"""Citations in Turtle, for :mod:`kg.export.turtle_records` and :mod:`kg.export.rdf`: the
``prov:Entity`` blocks of a record's runs ``hzc:<id>.`` (its ids, dates, figures, products and
sources) and ``hzc:<id>:`` (its relations), and the ``prov:wasDerivedFrom`` links to them.

A citation's node is its owner's path and its number, ``hzc:<id>.sources.0``; the blocks are
spelled out in sorted order directly (numbers sort as text: 0, 1, 10, 2 …), since citations are
half the blocks of a graph.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from operator import itemgetter
from typing import Any

from kg.export.naming import edge_id
from kg.export.turtle_syntax import text_literal

__all__ = ["Adjacency", "Data", "cited", "edge_citations", "links_to", "own_citations", "sorted_indexes"]


Data = dict[str, Any]
"""A node's, edge's, figure's or citation's plain data, as kg.graph puts it on the graph."""


Adjacency = Mapping[str, Mapping[str, Data]]
"""One record's out-edges: target → key (``rel``, ``rel#2`` …) → edge data."""


def cited(owner: str, citations: list[Data]) -> list[str]:
    """The citation nodes of ``owner``, which it links: ``hzc:<owner>.0``, ``.1`` …"""
    return [f"hzc:{owner}.{n}" for n in range(len(citations))]


def _citations(owners: list[tuple[str, list[Data]]]) -> str:
    """The citation blocks of each owner in turn, each ``(prefix, citations)`` at the nodes
    ``hzc:<prefix><n>`` (the prefix ends in ``.``: the nodes :func:`cited` names), ``n`` in
    sorted order (``0``, ``1``, ``10``, ``2`` …).

    Each block is ``block(node, _citation_pairs(…))`` spelled out: citations are half the
    blocks of a graph.

    >>> from kg.export.turtle_syntax import block
    >>> for quote, note in [("杭州", "见"), (None, None), ("q", None), (None, "n")]:
    ...     citation = {"source": "s", "quote": quote, "note": note}
    ...     text = _citations([("x.", [citation])])
    ...     assert text.encode() == block("hzc:x.0", _citation_pairs(citation))[1]
    >>> citations = [{"source": str(n)} for n in range(12)]
    >>> nodes = [("hzc:x.0", citations[0]), *zip(cited("y", citations), citations)]
    >>> blocks = sorted(block(node, _citation_pairs(c)) for node, c in nodes)
    >>> _citations([("x.", citations[:1]), ("y.", citations)]).encode() == b"".join(t for _, t in blocks)
    True
    """
    out = []
    for owner, citations in owners:
        for n, i in sorted_indexes(len(citations)):
            citation = citations[i]
            source, quote, note = citation["source"], citation.get("quote"), citation.get("note")
            end = f" ;\n    rdfs:comment {text_literal(note)} .\n" if note else " .\n"
            if quote is not None:
                out.append(
                    f"\nhzc:{owner}{n} a prov:Entity ;\n    prov:value {text_literal(quote)} ;\n"
                    f"    prov:wasDerivedFrom src:{source} ;\n    prov:wasQuotedFrom src:{source}{end}"
                )
            else:
                out.append(f"\nhzc:{owner}{n} a prov:Entity ;\n    prov:wasDerivedFrom src:{source}{end}")
    return out[0] if len(out) == 1 else "".join(out)


@cache
def sorted_indexes(count: int) -> tuple[tuple[str, int], ...]:
    """0 … ``count`` - 1 as (text, number), sorted as text: 0, 1, 10, 11, 2 …"""
    return tuple(sorted((str(n), n) for n in range(count)))


def _citation_pairs(citation: Data) -> list[tuple[str, str]]:
    """The facts of a citation as :func:`block` pairs, which :func:`_citations` spells out."""
    source, quote, note = citation["source"], citation.get("quote"), citation.get("note")
    pairs = [("a", "prov:Entity"), ("prov:wasDerivedFrom", f"src:{source}")]
    if quote is not None:
        pairs += [("prov:value", text_literal(quote)), ("prov:wasQuotedFrom", f"src:{source}")]
    if note:
        pairs.append(("rdfs:comment", text_literal(note)))
    return pairs


def links_to(owner: str, citations: list[Data]) -> str:
    """The ``prov:wasDerivedFrom`` line that links the citations of one owner, whose sorted order
    depends on their count alone.

    >>> links_to("x", [{}] * 3) == " ;\\n    prov:wasDerivedFrom hzc:x.0, hzc:x.1, hzc:x.2"
    True
    >>> nodes = links_to("x", [{}] * 12).removeprefix(" ;\\n    prov:wasDerivedFrom ").split(", ")
    >>> nodes == sorted(cited("x", [{}] * 12))
    True
    """
    if len(citations) < 2:  # most relations and figures have one citation
        return f" ;\n    prov:wasDerivedFrom hzc:{owner}.0" if citations else ""
    prefix = f"hzc:{owner}."
    return " ;\n    prov:wasDerivedFrom " + ", ".join([prefix + n for n, _ in sorted_indexes(len(citations))])


def own_citations(rid: str, node: Data, edges: Adjacency) -> str:
    """The run ``hzc:<id>.``: citations of the record's dates, ids, figures, products and sources,
    made in their subjects' sorted order (``dates`` < ``ids`` < ``indicators`` < ``products`` <
    ``sources``, each numbered part in :func:`sorted_indexes`' order)."""
    owners: list[tuple[str, list[Data]]] = []
    if "dates" in node:
        dates = node["dates"]
        owners += [(f"{rid}.dates.{n}.", dates[i]["sources"]) for n, i in sorted_indexes(len(dates))]
    ids = node.get("ids")
    if ids is not None:
        owners.append((f"{rid}.ids.", [{"source": ids["source"]}]))
    indicators = node["indicators"]
    if indicators:
        owners += [
            (f"{rid}.indicators.{n}.", indicators[i]["sources"]) for n, i in sorted_indexes(len(indicators))
        ]
    if "products" in node:
        products = node["products"]
        owners += [(f"{rid}.products.{n}.", products[i]["sources"]) for n, i in sorted_indexes(len(products))]
    owners.append((f"{rid}.sources.", node["sources"]))
    return _citations(owners)


def edge_citations(rid: str, node: Data, edges: Adjacency) -> str:
    """The run ``hzc:<id>:``: citations of the record's relations, each relation's after the
    other's in the order of their nodes' common prefix ``<edge id>.``."""
    owners = [
        (f"{edge_id(rid, key, target)}.", data["sources"])
        for target, keyed in edges.items()
        for key, data in keyed.items()
    ]
    if len(owners) > 1:
        owners.sort(key=itemgetter(0))  # prefixes are distinct
    return _citations(owners)
