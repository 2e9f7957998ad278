"""RDF Turtle: records as IRIs under one base, relations as properties, citations in PROV-O.

Layout (``hz:`` is ``https://hzkg.example/id/``):

- a record is ``hz:<id> a hzo:<Type>``, with ``rdfs:label`` in Chinese (``@zh``) and English
  (``@en``), aliases as ``skos:altLabel``, and its type-specific fields as ``hzo:`` literals;
- a relation is the triple ``hz:<a> hzo:<predicate> hz:<b>``, and also an ``rdf:Statement``
  (``hzs:<a>:<predicate>:<b>``) that carries the qualifiers (stage, role …) and its citations;
- a figure is an ``hzo:Indicator`` node with ``rdf:value`` and unit, linked by ``hzo:indicator``;
- a citation is a ``prov:Entity`` whose ``prov:value`` is the quote, ``prov:wasQuotedFrom``
  its source; whatever it backs is ``prov:wasDerivedFrom`` it.

The file is written here, not by an RDF library, so that the tests read it back with an
independent parser (rdflib); :mod:`kg.export.turtle_records` and
:mod:`kg.export.turtle_citations` spell out the records' blocks. Strings use Turtle's escapes,
IRIs percent-encode what IRIs may not hold, and everything is emitted in sorted order.

At 100,000 records the file is ~300 MB, so it is made in chunks (:func:`turtle_chunks`): the
sort keys of every block and run of blocks are known up front (a subject, or the prefix its
run's subjects share), and the text is spelled out a batch of :data:`BATCH` keys at a time, in
key order, so that only one batch's text is held at once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from operator import itemgetter
from typing import TYPE_CHECKING

from kg.export.naming import class_name
from kg.export.turtle_citations import Adjacency, Data, edge_citations, own_citations
from kg.export.turtle_records import Maker, figures, record_text, statements
from kg.export.turtle_syntax import Block, block, date_literal, text_literal, turtle_iri, turtle_string
from kg.schema import METRICS, PREDICATES, SCHEMA_VERSION

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["BASE", "BATCH", "turtle_bytes", "turtle_chunks", "turtle_iri", "turtle_string", "turtle_text"]

BASE = "https://hzkg.example/"
PREFIXES = {
    "hz": f"{BASE}id/",
    "hzo": f"{BASE}ontology#",
    "hzs": f"{BASE}statement/",
    "hzi": f"{BASE}indicator/",
    "hzc": f"{BASE}citation/",
    "hzm": f"{BASE}metric/",
    "src": f"{BASE}source/",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

BATCH = 5_000
"""Blocks and runs of blocks spelled out per chunk of :func:`turtle_chunks`: ~3 MB of text."""


def _term(subject: str, kind: str, en: str, zh: str | None = None) -> Block:
    labels = [("rdfs:label", turtle_string(en, "en"))]
    return block(subject, [("a", kind), *labels, *([("rdfs:label", turtle_string(zh, "zh"))] if zh else [])])


def _adjacency(graph: KnowledgeGraph) -> Mapping[str, Adjacency]:
    """Every record's out-edges, as the dicts networkx keeps them in.

    ``adjacency()`` hands out those dicts themselves; the views of ``graph.nx.succ`` would wrap
    every record's and every target's dict on each read, which costs 0.25 s at 100,000 records.
    """
    return dict(graph.nx.adjacency())


def _vocabulary(
    graph: KnowledgeGraph, nodes: Collection[Data], successors: Mapping[str, Adjacency]
) -> list[Block]:
    """Labels for the classes, predicates and metrics the data uses, and the sources."""
    types = sorted({node["type"] for node in nodes})
    edges = successors.values()
    rels = sorted({d["rel"] for targets in edges for keyed in targets.values() for d in keyed.values()})
    metrics = sorted({figure["metric"] for node in nodes for figure in node["indicators"]})
    out = [_term(f"hzo:{class_name(t)}", "owl:Class", t) for t in types]
    out += [_term(f"hzo:{r}", "owl:ObjectProperty", PREDICATES[r].en, PREDICATES[r].zh) for r in rels]
    out += [_term(f"hzm:{m}", "skos:Concept", METRICS[m].en, METRICS[m].zh) for m in metrics]
    for source_id in sorted(graph.sources):
        s = graph.sources[source_id]
        pairs = [("a", "prov:Entity"), ("dcterms:title", text_literal(s.title))]
        if s.title_en:
            pairs.append(("dcterms:title", turtle_string(s.title_en, "en")))
        if s.publisher:
            pairs.append(("dcterms:publisher", text_literal(s.publisher)))
        if s.date:
            pairs.append(("dcterms:date", date_literal(s.date)))
        if s.url:
            pairs.append(("rdfs:seeAlso", turtle_iri(s.url)))
        out.append(block(f"src:{source_id}", pairs))
    return out


def turtle_chunks(graph: KnowledgeGraph) -> Iterator[bytes]:
    """The whole graph as UTF-8 Turtle, one block per subject, subjects sorted, in chunks of
    :data:`BATCH` blocks or runs of blocks.

    Made from the graph's node and edge data, never from ``graph.records``. The keys are sorted
    up front; each chunk's text is spelled out when the chunk is asked for.

    Every subject of a record's runs starts with ``hzc:<id>.``, ``hzc:<id>:``, ``hzi:<id>.`` or
    ``hzs:<id>:``, and no other subject does (ids hold neither ``.`` nor ``:``), so a run sorts
    among the other blocks by its prefix: the file orders four runs a record instead of every
    block.
    """
    successors = _adjacency(graph)
    nodes: dict[str, Data] = {rid: node for rid, node in graph.nx.nodes(data=True)}
    entries: list[tuple[str, Maker | None, str]] = [
        (key, None, text.decode()) for key, text in _vocabulary(graph, nodes.values(), successors)
    ]
    for rid, node in nodes.items():
        entries.append((f"hz:{rid}", record_text, rid))
        entries.append((f"hzc:{rid}.", own_citations, rid))
        if node["indicators"]:
            entries.append((f"hzi:{rid}.", figures, rid))
        if successors[rid]:
            entries.append((f"hzc:{rid}:", edge_citations, rid))
            entries.append((f"hzs:{rid}:", statements, rid))
    entries.sort(key=itemgetter(0))  # keys are distinct
    header = "".join(f"@prefix {p}: {turtle_iri(iri)} .\n" for p, iri in PREFIXES.items())
    texts = [header + f"# hzkg knowledge graph, schema {SCHEMA_VERSION}\n"]
    for start in range(0, len(entries), BATCH):
        for _, make, held in entries[start : start + BATCH]:  # held: the record id, or the text
            texts.append(make(held, nodes[held], successors[held]) if make else held)
        yield "".join(texts).encode()
        texts = []
    if texts:  # no blocks at all: the header alone
        yield texts[0].encode()


def turtle_bytes(graph: KnowledgeGraph) -> bytes:
    """:func:`turtle_chunks` joined."""
    return b"".join(turtle_chunks(graph))


def turtle_text(graph: KnowledgeGraph) -> str:
    """:func:`turtle_bytes` as text."""
    return turtle_bytes(graph).decode("utf-8")
