"""Flat tables of the graph: one row per entity, relation, indicator and citation.

The spreadsheet CSV set, the pandas frames and the Neo4j files are all cut from these rows, so
every export carries the same facts. Values keep their Python types (lists stay lists, missing
values are ``None``); each format decides how to write them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from kg.graph import TYPE_FIELDS, PlainRelation
from kg.schema import METRICS, PREDICATES
from kg.schema.metrics import unit_scale
from kg.schema.relations import QUALIFIERS

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = [
    "CITATION_COLUMNS",
    "ENTITY_COLUMNS",
    "INDICATOR_COLUMNS",
    "RELATION_COLUMNS",
    "SOURCE_COLUMNS",
    "TABLES",
    "TYPE_FIELDS",
    "Row",
    "citation_columns",
    "citation_rows",
    "clean_number",
    "entity_rows",
    "indicator_rows",
    "relation_rows",
    "source_rows",
]

Row = dict[str, Any]

ENTITY_COLUMNS = (
    "id",
    "type",
    "name",
    "name_en",
    "aliases",
    *TYPE_FIELDS,
    "adcode",
    "uscc",
    "stock",
    "wikidata",
    "products",
    "dates",
    "sources",
    "note",
    "distinct_from",
)
RELATION_COLUMNS = (
    "source",
    "source_name",
    "source_type",
    "rel",
    "label",
    "label_zh",
    "target",
    "target_name",
    "target_type",
    "key",
    "stage",
    "tier",
    "role",
    "period",
    "note",
    "sources",
)
INDICATOR_COLUMNS = (
    "entity",
    "entity_name",
    "entity_type",
    "index",
    "metric",
    "metric_en",
    "metric_zh",
    "value",
    "unit",
    "approx",
    "base_value",
    "base_unit",
    "period",
    "target",
    "about",
    "reported_by",
    "note",
    "sources",
)
CITATION_COLUMNS = ("entity", "field", "fact", "source", "quote", "note")
SOURCE_COLUMNS = ("id", "kind", "title", "title_en", "publisher", "date", "url", "file", "note")


def clean_number(value: float) -> float:
    """``value`` without binary noise from unit scaling: 2.66 × 10⁴ is 26600.0, not 26600.000000000004.

    >>> clean_number(2.66 * 10000)
    26600.0
    """
    return float(f"{value:.15g}")


def _source_ids(citations: list[dict[str, Any]]) -> list[str]:
    """The sources cited (as plain data), each once, in the order first cited."""
    if len(citations) == 1:  # most facts cite one source: no need to drop repeats
        return [citations[0]["source"]]
    return list(dict.fromkeys([c["source"] for c in citations]))


_NO_ENTITY = dict.fromkeys(ENTITY_COLUMNS)
_TYPE_FIELDS = frozenset(TYPE_FIELDS)


def entity_rows(graph: KnowledgeGraph) -> list[Row]:
    """One row per record, sorted by id (read from the node attributes: no record is validated)."""
    rows = []
    nodes = graph.nx.nodes
    # Each row a copy of an empty one (the columns in order), then only the fields the record
    # has: a record has one or two of the types' fields, not all of them (0.50 -> 0.38 s at 100,000).
    for record_id in sorted(nodes):
        node = nodes[record_id]
        row = _NO_ENTITY.copy()
        row["id"] = record_id
        row["type"] = node["type"]
        row["name"] = node["name"]
        row["name_en"] = node["name_en"]
        row["aliases"] = list(node["aliases"])
        for field in _TYPE_FIELDS.intersection(node):
            row[field] = node[field]
        ids = node.get("ids")
        if ids:
            row["adcode"] = ids.get("adcode")
            row["uscc"] = ids.get("uscc")
            row["stock"] = list(ids.get("stock", ()))
            row["wikidata"] = ids.get("wikidata")
        else:
            row["stock"] = []
        products, distinct = node.get("products"), node.get("distinct_from")
        row["products"] = [p["name"] for p in products] if products else []
        row["dates"] = [f"{d['event']} {d['date']}" for d in node.get("dates", ())]
        row["sources"] = _source_ids(node["sources"])
        row["note"] = node.get("note")
        row["distinct_from"] = [d["id"] for d in distinct] if distinct else []
        rows.append(row)
    return rows


_QUALIFIERS = frozenset(QUALIFIERS)


def relation_rows(graph: KnowledgeGraph) -> list[Row]:
    """One row per graph edge (stated relations only; inverses are not stored), sorted."""
    rows = []
    ends = {node: (data["name"], data["type"]) for node, data in graph.nx.nodes(data=True)}
    labels = {rel: (predicate.en, predicate.zh) for rel, predicate in PREDICATES.items()}
    # The adjacency dicts walked directly, without the edge view's generator; each row one dict
    # literal, the qualifiers (stage ... note) set only where the edge has any (the
    # schema's QUALIFIERS, in RELATION_COLUMNS' order).
    for source, targets in graph.nx.adjacency():
        source_name, source_type = ends[source]
        for target, keyed in targets.items():
            target_name, target_type = ends[target]
            for key, data in keyed.items():
                rel, cited = data["rel"], data["sources"]
                label, label_zh = labels[rel]
                row = {
                    "source": source,
                    "source_name": source_name,
                    "source_type": source_type,
                    "rel": rel,
                    "label": label,
                    "label_zh": label_zh,
                    "target": target,
                    "target_name": target_name,
                    "target_type": target_type,
                    "key": key,
                    "stage": None,
                    "tier": None,
                    "role": None,
                    "period": None,
                    "note": None,
                    "sources": [cited[0]["source"]] if len(cited) == 1 else _source_ids(cited),
                }
                if len(data) > 2:  # more than rel and sources
                    for qualifier in _QUALIFIERS.intersection(data):
                        row[qualifier] = data[qualifier]
                rows.append(row)
    # (source, rel, target, key) is unique per edge: the sorted order does not depend on the walk
    return sorted(rows, key=itemgetter("source", "rel", "target", "key"))


def indicator_rows(graph: KnowledgeGraph) -> list[Row]:
    """One row per figure, by record id then the order the record states them.

    Read from the node attributes, whose figures leave out default values (``target`` False,
    the rest ``None``)."""
    rows = []
    nodes = graph.nx.nodes
    # a graph has a few dozen metrics and units: each looked up once, not once per figure
    metrics = {name: (metric.en, metric.zh) for name, metric in METRICS.items()}
    scales: dict[str, tuple[float, str]] = {}
    for record_id in sorted(nodes):
        node = nodes[record_id]
        indicators = node["indicators"]
        if not indicators:
            continue
        name, kind = node["name"], node["type"]
        for index, indicator in enumerate(indicators):
            metric, unit, value, cited = (
                indicator["metric"],
                indicator["unit"],
                indicator["value"],
                indicator["sources"],
            )
            metric_en, metric_zh = metrics[metric]
            scale = scales.get(unit)
            if scale is None:
                scale = scales[unit] = unit_scale(unit)
            get = indicator.get
            rows.append(
                {
                    "entity": record_id,
                    "entity_name": name,
                    "entity_type": kind,
                    "index": index,
                    "metric": metric,
                    "metric_en": metric_en,
                    "metric_zh": metric_zh,
                    "value": value,
                    "unit": unit,
                    "approx": get("approx"),
                    "base_value": float(f"{float(value) * scale[0]:.15g}"),  # clean_number, inlined
                    "base_unit": scale[1],
                    "period": get("period"),
                    "target": get("target", False),
                    "about": get("about"),
                    "reported_by": get("reported_by"),
                    "note": get("note"),
                    "sources": [cited[0]["source"]] if len(cited) == 1 else _source_ids(cited),
                }
            )
    return rows


def _cited_facts(node: dict[str, Any], relations: list[PlainRelation]) -> list[tuple[str, str, list[Any]]]:
    """(field path, fact in words, citations as plain data) for everything a record cites,
    from its node attributes and its relations in the order stated."""
    facts: list[tuple[str, str, list[Any]]] = [("sources", f"name {node['name']}", node["sources"])]
    ids = node.get("ids")
    if ids is not None:
        stated = {key: value for key, value in ids.items() if key != "source"}
        words = ", ".join(f"{k} {'; '.join(v) if isinstance(v, list) else v}" for k, v in stated.items())
        facts.append(("ids", words, [{"source": ids["source"]}]))
    for i, product in enumerate(node.get("products", ())):
        facts.append((f"products[{i}]", f"product {product['name']}", product["sources"]))
    for i, date in enumerate(node.get("dates", ())):
        facts.append((f"dates[{i}]", f"{date['event']} {date['date']}", date["sources"]))
    for i, ind in enumerate(node["indicators"]):
        period = f" ({ind['period']})" if ind.get("period") else ""
        approx = ind.get("approx") or ""
        words = f"{ind['metric']} {approx}{ind['value']:g} {ind['unit']}{period}".replace("  ", " ")
        facts.append((f"indicators[{i}]", words, ind["sources"]))
    for i, (target, edge) in enumerate(relations):
        facts.append((f"relations[{i}]", f"{edge['rel']} {target}", edge["sources"]))
    return facts


def citation_columns(graph: KnowledgeGraph, records: int = 1_000) -> Iterator[list[list[Any]]]:
    """The citation table's columns (:data:`CITATION_COLUMNS`), ``records`` records at a time:
    the rows :func:`citation_rows` makes, without a dict per row or the whole table at once."""
    nodes, plain = graph.nx.nodes, graph.plain
    record_ids = sorted(nodes)
    for start in range(0, len(record_ids), records):
        entities: list[str] = []
        fields: list[str] = []
        facts: list[str] = []
        cited: list[dict[str, Any]] = []
        add_entity, add_field, add_fact, add_cited = (
            entities.append,
            fields.append,
            facts.append,
            cited.append,
        )
        for record_id in record_ids[start : start + records]:
            # the relations as stated, with those to unknown records the graph has no edge for
            for field, fact, citations in _cited_facts(nodes[record_id], plain[record_id][1]):
                if len(citations) == 1:  # most facts cite one source
                    add_entity(record_id)
                    add_field(field)
                    add_fact(fact)
                    add_cited(citations[0])
                    continue
                count = len(citations)
                entities += [record_id] * count
                fields += [field] * count
                facts += [fact] * count
                cited += citations
        sources = [citation["source"] for citation in cited]
        quotes = [citation.get("quote") for citation in cited]
        notes = [citation.get("note") for citation in cited]
        yield [entities, fields, facts, sources, quotes, notes]


def citation_rows(graph: KnowledgeGraph) -> list[Row]:
    """One row per citation: which record and field it backs, the source and the quote."""
    return [
        {"entity": entity, "field": field, "fact": fact, "source": source, "quote": quote, "note": note}
        for columns in citation_columns(graph)
        for entity, field, fact, source, quote, note in zip(*columns, strict=True)
    ]


def source_rows(graph: KnowledgeGraph) -> list[Row]:
    """One row per registered source (seeds/sources.yaml), sorted by id."""
    return [{c: getattr(graph.sources[s], c) for c in SOURCE_COLUMNS} for s in sorted(graph.sources)]


TABLES: dict[str, tuple[tuple[str, ...], Callable[[KnowledgeGraph], list[Row]]]] = {
    "entities": (ENTITY_COLUMNS, entity_rows),
    "relations": (RELATION_COLUMNS, relation_rows),
    "indicators": (INDICATOR_COLUMNS, indicator_rows),
    "citations": (CITATION_COLUMNS, citation_rows),
    "sources": (SOURCE_COLUMNS, source_rows),
}
"""Every table by name: its columns and the function that makes its rows."""
