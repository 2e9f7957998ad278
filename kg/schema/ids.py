"""Formats of external identifiers, each checked down to its check digit where it has one."""

from __future__ import annotations

import re

__all__ = ["adcode_problem", "stock_code_problem", "uscc_problem", "wikidata_problem"]

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: no I, O, S, V, Z
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_STOCK = re.compile(r"^(?:\d{6}\.(?:SH|SZ|BJ)|\d{4,5}\.HK)$")


def adcode_problem(code: str) -> str | None:
    """Why ``code`` is not an administrative division code (GB/T 2260), or None.

    >>> adcode_problem("330113") is None
    True
    >>> adcode_problem("33011")
    'an adcode has 6 digits'
    """
    if not re.fullmatch(r"\d{6}", code):
        return "an adcode has 6 digits"
    if code[:2] in ("00", "10", "20") or code[:2] > "82":
        return f"{code[:2]!r} is not a province-level prefix"
    return None


def uscc_check_digit(first17: str) -> str:
    """The 18th character of a unified social credit code, from its first 17."""
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Why ``code`` is not a unified social credit code (GB 32100), or None.

    >>> uscc_problem("91330100MA2B0FB" + "8X")
    'a USCC has 18 characters from 0-9 and A-Y without I, O, S, V, Z'
    """
    if len(code) != 18 or any(c not in _USCC_ALPHABET for c in code):
        return "a USCC has 18 characters from 0-9 and A-Y without I, O, S, V, Z"
    expected = uscc_check_digit(code[:17])
    if code[17] != expected:
        return f"check digit is {code[17]!r} but should be {expected!r}"
    return None


def stock_code_problem(code: str) -> str | None:
    """Why ``code`` is not an exchange-qualified stock code, or None.

    >>> stock_code_problem("600460.SH") is None, stock_code_problem("9988.HK") is None
    (True, True)
    >>> stock_code_problem("600460")
    'write the code with its exchange: 600460.SH, 002415.SZ, 430047.BJ or 9988.HK'
    """
    if not _STOCK.match(code):
        return "write the code with its exchange: 600460.SH, 002415.SZ, 430047.BJ or 9988.HK"
    return None


def wikidata_problem(qid: str) -> str | None:
    """Why ``qid`` is not a Wikidata item id, or None."""
    return None if re.fullmatch(r"Q[1-9]\d*", qid) else "a Wikidata item id looks like Q1234"
