"""The extraction pipeline: a blank Chinese spaCy pipeline with the hzkg components.

``spacy.blank("zh")`` keeps its default character segmenter (jieba would cut names whose edges
differ from its words), then ``hzkg_mentions``, ``hzkg_figures`` and ``hzkg_relations`` run on
one paragraph at a time. Nothing is downloaded: the gazetteer comes from the curation, the
division list and rules from this package.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from kg.extract.components import component
from kg.extract.figures import Figure
from kg.extract.gazetteer import Gazetteer, entries_from_records
from kg.extract.lexicon import BOILERPLATE
from kg.extract.mentions import Mention
from kg.extract.reader import Paragraph, Sniffed, chunks, read_paragraphs
from kg.extract.relations import RelationCandidate, sentences
from kg.schema import Record

__all__ = ["Extractor", "ParagraphResult", "build_nlp", "is_boilerplate"]


def is_boilerplate(text: str) -> bool:
    """True for navigation, footer and comment-box lines, which yield no new candidates.

    >>> [is_boilerplate(t) for t in ["当前位置:主页 > 新闻中心 >", "- 政策解读", "萧山区位于杭州。"]]
    [True, True, False]
    """
    stripped = text.strip()
    if len(stripped) <= 60 and any(marker in stripped for marker in BOILERPLATE):
        return True
    if stripped.startswith(("- ", "· ", "• ")) and len(stripped) <= 20:
        return True
    return " > " in stripped and len(stripped) <= 80


def build_nlp(records: Iterable[Record] = (), *, candidates: bool = True) -> Language:
    """A blank Chinese pipeline with the hzkg components, its gazetteer made from ``records``."""
    nlp = spacy.blank("zh")
    nlp.add_pipe("hzkg_mentions", config={"candidates": candidates})
    nlp.add_pipe("hzkg_figures")
    nlp.add_pipe("hzkg_relations")
    component(nlp, "hzkg_mentions").set_gazetteer(Gazetteer(entries_from_records(records)))
    return nlp


@dataclass
class ParagraphResult:
    """What the pipeline found in one paragraph (offsets index ``paragraph.text``)."""

    paragraph: Paragraph
    mentions: list[Mention]
    figures: list[Figure]
    relations: list[RelationCandidate]
    boilerplate: list[tuple[int, int]]
    """Spans of navigation, footer and comment lines, and of damaged text: no new candidates there."""

    def sentences(self) -> list[tuple[int, int]]:
        return sentences(self.paragraph.text)


class Extractor:
    """Runs the pipeline over files, paragraph by paragraph."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    @classmethod
    def from_records(cls, records: Iterable[Record], *, candidates: bool = True) -> Extractor:
        return cls(build_nlp(records, candidates=candidates))

    def run(self, paragraph: Paragraph) -> ParagraphResult:
        doc = self.nlp.make_doc(paragraph.text)
        doc.user_data["hzkg_text"] = paragraph.text
        text = paragraph.text
        boilerplate = [(a, b) for a, b in paragraph.line_spans() if is_boilerplate(text[a:b])]
        for damage in paragraph.damage:  # bytes lost there: no new names made of the debris
            boilerplate.append(
                (
                    bisect.bisect_left(paragraph.offsets, damage.start),
                    bisect.bisect_left(paragraph.offsets, damage.end),
                )
            )
        doc._.hzkg_boilerplate = boilerplate
        for _, pipe in self.nlp.pipeline:
            doc = pipe(doc)
        return ParagraphResult(
            paragraph, doc._.hzkg_mentions, doc._.hzkg_figures, doc._.hzkg_relations, boilerplate
        )

    def file(self, path: Path, sniffed: Sniffed | None = None) -> Iterator[ParagraphResult]:
        """Results for every paragraph of ``path``; short forms are learned afresh per file."""
        component(self.nlp, "hzkg_mentions").start_document()
        for piece in chunks(read_paragraphs(path, sniffed)):
            yield self.run(piece)
