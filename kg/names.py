"""Derived name forms: pinyin and Traditional script, never typed in by curators."""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = ["pinyin", "search_forms", "traditional"]


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
def pinyin(name: str) -> str:
    """Toneless pinyin, syllables joined, Latin letters kept: 士兰微 → ``shilanwei``.

    >>> pinyin("士兰微"), pinyin("HGT51F 燃气轮机")
    ('shilanwei', 'hgt51franqilunji')
    """
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name)).replace(" ", "").lower()


def search_forms(name: str) -> list[str]:
    """Lowercased forms a search should match: the name, its Traditional form, its pinyin."""
    forms = [name.lower(), traditional(name).lower(), pinyin(name)]
    return list(dict.fromkeys(f for f in forms if f))
