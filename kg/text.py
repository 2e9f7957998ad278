"""Source text normalisation: decode, strip pinyin annotations, Traditional → Simplified.

Quotes are verified and mentions found in the *normalised* text; the offset map sends every
position back to the decoded raw text, so a mention can always be shown where it really is.
Damage that cannot be repaired (GBK bytes decoded out of alignment, lost bytes shown as ``?``)
is reported with its line and column, never silently smoothed over.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

__all__ = [
    "Damage",
    "NormalisedText",
    "decode",
    "find_damage",
    "normalise",
    "strip_pinyin",
    "to_simplified",
]

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SYLLABLE = (
    r"(?:er|(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|ia|ie|iu|in|ua"
    r"|uo|ui|un|ue|ve|vn|a|o|e|i|u|v))"
)
_PINYIN = re.compile(rf"(?:{_SYLLABLE})+")
_ANNOTATION = re.compile(rf"(?<=[{_CJK}])\(([a-zà-ɏḀ-ỿ\u0300-\u036f]{{1,40}})\)")
_NEUTRAL = frozenset(
    ["de", "men", "le", "ma", "ne", "ba", "zi", "me", "ge", "a", "zhe", "guo", "li", "shang", "xia"]
)
"""Toneless syllables that annotations still carry (的 de, 们 men, 了 le …)."""


def _toneless(syllables: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllables.replace("ü", "v"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ü", "v")


def is_pinyin_annotation(group: str) -> bool:
    """True when ``group`` (the text inside parentheses) is a pinyin reading.

    It must be lowercase, parse as pinyin syllables once tone marks are dropped, and either carry
    a tone mark or be a toneless particle, so ``(center)`` and ``(AI)`` stay.

    >>> [is_pinyin_annotation(g) for g in ["jīdì", "men", "center", "AI", "化纤纺织", "chuántǒngchǎnyè"]]
    [True, True, False, False, False, True]
    """
    if group != group.lower():
        return False
    bare = _toneless(group)
    if not _PINYIN.fullmatch(bare):
        return False
    return bare != group or bare in _NEUTRAL


def strip_pinyin(text: str) -> tuple[str, list[int]]:
    """Remove pinyin annotations after Chinese words; return the text and its offset map.

    ``offsets[i]`` is the index in ``text`` of character ``i`` of the result; one extra entry
    maps the end.

    >>> clean, offsets = strip_pinyin("基地(jīdì)和(化纤纺织)")
    >>> clean, offsets[2]
    ('基地和(化纤纺织)', 8)
    """
    pieces: list[str] = []
    offsets: list[int] = []
    kept_from = 0
    for match in _ANNOTATION.finditer(text):
        if not is_pinyin_annotation(match.group(1)):
            continue
        pieces.append(text[kept_from : match.start()])
        offsets.extend(range(kept_from, match.start()))
        kept_from = match.end()
    pieces.append(text[kept_from:])
    offsets.extend(range(kept_from, len(text) + 1))
    return "".join(pieces), offsets


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified with OpenCC ``t2s``, keeping the length (and so every offset).

    Where a phrase conversion would change the length, that line is converted one character at
    a time instead.

    >>> to_simplified("產業規劃 錢塘新區")
    '产业规划 钱塘新区'
    """
    converter = _t2s()
    converted = str(converter.convert(text))
    if len(converted) == len(text):
        return converted
    lines = []
    for line in text.split("\n"):
        out = str(converter.convert(line))
        if len(out) != len(line):
            out = "".join(c if len(s := str(converter.convert(c))) != 1 else s for c in line)
        lines.append(out)
    return "\n".join(lines)


def decode(data: bytes) -> tuple[str, str]:
    """Decode source bytes as UTF-8 (BOM dropped), else GB18030; return text and encoding.

    Raises UnicodeDecodeError when neither fits.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030"


@dataclass(frozen=True)
class Damage:
    """A stretch of raw text that lost bytes; ``start``/``end`` index the decoded raw text."""

    start: int
    end: int
    line: int
    col: int
    text: str


_LOST = re.compile(r"\?{2,}|\ufffd+|\?")


def find_damage(raw: str, window: int = 6) -> list[Damage]:
    """Find text that lost bytes: U+FFFD, ``??``, and lone ``?`` within ``window`` of those.

    A single ``?`` on its own is punctuation (何以解忧?唯有创新), not damage.

    >>> [d.text for d in find_damage("何以解忧?唯有创新。規??偭亢椭袊?0%")]
    ['??偭亢椭袊?']
    """
    marks = [m.span() for m in _LOST.finditer(raw)]
    strong = [(s, e) for s, e in marks if e - s > 1 or raw[s] == "\ufffd"]
    if not strong:
        return []
    spans: list[list[int]] = []
    for start, end in marks:
        near_strong = any(s - window <= start <= e + window for s, e in strong)
        if not near_strong:
            continue
        if spans and start - spans[-1][1] <= window:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    out = []
    for start, end in spans:
        line = raw.count("\n", 0, start) + 1
        col = start - (raw.rfind("\n", 0, start) + 1) + 1
        out.append(Damage(start, end, line, col, raw[start:end]))
    return out


@dataclass
class NormalisedText:
    """A source's text as decoded (``raw``) and normalised (``text``), with the map between."""

    raw: str
    text: str
    offsets: list[int]
    encoding: str = "utf-8"
    damage: list[Damage] = field(default_factory=list)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw-text span of the normalised span ``[start, end)``."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def line_col(self, raw_offset: int) -> tuple[int, int]:
        """1-based line and column in the raw text."""
        line_start = self.raw.rfind("\n", 0, raw_offset) + 1
        return self.raw.count("\n", 0, raw_offset) + 1, raw_offset - line_start + 1


def normalise(source: bytes | str) -> NormalisedText:
    """Decode (if bytes), strip pinyin, convert to Simplified; keep offsets back to the raw text.

    >>> n = normalise("當(dāng)前位置:產(chǎn)業")
    >>> start, end = n.raw_span(5, 7)
    >>> n.text, (start, end), n.raw[start:end]
    ('当前位置:产业', (11, 19), '產(chǎn)業')
    """
    raw, encoding = (source, "utf-8") if isinstance(source, str) else decode(source)
    stripped, offsets = strip_pinyin(raw)
    return NormalisedText(raw, to_simplified(stripped), offsets, encoding, find_damage(raw))
