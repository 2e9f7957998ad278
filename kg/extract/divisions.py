"""The bundled division list: Zhejiang and its neighbours, with adcodes (kg/data/divisions.tsv).

The file is generated from a published list (see its header and tools/divisions_from_jionlp.py),
never typed in. Full names (临平区, 海宁市, 许村镇) are always candidates; short names (临平, 嘉兴)
only for provinces, cities and Zhejiang's counties, and not those that are everyday words too
(西湖 is also the lake, 天台 a rooftop).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["AMBIGUOUS_SHORT", "Division", "divisions", "place_forms"]

AMBIGUOUS_SHORT = frozenset(
    "西湖 滨江 江北 路桥 三门 江山 开化 天台 南湖 普陀 上城 下城 常山 云和 平阳 文成 龙游 金东 浦江 "
    "海盐 龙湾 洞头 仙居 永嘉 新城".split()
)
"""Short county names that are ordinary words or other places; only their full names count."""


@dataclass(frozen=True)
class Division:
    """One administrative unit from the bundled list."""

    name: str
    short: str
    level: str
    adcode: str | None
    parent: str | None
    """Adcode of the unit above (a town's county)."""


@cache
def divisions() -> tuple[Division, ...]:
    """Every row of kg/data/divisions.tsv, in file order."""
    text = resources.files("kg").joinpath("data/divisions.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, name, short, level, parent = line.split("\t")
        rows.append(Division(name, short, level, code or None, parent or None))
    return tuple(rows)


def place_forms() -> dict[str, Division]:
    """Every form a place may take in text → its division; full names win over short ones.

    >>> forms = place_forms()
    >>> forms["临平区"].adcode, forms["嘉兴"].name, "西湖" in forms
    ('330113', '嘉兴市', False)
    """
    forms: dict[str, Division] = {}
    for division in divisions():
        forms.setdefault(division.name, division)
    for division in divisions():
        short = division.short
        usable = division.level in ("province", "city") or (
            division.adcode is not None and division.adcode.startswith("33") and short not in AMBIGUOUS_SHORT
        )
        if usable and len(short) >= 2 and short not in forms:
            forms[short] = division
    return forms
