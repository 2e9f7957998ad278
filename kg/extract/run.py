"""`kg extract` as library functions: find the source a file is, then stream or review it.

Nothing here prints: JSON comes back as text pieces to write as they come (a 50 MB article is
never held whole), and problems as :class:`~kg.errors.Problem` lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import Problem
from kg.extract.inbox import load_rejected, review_data
from kg.extract.pipeline import Extractor
from kg.extract.reader import InputError, Sniffed, sniff
from kg.extract.review import Review
from kg.load import SOURCES_FILE, Curation
from kg.schema import Source
from kg.text import Damage

__all__ = ["Target", "damage_problems", "json_document", "open_target", "review_document"]


@dataclass
class Target:
    """An article file ready to extract: where it is, which source it is, how it decodes."""

    path: Path
    display: str
    source: Source | None
    sniffed: Sniffed


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _registered(path: Path, root: Path, sources: dict[str, Source]) -> Source | None:
    resolved = path.resolve()
    for source in sources.values():
        if source.file and (root / "seeds" / source.file).resolve() == resolved:
            return source
    return None


def open_target(path: Path, curation: Curation, *, need_source: bool) -> tuple[Target | None, list[Problem]]:
    """Check that ``path`` is a readable article; say which source it is.

    Returns the target (or None when it cannot be read) and the problems found: an unreadable
    file is an error; an unregistered one is an error when ``need_source`` (a review needs
    citations), a warning otherwise.
    """
    display = _display(path, curation.root)
    try:
        sniffed = sniff(path)
    except InputError as exc:
        return None, [Problem(display, exc.line, exc.col, exc.code, str(exc))]
    problems: list[Problem] = []
    if sniffed.replaced:
        problems.append(
            Problem(
                display,
                1,
                1,
                "KG605",
                f"{sniffed.replaced} byte sequence(s) are not UTF-8 (first at byte {sniffed.first_bad}); "
                "they were replaced with U+FFFD — save the file in one encoding",
                "warning",
            )
        )
    source = _registered(path, curation.root, curation.sources)
    if source is None:
        hint = f"add an entry with file: {path.name} to {SOURCES_FILE} (and put the file in seeds/)"
        if need_source:
            problems.append(
                Problem(display, 1, 1, "KG603", f"not registered as a source, so nothing can cite it; {hint}")
            )
            return None, problems
        problems.append(
            Problem(display, 1, 1, "KG604", f"not registered as a source; mentions only — {hint}", "warning")
        )
    return Target(path, display, source, sniffed), problems


def damage_problems(target: Target, damage: list[Damage], limit: int = 20) -> list[Problem]:
    """KG503 warnings for stretches of the article that lost bytes (the first ``limit``)."""
    problems = [
        Problem(
            target.display,
            d.line,
            d.col,
            "KG503",
            f"{d.text!r} lost bytes in decoding; check mentions near it",
            "warning",
        )
        for d in damage[:limit]
    ]
    if len(damage) > limit:
        last = damage[-1]
        more = f"{len(damage) - limit} more damaged stretches, the last at line {last.line}"
        problems.append(Problem(target.display, last.line, last.col, "KG503", more, "warning"))
    return problems


def json_document(extractor: Extractor, target: Target, damage: list[Damage] | None = None) -> Iterator[str]:
    """One document as a JSON object on one line, written piece by piece.

    ``{"file", "source", "encoding", "mentions": [{"text", "start", "end", "label", "entity"}]}``
    with ``start``/``end`` indexing the decoded raw text.
    """
    head = {"file": target.display, "source": target.source.id if target.source else None}
    yield (
        json.dumps(head | {"encoding": target.sniffed.encoding}, ensure_ascii=False)[:-1] + ', "mentions": ['
    )
    first = True
    for result in extractor.file(target.path, target.sniffed):
        if damage is not None:
            damage += result.paragraph.damage
        pieces = []
        for mention in result.mentions:
            start, end = result.paragraph.raw_span(mention.start, mention.end)
            row = {
                "text": mention.text,
                "start": start,
                "end": end,
                "label": mention.label,
                "entity": mention.entity,
            }
            pieces.append(json.dumps(row, ensure_ascii=False))
        if pieces:
            yield ("" if first else ", ") + ", ".join(pieces)
            first = False
    yield "]}\n"


def _year(source: Source | None) -> int | None:
    return int(source.date[:4]) if source and source.date else None


def review_document(
    extractor: Extractor, target: Target, curation: Curation, damage: list[Damage] | None = None
) -> dict[str, Any]:
    """The review data of one registered article, rejected proposals left out."""
    source_id = target.source.id if target.source else None
    review = Review(source_id, curation.records, _year(target.source))
    for result in extractor.file(target.path, target.sniffed):
        review.add(result)
        if damage is not None:
            damage += result.paragraph.damage
    rejected = load_rejected(curation.root).get(source_id or "", {})
    return review_data(review, target.display, rejected)
