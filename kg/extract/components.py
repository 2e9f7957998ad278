"""The spaCy components of the extraction pipeline, registered with ``Language.factory``.

- ``hzkg_mentions``: known names (the gazetteer) and new-name candidates, settled into
  ``doc.ents`` (label = schema type, ``kb_id_`` = linked record id) and ``doc._.hzkg_mentions``;
- ``hzkg_figures``: quantities, into ``doc.spans["figures"]`` and ``doc._.hzkg_figures``;
- ``hzkg_relations``: trigger-word relation candidates, into ``doc._.hzkg_relations``.

They are exposed through the ``spacy_factories`` entry point, so a pipeline saved with
``nlp.to_disk`` loads again with ``spacy.load`` and no network. Only ``hzkg_mentions`` has
state worth saving (its gazetteer), written by ``to_disk`` and read by ``from_disk``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.atomic import write_bytes_atomic
from kg.extract.figures import find_figures
from kg.extract.gazetteer import Gazetteer
from kg.extract.mentions import Mention, resolve
from kg.extract.names import find_suffix_names
from kg.extract.people import find_people
from kg.extract.relations import find_relations
from kg.extract.shortforms import ShortForms
from kg.extract.terms import find_divisions, find_industries, find_policies, find_quoted_projects

__all__ = ["FigureFinder", "MentionFinder", "RelationFinder"]

for _name in ("hzkg_mentions", "hzkg_figures", "hzkg_relations"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Doc.has_extension("hzkg_boilerplate"):
    Doc.set_extension("hzkg_boilerplate", default=None)


def doc_text(doc: Doc) -> str:
    """The text of ``doc``, computed once: ``Doc.text`` joins every token again on each call."""
    text = doc.user_data.get("hzkg_text")
    if text is None:
        text = doc.user_data["hzkg_text"] = doc.text
    return str(text)


def _outside(candidates: list[Mention], boilerplate: list[tuple[int, int]] | None) -> list[Mention]:
    if not boilerplate:
        return candidates
    return [c for c in candidates if not any(a <= c.start < b for a, b in boilerplate)]


class MentionFinder:
    """Known names and new-name candidates, resolved longest first (see :mod:`kg.extract.mentions`)."""

    def __init__(self, nlp: Language, name: str, candidates: bool = True) -> None:
        self.name = name
        self.candidates = candidates
        self.gazetteer = Gazetteer()
        self.short_forms = ShortForms()
        self._places: set[str] = set()
        self._known: set[str] = set()

    def set_gazetteer(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        from kg.extract.divisions import place_forms

        known = {form for form, entry in gazetteer.entries.items() if entry.label == "district"}
        self._places = known | set(place_forms()) | {"中国"}
        self._known = {form for form, entry in gazetteer.entries.items() if entry.label != "district"}

    def start_document(self) -> None:
        """Forget the short forms learned from the previous document."""
        self.short_forms = ShortForms()

    def find(self, text: str, boilerplate: list[tuple[int, int]] | None = None) -> list[Mention]:
        """Mentions in ``text``; no new candidates inside the ``boilerplate`` spans."""
        if not self._places:
            self.set_gazetteer(self.gazetteer)
        found = self.gazetteer.find(text)
        if self.candidates:
            candidates = find_divisions(text)
            candidates += find_suffix_names(text, self._places, self._known)
            candidates += find_policies(text)
            candidates += find_industries(text, self._places)
            candidates += find_people(text)
            candidates += find_quoted_projects(text)
            found += _outside(candidates, boilerplate)
        mentions = resolve(text, found + _outside(self.short_forms.find(text), boilerplate))
        if self.candidates and self.short_forms.learn(mentions, self._places):
            # a name learned in this piece may be used by its short form further on
            mentions = resolve(text, found + _outside(self.short_forms.find(text), boilerplate))
        return mentions

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.find(doc_text(doc), doc._.hzkg_boilerplate)
        doc._.hzkg_mentions = mentions
        spans = []
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, label=mention.label, kb_id=mention.entity or "")
            if span is not None:
                spans.append(span)
        doc.ents = spans
        return doc

    def to_bytes(self, *, exclude: tuple[str, ...] = ()) -> bytes:
        return self.gazetteer.to_bytes()

    def from_bytes(self, data: bytes, *, exclude: tuple[str, ...] = ()) -> MentionFinder:
        self.set_gazetteer(Gazetteer.from_bytes(data))
        return self

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        write_bytes_atomic(Path(path) / "gazetteer.json", self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> MentionFinder:
        return self.from_bytes((Path(path) / "gazetteer.json").read_bytes())


class FigureFinder:
    """Quantities with units, hedges and growth cues."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        figures = find_figures(doc_text(doc))
        doc._.hzkg_figures = figures
        spans = [doc.char_span(f.start, f.end, label="FIGURE") for f in figures]
        doc.spans["figures"] = [s for s in spans if s is not None]
        return doc


class RelationFinder:
    """Trigger-word relation candidates between mentions of one sentence."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.hzkg_relations = find_relations(doc_text(doc), doc._.hzkg_mentions or [])
        return doc


@Language.factory("hzkg_mentions", default_config={"candidates": True})
def make_mention_finder(nlp: Language, name: str, candidates: bool) -> MentionFinder:
    return MentionFinder(nlp, name, candidates)


@Language.factory("hzkg_figures")
def make_figure_finder(nlp: Language, name: str) -> FigureFinder:
    return FigureFinder(nlp, name)


@Language.factory("hzkg_relations", requires=["doc.ents"])
def make_relation_finder(nlp: Language, name: str) -> RelationFinder:
    return RelationFinder(nlp, name)


def component(nlp: Language, name: str) -> Any:
    """The pipe ``name`` of ``nlp`` (typed loosely: spaCy's stubs do not know our classes)."""
    return nlp.get_pipe(name)


__all__ += ["component", "doc_text", "make_figure_finder", "make_mention_finder", "make_relation_finder"]
