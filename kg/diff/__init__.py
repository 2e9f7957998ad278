"""Semantic diff of two curation trees, for reviewing a pull request.

>>> from kg.diff import FLAG_KINDS
>>> FLAG_KINDS["still-referenced"]
'removed or renamed while others still point at it'

:func:`review_revisions` compares two git revisions (or one and the working tree) and returns a
:class:`Review`: records added, removed, changed and renamed, field by field, with relations and
figures matched by meaning; source changes; and flags that say why a change needs a look. The
renderers turn it into Markdown for a PR comment, JSON for tools, or an HTML picture.
"""

from __future__ import annotations

from kg.diff.model import FLAG_KINDS, Flag, RecordChange, Review
from kg.diff.review import review_revisions

__all__ = ["FLAG_KINDS", "Flag", "RecordChange", "Review", "review_revisions"]
