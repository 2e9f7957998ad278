"""The review as one HTML page, drawn by the views' renderer: the changed neighbourhood with
added, removed, changed and renamed records and relations marked, then the counts, the flags
and every record change.

The page is a views graph page (same template, scripts, tooltips, search, language toggle,
legend filter) with a status per node and edge, and two differences: it carries vis-network,
its scripts, styles and font in itself, because a review is posted or downloaded as one file;
and it has no links to other pages, because there are none beside it. Nodes are coloured by
status and shaped by type; records that raised a flag are marked ⚠. Same review → same bytes.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from jinja2 import ChoiceLoader, PackageLoader
from markupsafe import Markup

from kg.diff.describe import HTML, PLAIN, TEXT_MARKS, no_details
from kg.diff.model import FLAG_KINDS, RecordChange, Review
from kg.diff.neighbourhood import DiffEdge, DiffNode, Neighbourhood
from kg.query import KnowledgeGraph
from kg.schema import Citation
from kg.views.context import Context, EdgeKey
from kg.views.pages import free_page
from kg.views.payload import edge_payload, label_lines, node_payload
from kg.views.render import ENV, PageNetwork, node_colours
from kg.views.spec import GraphPage

__all__ = ["STATUSES", "DrawnReview", "ReviewNetwork", "review_html"]


@dataclass(frozen=True)
class Status:
    """How a status looks: its name in both languages, its colour, and a node's fill."""

    zh: str
    en: str
    colour: str
    fill: str


STATUSES: dict[str, Status] = {
    "added": Status("新增", "added", "#1a7f37", "#aceebb"),
    "removed": Status("删除", "removed", "#cf222e", "#ffcecb"),
    "changed": Status("修改", "changed", "#9a6700", "#fae17d"),
    "renamed": Status("改名", "renamed", "#8250df", "#e2d1ff"),
    "unchanged": Status("未改动", "unchanged", "#8c959f", "#eaeef2"),
    "dangling": Status("仍指向已删除的 id", "still points at a removed id", "#cf222e", "#ffffff"),
    "missing": Status("不存在的记录", "no such record", "#57606a", "#ffffff"),
}
"""Every status of a node or an edge, in the order the legend lists them."""
_DASHED = ("removed", "dangling", "missing")
_SHAPE_ONLY = "#57606a"
EDGE_LENGTH = 190.0
"""Typical length of a relation on the review's picture, in pixels at zoom 1."""

ENV_REVIEW = ENV.overlay(
    loader=ChoiceLoader([PackageLoader("kg.diff", "templates"), PackageLoader("kg.views", "templates")])
)
"""The views' templates, and the review's own, which extends the graph page."""


def _record_lines(change: RecordChange) -> list[str]:
    """What changed about a record, one line each, as the Markdown comment says it."""
    lines = [f"id: {change.old_id} → {change.id}"] if change.old_id else []
    lines += [PLAIN.field(f) for f in change.fields]
    lines += [PLAIN.relation(r) for r in change.relations]
    lines += [PLAIN.indicator(i) for i in change.indicators]
    return lines or [no_details(change)]


def _placeholder(node: DiffNode) -> dict[str, Any]:
    """The payload of an id with no record to draw (a relation points at nothing)."""
    return {
        "type": node.type or "missing",
        "type_zh": "类型不明",
        "type_en": "type unknown",
        "name": node.id,
        "name_en": node.id,
        "label_zh": label_lines(node.id, 12),
        "label_en": label_lines(node.id, 12),
        "facts": [],
        "figures": [],
        "quotes": [],
        "note": "",
        "href": "",
        "search": [[node.id, None]],
    }


class DrawnReview(Context):
    """A review's neighbourhood prepared for drawing: its records (old or new), and edges from
    both trees, each with its status, instead of one graph's relations."""

    def __init__(self, hood: Neighbourhood) -> None:
        records = {i: n.record for i, n in hood.nodes.items() if n.record is not None}
        super().__init__(KnowledgeGraph(records, sources=hood.sources), hood.sources)
        self.hood = hood

    @cached_property
    def drawn(self) -> dict[EdgeKey, DiffEdge]:
        return {(e.source, e.target, f"e{i}"): e for i, e in enumerate(self.hood.edges)}

    @cached_property
    def edges(self) -> list[tuple[str, str, str, dict[str, Any]]]:
        return [(u, v, k, e.relation) for (u, v, k), e in self.drawn.items()]

    @cached_property
    def degree(self) -> dict[str, int]:
        ends = Counter(n for u, v, _ in self.drawn for n in (u, v))
        return {n: ends[n] for n in self.hood.nodes}

    @cached_property
    def payloads(self) -> dict[str, dict[str, Any]]:
        out = {}
        for node_id, node in self.hood.nodes.items():
            payload = _placeholder(node) if node.record is None else node_payload(node.record, self.titles)
            payload["href"] = ""
            payload["status"] = node.status
            payload["changes"] = _record_lines(node.change) if node.change else []
            payload["flags"] = [f"{FLAG_KINDS[f.kind]}: {f.reason}" for f in node.flags]
            if node.flags:
                payload["label_zh"] = f"⚠ {payload['label_zh']}"
                payload["label_en"] = f"⚠ {payload['label_en']}"
            out[node_id] = payload
        return out

    @cached_property
    def edge_payloads(self) -> dict[EdgeKey, dict[str, Any]]:
        out = {}
        for key, edge in self.drawn.items():
            if edge.relation.get("rel"):
                payload = edge_payload(edge.relation, self.titles)
            else:  # a mention outside the relations (a route's stop, a figure's subject)
                payload = {"rel": "", "zh": "提及", "en": "mentions", "facts": [], "quotes": []}
                payload["quotes"] = [
                    self.titles.quote(Citation.model_validate(c)).row()
                    for c in edge.relation.get("sources", [])
                ]
            payload["status"] = edge.status
            payload["changes"] = [PLAIN.field(f) for f in edge.change.fields] if edge.change else []
            if edge.reason:
                payload["changes"].append(edge.reason)
            out[key] = payload
        return out


class ReviewNetwork(PageNetwork):
    """The review's graph page: nodes filled by status and shaped by type, edges coloured by
    status (dashed when removed or dangling), everything inlined, no links."""

    page_template = "review.html.j2"
    env = ENV_REVIEW
    inline = True

    def __init__(self, ctx: DrawnReview, page: GraphPage, review: Review) -> None:
        super().__init__(ctx, page)
        self.review = review
        for node in self.nodes:
            status = STATUSES[ctx.payloads[node["id"]]["status"]]
            node["color"] = node_colours(status.fill, status.colour)
            node["borderWidth"] = 4 if ctx.hood.nodes[node["id"]].flags else 2
            if ctx.payloads[node["id"]]["status"] in _DASHED:
                node["shapeProperties"] = {"borderDashes": [5, 4]}
            if ctx.payloads[node["id"]]["type"] == "missing":
                node["shape"] = "dot"
        for edge, key in zip(self.edges, page.edges, strict=True):
            name = ctx.edge_payloads[key]["status"]
            colour = STATUSES[name].colour
            edge["color"] = {"color": colour, "highlight": colour, "hover": colour, "inherit": False}
            edge["width"] = 1.2 if name == "unchanged" else 2.4
            if name in _DASHED:
                edge["dashes"] = [6, 4] if name == "removed" else [2, 4]

    def page_data(self) -> dict[str, Any]:
        data = super().page_data()
        counts = Counter(m["status"] for m in data["meta"].values())
        edge_counts = Counter(m["status"] for m in data["emeta"].values())
        data["statuses"] = [
            {
                "type": name,
                "zh": status.zh,
                "en": status.en,
                "colour": status.colour,
                "shape": "ring" if name == "missing" else "dot" if counts[name] else "line",
                "count": _count(counts[name], edge_counts[name]),
                "title": f"{_many(counts[name], 'record')}, {_many(edge_counts[name], 'relation')}",
            }
            for name, status in STATUSES.items()
            if counts[name] or edge_counts[name]
        ]
        for entry in data["types"]:  # colour tells the status here; the type is the shape
            entry["colour"] = _SHAPE_ONLY
        return data

    def template_context(self) -> dict[str, Any]:
        review = self.review
        records = [
            {
                "change": r,
                "mark": TEXT_MARKS[r.change],
                "colour": STATUSES[r.change].colour,
                "lines": [Markup(i) for i in _html_items(r)],
            }
            for r in review.records
        ]
        sources = [
            {
                "change": s,
                "mark": TEXT_MARKS[s.change],
                "colour": STATUSES[s.change].colour,
                "details": Markup(
                    "; ".join([HTML.field(f) for f in s.fields] + ["text changed"] * s.text_changed)
                ),
            }
            for s in review.sources
        ]
        return {
            "links": False,
            "review": review,
            "summary": review.summary(),
            "records": records,
            "sources": sources,
            "flag_kinds": FLAG_KINDS,
        }


def _many(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def _count(nodes: int, edges: int) -> str:
    """A legend count: records, relations (→), or both."""
    parts = ([str(nodes)] if nodes else []) + ([f"{edges} →"] if edges else [])
    return " · ".join(parts)


def _html_items(change: RecordChange) -> list[str]:
    items = [HTML.field(f) for f in change.fields] + [HTML.relation(r) for r in change.relations]
    items += [HTML.indicator(i) for i in change.indicators]
    return items or [no_details(change)]


def _page(ctx: DrawnReview, review: Review) -> GraphPage:
    sides_zh = f"{review.base.label} → {review.head.label}"
    titles = (f"数据变更：{sides_zh}", f"Curation diff: {sides_zh}")
    if not ctx.hood.nodes:
        if review.empty:
            intro = ("数据没有变更。", "No changes to the curation.")
        else:
            intro = ("没有记录变更；变更见下方。", "No record changed; the changes are listed below.")
        return GraphPage("review.html", "review", *titles, *intro, [], [], {}, {}, {})
    intro = (
        "新增、删除、修改、改名的记录与关系以颜色标出，灰色为未改动的相邻记录，"
        "⚠ 为需要留意的记录（见下方说明）；单击节点或关系查看变更。",
        "Records and relations added, removed, changed or renamed are marked by colour, unchanged "
        "neighbours are grey, and ⚠ marks a record with a flag (listed below); click a node or a "
        "relation for what changed.",
    )
    page = free_page(ctx, "review.html", "review", list(ctx.hood.nodes), None, (*titles, *intro))
    _spread(page)
    return page


def _spread(page: GraphPage) -> None:
    """Pull a small picture apart until its relations are about :data:`EDGE_LENGTH` long.

    The views pack a layout as tightly as its labels allow, which suits a page of hundreds; a
    review of a few records would otherwise be a knot of labels. Scaling about the middle only
    moves symbols apart, so labels that did not overlap still do not.
    """
    lengths = sorted(math.dist(page.positions[u], page.positions[v]) for u, v, _ in page.edges if u != v)
    if not lengths or lengths[len(lengths) // 2] >= EDGE_LENGTH:
        return
    factor = EDGE_LENGTH / max(lengths[len(lengths) // 2], 1.0)
    mid_x = sum(x for x, _ in page.positions.values()) / len(page.positions)
    mid_y = sum(y for _, y in page.positions.values()) / len(page.positions)
    page.positions = {
        n: (mid_x + (x - mid_x) * factor, mid_y + (y - mid_y) * factor)
        for n, (x, y) in page.positions.items()
    }


def review_html(review: Review, hood: Neighbourhood) -> str:
    """The whole review as a standalone HTML page."""
    ctx = DrawnReview(hood)
    return ReviewNetwork(ctx, _page(ctx, review), review).generate_html()
