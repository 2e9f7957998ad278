"""Derived name forms: pinyin and Traditional script, never typed in by curators."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

__all__ = ["SearchForm", "pinyin", "pinyin_syllables", "plain", "search_forms", "traditional"]


@cache
def _s2t() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def traditional(name: str) -> str:
    """Traditional form of a Simplified name.

    >>> traditional("钱塘新区")
    '錢塘新區'
    """
    return str(_s2t().convert(name))


@cache
def pinyin_syllables(name: str) -> tuple[str, ...]:
    """Toneless pinyin syllables of a name; Latin runs stay whole and lowercased.

    >>> pinyin_syllables("士兰微"), pinyin_syllables("HGT51F 燃气轮机")
    (('shi', 'lan', 'wei'), ('hgt51f', 'ran', 'qi', 'lun', 'ji'))
    """
    from pypinyin import lazy_pinyin

    return tuple(s.strip().lower() for s in lazy_pinyin(name) if s.strip())


def pinyin(name: str) -> str:
    """Toneless pinyin with the syllables joined: 士兰微 → ``shilanwei``."""
    return "".join(pinyin_syllables(name))


_PUNCTUATION = str.maketrans("", "", "“”‘’\"'《》「」〈〉()（）·・ \t")


def plain(text: str) -> str:
    """Lowercase, without quotes, title marks, brackets or spaces, for matching names.

    >>> plain('安吉“两山”科创园')
    '安吉两山科创园'
    """
    return text.lower().translate(_PUNCTUATION)


@dataclass(frozen=True)
class SearchForm:
    """One way a record can be found: a plain form of a name, and where a match may start."""

    text: str
    starts: frozenset[int] | None = None
    """Offsets at which a match may begin (syllable starts, for pinyin); None for anywhere."""

    def match(self, query: str) -> int | None:
        """0 for an exact match, 1 for a prefix, 2 elsewhere, None for no match."""
        if self.text == query:
            return 0
        at = self.text.find(query)
        while at >= 0:
            if self.starts is None or at in self.starts:
                return 1 if at == 0 else 2
            at = self.text.find(query, at + 1)
        return None


def search_forms(name: str) -> list[SearchForm]:
    """The forms a search should match: the name, its Traditional form, its pinyin.

    Pinyin matches only from a syllable start, so "anji" finds 安吉 but not 长江 (changjiang).

    >>> [form.text for form in search_forms("安吉县")]
    ['安吉县', '安吉縣', 'anjixian']
    >>> [form.match("anji") for form in search_forms("长江三角洲")]
    [None, None, None]
    """
    forms = [SearchForm(plain(name)), SearchForm(plain(traditional(name)))]
    syllables = [s for s in (plain(s) for s in pinyin_syllables(name)) if s]
    offsets, total = set(), 0
    for syllable in syllables:
        offsets.add(total)
        total += len(syllable)
    forms.append(SearchForm("".join(syllables), frozenset(offsets)))
    unique: dict[str, SearchForm] = {}
    for form in forms:
        if form.text and form.text not in unique:
            unique[form.text] = form
    return list(unique.values())
