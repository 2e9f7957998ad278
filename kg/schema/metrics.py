"""The metric vocabulary for indicators, and units as the articles write them.

A unit is kept as stated (``万标箱``, ``亿元``, ``%``) and also read as a magnitude times a base
unit, so every figure has a normalised base value (2.66 万标箱 = 26,600 标箱). Each metric names
the dimensions its unit may have; a TEU figure in 亿元 is a curation error.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

__all__ = ["APPROX", "METRICS", "Metric", "parse_unit", "unit_scale"]

APPROX = ("多", "余", "超", "近", "约", "以上", "左右", "级")
"""How the source hedges a figure: 1700多家, 2400余家, 超10万台, 近五分之一, 约20%, 百亿级."""

BASE_UNITS: dict[str, str] = {
    **dict.fromkeys(["元", "美元"], "money"),
    **dict.fromkeys(
        [
            "家",
            "个",
            "项",
            "条",
            "台",
            "人",
            "名",
            "棵",
            "张",
            "座",
            "届",
            "次",
            "班",
            "件",
            "款",
            "艘",
            "所",
            "辆",
            "类",
            "批",
            "位",
            "城",
            "种",
            "套",
            "颗",
        ],
        "count",
    ),
    "标箱": "teu",
    "吨": "mass",
    **dict.fromkeys(["度", "千瓦时"], "energy"),
    **dict.fromkeys(["瓦", "千瓦", "兆瓦"], "power"),
    **dict.fromkeys(["公里", "千米", "米"], "length"),
    **dict.fromkeys(["秒", "分钟", "小时", "天", "周", "月", "个月", "年"], "time"),
    "%": "percent",
    "倍": "ratio",
}

MAGNITUDES: dict[str, float] = {
    "十": 1e1,
    "百": 1e2,
    "千": 1e3,
    "万": 1e4,
    "十万": 1e5,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
    "十亿": 1e9,
    "百亿": 1e10,
    "千亿": 1e11,
    "万亿": 1e12,
}

_PREFIXES = sorted(MAGNITUDES, key=len, reverse=True)
"""Magnitude prefixes, longest first."""


@cache  # units are few and every figure asks, several times per export
def parse_unit(unit: str) -> tuple[float, str] | None:
    """Split a unit into (magnitude, base unit), or None if the base unit is unknown.

    Base units are matched first, so 千瓦 is kilowatts, not a thousand watts.

    >>> parse_unit("万标箱"), parse_unit("亿元"), parse_unit("%"), parse_unit("兆瓦")
    ((10000.0, '标箱'), (100000000.0, '元'), (1.0, '%'), (1.0, '兆瓦'))
    >>> parse_unit("万亿元")
    (1000000000000.0, '元')
    """
    if unit in BASE_UNITS:
        return 1.0, unit
    for prefix in _PREFIXES:
        rest = unit[len(prefix) :]
        if unit.startswith(prefix) and rest in BASE_UNITS:
            return MAGNITUDES[prefix], rest
    return None


def unit_scale(unit: str) -> tuple[float, str]:
    """(magnitude, base unit) of a figure's unit; a unit outside the known ones is its own base.

    >>> unit_scale("万标箱"), unit_scale("no such unit")
    ((10000.0, '标箱'), (1.0, 'no such unit'))
    """
    return parse_unit(unit) or (1.0, unit)


@dataclass(frozen=True)
class Metric:
    name: str
    zh: str
    en: str
    dimensions: frozenset[str]


def _m(name: str, zh: str, en: str, dimensions: str) -> Metric:
    return Metric(name, zh, en, frozenset(dimensions.split()))


METRICS: dict[str, Metric] = {
    m.name: m
    for m in [
        # output, trade and investment
        _m("gdp", "经济总量", "economic output (GDP)", "money"),
        _m("output_value", "产值", "output value", "money"),
        _m("added_value", "增加值", "value added", "money"),
        _m(
            "industrial_added_value_growth",
            "规上工业增加值增速",
            "growth of above-scale industrial value added",
            "percent",
        ),
        _m("industrial_investment_growth", "工业投资增速", "industrial investment growth", "percent"),
        _m("import_export_value", "进出口总额", "import and export value", "money"),
        _m("import_export_growth", "进出口增速", "import and export growth", "percent"),
        _m("export_value", "出口总额", "export value", "money"),
        _m("export_growth", "出口增速", "export growth", "percent"),
        _m("consumption", "消费规模", "consumption", "money"),
        _m("sales_growth", "销售额增速", "sales growth", "percent"),
        _m("growth_multiple", "增长倍数", "growth multiple", "ratio"),
        _m("investment", "投资额", "investment", "money"),
        _m("budget", "资金规模", "budget", "money"),
        _m("fund_size", "基金规模", "fund size", "money"),
        _m("rd_intensity", "研发投入强度", "R&D intensity (share of GDP)", "percent"),
        _m("share", "占比", "share", "percent"),
        # counts of enterprises, institutions, projects
        _m("above_scale_enterprises", "规上工业企业数", "above-scale industrial enterprises", "count"),
        _m("high_tech_enterprises", "国家高新技术企业数", "national high-tech enterprises", "count"),
        _m(
            "specialized_enterprises",
            "省级专精特新企业数",
            "provincial specialised and innovative (专精特新) enterprises",
            "count",
        ),
        _m(
            "little_giant_enterprises",
            "国家级专精特新“小巨人”企业数",
            "national 'little giant' enterprises",
            "count",
        ),
        _m("enterprises", "企业数", "enterprises", "count"),
        _m("institutions", "机构数", "institutions", "count"),
        _m("employees", "从业人员", "people employed", "count"),
        _m("projects", "项目数", "projects", "count"),
        _m("measures", "举措数", "measures", "count"),
        _m("scenarios", "场景数", "application scenarios", "count"),
        _m("count", "数量", "count (see note)", "count"),
        _m("awards", "获奖次数", "awards won", "count"),
        _m("rank", "排名", "rank", "count"),
        _m("streak", "连续时长", "consecutive periods", "time count"),
        # plant and operations
        _m("production_lines", "生产线数", "production lines", "count"),
        _m("workers_per_line", "每条生产线用工", "workers per production line", "count"),
        _m("automation_rate", "自动化率", "automation rate", "percent"),
        _m("takt_time", "出货节拍", "time per unit shipped", "time"),
        _m("annual_output_units", "年产量", "units produced per year", "count"),
        _m("countries_served", "覆盖国家和地区", "countries and regions served", "count"),
        _m("company_age", "成立年限", "years since founding", "time"),
        _m("duration", "时长", "duration", "time"),
        _m("efficiency_gain", "效率提升", "efficiency gain", "percent"),
        _m("cost_reduction", "成本降低", "cost reduction", "percent"),
        _m("error_reduction", "错误减少", "error reduction", "percent"),
        _m("accuracy_gain", "准确率提升", "accuracy gain", "percent"),
        _m("labour_reduction", "人工减少", "labour reduction", "percent"),
        # energy and environment
        _m("power_rating", "功率", "power rating", "power"),
        _m("annual_power_generation", "年发电量", "power generated per year", "energy"),
        _m("annual_carbon_reduction", "年减碳量", "carbon emissions avoided per year", "mass"),
        _m("tree_equivalent", "相当于植树", "equivalent trees planted", "count"),
        # ports and routes
        _m("teu_throughput", "集装箱吞吐量", "container throughput (TEU)", "teu"),
        _m("teu_growth", "集装箱量增速", "container volume growth", "percent"),
        _m("services_per_day", "每日班次", "services per day", "count"),
        _m("navigation_capacity", "通航能力", "navigation capacity", "mass"),
        _m("vessel_capacity", "船舶装载量", "vessel capacity", "teu mass"),
        _m("cost_per_container", "单箱运输成本", "cost per container", "money"),
        _m("transit_time", "运输时效", "transit time", "time"),
        _m("transit_time_vs_road", "比陆路慢", "transit time over road", "time"),
        _m("length", "长度", "length", "length"),
    ]
}
