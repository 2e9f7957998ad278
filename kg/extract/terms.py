"""New-name candidates that are not built on a name suffix: policies, industries, places.

- policies: 《…》 titles, quoted programme names (“五券齐飞”, “助企二十条”, "3+2+X"), and
  unquoted numbered packages (助企二十条) and vouchers (算力券);
- industries: a term before 产业 / 产业链 / 产业集群 (汽车零部件产业 → 汽车零部件), or a
  common industry name with an industry cue in the same clause;
- administrative units: every full name of the bundled division list, and the short names it
  allows (see :func:`kg.extract.divisions.place_forms`), with adcode and level.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache
from typing import Any

import ahocorasick

from kg.extract.divisions import place_forms
from kg.extract.lexicon import GENERIC_BODIES, INDUSTRY_CUES, INDUSTRY_ENDINGS, INDUSTRY_TERMS, INDUSTRY_VERBS
from kg.extract.mentions import Mention
from kg.extract.names import name_start, place_prefix, run_start

__all__ = ["find_divisions", "find_industries", "find_policies", "find_quoted_projects"]

_TITLE = re.compile(r"《([^《》\n]{2,60})》")
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{2,16})[”\"]")
_NUMERAL = "一二两三四五六七八九十百千"
_POLICY_SHAPE = re.compile(
    rf"[{_NUMERAL}\d]+[券策招]|[{_NUMERAL}]*[十百][{_NUMERAL}]*条|(?:行动|计划|工程|专项|政策|机制|战略|行动方案)$|^\d+(?:\+[\dA-ZX]+)+$"
)
_POLICY_WORD_AFTER = re.compile(r"行动|计划|工程|专项|攻坚|政策|机制")
_NUMBERED = re.compile(
    rf"(?<![第\d{_NUMERAL}])([\u4e00-\u9fff]{{1,4}}[{_NUMERAL}]*[十百][{_NUMERAL}]*条)(?![例件款])"
)
_VOUCHER = re.compile(r"([\u4e00-\u9fff]{2})券")
_NOT_VOUCHER = frozenset(["证券", "债券", "奖券", "彩券", "入场券", "代金"])
_TITLE_KINDS = [
    ("行动方案", "action"),
    ("实施方案", "plan"),
    ("规划", "plan"),
    ("纲要", "plan"),
    ("指南", "guideline"),
    ("意见", "opinion"),
    ("计划", "programme"),
    ("方案", "plan"),
    ("办法", "measure"),
    ("措施", "measure"),
    ("细则", "measure"),
    ("政策", "measure"),
    ("规定", "measure"),
    ("条例", "measure"),
    ("行动", "action"),
]
_INDUSTRY_SUFFIX = re.compile(r"全?(?:产业链|产业集群|产业)")
_MODIFIERS = (
    r"(?:战略性)?新兴|未来|传统|优势|先进|主导|特色|重点|支柱|现代|[千百万]亿级|标志性|高能级|相关|本地|地方"
)
_INDUSTRY_LEADS = re.compile(rf"^(?:{_MODIFIERS}|[一二三四五六七八九十]+大)+")
_NOT_INDUSTRY = re.compile(
    rf"(?:{_MODIFIERS}|兴|提升|发展|助力|夯实|推动|培育|壮大|做强|打造|建设|构建|引领|带动|服务)$|^[区市县省镇]|[“”\"的了是在一条]"
)
_CLAUSE = re.compile(r"[^，,。；;！!？?\n]+")


def _title_kind(title: str) -> str:
    return next((kind for ending, kind in _TITLE_KINDS if title.endswith(ending)), "other")


def find_policies(text: str) -> list[Mention]:
    """Policy candidates: titles, quoted programme names, numbered packages, vouchers."""
    found = []
    for match in _TITLE.finditer(text):
        title = match.group(1)
        if title.endswith(("报", "刊", "杂志")):
            continue  # newspapers and journals are not policies
        found.append(
            Mention(match.start(1), match.end(1), title, "policy", None, "title", _title_kind(title))
        )
    for match in _QUOTED.finditer(text):
        inner = match.group(1)
        word_after = _POLICY_WORD_AFTER.match(text, match.end())
        if _POLICY_SHAPE.search(inner) or word_after:
            kind = "voucher" if "券" in inner else "measure" if "条" in inner else "programme"
            found.append(Mention(match.start(1), match.end(1), inner, "policy", None, "quoted-policy", kind))
    for match in _NUMBERED.finditer(text):
        found.append(
            Mention(match.start(1), match.end(1), match.group(1), "policy", None, "numbered", "measure")
        )
    for match in _VOUCHER.finditer(text):
        if match.group(1) not in _NOT_VOUCHER and not match.group(0).startswith(tuple(_NOT_VOUCHER)):
            found.append(
                Mention(match.start(), match.end(), match.group(0), "policy", None, "voucher", "voucher")
            )
    return found


_PROJECT_SHAPE = re.compile(r"(?:平台|工厂|大脑|系统|基地|中心)$")
_PROJECT_KINDS = {
    "平台": "platform",
    "大脑": "platform",
    "系统": "product",
    "工厂": "facility",
    "基地": "facility",
    "中心": "facility",
}


def find_quoted_projects(text: str) -> list[Mention]:
    """Named platforms and projects in quotes: “DEJAAI平台”.

    >>> [m.text for m in find_quoted_projects("打造的“DEJAAI平台”和“双城记”")]
    ['DEJAAI平台']
    """
    found = []
    for match in _QUOTED.finditer(text):
        shape = _PROJECT_SHAPE.search(match.group(1))
        if shape:
            kind = _PROJECT_KINDS.get(shape.group(), "other")
            found.append(
                Mention(match.start(1), match.end(1), match.group(1), "project", None, "quoted-project", kind)
            )
    return found


@cache
def _industry_terms() -> Any:
    automaton = ahocorasick.Automaton()
    for term in INDUSTRY_TERMS:
        automaton.add_word(term, len(term))
    automaton.make_automaton()
    return automaton


def find_industries(text: str, places: Collection[str]) -> list[Mention]:
    """Industry candidates: a term before 产业 / 产业链 / 产业集群, and cued industry names."""
    found = []
    for match in _INDUSTRY_SUFFIX.finditer(text):
        start = name_start(text, run_start(text, match.start()), match.start(), places)
        body = text[start : match.start()]
        start += place_prefix(body, places)
        for pattern in (INDUSTRY_VERBS, _INDUSTRY_LEADS):
            lead = pattern.match(text[start : match.start()])
            start += lead.end() if lead else 0
        body = text[start : match.start()]
        if (
            2 <= len(body) <= 8
            and body not in GENERIC_BODIES
            and body.endswith(INDUSTRY_ENDINGS)
            and not _NOT_INDUSTRY.search(body)
        ):
            found.append(
                Mention(start, match.start(), body, "industry_chain", None, "industry-suffix", "industry")
            )
    for clause in _CLAUSE.finditer(text):
        if not any(cue in clause.group() for cue in INDUSTRY_CUES):
            continue
        for end, length in _industry_terms().iter(clause.group()):
            start = clause.start() + end + 1 - length
            term = text[start : start + length]
            found.append(
                Mention(start, start + length, term, "industry_chain", None, "industry-term", "industry")
            )
    return found


@cache
def _division_automaton() -> Any:
    automaton = ahocorasick.Automaton()
    for form, division in place_forms().items():
        automaton.add_word(form, (len(form), division))
    automaton.make_automaton()
    return automaton


def find_divisions(text: str) -> list[Mention]:
    """Administrative units named in ``text``, by the bundled division list."""
    found = []
    for end, (length, division) in _division_automaton().iter(text):
        start = end + 1 - length
        found.append(
            Mention(
                start,
                end + 1,
                text[start : end + 1],
                "district",
                None,
                "division",
                division.level,
                division.name,
                division.adcode,
                division.parent,
            )
        )
    return found
