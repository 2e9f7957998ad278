"""Plain-text descriptions of records and of the whole graph, for `kg show` and `kg stats`."""

from __future__ import annotations

from collections import Counter
from typing import Any

from kg.checks import iter_citations
from kg.graph import type_fields_of
from kg.query import KnowledgeGraph
from kg.schema import METRICS, PREDICATES, RECORD_TYPES, Citation, Indicator, Record

__all__ = ["describe", "format_indicator", "graph_stats", "stats_text"]


def format_indicator(indicator: Indicator) -> str:
    """``container throughput (TEU): 2.66 万标箱 (2024-Q1)`` with hedge, target flag and scope."""
    value = f"{indicator.value:g}" if isinstance(indicator.value, float) else str(indicator.value)
    hedge = f" [{indicator.approx}]" if indicator.approx else ""
    period = f" ({indicator.period})" if indicator.period else ""
    target = " target" if indicator.target else ""
    about = f" about {indicator.about}" if indicator.about else ""
    return f"{METRICS[indicator.metric].en}: {value} {indicator.unit}{hedge}{period}{target}{about}"


def _quote(citation: Citation) -> str:
    return f"{citation.source}: {citation.quote or citation.note or '(reference)'}"


def describe(graph: KnowledgeGraph, entity_id: str) -> str:
    """Everything the graph says about one record, with the quotes behind it."""
    record = graph.get(entity_id)
    lines = [f"{record.name}  {record.name_en}", f"  id: {record.id}   type: {record.type}"]
    if record.aliases:
        lines.append(f"  aliases: {', '.join(record.aliases)}")
    for name in type_fields_of(type(record)):
        value = getattr(record, name, None)
        if value is not None:
            lines.append(f"  {name}: {value}")
    if record.ids:
        codes = {k: v for k, v in record.ids.model_dump(exclude_defaults=True).items() if k != "source"}
        lines.append(f"  ids: {codes} (from {record.ids.source})")
    if record.note:
        lines.append(f"  note: {record.note}")
    products = getattr(record, "products", [])
    if products:
        lines.append("products:")
        lines += [f"  {p.name}" + (f" ({p.name_en})" if p.name_en else "") for p in products]
    if record.dates:
        lines.append("dates:")
        lines += [f"  {d.event} {d.date}" + (f" — {d.note}" if d.note else "") for d in record.dates]
    if record.indicators:
        lines.append("figures:")
        for indicator in record.indicators:
            lines.append(f"  {format_indicator(indicator)}")
            if indicator.note:
                lines.append(f"    note: {indicator.note}")
            lines += [f"    {_quote(c)}" for c in indicator.sources]
    neighbours = graph.neighbors(entity_id)
    if neighbours:
        lines.append("relations:")
        for n in neighbours:
            qualifiers = ", ".join(
                f"{k}={n.edge[k]}" for k in ("stage", "tier", "role", "period") if k in n.edge
            )
            arrow = "→" if n.direction == "out" else "←"
            lines.append(
                f"  {n.label} {arrow} {n.record.name} [{n.record.id}]"
                + (f" ({qualifiers})" if qualifiers else "")
            )
            if "note" in n.edge:
                lines.append(f"    note: {n.edge['note']}")
    lines.append("sources:")
    lines += [f"  {_quote(c)}" for c in record.sources]
    return "\n".join(lines) + "\n"


def graph_stats(graph: KnowledgeGraph) -> dict[str, Any]:
    """Counts of records per type, relations per predicate, indicators per metric."""
    records: list[Record] = list(graph.records.values())
    types = Counter(r.type for r in records)
    predicates = Counter(data["rel"] for _, _, data in graph.nx.edges(data=True))
    metrics = Counter(i.metric for r in records for i in r.indicators)
    citations = sum(len(list(iter_citations(r))) for r in records)
    return {
        "records": len(records),
        "records_by_type": {t: types.get(t, 0) for t in RECORD_TYPES},
        "relations": graph.nx.number_of_edges(),
        "relations_by_predicate": {p: predicates[p] for p in PREDICATES if predicates.get(p)},
        "indicators": sum(metrics.values()),
        "indicators_by_metric": dict(sorted(metrics.items())),
        "citations": citations,
    }


def stats_text(stats: dict[str, Any]) -> str:
    lines = [f"records      {stats['records']:>6}"]
    lines += [f"  {t:<18}{n:>6}" for t, n in stats["records_by_type"].items()]
    lines.append(f"relations    {stats['relations']:>6}")
    lines += [f"  {p:<18}{n:>6}" for p, n in stats["relations_by_predicate"].items()]
    lines.append(f"indicators   {stats['indicators']:>6}")
    lines += [f"  {m:<30}{n:>6}" for m, n in stats["indicators_by_metric"].items()]
    lines.append(f"citations    {stats['citations']:>6}")
    return "\n".join(lines) + "\n"
