"""One-line descriptions of changes, shared by the Markdown and HTML renderers.

A :class:`Style` says how to escape what curators typed and how to mark up what the tool adds
(bold field names, code ids, struck-out values), so both outputs say the same words.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kg.diff.model import FieldChange, IndicatorChange, RecordChange, RelationChange
from kg.schema import METRICS, PREDICATES

__all__ = ["HTML", "MARKDOWN", "MARKS", "PLAIN", "TEXT_MARKS", "Style", "md_escape", "no_details"]

MARKS = {"added": "➕", "removed": "➖", "changed": "✏️", "renamed": "🔀"}
TEXT_MARKS = {"added": "+", "removed": "−", "changed": "✏", "renamed": "⇄"}
"""Marks a text font has (a page cannot count on an emoji font being installed)."""
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~@!&{}])")
_FIGURE_FIELDS = ("value", "unit", "approx", "period", "target")


def md_escape(text: Any) -> str:
    """Text safe inside Markdown: whitespace folded, meaningful punctuation backslash-escaped,
    so a quote cannot break the layout, mention someone (@name) or link an issue (#12).

    >>> print(md_escape("a|b *c* @someone #12"))
    a\\|b \\*c\\* \\@someone \\#12
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def no_details(change: RecordChange) -> str:
    """What to say about a record change that has no field, relation or figure to list."""
    if change.change == "renamed":
        return "(nothing else changed)"
    return "(the new version does not load; see the flag)"


@dataclass(frozen=True)
class Style:
    """How one output format escapes text and marks it up."""

    escape: Callable[[Any], str]
    strong: Callable[[str], str]
    code: Callable[[str], str]
    strike: Callable[[str], str]
    marks: Mapping[str, str] = dataclasses.field(default_factory=lambda: MARKS)

    def citation(self, citation: dict[str, Any]) -> str:
        quote = f" “{self.escape(citation['quote'])}”" if citation.get("quote") else ""
        note = f" ({self.escape(citation['note'])})" if citation.get("note") else ""
        return f"{self.escape(citation['source'])}:{quote}{note}"

    def item(self, value: Any) -> str:
        """One value, compactly: a citation as source: “quote”, a date as event and date …"""
        if isinstance(value, dict):
            if "source" in value and set(value) <= {"source", "quote", "note"}:
                return self.citation(value)
            if "event" in value:
                return self.escape(f"{value['event']} {value['date']}")
            if "reason" in value:
                return f"{self.code(str(value['id']))} ({self.escape(value['reason'])})"
            shown = {k: v for k, v in value.items() if k != "sources"}
            return self.escape(", ".join(f"{k}: {v}" for k, v in shown.items()))
        if isinstance(value, list):
            return "; ".join(self.item(v) for v in value)
        return self.escape(value)

    def field(self, change: FieldChange) -> str:
        name = self.strong(self.escape(change.field))
        if change.added or change.removed:
            parts = [f"{self.marks['added']} {self.item(v)}" for v in change.added]
            parts += [f"{self.marks['removed']} {self.item(v)}" for v in change.removed]
            return f"{name}: {' · '.join(parts)}"
        if change.old is None:
            return f"{name}: {self.item(change.new)}"
        if change.new is None:
            return f"{name}: {self.strike(self.item(change.old))} (removed)"
        return f"{name}: {self.item(change.old)} → {self.item(change.new)}"

    def relation(self, change: RelationChange) -> str:
        predicate = PREDICATES.get(change.rel)
        label = f"{change.rel} {predicate.zh}" if predicate else change.rel
        keys = ("stage", "tier", "role", "period", "note")
        qualifiers = ", ".join(f"{k}: {change.relation[k]}" for k in keys if k in change.relation)
        extra = f" ({self.escape(qualifiers)})" if qualifiers else ""
        name = f" {self.escape(change.to_name)}" if change.to_name else ""
        head = (
            f"relation {self.marks[change.change]} {self.escape(label)} → {self.code(change.to)}{name}{extra}"
        )
        if change.change == "changed":
            return f"{head}: " + "; ".join(self.field(f) for f in change.fields)
        quotes = " · ".join(self.citation(c) for c in change.relation.get("sources", []))
        return f"{head} — {quotes}"

    def figure(self, figure: dict[str, Any]) -> str:
        hedge = f"[{figure['approx']}]" if figure.get("approx") else ""
        period = f" ({figure['period']})" if figure.get("period") else ""
        target = " target" if figure.get("target") else ""
        return self.escape(f"{figure['value']}{hedge} {figure['unit']}{period}{target}")

    def indicator(self, change: IndicatorChange) -> str:
        metric = METRICS.get(change.metric)
        label = f"{change.metric} {metric.zh}" if metric else change.metric
        head = f"figure {self.marks[change.change]} {self.escape(label)}"
        if change.change == "changed" and change.old and change.new:
            rest = [self.field(f) for f in change.fields if f.field not in _FIGURE_FIELDS]
            shown = f"{head}: {self.figure(change.old)} → {self.figure(change.new)}"
            return shown + (f"; {'; '.join(rest)}" if rest else "")
        figure = change.new or change.old or {}
        quotes = " · ".join(self.citation(c) for c in figure.get("sources", []))
        return f"{head}: {self.figure(figure)} — {quotes}"


MARKDOWN = Style(md_escape, lambda s: f"**{s}**", lambda s: f"`{s}`", lambda s: f"~~{s}~~")
HTML = Style(
    lambda text: html.escape(str(text)),
    lambda s: f"<strong>{s}</strong>",
    lambda s: f"<code>{html.escape(s)}</code>",
    lambda s: f"<del>{s}</del>",
    TEXT_MARKS,
)
PLAIN = Style(lambda text: " ".join(str(text).split()), str, str, str, TEXT_MARKS)
"""Plain text, for a page that shows it with ``textContent`` (the review's tooltips)."""
