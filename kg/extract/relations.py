"""Relation candidates: two mentions in one sentence joined by a trigger word.

``宁波方太厨具…由杭州士兰微提供`` → 士兰微 supplies 方太; ``X位于Y`` → X located_in Y;
``X印发《Y》`` → Y issued_by X. A candidate is kept only when the predicate allows the two
types (kg/schema/relations.py), so the vocabulary does the filtering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.lexicon import TRIGGERS
from kg.extract.mentions import Mention
from kg.schema import PREDICATES

__all__ = ["RelationCandidate", "find_relations", "sentences"]

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?[”\"]?")
_BY = re.compile(r"由")
_JOINER = re.compile(r"向|为|给|与|和|同")
_NOUN_AFTER = frozenset("额者方商")
_REACH = 40
"""Farthest a mention may sit from its trigger, in characters."""


@dataclass(frozen=True)
class RelationCandidate:
    subject: Mention
    rel: str
    object: Mention
    trigger: str
    sentence: tuple[int, int]
    """Span of the evidence sentence in the paragraph's normalised text."""
    role: str | None = None
    """For works_for: the role as stated (董事长, 顾问)."""


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph, cut after 。！？；.

    >>> sentences("甲。乙!丙")
    [(0, 2), (2, 4), (4, 5)]
    """
    return [m.span() for m in _SENTENCE.finditer(text) if m.group().strip()]


def _fits(rel: str, subject: Mention, obj: Mention) -> bool:
    predicate = PREDICATES[rel]
    same = subject.entity is not None and subject.entity == obj.entity
    return subject.label in predicate.domain and obj.label in predicate.range and not same


_TRIGGER_TABLE = {word: (rel, direction == "a>b") for word, rel, direction in TRIGGERS}
_TRIGGER = re.compile("|".join(map(re.escape, sorted(_TRIGGER_TABLE, key=len, reverse=True))))


def _triggers(text: str, start: int, end: int) -> list[tuple[int, int, str, str, bool]]:
    """(start, end, word, rel, subject-first) for every trigger occurrence in ``text[start:end]``."""
    out = []
    for match in _TRIGGER.finditer(text, start, end):
        if (
            text[match.start() - 1 : match.start()] == "总"
            or text[match.end() : match.end() + 1] in _NOUN_AFTER
        ):
            continue  # 总投资, 投资额: the word is a noun here, not a verb
        rel, subject_first = _TRIGGER_TABLE[match.group()]
        out.append((match.start(), match.end(), match.group(), rel, subject_first))
    return out


def _roles(text: str, inside: list[Mention], sentence: tuple[int, int]) -> list[RelationCandidate]:
    """A person named after an organisation and a role works for it (深图智能顾问李国兴)."""
    found = []
    for index, person in enumerate(inside):
        if person.label != "person" or index == 0:
            continue
        employer = inside[index - 1]
        role = text[employer.end : person.start]
        if (
            employer.label in ("company", "organization")
            and role
            and len(role) <= 8
            and role.endswith(person.kind or "\0")
        ):
            found.append(
                RelationCandidate(person, "works_for", employer, role, sentence, role.lstrip("的相关"))
            )
    return found


def find_relations(text: str, mentions: list[Mention]) -> list[RelationCandidate]:
    """Relation candidates in one paragraph, one per trigger at most."""
    found: list[RelationCandidate] = []
    seen: set[tuple[int, int, str]] = set()
    for start, end in sentences(text):
        inside = [m for m in mentions if m.start >= start and m.end <= end]
        found += _roles(text, inside, (start, end))
        if len(inside) < 2:
            continue
        for t_start, t_end, word, rel, subject_first in _triggers(text, start, end):
            if any(m.start < t_end and t_start < m.end for m in inside):
                continue  # the trigger is part of a name (城市建设投资集团)
            before = [m for m in inside if m.end <= t_start and t_start - m.end <= _REACH]
            after = [m for m in inside if m.start >= t_end and m.start - t_end <= _REACH]
            by = _BY.search(text, max(start, t_start - _REACH), t_start)
            if word in ("提供", "发布", "印发", "出台") and by and before:
                agent = [m for m in before if m.start >= by.end()]
                other = [m for m in before if m.end <= by.start()] or after
                if agent and other:
                    a, b = (agent[-1], other[-1] if other is not after else other[0])
                    subject, obj = (a, b) if rel == "supplies" else (b, a)
                    if _fits(rel, subject, obj) and (key := (subject.start, obj.start, rel)) not in seen:
                        seen.add(key)
                        found.append(RelationCandidate(subject, rel, obj, f"由…{word}", (start, end)))
                    continue
            pair = before[-2:] if len(before) >= 2 else []
            if pair and _JOINER.search(text, pair[0].end, pair[1].start) and pair[1].start - pair[0].end <= 3:
                a, b = pair  # A向B供应, A与B合作, A为B提供
            elif not before or not after:
                continue
            else:
                a, b = before[-1], after[0]
            subject, obj = (a, b) if subject_first else (b, a)
            if _fits(rel, subject, obj) and (key := (subject.start, obj.start, rel)) not in seen:
                seen.add(key)
                found.append(RelationCandidate(subject, rel, obj, word, (start, end)))
    return found
