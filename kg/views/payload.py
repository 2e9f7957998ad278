"""Plain data about records and relations for the pages: labels, tooltip rows, search forms.

Everything here is text the pages show with ``textContent`` (never as HTML), so nothing is
escaped at this stage; :mod:`kg.views.render` makes the JSON safe to embed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kg.graph import type_fields_of
from kg.names import search_forms
from kg.schema import METRICS, PREDICATES, Citation, Indicator, Record, Source
from kg.schema.relations import QUALIFIERS
from kg.views.style import FIELD_LABELS, TYPE_STYLES, value_label

__all__ = [
    "Quote",
    "SourceTitles",
    "edge_payload",
    "format_figure",
    "label_lines",
    "node_payload",
    "page_href",
    "short_name",
]

_PREFIX_HEDGES = ("超", "近", "约")
_SUFFIX_HEDGES = ("以上", "左右")
_EN_SUFFIXES = re.compile(r",?\s+(?:Co\.,?\s*Ltd\.?|Co\.|Ltd\.|Inc\.|Corporation|Limited)$", re.I)


@dataclass(frozen=True)
class Quote:
    """A citation as a reader sees it: the words, and the title of the source they come from."""

    text: str
    source_zh: str
    source_en: str

    def row(self) -> list[str]:
        return [self.text, self.source_zh, self.source_en]


class SourceTitles:
    """Source id → titles, for showing where a quote comes from."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self.sources = dict(sources)

    def quote(self, citation: Citation) -> Quote:
        source = self.sources.get(citation.source)
        zh = source.title if source else citation.source
        en = (source.title_en or source.title) if source else citation.source
        if citation.quote:
            return Quote(citation.quote, zh, en)
        note = citation.note or ""
        return Quote(f"（参考来源 reference）{note}".strip(), zh, en)


def _width(text: str) -> float:
    """Display width in em: a CJK character is one, a Latin letter about half."""
    return sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def short_name(record: Record, limit: int = 8) -> str:
    """The name to print on a node: the canonical name, or its shortest alias when too long.

    >>> from kg.schema.company import Company
    >>> c = Company(id="x", name="杭州士兰微电子股份有限公司", name_en="Silan", aliases=["士兰微"],
    ...             sources=[{"source": "s", "quote": "士兰微"}])
    >>> short_name(c)
    '士兰微'
    """
    if _width(record.name) <= limit:
        return record.name
    shorter = [a for a in record.aliases if len(a) >= 2 and _width(a) < _width(record.name)]
    return min(shorter, key=lambda a: (_width(a), a)) if shorter else record.name


def label_lines(text: str, width: float, lines: int = 3) -> str:
    """Wrap ``text`` into at most ``lines`` lines of about ``width`` em, ending in … if cut.

    Latin text breaks at spaces, CJK text between characters.

    >>> label_lines("Zhejiang Provincial Department of Economy and Information Technology", 11)
    'Zhejiang Provincial\\nDepartment of\\nEconomy and…'
    >>> label_lines("《发展服务型制造专项行动指南》", 8)
    '《发展服务型制造\\n专项行动指南》'
    """
    tokens = re.findall(r"[\u2e80-\U0002ffff]|[^\s\u2e80-\U0002ffff]+\s*|\s+", text)
    out: list[str] = []
    line = ""
    for token in tokens:
        if line and _width((line + token).rstrip()) > width:
            out.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        out.append(line.rstrip())
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1].rstrip(" ,.;:") + "…"
    return "\n".join(out)


def format_figure(indicator: Indicator) -> str:
    """A figure as the source writes it: 2.66万标箱, 1700多家, 超10万台, 33%.

    >>> from kg.schema import Indicator
    >>> cite = [{"source": "s", "quote": "x"}]
    >>> format_figure(Indicator(metric="enterprises", value=1700, unit="家", approx="多", sources=cite))
    '1700多家'
    >>> format_figure(Indicator(metric="teu_growth", value=33, unit="%", sources=cite))
    '33%'
    """
    value = f"{indicator.value:g}" if isinstance(indicator.value, float) else str(indicator.value)
    hedge = indicator.approx or ""
    if hedge in _PREFIX_HEDGES:
        return f"{hedge}{value}{indicator.unit}"
    if hedge in _SUFFIX_HEDGES:
        return f"{value}{indicator.unit}{hedge}"
    return f"{value}{hedge}{indicator.unit}"


def page_href(record_id: str, record_type: str) -> str:
    """Path of a record's own page, relative to the views folder."""
    return f"{record_type}/{record_id}.html"


def _figure_row(indicator: Indicator, titles: SourceTitles) -> dict[str, Any]:
    metric = METRICS[indicator.metric]
    when = indicator.period or ""
    return {
        "zh": metric.zh,
        "en": metric.en,
        "value": format_figure(indicator),
        "period": when,
        "target": indicator.target,
        "note": indicator.note or "",
        "quotes": [titles.quote(c).row() for c in indicator.sources],
    }


def node_payload(record: Record, titles: SourceTitles) -> dict[str, Any]:
    """Everything a tooltip, the details panel and search need to know about one record."""
    style = TYPE_STYLES[record.type]
    facts: list[list[str]] = []
    for field in type_fields_of(type(record)):
        value = getattr(record, field, None)
        if value is not None:
            zh, en = value_label(value)
            facts.append([*FIELD_LABELS[field], zh, en])
    if record.aliases:
        joined = "、".join(record.aliases)
        facts.append([*FIELD_LABELS["aliases"], joined, joined])
    if record.ids is not None:
        codes = record.ids.model_dump(exclude_defaults=True, exclude={"source"})
        shown = " ".join(
            f"{key} {' '.join(value) if isinstance(value, list) else value}" for key, value in codes.items()
        )
        if shown:
            facts.append([*FIELD_LABELS["ids"], shown, shown])
    forms: dict[str, list[int] | None] = {}
    for name in record.all_names:
        for form in search_forms(name):
            forms.setdefault(form.text, sorted(form.starts) if form.starts is not None else None)
    return {
        "type": record.type,
        "type_zh": style.zh,
        "type_en": style.en,
        "name": record.name,
        "name_en": record.name_en,
        "label_zh": label_lines(short_name(record), 8),
        "label_en": label_lines(_EN_SUFFIXES.sub("", record.name_en), 13, 2),
        "facts": facts,
        "figures": [_figure_row(i, titles) for i in record.indicators],
        "quotes": [titles.quote(c).row() for c in record.sources],
        "note": record.note or "",
        "href": page_href(record.id, record.type),
        "search": [[text, starts] for text, starts in forms.items()],
    }


def edge_payload(data: Mapping[str, Any], titles: SourceTitles) -> dict[str, Any]:
    """The relation an edge stands for: its labels, qualifiers and quotes."""
    predicate = PREDICATES[data["rel"]]
    facts = []
    for field in QUALIFIERS:
        if data.get(field):
            zh, en = value_label(data[field])
            facts.append([*FIELD_LABELS[field], zh, en])
    return {
        "rel": predicate.name,
        "zh": predicate.zh,
        "en": predicate.en,
        "facts": facts,
        "quotes": [titles.quote(Citation.model_validate(c)).row() for c in data.get("sources", [])],
    }
