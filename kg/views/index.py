"""The landing page: what the graph holds, a search over every record, links to every view,
and bar charts where a picture says more than a table (district figures, chain sizes)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kg.checks import iter_citations
from kg.names import pinyin
from kg.schema import METRICS, PREDICATES, Indicator
from kg.views.assets import index_assets
from kg.views.chains import chain_parts
from kg.views.context import Context
from kg.views.payload import format_figure
from kg.views.render import render_html, safe_json
from kg.views.style import TYPE_STYLES

__all__ = ["Bar", "Chart", "chain_chart", "district_charts", "render_index"]


@dataclass
class Bar:
    """One bar: what it stands for, its length (0–1), and the figure printed beside it."""

    zh: str
    en: str
    href: str
    share: float
    text_zh: str
    text_en: str
    title: str = ""


@dataclass
class Chart:
    """A horizontal bar chart; the template draws it as inline SVG."""

    zh: str
    en: str
    note_zh: str
    note_en: str
    bars: list[Bar] = field(default_factory=list)


def _latest(indicators: list[Indicator]) -> Indicator:
    """The figure for the most recent period (a measured value before a target)."""
    return max(indicators, key=lambda i: (not i.target, i.period or "", i.base_value))


def district_charts(ctx: Context) -> list[Chart]:
    """One chart per metric that two or more districts state, districts side by side."""
    by_metric: dict[str, dict[str, list[Indicator]]] = {}
    for district in ctx.graph.records_of("district"):
        for indicator in district.indicators:
            if indicator.about is None:
                by_metric.setdefault(indicator.metric, {}).setdefault(district.id, []).append(indicator)
    charts = []
    for metric_name in sorted(by_metric, key=lambda m: (-len(by_metric[m]), m)):
        stated = by_metric[metric_name]
        if len(stated) < 2:
            continue
        metric = METRICS[metric_name]
        chosen = {d: _latest(found) for d, found in stated.items()}
        top = max(abs(i.base_value) for i in chosen.values()) or 1.0
        chart = Chart(metric.zh, metric.en, "各区最新一期数据", "latest figure stated for each place")
        for district_id, indicator in sorted(chosen.items(), key=lambda kv: (-kv[1].base_value, kv[0])):
            name, name_en = ctx.label(district_id)
            when = f" ({indicator.period})" if indicator.period else ""
            quote = ctx.titles.quote(indicator.sources[0])
            chart.bars.append(
                Bar(
                    name,
                    name_en,
                    ctx.payloads[district_id]["href"],
                    abs(indicator.base_value) / top,
                    format_figure(indicator) + when,
                    format_figure(indicator) + when,
                    f"{quote.text} —— {quote.source_zh}",
                )
            )
        charts.append(chart)
    return charts


def chain_chart(ctx: Context, limit: int = 15) -> Chart | None:
    """The largest chains and industries: how many records stand around each on its page."""
    chart = Chart(
        "产业链规模",
        "Size of each chain or industry",
        f"细分环节、成员与聚焦它的政策和主体；前{limit}名",
        f"segments, members, and the policies and bodies targeting it; top {limit}",
    )
    sizes = []
    for record in ctx.graph.records_of("industry_chain"):
        if getattr(record, "kind", None) == "segment":
            continue
        parts = chain_parts(ctx, record.id)
        counts = (len(parts.segments), len({m.member for m in parts.memberships}), len(parts.policies))
        if sum(counts):
            sizes.append((sum(counts), counts, record.id))
    if not sizes:
        return None
    sizes.sort(key=lambda s: (-s[0], s[2]))
    top = sizes[0][0]
    for total, (segments, members, targeting), chain_id in sizes[:limit]:
        name, name_en = ctx.label(chain_id)
        chart.bars.append(
            Bar(
                name,
                name_en,
                ctx.payloads[chain_id]["href"],
                total / top,
                f"{segments} 环节 · {members} 成员 · {targeting} 聚焦",
                f"{segments} segments · {members} members · {targeting} targeting",
            )
        )
    return chart


def _summary(ctx: Context) -> dict[str, Any]:
    records = ctx.graph.records
    types = Counter(r.type for r in records.values())
    rels = Counter(d["rel"] for _, _, _, d in ctx.edges)
    cited = Counter(c.source for r in records.values() for _, c in iter_citations(r))
    by_type = {
        t: sorted((r.id for r in records.values() if r.type == t), key=lambda i: (pinyin(records[i].name), i))
        for t in TYPE_STYLES
    }
    return {
        "types": [(t, s, types.get(t, 0)) for t, s in TYPE_STYLES.items()],
        "predicates": [
            (p, PREDICATES[p], n) for p, n in sorted(rels.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "sources": [(s, cited.get(s.id, 0)) for _, s in sorted(ctx.sources.items())],
        "by_type": by_type,
        "records": len(records),
        "relations": len(ctx.edges),
        "citations": sum(cited.values()),
    }


def render_index(ctx: Context) -> str:
    """The HTML of index.html."""
    entries = [
        {
            "id": rid,
            "type": p["type"],
            "name": p["name"],
            "name_en": p["name_en"],
            "href": p["href"],
            "search": p["search"],
        }
        for rid, p in ctx.payloads.items()
    ]
    types = [
        {"type": t, "colour": s.colour, "shape": s.shape, "zh": s.zh, "en": s.en}
        for t, s in TYPE_STYLES.items()
    ]
    charts = district_charts(ctx)
    chain = chain_chart(ctx)
    return render_html(
        "index.html.j2",
        index_assets(),
        base="",
        links=True,
        summary=_summary(ctx),
        payloads=ctx.payloads,
        styles=TYPE_STYLES,
        district_charts=charts,
        chain_chart=chain,
        data=safe_json({"entries": entries, "types": types}),
    )
