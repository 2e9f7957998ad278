"""Short forms of new company names, learned within one document.

An article names a company in full once (杭州深图智能科技有限公司) and then by a short form
(深图智能, 深图). Once a full name is found, its short forms — without the legal suffix, the
leading place names, the trailing trade words — are candidates for the rest of the document,
pointing at the full name.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from kg.extract.lexicon import GENERIC_BODIES, SUFFIXES
from kg.extract.mentions import Mention
from kg.extract.names import place_prefix

__all__ = ["ShortForms", "short_forms"]

_LEGAL = re.compile("(?:" + "|".join(sorted(SUFFIXES["company"], key=len, reverse=True)) + ")$")
_TRADE = re.compile(
    r"(?:信息技术|科技|技术|智能|电子|网络|控股|实业|电器|机电|发展|投资|贸易|"
    r"制造|数字|股份|动力|装备|设备|新材料|材料|汽车|电梯|链条|厨具|机械|精密|精工|重工|工业|光电|化工|"
    r"纺织|服饰|医疗|制药|生物|新能源)$"
)


def short_forms(name: str, places: Collection[str]) -> list[str]:
    """Forms a text may use for the company ``name``, longest first.

    >>> short_forms("杭州深图智能科技有限公司", {"杭州"})
    ['杭州深图智能科技', '深图智能科技', '深图智能', '杭州深图', '深图']
    """
    bare = _LEGAL.sub("", name)
    core = bare[place_prefix(bare, places) :]
    forms = [bare, core]
    trimmed = core
    while (match := _TRADE.search(trimmed)) and len(trimmed) - len(match.group()) >= 2:
        trimmed = trimmed[: match.start()]
        forms.append(trimmed)
    if core != bare and trimmed != core:
        forms.append(bare[: len(bare) - len(core)] + trimmed)
    usable = [f for f in dict.fromkeys(forms) if len(f) >= 2 and f != name and f not in places]
    return sorted((f for f in usable if f not in GENERIC_BODIES), key=len, reverse=True)


class ShortForms:
    """The short forms learned so far in one document."""

    def __init__(self) -> None:
        self.forms: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None

    def learn(self, mentions: list[Mention], places: Collection[str]) -> bool:
        """Learn the short forms of the new company names among ``mentions``; True if any."""
        learned = False
        for mention in mentions:
            if mention.rule == "company-suffix":
                for form in short_forms(mention.text, places):
                    if form not in self.forms:
                        self.forms[form] = mention.text
                        self._pattern = None
                        learned = True
        return learned

    def find(self, text: str) -> list[Mention]:
        if not self.forms:
            return []
        if self._pattern is None:
            self._pattern = re.compile("|".join(map(re.escape, sorted(self.forms, key=len, reverse=True))))
        return [
            Mention(m.start(), m.end(), m.group(), "company", None, "short-form", None, self.forms[m.group()])
            for m in self._pattern.finditer(text)
        ]
