"""Tables printed under a graph: relations, figures, chain stages, routes and their figures."""

from __future__ import annotations

from kg.schema import METRICS, PREDICATES, Indicator, Record
from kg.views.chains import Membership
from kg.views.context import Context
from kg.views.payload import format_figure, page_href
from kg.views.spec import Cell, Table
from kg.views.style import STAGES, TYPE_STYLES, value_label

__all__ = ["chain_table", "figures_table", "map_figures_table", "relations_table", "routes_table"]


def text(zh: str, en: str | None = None, title: str | None = None) -> Cell:
    cell: Cell = {"zh": zh, "en": zh if en is None else en}
    if title:
        cell["title"] = title
    return cell


def link(ctx: Context, record_id: str) -> Cell:
    record = ctx.graph.records[record_id]
    return {"zh": record.name, "en": record.name_en, "href": page_href(record.id, record.type)}


def _quote_cell(quotes: list[list[str]]) -> Cell:
    if not quotes:
        return text("")
    words, source_zh, source_en = quotes[0]
    more = f" (+{len(quotes) - 1})" if len(quotes) > 1 else ""
    return {"zh": f"「{words}」 ——{source_zh}{more}", "en": f"“{words}” — {source_en}{more}"}


def relations_table(ctx: Context, record_id: str) -> Table:
    """Every relation of a record, read from its side, with the quote that states it."""
    rows: list[list[Cell]] = []
    for u, v, k, _ in ctx.edges:
        if record_id not in (u, v):
            continue
        predicate = PREDICATES[ctx.graph.nx.edges[u, v, k]["rel"]]
        outgoing = u == record_id
        other = v if outgoing else u
        payload = ctx.edge_payloads[(u, v, k)]
        details = "；".join(f"{f[0]}：{f[2]}" for f in payload["facts"])
        details_en = "; ".join(f"{f[1]}: {f[3]}" for f in payload["facts"])
        style = TYPE_STYLES[ctx.graph.records[other].type]
        rows.append(
            [
                text(predicate.zh, predicate.en)
                if outgoing
                else text(predicate.inverse_zh, predicate.inverse_en),
                link(ctx, other),
                text(style.zh, style.en),
                text(details, details_en),
                _quote_cell(payload["quotes"]),
            ]
        )
    heads = [
        ("关系", "Relation"),
        ("对象", "Record"),
        ("类型", "Type"),
        ("说明", "Details"),
        ("引文", "Quote"),
    ]
    return Table("全部关系", "All relations", heads, rows)


def _figure_cells(indicator: Indicator, ctx: Context) -> list[Cell]:
    metric = METRICS[indicator.metric]
    quote = ctx.titles.quote(indicator.sources[0])
    target = "（目标）" if indicator.target else ""
    return [
        text(metric.zh, metric.en),
        text(format_figure(indicator) + target, format_figure(indicator) + (" (target)" if target else "")),
        text(indicator.period or ""),
        text(indicator.note or ""),
        _quote_cell([quote.row()]),
    ]


def figures_table(ctx: Context, record_id: str) -> Table | None:
    """The figures stated about a record, or None when it has none."""
    record = ctx.graph.records[record_id]
    if not record.indicators:
        return None
    heads = [("指标", "Figure"), ("数值", "Value"), ("时间", "Period"), ("说明", "Note"), ("引文", "Quote")]
    return Table("数据", "Figures", heads, [_figure_cells(i, ctx) for i in record.indicators])


def chain_table(ctx: Context, memberships: list[Membership]) -> Table:
    """Members of a chain by stage and segment, with their role (链主) where stated."""
    rows = [
        [
            link(ctx, m.member),
            link(ctx, m.segment),
            text(*STAGES[m.stage]),
            text(m.role or ""),
        ]
        for m in memberships
    ]
    heads = [("成员", "Member"), ("所属环节", "Segment"), ("环节", "Stage"), ("角色", "Role")]
    return Table("产业链成员", "Chain members", heads, rows)


def _names(records: list[Record], sep: str, english: bool) -> str:
    return sep.join(r.name_en if english else r.name for r in records) or "?"


def routes_table(ctx: Context) -> Table:
    """Every port route: how goods move, from where, via what, to where, how often."""
    rows: list[list[Cell]] = []
    for view in ctx.graph.routes():
        route = view.record
        legs = [view.origin, *([view.via] if view.via else []), view.destination]
        rows.append(
            [
                link(ctx, route.id),
                text(*value_label(getattr(route, "mode", ""))),
                text(
                    " → ".join(_names(leg, "、", False) for leg in legs),
                    " → ".join(_names(leg, ", ", True) for leg in legs),
                ),
                text(getattr(route, "frequency", None) or ""),
            ]
        )
    heads = [
        ("线路", "Route"),
        ("方式", "Mode"),
        ("起点 → 途经 → 终点", "From → via → to"),
        ("班次", "Frequency"),
    ]
    return Table("运输线路", "Routes", heads, rows)


def map_figures_table(ctx: Context, record_ids: list[str]) -> Table:
    """The figures of the routes, ports and waterways on the map, each with its quote."""
    rows = [
        [link(ctx, record_id), *_figure_cells(indicator, ctx)]
        for record_id in record_ids
        for indicator in ctx.graph.records[record_id].indicators
    ]
    heads = [("对象", "Record"), ("指标", "Figure"), ("数值", "Value"), ("时间", "Period")]
    heads += [("说明", "Note"), ("引文", "Quote")]
    return Table("线路、港口与航道的数据", "Figures of the routes, ports and waterways", heads, rows)
