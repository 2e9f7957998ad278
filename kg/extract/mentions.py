"""Mentions, and how overlapping ones are settled into one flat reading of a paragraph.

Known names and new-name candidates compete for the same characters. The longest span wins;
on equal spans a known name beats a division-list name, which beats a rule. That one ordering
is the boundary filter: 萧山区委 (an organisation, from the 委 suffix) covers 萧山区 (a known
district), so the district is not a mention there; 杭州士兰微 covers 杭州.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PRIORITY", "Mention", "resolve"]

PRIORITY = {"gazetteer": 0, "division": 1, "short-form": 2}
"""Rules not listed rank after these."""

_NOT_AFTER_PLACE = frozenset("湾")
"""A place name followed by one of these is part of another word (杭州湾 is a bay)."""


@dataclass
class Mention:
    """A span of a paragraph's normalised text that names something."""

    start: int
    end: int
    text: str
    label: str
    """A schema type name: company, district, organization …"""
    entity: str | None
    """The linked record id, or None for a new-name candidate."""
    rule: str
    """What found it: gazetteer, division, company-suffix, title …"""
    kind: str | None = None
    """Suggested type-specific value (kind, or level for a district)."""
    name: str | None = None
    """For a short form of a candidate found earlier, that candidate's full name."""
    adcode: str | None = None
    parent_adcode: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


def _acceptable(mention: Mention, text: str) -> bool:
    if mention.label == "district" and mention.rule in ("gazetteer", "division"):
        after = text[mention.end : mention.end + 1]
        return after not in _NOT_AFTER_PLACE
    return True


def resolve(text: str, found: list[Mention]) -> list[Mention]:
    """The non-overlapping mentions of ``text``, longest first, in text order.

    >>> a = Mention(0, 3, "萧山区", "district", "xiaoshan", "gazetteer")
    >>> b = Mention(0, 4, "萧山区委", "organization", None, "organization-suffix")
    >>> [m.text for m in resolve("萧山区委书记", [a, b])]
    ['萧山区委']
    """
    ranked = sorted(
        (m for m in found if m.end > m.start and _acceptable(m, text)),
        key=lambda m: (-m.length, PRIORITY.get(m.rule, 9), m.start),
    )
    taken = bytearray(len(text))
    kept: list[Mention] = []
    for mention in ranked:
        if any(taken[mention.start : mention.end]):
            continue
        taken[mention.start : mention.end] = b"\x01" * mention.length
        kept.append(mention)
    return sorted(kept, key=lambda m: m.start)
