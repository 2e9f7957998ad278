"""The blocks of one record in Turtle, spelled out from its node and edge data for
:mod:`kg.export.rdf`: its own block ``hz:<id>``, and its runs of figures (``hzi:<id>.``) and
statements (``hzs:<id>:``); :mod:`kg.export.turtle_citations` writes its citations.

Each writer spells its blocks out in :func:`~kg.export.turtle_syntax.block`'s layout directly,
since a graph has millions of them; the ``*_pairs`` functions state the same facts as pairs for
:func:`block`, and the doctests hold the two to each other.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from kg.export.naming import class_name, decimal_text, edge_id
from kg.export.turtle_citations import Adjacency, Data, cited, links_to, sorted_indexes
from kg.export.turtle_syntax import date_literal, text_literal, turtle_string, typed_literal
from kg.graph import TYPE_FIELDS
from kg.schema import Indicator
from kg.schema.metrics import unit_scale
from kg.schema.relations import QUALIFIERS

__all__ = ["Maker", "figures", "record_text", "statements"]


Pending = list[tuple[str, str]]
"""Blocks of one run not yet joined: (subject, text)."""


def _literal(value: Any) -> str:
    """A figure's or a type field's value: text as :func:`text_literal` tags it, others typed."""
    return text_literal(value) if isinstance(value, str) else typed_literal(value)


@cache
def _units(unit: str) -> tuple[float, str, str]:
    """The scale :attr:`Indicator.base_value` multiplies by, and the unit and base unit (as
    :attr:`Indicator.base_unit` reads it) as Turtle strings.

    Cached: a graph writes a hundred thousand figures in a few dozen units.
    """
    scale, base = unit_scale(unit)
    return scale, text_literal(unit), text_literal(base)


def _indicator(rid: str, i: int, figure: Data) -> str:
    """The block of one figure.

    ``figure`` is the figure's data without its defaults (kg.graph dumps it so): a figure
    without ``target`` is not a target. The block is spelled out with its predicates in
    :func:`block`'s order (each but the citations occurs once), since a graph has about one
    figure per record.

    >>> from kg.export.turtle_syntax import block
    >>> figure = Indicator(metric="gdp", value=2.5, unit="亿元", period="2023", approx="约",
    ...                    about="x", reported_by="y", note="n", target=True,
    ...                    sources=[{"source": "s", "quote": "q"}] * 11)
    >>> full = figure.model_dump(exclude_defaults=True)
    >>> plain = Indicator(metric="gdp", value=3, unit="亿元", sources=[{"source": "s"}])
    >>> for data in [full, plain.model_dump(exclude_defaults=True), {**full, "note": None, "period": None}]:
    ...     assert _indicator("r", 0, data).encode() == block("hzi:r.0", _indicator_pairs("r", 0, data))[1]
    ...     data = {key: value for key, value in data.items() if key not in ("note", "reported_by")}
    ...     assert _indicator("r", 0, data).encode() == block("hzi:r.0", _indicator_pairs("r", 0, data))[1]
    """
    scale, unit, base_unit = _units(figure["unit"])
    value = figure["value"]  # a float or int: the model's float | int never holds a bool
    text = f"\nhzi:{rid}.{i} a hzo:Indicator"
    if "about" in figure or "approx" in figure:
        text += _optional_facts(figure, _BEFORE_BASE_UNIT)
    text += (
        f' ;\n    hzo:baseUnit {base_unit} ;\n    hzo:baseValue "{decimal_text(float(value) * scale)}"'
        f"^^xsd:decimal ;\n    hzo:metric hzm:{figure['metric']}"
    )
    if "note" in figure or "reported_by" in figure:
        text += _optional_facts(figure, _AFTER_METRIC)
    else:  # the period alone, if any: most figures
        period = figure.get("period")
        if period is not None:
            literal = _literal(period)
            text += f" ;\n    hzo:period {literal}"
    return (
        f"{text} ;\n    hzo:target {'true' if figure.get('target') else 'false'} ;\n    hzo:unit {unit}"
        f"{links_to(f'{rid}.indicators.{i}', figure['sources'])} ;\n"
        f'    rdf:value "{decimal_text(value)}"^^xsd:decimal .\n'
    )


_INDICATOR_LINKS = ("about", "reported_by")
_BEFORE_BASE_UNIT = ("about", "approx")
_AFTER_METRIC = ("note", "period", "reported_by")
"""The optional facts of a figure, in the order :func:`block` puts them, around the others."""


def _optional_facts(figure: Data, fields: tuple[str, ...]) -> str:
    text = ""
    for field in fields:
        value = figure.get(field)
        if value is None or (not value and field in _INDICATOR_LINKS):  # left out, or an empty link
            continue
        if field in _INDICATOR_LINKS:
            text += f" ;\n    hzo:{field} hz:{value}"
        else:
            literal = _literal(value)
            text += f" ;\n    hzo:{field} {literal}"
    return text


def _indicator_pairs(rid: str, i: int, figure: Data) -> list[tuple[str, str]]:
    """The facts of a figure as :func:`block` pairs, read through the model (:func:`_indicator`
    spells them out from plain data)."""
    model = Indicator.model_validate(figure)
    facts = [("a", "hzo:Indicator"), ("hzo:metric", f"hzm:{model.metric}")]
    facts += [("rdf:value", typed_literal(model.value)), ("hzo:unit", text_literal(model.unit))]
    facts += [
        ("hzo:baseValue", typed_literal(model.base_value)),
        ("hzo:baseUnit", text_literal(model.base_unit)),
    ]
    for field in ("period", "approx", "target", "note"):
        value = getattr(model, field)
        if value is not None:
            facts.append((f"hzo:{field}", _literal(value)))
    for field in _INDICATOR_LINKS:
        if getattr(model, field):
            facts.append((f"hzo:{field}", f"hz:{getattr(model, field)}"))
    cited = [f"hzc:{rid}.indicators.{i}.{n}" for n in range(len(model.sources))]
    return facts + [("prov:wasDerivedFrom", node) for node in cited]


def _statement(source: str, identifier: str, target: str, data: Data) -> str:
    """The reified form of one edge, carrying its qualifiers and links to its citations.

    Spelled out with the predicates in :func:`block`'s order, as :func:`_indicator` is.

    >>> from kg.export.turtle_syntax import block
    >>> data = {"rel": "supplies", "stage": "s", "note": "备注", "sources": [{"source": "x"}] * 11}
    >>> text = _statement("a", "a:supplies:2:b", "b", data).encode()
    >>> text == block("hzs:a:supplies:2:b", _statement_pairs("a", "a:supplies:2:b", "b", data))[1]
    True
    """
    text = f"\nhzs:{identifier} a rdf:Statement"
    if len(data) > 2:  # more than rel and sources: there are qualifiers
        for q in _SORTED_QUALIFIERS:
            if q in data:
                text += f" ;\n    hzo:{q} {text_literal(data[q])}"
    return (
        f"{text}{links_to(identifier, data['sources'])} ;\n    rdf:object hz:{target} ;\n"
        f"    rdf:predicate hzo:{data['rel']} ;\n    rdf:subject hz:{source} .\n"
    )


_SORTED_QUALIFIERS = sorted(QUALIFIERS)


def _statement_pairs(source: str, identifier: str, target: str, data: Data) -> list[tuple[str, str]]:
    """The facts of a statement as :func:`block` pairs, which :func:`_statement` spells out."""
    facts = [("a", "rdf:Statement"), ("rdf:subject", f"hz:{source}")]
    facts += [("rdf:predicate", f"hzo:{data['rel']}"), ("rdf:object", f"hz:{target}")]
    facts += [(f"hzo:{q}", text_literal(data[q])) for q in QUALIFIERS if q in data]
    cited = [f"hzc:{identifier}.{n}" for n in range(len(data["sources"]))]
    return facts + [("prov:wasDerivedFrom", node) for node in cited]


Maker = Callable[[str, Data, Adjacency], str]
"""Spells out one of a record's blocks or runs of blocks from its id, node data and out-edges.

``node`` is the record's node data (kg.graph's ``node_attributes``), not the record: reading
the models would validate every record of a lazily loaded graph."""


def record_text(rid: str, node: Data, edges: Adjacency) -> str:
    """The record's own block, ``hz:<id>``: its facts, figures, relations and citation links,
    spelled out in :func:`block`'s order: ``a``, the ``hzo:`` facts, then owl:, prov:, rdfs: and
    skos: predicates (which sort after hzo:).

    >>> from kg.export.turtle_syntax import block
    >>> node = {"type": "company", "name": "杭 \\"x\\"", "name_en": "A", "aliases": ["b", "a", "b"],
    ...         "indicators": [{}] * 2, "sources": [{}] * 11, "listed": True, "kind": "k",
    ...         "ids": {"uscc": "9133", "stock": ["1", "0"], "source": "s"}, "note": "备注",
    ...         "products": [{"name": "p", "sources": [{}]}], "distinct_from": [{"id": "z"}, {"id": "y"}],
    ...         "dates": [{"event": "founded", "date": "2001-02", "sources": [{}] * 2}]}
    >>> supplies = {"rel": "supplies"}
    >>> edges = {"t": {"supplies": supplies, "supplies#2": supplies}, "s": {"supplies": supplies}}
    >>> record_text("r", node, edges).encode() == block("hz:r", _record_pairs("r", node, edges))[1]
    True
    """
    facts: dict[str, list[str]] = {}  # hzo: predicate → objects
    for field, predicate in _TYPE_PREDICATES:
        if field in node:
            facts[predicate] = [typed_literal(node[field])]
    links = _own_links(rid, node, facts)
    count = len(node["indicators"])
    if count:
        facts.setdefault("hzo:indicator", []).extend([f"hzi:{rid}.{i}" for i in range(count)])
    for target, keyed in edges.items():
        obj = "hz:" + target
        for data in keyed.values():  # objects are sorted when written: the order is free
            predicate = "hzo:" + data["rel"]
            if predicate in facts:
                facts[predicate].append(obj)
            else:
                facts[predicate] = [obj]
    text = f"\nhz:{rid} a hzo:{class_name(node['type'])}"
    for predicate in sorted(facts):
        objects = facts[predicate]
        text += f" ;\n    {predicate} {objects[0] if len(objects) == 1 else _objects(objects)}"
    if "distinct_from" in node:
        others = [f"hz:{other['id']}" for other in node["distinct_from"]]
        text += f" ;\n    owl:differentFrom {_objects(others)}"
    text += f" ;\n    prov:wasDerivedFrom {links[0] if len(links) == 1 else _objects(links)}" if links else ""
    if node.get("note"):
        text += f" ;\n    rdfs:comment {text_literal(node['note'])}"
    zh, en = turtle_string(node["name"], "zh"), turtle_string(node["name_en"], "en")
    text += f" ;\n    rdfs:label {zh}, {en}" if zh < en else f" ;\n    rdfs:label {en}, {zh}"
    if node["aliases"]:
        text += f" ;\n    skos:altLabel {_objects([text_literal(alias) for alias in node['aliases']])}"
    return text + " .\n"


_TYPE_PREDICATES = tuple((field, f"hzo:{field}") for field in TYPE_FIELDS)


def _own_links(rid: str, node: Data, facts: dict[str, list[str]]) -> list[str]:
    """The record's ids, products and dates as ``hzo:`` facts (into ``facts``), and the citation
    nodes of the record, its ids, products and dates (:func:`own_citations` spells them out)."""
    prefix = f"hzc:{rid}."
    sources = node["sources"]
    links = (
        [prefix + "sources.0"] if len(sources) == 1 else [f"{prefix}sources.{n}" for n in range(len(sources))]
    )
    ids = node.get("ids")
    if ids is not None:
        for field, value in ids.items():
            if field != "source":
                values = value if isinstance(value, list) else [value]
                facts.setdefault(f"hzo:{field}", []).extend(turtle_string(v) for v in values)
        links.append(prefix + "ids.0")
    if "products" in node:
        for i, product in enumerate(node["products"]):
            facts.setdefault("hzo:product", []).append(text_literal(product["name"]))
            links += cited(f"{rid}.products.{i}", product["sources"])
    if "dates" in node:  # most records have one, with one citation
        for i, date in enumerate(node["dates"]):
            day, predicate, sources = date["date"], "hzo:" + date["event"], date["sources"]
            facts.setdefault(predicate, []).append(date_literal(day))
            if len(sources) == 1:
                links.append(f"{prefix}dates.{i}.0")
            else:
                links += [f"{prefix}dates.{i}.{n}" for n in range(len(sources))]
    return links


def _record_pairs(rid: str, node: Data, edges: Adjacency) -> list[tuple[str, str]]:
    """The facts of a record's own block as :func:`block` pairs, which :func:`record_text` spells
    out."""
    pairs = [("a", f"hzo:{class_name(node['type'])}")]
    pairs += [(f"hzo:{field}", typed_literal(node[field])) for field in TYPE_FIELDS if field in node]
    for field, value in node.get("ids", {}).items():
        if field != "source":
            pairs += [
                (f"hzo:{field}", turtle_string(v)) for v in (value if isinstance(value, list) else [value])
            ]
    pairs += [("prov:wasDerivedFrom", f"hzc:{rid}.ids.0")] if "ids" in node else []
    for i, product in enumerate(node.get("products", ())):
        pairs.append(("hzo:product", text_literal(product["name"])))
        pairs += [("prov:wasDerivedFrom", c) for c in cited(f"{rid}.products.{i}", product["sources"])]
    for i, date in enumerate(node.get("dates", ())):
        pairs.append((f"hzo:{date['event']}", date_literal(date["date"])))
        pairs += [("prov:wasDerivedFrom", c) for c in cited(f"{rid}.dates.{i}", date["sources"])]
    pairs += [("prov:wasDerivedFrom", c) for c in cited(f"{rid}.sources", node["sources"])]
    pairs += [("hzo:indicator", f"hzi:{rid}.{i}") for i in range(len(node["indicators"]))]
    pairs += [(f"hzo:{d['rel']}", f"hz:{t}") for t, keyed in edges.items() for d in keyed.values()]
    pairs += [("owl:differentFrom", f"hz:{other['id']}") for other in node.get("distinct_from", ())]
    pairs += [("rdfs:comment", text_literal(node["note"]))] if node.get("note") else []
    pairs += [
        ("rdfs:label", turtle_string(node["name"], "zh")),
        ("rdfs:label", turtle_string(node["name_en"], "en")),
    ]
    return pairs + [("skos:altLabel", text_literal(alias)) for alias in node["aliases"]]


def figures(rid: str, node: Data, edges: Adjacency) -> str:
    """The run ``hzi:<id>.``: the record's figures."""
    indicators = node["indicators"]
    return "".join([_indicator(rid, i, indicators[i]) for _, i in sorted_indexes(len(indicators))])


def statements(rid: str, node: Data, edges: Adjacency) -> str:
    """The run ``hzs:<id>:``: the record's relations as statements."""
    out = [
        (identifier, _statement(rid, identifier, target, data))
        for target, keyed in edges.items()
        for key, data in keyed.items()
        for identifier in (edge_id(rid, key, target),)
    ]
    return _run(out)


def _objects(objects: list[str]) -> str:
    """The objects of one predicate as :func:`block` writes them: distinct, sorted."""
    return objects[0] if len(objects) == 1 else ", ".join(sorted(set(objects)))


def _run(blocks: Pending) -> str:
    """``blocks`` sorted by subject and joined."""
    if len(blocks) == 1:  # a record with one figure or one statement: nothing to sort or join
        return blocks[0][1]
    blocks.sort()  # subjects are distinct: the text is never compared
    return "".join([text for _, text in blocks])
