"""How `kg query` prints the query API's answers: indented text for people, JSON for scripts.

Every function here formats what :mod:`kg.query` returned; the only questions they ask the
graph again are for the statements (and so the quotes) behind relations already found. Text
names a record as ``中文名 / English name [id]``; JSON names it as
``{"id", "type", "name", "name_en"}``, and carries the citations only when asked (``--quotes``).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from kg.query import ChainView, KnowledgeGraph, Neighbor, RouteView, Step
from kg.schema import PREDICATES, Indicator, Record
from kg.show import format_indicator

__all__ = [
    "QUALIFIERS",
    "chain_data",
    "chain_text",
    "dumps",
    "indicators_data",
    "indicators_text",
    "neighbors_data",
    "neighbors_text",
    "path_data",
    "path_text",
    "record_data",
    "record_label",
    "records_text",
    "routes_data",
    "routes_text",
    "stated_edges",
]

QUALIFIERS = ("stage", "tier", "role", "period")
"""Relation qualifiers worth a glance, printed in brackets after the related record."""


def dumps(data: Any) -> str:
    """JSON with sorted keys and Chinese kept readable, one newline at the end."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def record_label(record: Record) -> str:
    """``临平区 / Linping District [linping]``."""
    return f"{record.name} / {record.name_en} [{record.id}]"


def record_data(record: Record) -> dict[str, str]:
    return {"id": record.id, "type": record.type, "name": record.name, "name_en": record.name_en}


def _citations(sources: list[dict[str, Any]], indent: str) -> list[str]:
    """One line per citation: ``source-id: the quote`` (or its note, for a quote-less reference)."""
    return [f"{indent}{c['source']}: {c.get('quote') or c.get('note') or '(reference)'}" for c in sources]


def _citation_data(sources: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{k: v for k, v in c.items() if k in ("source", "quote", "note")} for c in sources]


def _qualifiers(edge: dict[str, Any]) -> dict[str, Any]:
    return {k: edge[k] for k in QUALIFIERS if k in edge}


def _qualifier_text(edge: dict[str, Any]) -> str:
    found = _qualifiers(edge)
    return f" ({', '.join(f'{k}={v}' for k, v in found.items())})" if found else ""


def stated_edges(graph: KnowledgeGraph, source: str, rel: str, target: str) -> list[dict[str, Any]]:
    """The edge data of each time ``source`` --rel--> ``target`` is stated, for its quotes."""
    return [n.edge for n in graph.neighbors(source, rel=rel, direction="out") if n.record.id == target]


def records_text(records: list[Record], typed: bool = False) -> str:
    """One record a line; ``typed`` puts each record's type first, in a column."""
    width = max((len(r.type) for r in records), default=0)
    return "".join(f"{f'{r.type:<{width}}  ' if typed else ''}{record_label(r)}\n" for r in records)


def neighbors_text(neighbors: list[Neighbor], quotes: bool) -> str:
    lines = []
    for n in neighbors:
        arrow = "→" if n.direction == "out" else "←"
        lines.append(f"{n.label} {arrow} {record_label(n.record)}{_qualifier_text(n.edge)}")
        if quotes:
            lines += [f"    note: {n.edge['note']}"] if "note" in n.edge else []
            lines += _citations(n.edge.get("sources", []), "    ")
    return "".join(f"{line}\n" for line in lines)


def neighbors_data(record: Record, neighbors: list[Neighbor], quotes: bool) -> dict[str, Any]:
    rows = []
    for n in neighbors:
        row: dict[str, Any] = {
            "direction": n.direction,
            "rel": n.rel,
            "label": n.label,
            "record": record_data(n.record),
            **_qualifiers(n.edge),
        }
        if quotes:
            row |= {"note": n.edge["note"]} if "note" in n.edge else {}
            row["sources"] = _citation_data(n.edge.get("sources", []))
        rows.append(row)
    return {"entity": record_data(record), "neighbors": rows}


def _memberships(graph: KnowledgeGraph, chain: ChainView) -> list[Neighbor | None]:
    """For each of ``chain.members``, the member_of statement behind it (chain or segment).

    :meth:`KnowledgeGraph.chain` lists one member per statement, segments in id order; the
    statements of one member with the same stage and role are matched to its rows in that order.
    """
    inside = set(graph.within(chain.record.id, ["segment_of"]))
    seen: Counter[tuple[str, str | None, str | None]] = Counter()
    found: list[Neighbor | None] = []
    for member, stage, role in chain.members:
        key = (member.id, stage, role)
        matches = [
            n
            for n in graph.neighbors(member.id, rel="member_of", direction="out")
            if n.record.id in inside and (n.edge.get("stage"), n.edge.get("role")) == (stage, role)
        ]
        found.append(matches[seen[key]] if seen[key] < len(matches) else None)
        seen[key] += 1
    return found


def chain_text(graph: KnowledgeGraph, chain: ChainView, quotes: bool) -> str:
    lines = [record_label(chain.record)]
    for stage_name, segments in chain.segments.items():
        lines.append(f"{stage_name}:")
        lines += [f"  {record_label(s)}" for s in segments]
    lines.append("members:" if chain.members else "members: none stated")
    for (member, stage, role), statement in zip(chain.members, _memberships(graph, chain), strict=True):
        segment = statement.record if statement and statement.record != chain.record else None
        extra = [f"in {segment.name} [{segment.id}]"] if segment else []
        extra += [f"{k}={v}" for k, v in (("stage", stage), ("role", role)) if v]
        lines.append(f"  {record_label(member)}" + (f" ({', '.join(extra)})" if extra else ""))
        if quotes and statement:
            lines += _citations(statement.edge.get("sources", []), "    ")
    lines.append(f"链主: {'、'.join(record_label(r) for r in chain.leaders) or 'none stated'}")
    others = [(r, tier) for r, tier in chain.targeted_by if r.type != "policy"]
    for title, backers in (("policies", chain.policies), ("also targeted by", others)):
        if not backers:
            continue
        lines.append(f"{title}:")
        for backer, tier in backers:
            lines.append(f"  {record_label(backer)}" + (f" (tier={tier})" if tier else ""))
            if quotes:
                for edge in stated_edges(graph, backer.id, "targets", chain.record.id):
                    lines += _citations(edge.get("sources", []), "    ")
    return "".join(f"{line}\n" for line in lines)


def chain_data(graph: KnowledgeGraph, chain: ChainView, quotes: bool) -> dict[str, Any]:
    members = []
    for (member, stage, role), statement in zip(chain.members, _memberships(graph, chain), strict=True):
        row: dict[str, Any] = {
            "record": record_data(member),
            "member_of": record_data(statement.record) if statement else None,
            "stage": stage,
            "role": role,
        }
        if quotes:
            row["sources"] = _citation_data(statement.edge.get("sources", []) if statement else [])
        members.append(row)
    targeted = []
    for backer, tier in chain.targeted_by:
        row = {"record": record_data(backer), "tier": tier}
        if quotes:
            edges = stated_edges(graph, backer.id, "targets", chain.record.id)
            row["sources"] = [c for e in edges for c in _citation_data(e.get("sources", []))]
        targeted.append(row)
    return {
        "chain": record_data(chain.record),
        # A list, not an object keyed by stage: sorted keys would put midstream before upstream.
        "segments": [
            {"record": record_data(s), "stage": stage} for stage, segs in chain.segments.items() for s in segs
        ],
        "members": members,
        "leaders": [record_data(r) for r in chain.leaders],
        "policies": [row for row in targeted if row["record"]["type"] == "policy"],
        "targeted_by": targeted,
    }


def _indicator_lines(indicator: Indicator, indent: str, quotes: bool) -> list[str]:
    lines = [f"{indent}{format_indicator(indicator)}"]
    if quotes:
        lines += [f"{indent}  note: {indicator.note}"] if indicator.note else []
        lines += _citations([c.model_dump(exclude_none=True) for c in indicator.sources], indent + "  ")
    return lines


def _indicator_data(indicator: Indicator, quotes: bool) -> dict[str, Any]:
    data: dict[str, Any] = indicator.model_dump(mode="json", exclude_defaults=True)
    if not quotes:
        data.pop("sources", None)
        data.pop("note", None)
    return data


def routes_text(routes: list[RouteView], quotes: bool) -> str:
    lines = []
    for route in routes:
        lines.append(record_label(route.record))
        details = [(k, getattr(route.record, k, None)) for k in ("mode", "frequency")]
        lines += [f"  {k}: {v}" for k, v in details if v]
        for title, ends in (("from", route.origin), ("to", route.destination), ("via", route.via)):
            if ends:
                lines.append(f"  {title}: {'、'.join(record_label(e) for e in ends)}")
        if route.indicators:
            lines.append("  figures:")
            for indicator in route.indicators:
                lines += _indicator_lines(indicator, "    ", quotes)
    return "".join(f"{line}\n" for line in lines)


def routes_data(routes: list[RouteView], quotes: bool) -> list[dict[str, Any]]:
    return [
        {
            "route": record_data(route.record),
            "mode": getattr(route.record, "mode", None),
            "frequency": getattr(route.record, "frequency", None),
            "origin": [record_data(e) for e in route.origin],
            "destination": [record_data(e) for e in route.destination],
            "via": [record_data(e) for e in route.via],
            "indicators": [_indicator_data(i, quotes) for i in route.indicators],
        }
        for route in routes
    ]


def indicators_text(found: list[tuple[Record, Indicator]], quotes: bool) -> str:
    lines = []
    for record, indicator in found:
        lines.append(record_label(record))
        lines += _indicator_lines(indicator, "  ", quotes)
    return "".join(f"{line}\n" for line in lines)


def indicators_data(found: list[tuple[Record, Indicator]], quotes: bool) -> list[dict[str, Any]]:
    return [{"record": record_data(r), "indicator": _indicator_data(i, quotes)} for r, i in found]


def path_text(graph: KnowledgeGraph, steps: list[Step], quotes: bool) -> str:
    lines = []
    for step in steps:
        source, target = graph.records[step.source], graph.records[step.target]
        lines.append(f"{record_label(source)} —{PREDICATES[step.rel].en}→ {record_label(target)}")
        if quotes:
            for edge in stated_edges(graph, step.source, step.rel, step.target):
                lines += _citations(edge.get("sources", []), "    ")
    return "".join(f"{line}\n" for line in lines)


def path_data(graph: KnowledgeGraph, steps: list[Step], quotes: bool) -> list[dict[str, Any]]:
    rows = []
    for step in steps:
        row: dict[str, Any] = {
            "source": record_data(graph.records[step.source]),
            "rel": step.rel,
            "label": PREDICATES[step.rel].en,
            "target": record_data(graph.records[step.target]),
        }
        if quotes:
            edges = stated_edges(graph, step.source, step.rel, step.target)
            row["sources"] = [c for e in edges for c in _citation_data(e.get("sources", []))]
        rows.append(row)
    return rows
