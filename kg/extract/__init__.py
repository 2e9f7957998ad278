"""Extraction: find known names, new-name candidates, relations and figures in articles.

The pipeline (:mod:`kg.extract.pipeline`) is a blank Chinese spaCy pipeline with the components
of :mod:`kg.extract.components`; :mod:`kg.extract.run` turns its results into the JSON of
`kg extract --format json` or a review file (:mod:`kg.extract.review`, :mod:`kg.extract.inbox`),
:mod:`kg.extract.accept` applies a reviewed file, and :mod:`kg.extract.evaluate` scores the
whole against a gold file.

>>> from kg.extract import build_nlp
>>> nlp = build_nlp(g.records.values())
>>> [(e.text, e.label_) for e in nlp("萧山区委书记在萧山调研。").ents]
[('萧山区委', 'organization'), ('萧山', 'district')]
"""

from __future__ import annotations

from kg.extract.pipeline import Extractor, ParagraphResult, build_nlp

__all__ = ["Extractor", "ParagraphResult", "build_nlp"]
