"""The review as one self-contained HTML page: a picture of the changed neighbourhood, the
counts, the flags and every record change.

The picture is inline SVG, laid out in Python (no script, no CDN, works from file://): changed
records and the records their changed relations touch, with added, removed, changed and renamed
nodes and edges marked by colour and line style, flagged records ringed, and a tooltip on each
node and edge. Same review → same bytes.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import networkx as nx

from kg.diff.describe import HTML, MARKS, no_details
from kg.diff.model import FLAG_KINDS, Review
from kg.diff.snapshot import record_id_of
from kg.schema import PREDICATES

__all__ = ["review_html"]

COLOURS = {
    "added": "#1a7f37",
    "removed": "#cf222e",
    "changed": "#9a6700",
    "renamed": "#8250df",
    "context": "#8c959f",
    "dangling": "#cf222e",
}
LEGEND = {
    "added": "added",
    "removed": "removed",
    "changed": "changed",
    "renamed": "renamed",
    "context": "unchanged neighbour",
    "dangling": "still points at a removed id",
}
MAX_FORCE_LAYOUT = 1500
"""Above this many nodes a force layout is too slow; nodes go on a grid instead."""
ROW_WIDTH = 1400.0

_CSS = """
body{font:14px/1.5 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#1f2328}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}h3{font-size:1em;margin:1.2em 0 .3em}
table{border-collapse:collapse;margin:.5em 1.5em .5em 0;display:inline-table;vertical-align:top}
td,th{border:1px solid #d0d7de;padding:2px 8px}td{text-align:right}td:first-child{text-align:left}
code{background:#f6f8fa;padding:0 3px;border-radius:3px}
.legend span{display:inline-block;margin-right:1em}.legend i{display:inline-block;width:10px;height:10px;
border-radius:5px;margin-right:4px}
svg{border:1px solid #d0d7de;width:100%;height:auto;background:#fff}
svg text{font-size:11px;fill:#1f2328}.warn{color:#cf222e}
"""


@dataclass(frozen=True)
class _Node:
    id: str
    label: str
    status: str
    title: str
    flagged: bool


def _graph(review: Review) -> tuple[dict[str, _Node], list[tuple[str, str, str, str]]]:
    """Nodes and edges (source, target, status, tooltip) of the changed neighbourhood."""
    flagged = {f.record for f in review.flags}
    nodes: dict[str, _Node] = {}
    edges: list[tuple[str, str, str, str]] = []
    for record in review.records:
        was = f" (was {record.old_id})" if record.old_id else ""
        title = f"{record.type} {record.id}{was} {record.name} — {record.change}"
        nodes[record.id] = _Node(
            record.id, record.name or record.id, record.change, title, record.id in flagged
        )
    for record in review.records:
        for relation in record.relations:
            if relation.to not in nodes:
                title = f"{relation.to} {relation.to_name}"
                nodes[relation.to] = _Node(
                    relation.to, relation.to_name or relation.to, "context", title, False
                )
            predicate = PREDICATES.get(relation.rel)
            quotes = "; ".join(
                str(c.get("quote") or c["source"]) for c in relation.relation.get("sources", [])
            )
            label = predicate.zh if predicate else relation.rel
            edges.append((record.id, relation.to, relation.change, f"{label} ({relation.rel}) — {quotes}"))
    for flag in review.flags:
        if flag.kind == "still-referenced" and flag.path:
            referrer = record_id_of(flag.path)
            if referrer not in nodes:
                nodes[referrer] = _Node(referrer, referrer, "context", referrer, False)
            if flag.record not in nodes:
                nodes[flag.record] = _Node(flag.record, flag.name, "removed", flag.record, True)
            edges.append((referrer, flag.record, "dangling", flag.reason))
    return nodes, edges


def _component_layout(graph: nx.Graph[str], members: list[str]) -> dict[str, tuple[float, float]]:
    """Positions of one connected part, in a box that grows with the square root of its size."""
    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}
    side = 100.0 * math.sqrt(len(members))
    raw = nx.spring_layout(graph.subgraph(members), seed=7, iterations=100)
    xs = [float(raw[n][0]) for n in members]
    ys = [float(raw[n][1]) for n in members]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    return {
        n: (
            round((float(raw[n][0]) - min(xs)) / span * side, 1),
            round((float(raw[n][1]) - min(ys)) / span * side, 1),
        )
        for n in members
    }


def _layout(
    nodes: dict[str, _Node], edges: list[tuple[str, str, str, str]]
) -> dict[str, tuple[float, float]]:
    """Positions: each connected part laid out on its own (a seeded force layout), the parts
    packed in rows, biggest first; past :data:`MAX_FORCE_LAYOUT` nodes, a plain grid."""
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(sorted(nodes))
    graph.add_edges_from(sorted({(a, b) for a, b, _, _ in edges if a != b}))
    parts = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    if len(nodes) > MAX_FORCE_LAYOUT:
        parts = [[n] for n in sorted(nodes)]
    place: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for members in parts:
        local = _component_layout(graph, members)
        width = max(p[0] for p in local.values()) + 230
        height = max(p[1] for p in local.values()) + 50
        if x and x + width > ROW_WIDTH:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (lx, ly) in local.items():
            place[node] = (round(30 + x + lx, 1), round(30 + y + ly, 1))
        x += width
        row_height = max(row_height, height)
    return place


def _svg(review: Review) -> str:
    nodes, edges = _graph(review)
    if not nodes:
        return ""
    place = _layout(nodes, edges)
    width = max(x for x, _ in place.values()) + 260
    height = max(y for _, y in place.values()) + 40
    esc = html.escape
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" role="img">',
        "<defs>",
    ]
    for status, colour in COLOURS.items():
        out.append(
            f'<marker id="arrow-{status}" viewBox="0 0 10 10" refX="16" refY="5" markerWidth="7" '
            'markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,0L10,5L0,10z" fill="{colour}"/></marker>'
        )
    out.append("</defs>")
    for source, target, status, title in edges:
        (x1, y1), (x2, y2) = place[source], place[target]
        dash = ' stroke-dasharray="5 4"' if status in ("removed", "dangling") else ""
        out.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{COLOURS[status]}" '
            f'stroke-width="1.6"{dash} marker-end="url(#arrow-{status})"><title>{esc(title)}</title></line>'
        )
    for node_id in sorted(nodes):
        node, (x, y) = nodes[node_id], place[node_id]
        ring = (
            f'<circle cx="{x}" cy="{y}" r="12" fill="none" stroke="#cf222e" stroke-width="2"/>'
            if node.flagged
            else ""
        )
        radius = 6 if node.status == "context" else 8
        shape = (
            f"<g><title>{esc(node.title)}</title>{ring}"
            f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{COLOURS[node.status]}"/>'
            f'<text x="{x + 13}" y="{y + 4}">{esc(node.label)}</text></g>'
        )
        out.append(shape if node.status == "context" else f'<a href="#r-{esc(node_id)}">{shape}</a>')
    out.append("</svg>")
    return "\n".join(out)


def _tables(review: Review) -> str:
    summary = review.summary()
    rows = "".join(
        f"<tr><td>{t}</td>" + "".join(f"<td>{n}</td>" for n in counts.values()) + "</tr>"
        for t, counts in summary["records"].items()
    )
    parts = "".join(
        f"<tr><td>{part}</td>" + "".join(f"<td>{n}</td>" for n in summary[part].values()) + "</tr>"
        for part in ("relations", "indicators", "sources")
    )
    return (
        "<table><tr><th>type</th><th>added</th><th>removed</th><th>changed</th><th>renamed</th></tr>"
        f"{rows}</table><table><tr><th></th><th>added</th><th>removed</th><th>changed</th></tr>{parts}</table>"
    )


def review_html(review: Review) -> str:
    """The whole review as a standalone HTML page."""
    esc = html.escape
    sides = f"{esc(review.base.label)} → {esc(review.head.label)}"
    body = [f"<h1>Curation diff: {sides}</h1>"]
    if review.empty:
        body.append("<p>No changes to the curation.</p>")
    else:
        body.append(_tables(review))
        legend = "".join(
            f'<span><i style="background:{COLOURS[k]}"></i>{esc(v)}</span>' for k, v in LEGEND.items()
        )
        body += [f'<p class="legend">{legend}<span class="warn">◯ flagged</span></p>', _svg(review)]
        if review.flags:
            body.append(f"<h2>Flags ({len(review.flags)})</h2><ul>")
            for flag in review.flags:
                where = f" <code>{esc(flag.path)}:{flag.line}</code>" if flag.path and flag.line else ""
                body.append(
                    f'<li><strong>{esc(FLAG_KINDS[flag.kind])}</strong>: <a href="#r-{esc(flag.record)}">'
                    f"<code>{esc(flag.record)}</code></a> {esc(flag.name)} — {esc(flag.reason)}{where}</li>"
                )
            body.append("</ul>")
        if review.sources:
            body.append(f"<h2>Sources ({len(review.sources)})</h2><ul>")
            for source in review.sources:
                details = [HTML.field(f) for f in source.fields] + (
                    ["text changed"] if source.text_changed else []
                )
                extra = f": {'; '.join(details)}" if details else ""
                shown = f"<code>{esc(source.id)}</code> {esc(source.title)}"
                body.append(f"<li>{MARKS[source.change]} {shown}{extra}</li>")
            body.append("</ul>")
        if review.records:
            body.append(f"<h2>Records ({len(review.records)})</h2>")
        for record in review.records:
            what = f"renamed from <code>{esc(record.old_id)}</code>" if record.old_id else record.change
            body.append(
                f'<h3 id="r-{esc(record.id)}">{MARKS[record.change]} {esc(record.type)} '
                f"<code>{esc(record.id)}</code> {esc(record.name)} — {what}</h3><ul>"
            )
            items = [HTML.field(f) for f in record.fields] + [HTML.relation(r) for r in record.relations]
            items += [HTML.indicator(i) for i in record.indicators]
            body += [f"<li>{item}</li>" for item in items or [no_details(record)]]
            body.append("</ul>")
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Curation diff: {sides}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
