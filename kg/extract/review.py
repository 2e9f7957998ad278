"""From paragraph results to a review: known mentions, candidates, relations, figures.

Each proposal carries its sentence, its line and column in the raw file, and a ready-made
citation whose quote is the clause (or clauses) of the sentence that states it, so `kg accept`
can copy it into a record and `kg check` will find it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kg.extract.figures import Figure, period_of
from kg.extract.mentions import Mention
from kg.extract.metrics import suggest_metric
from kg.extract.pipeline import ParagraphResult
from kg.extract.relations import RelationCandidate
from kg.extract.slugs import suggest_id
from kg.schema import Record

__all__ = ["MAX_ITEMS", "Review", "quote_for"]

MAX_ITEMS = 2000
"""Most relation or figure proposals one review holds; the rest are counted, not listed."""

_CLAUSE_END = re.compile(r"[，,；;：:。！？!?]")
_TARGET = re.compile(r"到20\d\d|目标|预计|将[达超突实]|力争|计划")
"""Words before a figure that make it a goal or forecast, not a measured value."""
_FIGURE_HOSTS = {
    "teu": ("port_route", "infrastructure", "district"),
    "money": ("district", "company", "park", "policy", "industry_chain", "project"),
    "count": ("district", "park", "industry_chain", "company", "organization", "policy"),
    "percent": ("district", "port_route", "company", "park", "industry_chain", "infrastructure"),
}


def quote_for(text: str, sentence: tuple[int, int], start: int, end: int) -> str:
    """The clauses of ``sentence`` that cover ``[start, end)``, at least 4 characters.

    >>> quote_for("今年前3月,集装箱达2.66万标箱,同比增长33%。", (0, 27), 10, 17)
    '集装箱达2.66万标箱,'
    """
    s_start, s_end = sentence
    begin = s_start
    for match in _CLAUSE_END.finditer(text, s_start, start):
        begin = match.end()
    stop = _CLAUSE_END.search(text, end, s_end)
    finish = stop.end() if stop else s_end
    quote = text[begin:finish].strip()
    return quote if len(quote) >= 4 else text[s_start:s_end].strip()


def _sentence_of(sentences: list[tuple[int, int]], start: int) -> tuple[int, int]:
    return next((s for s in sentences if s[0] <= start < s[1]), (0, 0))


@dataclass
class Review:
    """Proposals for one source, gathered paragraph by paragraph."""

    source: str | None
    records: dict[str, Record]
    year: int | None = None
    known: dict[str, dict[str, Any]] = field(default_factory=dict)
    candidates: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    relations: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=lambda: {"relations": 0, "figures": 0})
    damage: list[dict[str, Any]] = field(default_factory=list)
    _ids: dict[tuple[str, str], str] = field(default_factory=dict)

    def _citation(self, quote: str) -> dict[str, str]:
        return {"source": self.source or "UNREGISTERED", "quote": quote}

    def _where(self, result: ParagraphResult, start: int) -> tuple[int, int]:
        return result.paragraph.position(start)

    def _ref(self, mention: Mention) -> str:
        """The id a proposal uses for a mention: the linked record, or the candidate's new id."""
        if mention.entity:
            return mention.entity
        key = (mention.label, mention.name or mention.text)
        if key not in self._ids:
            taken = set(self.records) | set(self._ids.values())
            self._ids[key] = suggest_id(key[1], mention.label, mention.kind, taken)
        return self._ids[key]

    def add(self, result: ParagraphResult) -> None:
        text = result.paragraph.text
        sentences = result.sentences()
        for damage in result.paragraph.damage[: MAX_ITEMS - len(self.damage)]:
            self.damage.append({"line": damage.line, "col": damage.col, "text": damage.text})
        for mention in result.mentions:
            sentence = _sentence_of(sentences, mention.start)
            line, col = self._where(result, mention.start)
            if mention.entity:
                entry = self.known.setdefault(
                    mention.entity,
                    {
                        "entity": mention.entity,
                        "name": self.records[mention.entity].name,
                        "mentions": 0,
                        "forms": [],
                        "line": line,
                        "col": col,
                    },
                )
                entry["mentions"] += 1
                if mention.text not in entry["forms"]:
                    entry["forms"].append(mention.text)
                continue
            name = mention.name or mention.text
            key = (mention.label, name)
            item = self.candidates.get(key)
            if item is None:
                item = self.candidates[key] = self._candidate(mention, name, line, col, text, sentence)
            item["mentions"] += 1
            if mention.text != name and mention.text not in item["aliases"]:
                item["aliases"].append(mention.text)
        for relation in result.relations:
            self._add_relation(result, relation)
        for figure in result.figures:
            self._add_figure(result, figure, sentences)

    def _candidate(
        self, mention: Mention, name: str, line: int, col: int, text: str, sentence: tuple[int, int]
    ) -> dict[str, Any]:
        item: dict[str, Any] = {
            "status": "pending",
            "type": mention.label,
            "id": self._ref(mention),
            "name": name,
            "name_en": "TODO(kg new)",
            "kind": mention.kind if mention.label != "person" else None,
            "aliases": [],
        }
        if mention.adcode:
            item["adcode"] = mention.adcode
        parent = next(
            (
                r.id
                for r in self.records.values()
                if r.ids and r.ids.adcode and r.ids.adcode == mention.parent_adcode
            ),
            None,
        )
        if parent:
            item["part_of"] = parent
        item |= {
            "mentions": 0,
            "rule": mention.rule,
            "line": line,
            "col": col,
            "sentence": text[sentence[0] : sentence[1]].strip(),
            "citation": self._citation(quote_for(text, sentence, mention.start, mention.end)),
        }
        return item

    def _add_relation(self, result: ParagraphResult, relation: RelationCandidate) -> None:
        subject, rel, obj, sentence = relation.subject, relation.rel, relation.object, relation.sentence
        subject_id, object_id = self._ref(subject), self._ref(obj)
        record = self.records.get(subject_id)
        if record and any(r.rel == rel and r.to == object_id for r in record.relations):
            return
        if len(self.relations) >= MAX_ITEMS:
            self.left_out["relations"] += 1
            return
        text = result.paragraph.text
        line, col = self._where(result, min(subject.start, obj.start))
        start, end = min(subject.start, obj.start), max(subject.end, obj.end)
        self.relations.append(
            {
                "status": "pending",
                "subject": subject_id,
                "subject_name": subject.name or subject.text,
                "rel": rel,
                "object": object_id,
                "object_name": obj.name or obj.text,
                "role": relation.role,
                "trigger": relation.trigger,
                "line": line,
                "col": col,
                "sentence": text[sentence[0] : sentence[1]].strip(),
                "citation": self._citation(quote_for(text, sentence, start, end)),
            }
        )

    def _host(self, result: ParagraphResult, figure: Figure, sentence: tuple[int, int]) -> Mention | None:
        """The mention a figure is about: the nearest before it in its sentence whose type fits."""
        inside = [m for m in result.mentions if m.start >= sentence[0] and m.end <= sentence[1]]
        fitting = _FIGURE_HOSTS.get(figure.dimension or "", ())
        before = [m for m in inside if m.end <= figure.start and m.label != "person"]
        ranked = [m for m in reversed(before) if m.label in fitting] + list(reversed(before))
        after = [m for m in inside if m.start >= figure.end and m.label != "person"]
        candidates = ranked or after
        return candidates[0] if candidates else None

    def _add_figure(self, result: ParagraphResult, figure: Figure, sentences: list[tuple[int, int]]) -> None:
        sentence = _sentence_of(sentences, figure.start)
        host = self._host(result, figure, sentence)
        if host is None:
            return
        if len(self.figures) >= MAX_ITEMS:
            self.left_out["figures"] += 1
            return
        text = result.paragraph.text
        entity = self._ref(host)
        record = self.records.get(entity)
        if record and any(i.value == figure.value and i.unit == figure.unit for i in record.indicators):
            return
        sentence_text = text[sentence[0] : sentence[1]]
        clause_start = max(sentence[0], text.rfind("，", sentence[0], figure.start) + 1)
        line, col = self._where(result, figure.start)
        self.figures.append(
            {
                "status": "pending",
                "entity": entity,
                "entity_name": host.name or host.text,
                "metric": suggest_metric(text[clause_start : figure.end], figure),
                "value": figure.value,
                "unit": figure.unit,
                "approx": figure.approx,
                "period": period_of(sentence_text, self.year),
                "target": bool(_TARGET.search(text[sentence[0] : figure.end])),
                "text": figure.text,
                "cue": figure.cue,
                "line": line,
                "col": col,
                "sentence": sentence_text.strip(),
                "citation": self._citation(
                    quote_for(text, sentence, min(host.start, figure.start), figure.end)
                ),
            }
        )
