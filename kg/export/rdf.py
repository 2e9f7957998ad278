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
independent parser (rdflib). Strings use Turtle's escapes, IRIs percent-encode what IRIs may
not hold, and everything is emitted in sorted order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kg.export.naming import class_name, decimal_text, edge_id
from kg.export.tables import products, type_fields
from kg.schema import METRICS, PREDICATES, SCHEMA_VERSION, Citation, Indicator, Record
from kg.schema.relations import QUALIFIERS

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["BASE", "turtle_bytes", "turtle_iri", "turtle_string", "turtle_text"]

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
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_DATE_TYPES = {4: "xsd:gYear", 7: "xsd:gYearMonth", 10: "xsd:date"}

Block = tuple[str, bytes]
"""A subject and its block of Turtle text in UTF-8 (:func:`_block`), made as soon as its facts
are known, so that a large graph is held as compact bytes, not as millions of small pairs."""


def turtle_string(text: str, language: str | None = None) -> str:
    r"""A Turtle string literal, escaped, with an optional language tag.

    >>> print(turtle_string('say "hi"\n\\ <a&b>', "en"))
    "say \"hi\"\n\\ <a&b>"@en
    """
    escaped = _NEEDS_ESCAPE.sub(_escape, text)
    return f'"{escaped}"' + (f"@{language}" if language else "")


def turtle_iri(iri: str) -> str:
    """An absolute IRI in angle brackets, percent-encoding characters IRIs cannot hold.

    >>> turtle_iri("https://example.org/a b<c>")
    '<https://example.org/a%20b%3Cc%3E>'
    """
    return "<" + _NOT_IN_IRI.sub(lambda m: f"%{ord(m.group()):02X}", iri) + ">"


def _text(text: str) -> str:
    """A name or quote, tagged @zh when it has Chinese characters.

    :func:`turtle_string`, spelled out: names and quotes are most of a graph's strings.

    >>> [_text(t) == turtle_string(t, "zh" if "杭" in t else None) for t in ['杭州 "x"', "a\\\\b\\n", "a"]]
    [True, True, True]
    """
    if _NEEDS_ESCAPE.search(text) is not None:
        text = _NEEDS_ESCAPE.sub(_escape, text)
    return f'"{text}"@zh' if _HAN.search(text) is not None else f'"{text}"'


def _escape(match: re.Match[str]) -> str:
    return _ECHAR.get(match.group(), f"\\u{ord(match.group()):04X}")


def _typed(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f'"{decimal_text(value)}"^^xsd:decimal'
    return turtle_string(str(value))


def _citations(
    owner: str, citations: Iterable[Citation | dict[str, str]], out: list[Block]
) -> list[tuple[str, str]]:
    """Citation nodes for ``owner`` (appended to ``out``); the links to them.

    A citation is a model or, on a graph edge, its plain data.
    """
    links = []
    for n, citation in enumerate(citations):
        if type(citation) is dict:
            source, quote, note = citation["source"], citation.get("quote"), citation.get("note")
        else:
            source, quote, note = citation.source, citation.quote, citation.note  # type: ignore[union-attr]
        node = f"hzc:{owner}.{n}"
        out.append(_citation_block(node, source, quote, note))
        links.append(("prov:wasDerivedFrom", node))
    return links


def _citation_pairs(source: str, quote: str | None, note: str | None) -> list[tuple[str, str]]:
    pairs = [("a", "prov:Entity"), ("prov:wasDerivedFrom", f"src:{source}")]
    if quote is not None:
        pairs += [("prov:value", _text(quote)), ("prov:wasQuotedFrom", f"src:{source}")]
    if note:
        pairs.append(("rdfs:comment", _text(note)))
    return pairs


def _citation_block(node: str, source: str, quote: str | None, note: str | None) -> Block:
    """``_block(node, _citation_pairs(…))``, spelled out: citations are half the blocks of a graph.

    >>> for quote, note in [("杭州", "见"), (None, None), ("q", None), (None, "n")]:
    ...     pairs = _citation_pairs("s", quote, note)
    ...     assert _citation_block("hzc:x", "s", quote, note) == _block("hzc:x", pairs)
    """
    text = f"\n{node} a prov:Entity ;\n    "
    if quote is not None:
        text += f"prov:value {_text(quote)} ;\n    prov:wasDerivedFrom src:{source} ;\n"
        text += f"    prov:wasQuotedFrom src:{source}"
    else:
        text += f"prov:wasDerivedFrom src:{source}"
    if note:
        text += f" ;\n    rdfs:comment {_text(note)}"
    return node, (text + " .\n").encode()


def _indicator(rid: str, i: int, indicator: Indicator, out: list[Block]) -> str:
    """The node of one figure (appended to ``out``); its name.

    The block is spelled out with its predicates in :func:`_block`'s order (each but the
    citations occurs once), since a graph has about one figure per record.

    >>> out: list[Block] = []
    >>> figure = Indicator(metric="gdp", value=2.5, unit="亿元", period="2023", approx="约",
    ...                    about="x", reported_by="y", note="n", target=True,
    ...                    sources=[{"source": "s", "quote": "q"}] * 11)
    >>> _ = _indicator("r", 0, figure, out)
    >>> out[-1] == _block("hzi:r.0", _indicator_pairs(figure, out[:-1]))
    True
    """
    node = f"hzi:{rid}.{i}"
    text = f"\n{node} a hzo:Indicator"
    text += _optional_facts(indicator, _BEFORE_BASE_UNIT)
    text += f" ;\n    hzo:baseUnit {_text(indicator.base_unit)}"
    text += f" ;\n    hzo:baseValue {_typed(indicator.base_value)}"
    text += f" ;\n    hzo:metric hzm:{indicator.metric}"
    text += _optional_facts(indicator, _AFTER_METRIC)
    text += f" ;\n    hzo:unit {_text(indicator.unit)}"
    text += _links(_citations(f"{rid}.indicators.{i}", indicator.sources, out))
    out.append((node, (text + f" ;\n    rdf:value {_typed(indicator.value)} .\n").encode()))
    return node


_INDICATOR_LINKS = ("about", "reported_by")
_BEFORE_BASE_UNIT = ("about", "approx")
_AFTER_METRIC = ("note", "period", "reported_by", "target")
"""The optional facts of a figure, in the order :func:`_block` puts them, around the others."""


def _optional_facts(indicator: Indicator, fields: tuple[str, ...]) -> str:
    text = ""
    for field in fields:
        value = getattr(indicator, field)
        if field in _INDICATOR_LINKS:
            if value:
                text += f" ;\n    hzo:{field} hz:{value}"
        elif value is not None:
            text += f" ;\n    hzo:{field} {_text(value) if isinstance(value, str) else _typed(value)}"
    return text


def _links(links: list[tuple[str, str]]) -> str:
    """The ``prov:wasDerivedFrom`` line of the citation links, as :func:`_block` writes it."""
    return " ;\n    prov:wasDerivedFrom " + ", ".join(sorted({n for _, n in links})) if links else ""


def _indicator_pairs(indicator: Indicator, citations: list[Block]) -> list[tuple[str, str]]:
    """The facts of a figure as :func:`_block` pairs, which :func:`_indicator` spells out."""
    facts = [("a", "hzo:Indicator"), ("hzo:metric", f"hzm:{indicator.metric}")]
    facts += [("rdf:value", _typed(indicator.value)), ("hzo:unit", _text(indicator.unit))]
    facts += [("hzo:baseValue", _typed(indicator.base_value)), ("hzo:baseUnit", _text(indicator.base_unit))]
    for field in ("period", "approx", "target", "note"):
        value = getattr(indicator, field)
        if value is not None:
            facts.append((f"hzo:{field}", _text(value) if isinstance(value, str) else _typed(value)))
    for field in _INDICATOR_LINKS:
        if getattr(indicator, field):
            facts.append((f"hzo:{field}", f"hz:{getattr(indicator, field)}"))
    return facts + [("prov:wasDerivedFrom", node) for node, _ in citations]


def _statement(source: str, key: str, target: str, data: dict[str, Any], out: list[Block]) -> None:
    """The reified form of one edge, carrying its qualifiers and citations.

    Spelled out with the predicates in :func:`_block`'s order, as :func:`_indicator` is.

    >>> data = {"rel": "supplies", "stage": "s", "note": "备注", "sources": [{"source": "x"}] * 11}
    >>> out: list[Block] = []
    >>> _statement("a", "supplies#2", "b", data, out)
    >>> out[-1] == _block("hzs:a:supplies:2:b", _statement_pairs("a", "b", data, out[:-1]))
    True
    """
    identifier = edge_id(source, key, target)
    text = f"\nhzs:{identifier} a rdf:Statement"
    for q in _SORTED_QUALIFIERS:
        if q in data:
            text += f" ;\n    hzo:{q} {_text(data[q])}"
    text += _links(_citations(identifier, data["sources"], out))
    text += f" ;\n    rdf:object hz:{target} ;\n    rdf:predicate hzo:{data['rel']}"
    text += f" ;\n    rdf:subject hz:{source} .\n"
    out.append((f"hzs:{identifier}", text.encode()))


_SORTED_QUALIFIERS = sorted(QUALIFIERS)


def _statement_pairs(
    source: str, target: str, data: dict[str, Any], citations: list[Block]
) -> list[tuple[str, str]]:
    """The facts of a statement as :func:`_block` pairs, which :func:`_statement` spells out."""
    facts = [("a", "rdf:Statement"), ("rdf:subject", f"hz:{source}")]
    facts += [("rdf:predicate", f"hzo:{data['rel']}"), ("rdf:object", f"hz:{target}")]
    facts += [(f"hzo:{q}", _text(data[q])) for q in QUALIFIERS if q in data]
    return facts + [("prov:wasDerivedFrom", node) for node, _ in citations]


def _record(graph: KnowledgeGraph, record: Record, out: list[Block]) -> None:
    """The record's own block, and the blocks of its figures, statements and citations."""
    rid = record.id
    pairs = [("a", f"hzo:{class_name(record.type)}"), ("rdfs:label", turtle_string(record.name, "zh"))]
    pairs.append(("rdfs:label", turtle_string(record.name_en, "en")))
    pairs += [("skos:altLabel", _text(alias)) for alias in record.aliases]
    pairs += [(f"hzo:{f}", _typed(value)) for f, value in type_fields(record).items() if value is not None]
    if record.ids is not None:
        for field, value in record.ids.model_dump(exclude={"source"}, exclude_defaults=True).items():
            pairs += [
                (f"hzo:{field}", turtle_string(v)) for v in (value if isinstance(value, list) else [value])
            ]
        pairs += _citations(f"{rid}.ids", [Citation(source=record.ids.source)], out)
    for i, product in enumerate(products(record)):
        pairs.append(("hzo:product", _text(product.name)))
        pairs += _citations(f"{rid}.products.{i}", product.sources, out)
    for i, date in enumerate(record.dates):
        pairs.append((f"hzo:{date.event}", f'"{date.date}"^^{_DATE_TYPES[len(date.date)]}'))
        pairs += _citations(f"{rid}.dates.{i}", date.sources, out)
    pairs += [("owl:differentFrom", f"hz:{other.id}") for other in record.distinct_from]
    if record.note:
        pairs.append(("rdfs:comment", _text(record.note)))
    pairs += _citations(f"{rid}.sources", record.sources, out)
    for i, indicator in enumerate(record.indicators):
        pairs.append(("hzo:indicator", _indicator(rid, i, indicator, out)))
    # The adjacency itself, in sorted order: an out_edges view counts its edges when sorted.
    for target, keyed in sorted(graph.nx.succ[rid].items()):
        for key in sorted(keyed):
            data = keyed[key]
            pairs.append((f"hzo:{data['rel']}", f"hz:{target}"))
            _statement(rid, key, target, data, out)
    out.append(_block(f"hz:{rid}", pairs))


def _term(subject: str, kind: str, en: str, zh: str | None = None) -> Block:
    labels = [("rdfs:label", turtle_string(en, "en"))]
    return _block(subject, [("a", kind), *labels, *([("rdfs:label", turtle_string(zh, "zh"))] if zh else [])])


def _vocabulary(graph: KnowledgeGraph) -> list[Block]:
    """Labels for the classes, predicates and metrics the data uses, and the sources."""
    types = sorted({r.type for r in graph.records.values()})
    rels = sorted({d["rel"] for _, _, d in graph.nx.edges(data=True)})
    metrics = sorted({i.metric for r in graph.records.values() for i in r.indicators})
    out = [_term(f"hzo:{class_name(t)}", "owl:Class", t) for t in types]
    out += [_term(f"hzo:{r}", "owl:ObjectProperty", PREDICATES[r].en, PREDICATES[r].zh) for r in rels]
    out += [_term(f"hzm:{m}", "skos:Concept", METRICS[m].en, METRICS[m].zh) for m in metrics]
    for source_id in sorted(graph.sources):
        s = graph.sources[source_id]
        pairs = [("a", "prov:Entity"), ("dcterms:title", _text(s.title))]
        if s.title_en:
            pairs.append(("dcterms:title", turtle_string(s.title_en, "en")))
        if s.publisher:
            pairs.append(("dcterms:publisher", _text(s.publisher)))
        if s.date:
            pairs.append(("dcterms:date", f'"{s.date}"^^{_DATE_TYPES[len(s.date)]}'))
        if s.url:
            pairs.append(("rdfs:seeAlso", turtle_iri(s.url)))
        out.append(_block(f"src:{source_id}", pairs))
    return out


def _a_first(pair: tuple[str, str]) -> bool:
    return pair[0] != "a"


def _block(subject: str, pairs: list[tuple[str, str]]) -> Block:
    """``subject p1 o1, o2 ;\n    p2 o3 .`` with ``a`` first and objects of one predicate together."""
    ordered = sorted(set(pairs))
    if ordered and ordered[0][0] < "a":  # a predicate sorts before "a": move the types first
        ordered.sort(key=_a_first)
    parts = [f"\n{subject}"]
    previous = None
    for predicate, obj in ordered:
        if predicate == previous:
            parts.append(f", {obj}")
        else:
            parts.append(f" ;\n    {predicate} {obj}" if previous is not None else f" {predicate} {obj}")
            previous = predicate
    parts.append(" .\n")
    return subject, "".join(parts).encode()


def turtle_bytes(graph: KnowledgeGraph) -> bytes:
    """The whole graph as UTF-8 Turtle, one block per subject, subjects sorted."""
    out = _vocabulary(graph)
    for record_id in sorted(graph.records):
        _record(graph, graph.records[record_id], out)
    header = "".join(f"@prefix {p}: {turtle_iri(iri)} .\n" for p, iri in PREFIXES.items())
    header += f"# hzkg knowledge graph, schema {SCHEMA_VERSION}\n"
    out.sort(key=lambda block: block[0])
    return b"".join([header.encode(), *(text for _, text in out)])


def turtle_text(graph: KnowledgeGraph) -> str:
    """:func:`turtle_bytes` as text."""
    return turtle_bytes(graph).decode("utf-8")
