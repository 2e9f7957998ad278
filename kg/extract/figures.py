"""Figures in text: quantities with units, magnitudes, hedges, growth cues and percentages.

``2.66万标箱`` → 2.66 in 万标箱 (26,600 标箱); ``增长17.7%`` → 17.7 %, cue 增长; ``1700多家`` →
1700 家, approx 多; ``4.2万亿元`` → 4.2 in 万亿元. Units are those of the metric vocabulary
(:mod:`kg.schema.metrics`), so whatever is found here can become an indicator. Dates (2024年,
5月9日) and ordinals (第3) are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.schema.metrics import BASE_UNITS, MAGNITUDES, parse_unit

__all__ = ["Figure", "chinese_number", "find_figures", "period_of"]

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+"
_MAG = "|".join(sorted((m for m in MAGNITUDES if m not in "十百千"), key=len, reverse=True))
_UNITS = "|".join(sorted([*BASE_UNITS, "个月"], key=len, reverse=True)).replace("%|", "")
_FIGURE = re.compile(
    rf"(?P<pre>将近|接近|超过|突破|近|超|约|逾)?"
    rf"(?:(?P<num>{_NUM})(?P<a1>多|余)?(?P<mag>{_MAG})?(?P<a2>多|余)?(?P<unit>{_UNITS})(?P<post>以上|左右)?"
    rf"|(?P<pnum>\d+(?:\.\d+)?)\s*[%％](?P<ppost>以上|左右)?)"
)
_PRE = {
    "将近": "近",
    "接近": "近",
    "超过": "超",
    "突破": "超",
    "近": "近",
    "超": "超",
    "约": "约",
    "逾": "超",
}
_CUES = (
    "同比增长",
    "同比下降",
    "增长",
    "增速",
    "下降",
    "提升",
    "提高",
    "降低",
    "增加",
    "占比",
    "比重",
    "同比",
)
_WEAK_UNITS = frozenset(["个", "位", "名", "次", "种", "类", "批", "条", "张", "座", "届", "款", "件", "城"])
_YEAR = re.compile(r"(20\d{2}|19\d{2})年")
_MONTHS = re.compile(r"(\d{1,2})[-—至~](\d{1,2})月|前(\d{1,2})[个]?月|([一二三四1-4])季度|(上|下)半年")


def chinese_number(text: str) -> float | None:
    """Value of a Chinese numeral (二十 → 20, 一百二十 → 120, 五 → 5); None if it is not one.

    >>> chinese_number("二十"), chinese_number("十八"), chinese_number("一百二十"), chinese_number("亿")
    (20.0, 18.0, 120.0, None)
    """
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
        else:
            return None
    return float(total + (digit or 0)) if text else None


@dataclass(frozen=True)
class Figure:
    """A quantity found in a paragraph; ``start``/``end`` index its normalised text."""

    start: int
    end: int
    text: str
    value: float
    unit: str
    """As written, magnitude included: 万标箱, 亿元, %, 家."""
    approx: str | None
    cue: str | None
    """Growth or share word just before it (增长, 同比, 占比 …)."""

    @property
    def base_value(self) -> float:
        parsed = parse_unit(self.unit)
        return self.value * (parsed[0] if parsed else 1.0)

    @property
    def dimension(self) -> str | None:
        parsed = parse_unit(self.unit)
        return BASE_UNITS.get(parsed[1]) if parsed else None


def _is_date(text: str, match: re.Match[str], number: float) -> bool:
    unit = match.group("unit")
    if unit == "年" and number >= 1900 and not match.group("mag"):
        return True
    if unit == "月" and number <= 12:
        return True
    return text[max(0, match.start() - 1) : match.start()] == "第"


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text``, in order.

    >>> for f in find_figures("达2.66万标箱,同比增长33%,1700多家,4.2万亿元"):
    ...     print(f.value, f.unit, f.approx, f.cue)
    2.66 万标箱 None None
    33.0 % None 同比增长
    1700.0 家 多 None
    4.2 万亿元 None None
    """
    found = []
    for match in _FIGURE.finditer(text):
        raw = match.group("num") or match.group("pnum")
        if raw is None:
            continue
        is_digits = raw[0].isdigit()
        number = float(raw.replace(",", "")) if is_digits else chinese_number(raw)
        if number is None:
            continue
        if match.group("pnum"):
            unit = "%"
        else:
            unit = (match.group("mag") or "") + match.group("unit")
            if unit == "个月":
                unit = "月"
            weak = (
                not is_digits
                and not match.group("mag")
                and (len(raw) < 2 or match.group("unit") in _WEAK_UNITS)
            )
            if weak or _is_date(text, match, number) or parse_unit(unit) is None:
                continue
        hedges = [match.group(g) for g in ("a1", "a2", "post", "ppost")] + [
            _PRE.get(match.group("pre") or "")
        ]
        approx = next((h for h in hedges if h), None)
        before = re.split(r"[，,。；;、:：\n]", text[max(0, match.start() - 6) : match.start()])[-1]
        cue = next((c for c in _CUES if c in before), None)
        found.append(Figure(match.start(), match.end(), match.group(0), number, unit, approx, cue))
    return found


def period_of(sentence: str, year: int | None) -> str | None:
    """The period a sentence states, resolved against the article's ``year`` where relative.

    >>> period_of("今年前3月,集装箱达2.66万标箱", 2024), period_of("1-7月,增速6.3%", 2025)
    ('2024-Q1', '2025-01/2025-07')
    >>> period_of("2022年11月,绍兴市发布", None)
    '2022'
    """
    explicit = _YEAR.search(sentence)
    base = int(explicit.group(1)) if explicit else year if "今年" in sentence or not explicit else None
    if "去年" in sentence and year and not explicit:
        base = year - 1
    months = _MONTHS.search(sentence)
    if base is None:
        return None
    if months is None:
        return str(base) if explicit or "今年" in sentence or "去年" in sentence else None
    first, last, upto, quarter, half = months.groups()
    if first and last:
        return f"{base}-{int(first):02d}/{base}-{int(last):02d}"
    if upto:
        return f"{base}-Q1" if upto == "3" else f"{base}-01/{base}-{int(upto):02d}"
    if quarter:
        return f"{base}-Q{'一二三四'.index(quarter) + 1 if not quarter.isdigit() else quarter}"
    return f"{base}-H{1 if half == '上' else 2}"
