"""Suggested ids for new records: readable pinyin slugs that no record has yet."""

from __future__ import annotations

import re
from collections.abc import Collection

from pypinyin import lazy_pinyin

from kg.extract.divisions import place_forms
from kg.extract.lexicon import SUFFIXES

__all__ = ["suggest_id"]

_SUFFIX = re.compile(
    "(?:" + "|".join(sorted({s for table in SUFFIXES.values() for s in table}, key=len, reverse=True)) + ")$"
)
_LEVEL_SUFFIX = re.compile(r"(?:特别行政区|自治州|自治县|街道|省|市|区|县|镇|乡)$")


def _pinyin_words(text: str, limit: int = 4) -> str:
    syllables = [s.lower() for s in lazy_pinyin(text) if re.fullmatch(r"[A-Za-z0-9]+", s)]
    words = ["".join(syllables[i : i + 2]) for i in range(0, len(syllables), 2)][:limit]
    return "-".join(words)


def suggest_id(name: str, label: str, kind: str | None, taken: Collection[str]) -> str:
    """A slug for a new record, made unique against ``taken``.

    Districts follow the curation guide (pinyin of the name without its level suffix, ``-town``
    for towns); other names drop leading places and their type suffix.

    >>> suggest_id("海宁市", "district", "county-level-city", set())
    'haining'
    >>> suggest_id("许村镇", "district", "town", set())
    'xucun-town'
    >>> suggest_id("王建平", "person", None, set())
    'wang-jianping'
    >>> suggest_id("宁波日报", "organization", "media", {"ningbo"})
    'ningbo-ribao'
    >>> suggest_id("杭州深图智能科技有限公司", "company", None, {"shentu"})
    'shentu-2'
    """
    if label == "person":
        syllables = [s.lower() for s in lazy_pinyin(name) if s.isalnum()]
        slug = f"{syllables[0]}-{''.join(syllables[1:])}" if len(syllables) > 1 else "".join(syllables)
    elif label == "district":
        core = _LEVEL_SUFFIX.sub("", name) or name
        slug = "".join(s.lower() for s in lazy_pinyin(core) if s.isalnum())
        slug += "-town" if kind in ("town", "subdistrict") else ""
    else:
        core = _SUFFIX.sub("", name)
        places = place_forms()
        whole = len(core) < 2 or core in places  # 宁波日报 → ningbo-ribao, not ningbo
        core = name if whole else core
        for size in (4, 3, 2):
            if not whole and core[:size] in places and len(core) - size >= 2:
                core = core[size:]
                break
        core = re.sub(r"(?:智能科技|数字科技|科技)$", "", core) or core
        slug = _pinyin_words(core)
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-") or "new-record"
    unique, count = slug, 1
    while unique in taken:
        count += 1
        unique = f"{slug}-{count}"
    return unique
