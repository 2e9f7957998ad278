"""Flat tables of the graph: one row per entity, relation, indicator and citation.

The spreadsheet CSV set, the pandas frames and the Neo4j files are all cut from these rows, so
every export carries the same facts. Values keep their Python types (lists stay lists, missing
values are ``None``); each format decides how to write them.
"""

from __future__ import annotations

from collections.abc import Callable
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


def entity_rows(graph: KnowledgeGraph) -> list[Row]:
    """One row per record, sorted by id (read from the node attributes: no record is validated)."""
    rows = []
    nodes = graph.nx.nodes
    for record_id in sorted(nodes):
        node = nodes[record_id]
        ids = node.get("ids")
        row: Row = {
            "id": record_id,
            "type": node["type"],
            "name": node["name"],
            "name_en": node["name_en"],
            "aliases": list(node["aliases"]),
            **{field: node.get(field) for field in TYPE_FIELDS},
            "adcode": ids.get("adcode") if ids else None,
            "uscc": ids.get("uscc") if ids else None,
            "stock": list(ids.get("stock", ())) if ids else [],
            "wikidata": ids.get("wikidata") if ids else None,
            "products": [p["name"] for p in node.get("products", ())],
            "dates": [f"{d['event']} {d['date']}" for d in node.get("dates", ())],
            "sources": _source_ids(node["sources"]),
            "note": node.get("note"),
            "distinct_from": [d["id"] for d in node.get("distinct_from", ())],
        }
        rows.append(row)
    return rows


def relation_rows(graph: KnowledgeGraph) -> list[Row]:
    """One row per graph edge (stated relations only; inverses are not stored), sorted."""
    rows = []
    ends = {node: (data["name"], data["type"]) for node, data in graph.nx.nodes(data=True)}
    for source, target, key, data in graph.nx.edges(keys=True, data=True):
        rel = data["rel"]
        predicate = PREDICATES[rel]
        (source_name, source_type), (target_name, target_type) = ends[source], ends[target]
        row = {
            "source": source,
            "source_name": source_name,
            "source_type": source_type,
            "rel": rel,
            "label": predicate.en,
            "label_zh": predicate.zh,
            "target": target,
            "target_name": target_name,
            "target_type": target_type,
            "key": key,
        }
        for qualifier in QUALIFIERS:  # set one by one: a dict spread makes a new dict per row
            row[qualifier] = data.get(qualifier)
        row["sources"] = _source_ids(data["sources"])
        rows.append(row)
    return sorted(rows, key=itemgetter("source", "rel", "target", "key"))


def indicator_rows(graph: KnowledgeGraph) -> list[Row]:
    """One row per figure, by record id then the order the record states them.

    Read from the node attributes, whose figures leave out default values (``target`` False,
    the rest ``None``)."""
    rows = []
    nodes = graph.nx.nodes
    for record_id in sorted(nodes):
        node = nodes[record_id]
        for index, indicator in enumerate(node["indicators"]):
            metric = METRICS[indicator["metric"]]
            magnitude, base_unit = unit_scale(indicator["unit"])
            get = indicator.get
            rows.append(
                {
                    "entity": record_id,
                    "entity_name": node["name"],
                    "entity_type": node["type"],
                    "index": index,
                    "metric": indicator["metric"],
                    "metric_en": metric.en,
                    "metric_zh": metric.zh,
                    "value": indicator["value"],
                    "unit": indicator["unit"],
                    "approx": get("approx"),
                    "base_value": clean_number(float(indicator["value"]) * magnitude),
                    "base_unit": base_unit,
                    "period": get("period"),
                    "target": get("target", False),
                    "about": get("about"),
                    "reported_by": get("reported_by"),
                    "note": get("note"),
                    "sources": _source_ids(indicator["sources"]),
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


def citation_rows(graph: KnowledgeGraph) -> list[Row]:
    """One row per citation: which record and field it backs, the source and the quote."""
    rows = []
    nodes, plain = graph.nx.nodes, graph.plain
    for record_id in sorted(nodes):
        # the relations as stated, with those to unknown records the graph has no edge for
        for field, fact, citations in _cited_facts(nodes[record_id], plain[record_id][1]):
            for citation in citations:
                rows.append(
                    {
                        "entity": record_id,
                        "field": field,
                        "fact": fact,
                        "source": citation["source"],
                        "quote": citation.get("quote"),
                        "note": citation.get("note"),
                    }
                )
    return rows


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
