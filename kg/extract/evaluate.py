"""`kg eval`: precision, recall and F1 of extraction against an annotated gold file.

Gold format (YAML)::

    entities: [hangzhou, xiaoshan, silan-micro]   # the records the gold was annotated against
    documents:
      - id: p001
        encoding: utf-8                           # or gb18030: the text is encoded so first
        text: |
          由[杭州深图智能科技有限公司](company)打造，落户[萧山](district:xiaoshan)。

A mention is ``[raw text](label)`` for a new name or ``[raw text](label:entity)`` for a known
one; offsets are those of the text with the markup removed, as ``kg extract --format json``
reports them. Extraction is run with a gazetteer of the listed ``entities`` only, so the score
does not drift as the curation grows.

Scores: *known* — linked mentions, right span and right id; *new* — unlinked mentions, right
span (label reported separately); and per type, right span and label.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import Problem
from kg.extract.pipeline import Extractor
from kg.schema import RECORD_TYPES, Record
from kg.yamlio import read_yaml

__all__ = ["GoldDocument", "Score", "evaluate", "parse_markup", "read_gold"]

_MARK = re.compile(r"\[([^\[\]\n]+)\]\(([a-z_]+)(?::([a-z0-9-]+))?\)")

Span = tuple[int, int, str, str | None]


def parse_markup(marked: str) -> tuple[str, list[Span]]:
    """Plain text and its mentions (start, end, label, entity) from gold markup.

    >>> parse_markup("位于[临平区](district:linping)的[某某有限公司](company)")
    ('位于临平区的某某有限公司', [(2, 5, 'district', 'linping'), (6, 12, 'company', None)])
    """
    out, spans, last = [], [], 0
    length = 0
    for match in _MARK.finditer(marked):
        out.append(marked[last : match.start()])
        length += match.start() - last
        text = match.group(1)
        spans.append((length, length + len(text), match.group(2), match.group(3)))
        out.append(text)
        length += len(text)
        last = match.end()
    out.append(marked[last:])
    return "".join(out), spans


@dataclass
class GoldDocument:
    id: str
    text: str
    encoding: str
    mentions: list[Span]


@dataclass
class Score:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
        }


def read_gold(path: Path, display: str) -> tuple[list[str], list[GoldDocument], list[Problem]]:
    """The entity ids and documents of a gold file, or the problems that stop it being read."""
    located, problems = read_yaml(path, display, max_bytes=64 * 1024 * 1024)
    data = located.data if located else None
    if located is None or not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        return (
            [],
            [],
            problems
            or [
                Problem(
                    display, 1, 1, "KG611", "not a gold file: expected a mapping with entities and documents"
                )
            ],
        )
    documents = []
    for index, entry in enumerate(data["documents"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            line, col = located.where(("documents", index))
            problems.append(Problem(display, line, col, "KG611", f"documents[{index}] needs a text"))
            continue
        text, spans = parse_markup(entry["text"])
        for _, _, label, _ in spans:
            if label not in RECORD_TYPES:
                line, col = located.where(("documents", index, "text"))
                problems.append(
                    Problem(display, line, col, "KG611", f"unknown label {label!r} in documents[{index}]")
                )
        encoding = str(entry.get("encoding", "utf-8"))
        documents.append(GoldDocument(str(entry.get("id", index)), text, encoding, spans))
    entities = [str(e) for e in data.get("entities") or []]
    return entities, documents, problems


@dataclass
class Evaluation:
    known: Score = field(default_factory=Score)
    new: Score = field(default_factory=Score)
    new_typed: Score = field(default_factory=Score)
    by_label: dict[str, Score] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "known": self.known.row(),
            "new": self.new.row(),
            "new_typed": self.new_typed.row(),
            "by_label": {k: v.row() for k, v in sorted(self.by_label.items())},
        }


def _predict(extractor: Extractor, document: GoldDocument) -> list[Span]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.txt"
        path.write_bytes(document.text.encode(document.encoding))
        spans: list[Span] = []
        for result in extractor.file(path):
            for m in result.mentions:
                start, end = result.paragraph.raw_span(m.start, m.end)
                spans.append((start, end, m.label, m.entity))
        return spans


def _count(score: Score, predicted: Counter[Any], gold: Counter[Any]) -> None:
    score.tp += sum((predicted & gold).values())
    score.predicted += sum(predicted.values())
    score.gold += sum(gold.values())


def evaluate(documents: list[GoldDocument], records: list[Record]) -> Evaluation:
    """Score extraction over ``documents`` with a gazetteer made of ``records``."""
    extractor = Extractor.from_records(records)
    result = Evaluation()
    for document in documents:
        predicted = _predict(extractor, document)
        gold = document.mentions
        _count(result.known, Counter(p for p in predicted if p[3]), Counter(g for g in gold if g[3]))
        _count(
            result.new,
            Counter(p[:2] for p in predicted if not p[3]),
            Counter(g[:2] for g in gold if not g[3]),
        )
        _count(
            result.new_typed,
            Counter(p[:3] for p in predicted if not p[3]),
            Counter(g[:3] for g in gold if not g[3]),
        )
        for label in {s[2] for s in predicted} | {s[2] for s in gold}:
            score = result.by_label.setdefault(label, Score())
            _count(
                score,
                Counter(p[:3] for p in predicted if p[2] == label),
                Counter(g[:3] for g in gold if g[2] == label),
            )
        for span in sorted(set(predicted) ^ set(gold)):
            kind = "missed" if span in gold else "spurious"
            result.errors.append(
                {
                    "document": document.id,
                    "kind": kind,
                    "text": document.text[span[0] : span[1]],
                    "label": span[2],
                    "entity": span[3],
                }
            )
    return result
