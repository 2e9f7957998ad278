"""Which graph pages exist and what each one draws.

- ``overview.html``: every record and relation.
- ``district/<id>.html``: a district with the places above it, the units inside it (at any
  depth), what is located there, and what it is directly related to.
- ``industry_chain/<id>.html``: the chain by stage (see :mod:`kg.views.chains`).
- ``routes.html``: the schematic route map (see :mod:`kg.views.routes`).
- ``<type>/<id>.html`` for every other record, companies included: its neighbourhood two
  steps out. A neighbour with many relations of its own shows its best-connected ones and says
  how many it leaves out, so that one busy district does not drown a company's page.
"""

from __future__ import annotations

from kg.names import pinyin
from kg.views.chains import chain_layout, chain_parts
from kg.views.context import Context
from kg.views.layout import Footprint
from kg.views.payload import page_href
from kg.views.routes import route_layout, route_parts
from kg.views.spec import GraphPage, Table, degree_radius, free_positions, node_footprint
from kg.views.style import TYPE_STYLES
from kg.views.tables import chain_table, figures_table, map_figures_table, relations_table, routes_table

__all__ = ["SECOND_STEP_LIMIT", "entity_page", "free_page", "graph_pages", "overview_page", "routes_page"]

BIG_PAGE = 120
"""Pages with more nodes than this label only their hubs until zoomed in."""
SECOND_STEP_LIMIT = 10
"""Most second-step neighbours shown through one first-step neighbour on an entity page."""


def _sizes(ctx: Context, nodes: list[str], focus: str | None) -> tuple[dict[str, float], dict[str, int]]:
    """Symbol radius by number of relations.

    On a big page the labels of most nodes only show once zoomed in; the best-connected get a
    font large enough to be read with the whole page in view, so it is never a mute cloud.
    """
    radius = {n: degree_radius(ctx.degree[n]) for n in nodes}
    ranked = sorted(nodes, key=lambda n: (-ctx.degree[n], n))
    big = set(ranked[: max(8, len(nodes) // 14)]) if len(nodes) > BIG_PAGE else set()
    font = {n: 44 if n in big else 14 for n in nodes}
    for n in big:
        radius[n] *= 1.6
    if focus is not None:
        radius[focus] = 30.0
        font[focus] = 20
    return radius, font


def _footprints(
    ctx: Context, nodes: list[str], radius: dict[str, float], font: dict[str, int]
) -> dict[str, Footprint]:
    return {
        n: node_footprint(
            [ctx.payloads[n]["label_zh"], ctx.payloads[n]["label_en"]], radius[n], float(font[n])
        )
        for n in nodes
    }


def free_page(
    ctx: Context,
    path: str,
    kind: str,
    nodes: list[str],
    focus: str | None,
    titles: tuple[str, str, str, str],
) -> GraphPage:
    """A page with a free (force) layout: ``nodes`` and the context's edges among them."""
    edges = ctx.edges_among(nodes)
    radius, font = _sizes(ctx, nodes, focus)
    footprints = _footprints(ctx, nodes, radius, font)
    importance = {n: float(ctx.degree[n]) for n in nodes}
    order = {t: i for i, t in enumerate(TYPE_STYLES)}
    sector = {
        n: f"{order.get(ctx.payloads[n]['type'], len(order)):02d}{pinyin(ctx.payloads[n]['name'])}"
        for n in nodes
    }
    plain_edges = [(u, v) for u, v, _ in edges]
    positions = free_positions(nodes, plain_edges, footprints, importance, focus, sector)
    return GraphPage(path, kind, *titles, nodes, edges, positions, radius, font, focus)


def overview_page(ctx: Context) -> GraphPage:
    nodes = sorted(ctx.graph.records)
    intro = (
        f"全部 {len(nodes)} 条记录与 {len(ctx.edges)} 条关系。放大可看到更多标签；点击节点查看详情。",
        f"All {len(nodes)} records and {len(ctx.edges)} relations. Zoom in for more labels; "
        "click a node for its details.",
    )
    return free_page(ctx, "overview.html", "overview", nodes, None, ("全图", "Whole graph", *intro))


def _neighbourhood(ctx: Context, focus: str) -> tuple[list[str], dict[str, int]]:
    """``focus``, its neighbours, and theirs (at most SECOND_STEP_LIMIT through each)."""
    first = ctx.adjacent[focus]
    keep = {focus, *first}
    more: dict[str, int] = {}
    for near in first:
        onward = [n for n in ctx.adjacent[near] if n not in keep]
        onward.sort(key=lambda n: (-ctx.degree[n], n))
        keep.update(onward[:SECOND_STEP_LIMIT])
        left_out = [n for n in onward[SECOND_STEP_LIMIT:] if n not in keep]
        if left_out:
            more[near] = len(left_out)
    return sorted(keep), more


def _district_nodes(ctx: Context, district: str) -> list[str]:
    inside = ctx.graph.within(district)
    above = ctx.graph.containers(district)
    return sorted({*inside, *above, *ctx.adjacent[district]})


def _titles(ctx: Context, record_id: str, zh: str, en: str) -> tuple[str, str, str, str]:
    name, name_en = ctx.label(record_id)
    return name, name_en, zh, en


def entity_page(ctx: Context, record_id: str) -> GraphPage:
    """The page of one record: a district, a chain, or any other record's neighbourhood."""
    record = ctx.graph.records[record_id]
    path = page_href(record_id, record.type)
    style = TYPE_STYLES[record.type]
    if record.type == "industry_chain":
        page = _chain_page(ctx, record_id, path)
    elif record.type == "district":
        nodes = _district_nodes(ctx, record_id)
        intro = (
            "上级区划、下辖单位，以及位于区内的企业、园区、机构和相关政策。",
            "The places above it, the units inside it, and the companies, parks, bodies and "
            "policies located in or related to it.",
        )
        page = free_page(ctx, path, "district", nodes, record_id, _titles(ctx, record_id, *intro))
    else:
        nodes, more = _neighbourhood(ctx, record_id)
        intro = (
            f"{style.zh}及其两步以内的关系网络。",
            f"This {style.en.lower()} and its neighbourhood, two steps out.",
        )
        page = free_page(ctx, path, record.type, nodes, record_id, _titles(ctx, record_id, *intro))
        page.more = more
    figures = figures_table(ctx, record_id)
    page.tables = [t for t in (figures, *page.tables, relations_table(ctx, record_id)) if t is not None]
    return page


def _chain_page(ctx: Context, chain_id: str, path: str) -> GraphPage:
    parts = chain_parts(ctx, chain_id)
    nodes = sorted(
        {chain_id, *parts.segments, *(m.member for m in parts.memberships), *parts.policies}
        | ({parts.parent} if parts.parent else set())
    )
    radius, font = _sizes(ctx, nodes, chain_id)
    footprints = _footprints(ctx, nodes, radius, font)
    positions, bands = chain_layout(parts, footprints, lambda n: ctx.label(n))
    intro = (
        "从左到右：聚焦该产业的政策，上游、中游、下游环节及其成员；金色边框为链主。",
        "Left to right: policies that target it, then upstream, midstream and downstream "
        "segments with their members; a gold ring marks a chain leader (链主).",
    )
    edges = ctx.edges_among(nodes)
    page = GraphPage(
        path, "industry_chain", *_titles(ctx, chain_id, *intro), nodes, edges, positions, radius, font
    )
    page.focus = chain_id
    page.bands = bands
    page.marks = {m: ("链主", "chain leader") for m in parts.leaders}
    page.tables = [chain_table(ctx, parts.memberships)] if parts.memberships else []
    return page


def routes_page(ctx: Context) -> GraphPage:
    parts = route_parts(ctx)
    nodes = sorted({*parts.routes, *parts.places})
    radius, font = _sizes(ctx, nodes, None)
    footprints = _footprints(ctx, nodes, radius, font)
    importance = {n: float(ctx.degree[n]) for n in nodes}
    positions, bands = route_layout(parts, footprints, importance)
    intro = (
        "示意图，自西（杭州）向东（宁波舟山）：港口、港区、运河与运输线路；表格列出各线路的数据。",
        "A schematic map from west (Hangzhou) to east (Ningbo-Zhoushan): ports, port areas, "
        "canals and routes; the table lists each route's figures.",
    )
    titles = ("杭甬港口与运输线路", "Ports and routes, Hangzhou to Ningbo-Zhoushan", *intro)
    page = GraphPage("routes.html", "routes", *titles, nodes, ctx.edges_among(nodes), positions, radius, font)
    page.bands = bands
    on_map = [*parts.routes, *(p for p in parts.places if ctx.graph.records[p].type == "infrastructure")]
    tables: list[Table] = [routes_table(ctx), map_figures_table(ctx, on_map)]
    page.tables = tables
    return page


def graph_pages(ctx: Context) -> list[GraphPage]:
    """Every graph page: overview, routes, and one page per record."""
    return [
        overview_page(ctx),
        routes_page(ctx),
        *(entity_page(ctx, record_id) for record_id in sorted(ctx.graph.records)),
    ]
