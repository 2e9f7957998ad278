"""New-name candidates built on a suffix: companies, organisations, parks, infrastructure.

A suffix (有限公司, 管委会, 经济技术开发区, 港区 …) is found first; the name is the run of name
characters before it, cut on the left where a name cannot go on: after the last boundary word
(由, 的, 位于 …), after generic lead-ins (龙头企业), and at the first place name when one comes
later (由杭州深图智能科技有限公司 → 杭州深图智能科技有限公司).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache
from typing import Any

import ahocorasick

from kg.extract.lexicon import BOUNDARY_WORDS, GENERIC_BODIES, GENERIC_PREFIXES, SUFFIXES
from kg.extract.mentions import Mention

__all__ = ["MAX_BODY", "find_suffix_names", "name_start", "place_prefix", "run_start"]

MAX_BODY = 16
_NAME_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9·]")
_BOUNDARY = re.compile("|".join(map(re.escape, BOUNDARY_WORDS)))
_RELATIVE = ("省", "市", "区", "县")
_COUNTED = re.compile(r"[一二两三四五六七八九十几\d]+[条个家座批所项]")
_NEEDS_PLACE = frozenset({"局", "厅", "政府", "委员会", "片区", "网"})
_NOT_AFTER: dict[str, str] = {"港": "口澳股币元资台城航务湾", "集团": "化军", "高铁": "站", "大学": "生城"}
"""Characters after a suffix that show it is part of another word (港口, 集团化)."""
_EXTENSION = {"高铁": re.compile(r"[\u4e00-\u9fff]{2}段")}
"""What may follow a suffix and still belong to the name (合杭高铁湖杭段)."""
_SHORT_BODY = {"通道": 4, "大道": 4, "航道": 6, "港": 6, "码头": 6}


@cache
def _suffixes() -> tuple[Any, dict[str, tuple[str, str]]]:
    table = {suffix: (label, kind) for label, items in SUFFIXES.items() for suffix, kind in items.items()}
    automaton = ahocorasick.Automaton()
    for suffix in table:
        automaton.add_word(suffix, suffix)
    automaton.make_automaton()
    return automaton, table


def run_start(text: str, end: int) -> int:
    """Start of the run of name characters ending at ``end`` (at most MAX_BODY long).

    A quoted stretch right before the suffix belongs to the name (安吉“两山”科创园).
    """
    start = end
    limit = max(0, end - MAX_BODY)
    while start > limit:
        char = text[start - 1]
        if _NAME_CHAR.match(char):
            start -= 1
        elif char in '”"' and start == end:
            opening = max(text.rfind("“", limit, start - 1), text.rfind('"', limit, start - 1))
            if opening < 0:
                break
            start = opening
        else:
            break
    return start


def name_start(text: str, start: int, end: int, places: Collection[str]) -> int:
    """Where the name in ``text[start:end]`` (the part before its suffix) really begins."""
    body = text[start:end]
    cut = 0
    for match in _BOUNDARY.finditer(body):
        cut = max(cut, match.end())
    changed = True
    while changed:
        changed = False
        for prefix in GENERIC_PREFIXES:
            if body.startswith(prefix, cut) and len(body) - cut > len(prefix):
                cut += len(prefix)
                changed = True
    while cut < len(body) and (body[cut].isdigit() or body[cut] in "·"):
        cut += 1
    if (counted := _COUNTED.match(body, cut)) and len(body) - counted.end() >= 2:
        cut = counted.end()
    for position in range(cut + 1, len(body) - 1):
        if any(body[position : position + n] in places for n in (2, 3, 4)):
            if not any(body[cut : cut + n] in places for n in (2, 3, 4)):
                cut = position
            break
    return start + cut


def place_prefix(body: str, places: Collection[str]) -> int:
    """Length of the place names at the start of ``body`` (杭州市临平区… → 6)."""
    length = 0
    while True:
        step = next((n for n in (4, 3, 2) if body[length : length + n] in places), 0)
        if not step:
            return length
        length += step


_RANKING = re.compile(r"第[一二三四五六七八九十\d]|最|首")
"""Rankings describe, they do not name (世界第一大港)."""


def _valid(label: str, suffix: str, body: str, places: Collection[str]) -> bool:
    if not body or body in GENERIC_BODIES or (label != "company" and _RANKING.search(body)):
        return False
    rest = body[place_prefix(body, places) :]
    if label == "company":
        return len(body) >= 2 and bool(rest) and rest not in GENERIC_BODIES
    if suffix == "网":
        return not rest  # 中国宁波网, 杭州网: a news site named by its place, not 电网 or 物联网
    if suffix in _NEEDS_PLACE or suffix == "发改委":
        return body != rest or (body.startswith(_RELATIVE) and len(body) <= 4)
    if len(body) > _SHORT_BODY.get(suffix, MAX_BODY):
        return False
    return len(body) >= 2 and (rest != body or rest not in GENERIC_BODIES)


def _after_known(body: str, known: Collection[str]) -> int:
    """Length of a known name that ``body`` starts with and that leaves a name after it.

    宁波舟山港穿山港区 is the port area 穿山港区 of the known port 宁波舟山港, not one name.
    """
    for length in range(len(body) - 2, 1, -1):
        if body[:length] in known:
            return length
    return 0


def find_suffix_names(
    text: str, places: Collection[str], known: Collection[str] = frozenset()
) -> list[Mention]:
    """Candidates ending in a known suffix, with a sensible left boundary.

    ``known`` holds names of known records other than places; a candidate does not swallow one
    at its start.
    """
    automaton, table = _suffixes()
    best: dict[int, str] = {}
    for end, suffix in automaton.iter(text):
        start = end + 1 - len(suffix)
        if start not in best or len(suffix) > len(best[start]):
            best[start] = suffix
    found: list[Mention] = []
    covered_until = -1
    last_end = -1
    for start in sorted(best, key=lambda s: (s, -len(best[s]))):
        suffix = best[start]
        end = start + len(suffix)
        if end <= covered_until:
            continue  # 港 inside 港区, 开发区 inside 经济技术开发区
        covered_until = end
        after = text[end : end + 1]
        if after and after in _NOT_AFTER.get(suffix, ""):
            continue
        extension = _EXTENSION.get(suffix)
        if extension and (more := extension.match(text, end)):
            end = more.end()
        label, kind = table[suffix]
        name_from = name_start(text, run_start(text, start), start, places)
        name_from += _after_known(text[name_from:start], known)
        if name_from < last_end <= start - 2:
            name_from = last_end  # 杭甬运河三堡船闸: a name ends inside this one's body
        body = text[name_from:start]
        if _valid(label, suffix, body, places):
            rule = f"{label}-suffix"
            found.append(Mention(name_from, end, text[name_from:end], label, None, rule, kind or None))
            if label in ("infrastructure", "park"):
                last_end = end
    return found
