"""Graph pages as HTML: pyvis's ``Network`` holds the nodes, edges and options, and renders them
through the project's own template instead of pyvis's.

What the stock pyvis template gets wrong here, and what this does instead: it loads bootstrap
and (in "local" mode) vis-network from a CDN — here the scripts are files of the views folder
(or inlined, for a page that must stand alone) and a CSP forbids any other URL; it renders the
heading and menu ids without escaping and dumps options with plain ``json.dumps`` — here every
user string travels as JSON with ``<``, ``>`` and ``&`` escaped, inside a non-executable script
element, and the page builds the DOM with ``textContent``; its tooltips switch to ``innerHTML``
when a title contains "href" — here titles are not used; it writes files in the locale's
encoding — here pages are written as UTF-8, atomically.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from pyvis.network import Network

from kg.views.assets import ASSETS_DIR, Asset, csp, graph_assets
from kg.views.context import Context
from kg.views.fonts import FONT_STACK, embedded_font
from kg.views.pages import BIG_PAGE
from kg.views.spec import GraphPage
from kg.views.style import TYPE_STYLES

__all__ = [
    "ENV",
    "FONT_STACK",
    "PageNetwork",
    "node_colours",
    "render_graph_page",
    "render_html",
    "safe_json",
    "tint",
]

FONT_SLOT = "@@KG-FONT@@"
ASSET_SLOT = "@@KG-ASSET-{}@@"

ENV = Environment(
    loader=PackageLoader("kg.views", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def safe_json(data: Any) -> Markup:
    """JSON that can sit inside a ``<script>`` element: nothing in it can close the element.

    >>> str(safe_json({"q": "</script><img src=x onerror=alert(1)>"}))
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, escaped)
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_html(
    template: str,
    assets: Sequence[Asset],
    *,
    base: str,
    inline: bool = False,
    env: Environment = ENV,
    **context: Any,
) -> str:
    """Render a page that loads ``assets`` from the views folder's ``assets/`` (``base`` leads
    from the page to the folder), or with ``inline`` a page that carries them in itself.

    The CSP allows exactly those scripts. The page's own text and what its scripts can show
    decide which glyphs the embedded font carries, so the font goes in last.
    """
    tags = []
    for number, asset in enumerate(assets):
        closing = "</script" if asset.suffix == "js" else "</style"
        if inline and closing in asset.text.lower():
            raise RuntimeError(f"{asset.filename} holds {closing!r}; it cannot be inlined")
        href = None if inline else f"{base}{ASSETS_DIR}/{asset.filename}"
        tags.append({"suffix": asset.suffix, "href": href, "slot": ASSET_SLOT.format(number)})
    html = env.get_template(template).render(
        csp=csp([a.text for a in assets if a.suffix == "js"] if inline else [], linked=not inline),
        stylesheets=[t for t in tags if t["suffix"] == "css"],
        scripts=[t for t in tags if t["suffix"] == "js"],
        font=FONT_SLOT,
        base=base,
        inline=inline,
        **context,
    )
    glyphs = "".join(asset.glyphs for asset in assets)
    html = html.replace(FONT_SLOT, embedded_font(html + glyphs))
    if inline:
        for number, asset in enumerate(assets):
            html = html.replace(ASSET_SLOT.format(number), asset.text)
    return html


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: 0 keeps it, 1 gives white.

    >>> tint("#102030", 0.5)
    '#889098'
    """
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(c + (255 - c) * amount) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def node_colours(fill: str, border: str) -> dict[str, Any]:
    return {
        "background": fill,
        "border": border,
        "highlight": {"background": tint(fill, 0.25), "border": "#102a43"},
        "hover": {"background": tint(fill, 0.15), "border": "#102a43"},
    }


def _groups() -> dict[str, Any]:
    """One vis-network group per record type (and one for chain segments, lighter): nodes name
    their group instead of each carrying its colours, which keeps big pages small."""
    groups = {
        t: {"shape": s.shape, "color": node_colours(s.colour, s.border)} for t, s in TYPE_STYLES.items()
    }
    chain = TYPE_STYLES["industry_chain"]
    groups["segment"] = {"shape": chain.shape, "color": node_colours(tint(chain.colour, 0.45), chain.border)}
    return groups


def _vis_node(ctx: Context, page: GraphPage, node: str) -> dict[str, Any]:
    payload = ctx.payloads[node]
    segment = getattr(ctx.graph.records.get(node), "kind", None) == "segment"
    x, y = page.positions[node]
    vis: dict[str, Any] = {
        "id": node,
        "label": payload["label_zh"],
        "x": round(x),
        "y": round(y),
        "group": "segment" if segment else payload["type"],
        "size": round(page.radius[node], 1),
    }
    if page.font[node] != 14:
        vis["font"] = {"size": page.font[node]}
    if node in page.marks:
        vis["borderWidth"] = 5
        vis["color"] = {"border": "#c9a227"}
        vis["label"] = f"★ {vis['label']}"
    if node == page.focus:
        vis["borderWidth"] = 4
        vis["color"] = {"border": "#102a43"}
    if node in page.more:
        vis["shapeProperties"] = {"borderDashes": [5, 4]}
        vis["borderWidth"] = max(vis.get("borderWidth", 1.5), 2.5)
    return vis


def _options(page: GraphPage) -> dict[str, Any]:
    big = len(page.nodes) > 1000
    crowded = len(page.nodes) > BIG_PAGE
    label_font = {"face": FONT_STACK, "strokeWidth": 4, "strokeColor": "#ffffff"}
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "interaction": {
            "hover": True,
            "hoverConnectedEdges": True,
            "tooltipDelay": 60,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "keyboard": False,
            "multiselect": False,
        },
        "groups": _groups(),
        "nodes": {
            "borderWidth": 1.5,
            "font": {**label_font, "color": "#1f2933", "size": 14},
            "scaling": {"label": {"drawThreshold": 9 if crowded else 5, "maxVisible": 40}},
        },
        "edges": {
            "smooth": False,
            "width": 1.2,
            "selectionWidth": 1.5,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "color": {"color": "#a5b0bc", "highlight": "#334e68", "hover": "#52606d", "inherit": False},
            "font": {**label_font, "size": 11, "color": "#52606d", "align": "middle"},
            "scaling": {"label": {"drawThreshold": 8 if crowded else 6}},
        },
    }


class PageNetwork(Network):  # type: ignore[misc]
    """A pyvis network filled straight from a page spec and rendered with our template.

    Filling ``nodes``, ``edges``, ``node_ids`` and ``node_map`` directly is linear; pyvis's
    ``add_node``/``add_edge`` scan every existing node and edge, which is quadratic.
    """

    def __init__(self, ctx: Context, page: GraphPage) -> None:
        super().__init__(height="100%", width="100%", directed=True, cdn_resources="in_line")
        self.page = page
        self.ctx = ctx
        self.nodes = [_vis_node(ctx, page, n) for n in page.nodes]
        self.node_ids = list(page.nodes)
        self.node_map = {n["id"]: n for n in self.nodes}
        self.edges = []
        for number, (u, v, k) in enumerate(page.edges):
            payload = ctx.edge_payloads[(u, v, k)]
            edge: dict[str, Any] = {"id": f"e{number}", "from": u, "to": v, "label": payload["zh"]}
            if payload["rel"] in ("partners_with", "borders"):
                edge["arrows"] = {"to": {"enabled": False}}
            self.edges.append(edge)
        self.options = _options(page)
        self.templateEnv = ENV
        self.path = "graph.html.j2"

    def page_data(self) -> dict[str, Any]:
        """Everything the page script needs, as plain data."""
        page, ctx = self.page, self.ctx
        meta = {}
        for node in page.nodes:
            entry = dict(ctx.payloads[node])
            if node in page.more:
                entry["more"] = page.more[node]
            if node in page.marks:
                entry["mark"] = list(page.marks[node])
            meta[node] = entry
        emeta = {}
        for edge, key in zip(self.edges, page.edges, strict=True):
            emeta[edge["id"]] = {**ctx.edge_payloads[key], "from": key[0], "to": key[1]}
        counts: dict[str, int] = {}
        for node in page.nodes:
            counts[meta[node]["type"]] = counts.get(meta[node]["type"], 0) + 1
        types = [
            {"type": t, "zh": s.zh, "en": s.en, "colour": s.colour, "shape": s.shape, "count": counts[t]}
            for t, s in TYPE_STYLES.items()
            if t in counts
        ]
        bands = [
            {"x": b.x, "y": b.y, "w": b.width, "h": b.height, "zh": b.zh, "en": b.en, "colour": b.colour}
            for b in page.bands
        ]
        return {
            "base": "../" * page.path.count("/"),
            "page": {"path": page.path, "kind": page.kind, "focus": page.focus, "bands": bands},
            "nodes": self.nodes,
            "edges": self.edges,
            "meta": meta,
            "emeta": emeta,
            "types": types,
            "options": self.options,
            "font": FONT_STACK,
        }

    page_template = "graph.html.j2"
    env = ENV
    inline = False
    """True for a page that carries its scripts and styles in itself instead of naming files."""

    def generate_html(self, name: str = "index.html", local: bool = True, notebook: bool = False) -> str:
        page = self.page
        self.html = render_html(
            self.page_template,
            graph_assets(),
            base="../" * page.path.count("/"),
            inline=self.inline,
            env=self.env,
            page=page,
            data=safe_json(self.page_data()),
            **self.template_context(),
        )
        return str(self.html)

    def template_context(self) -> dict[str, Any]:
        """More for the template; pages of another kind add theirs."""
        return {"links": True}


def render_graph_page(ctx: Context, page: GraphPage) -> str:
    """The HTML of one graph page."""
    return PageNetwork(ctx, page).generate_html()
