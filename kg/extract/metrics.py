"""Which metric of the vocabulary a figure most likely states, from the words before it."""

from __future__ import annotations

from kg.extract.figures import Figure
from kg.schema import METRICS

__all__ = ["suggest_metric"]

_CLUES: list[tuple[str, str, str]] = [
    ("集装箱", "percent", "teu_growth"),
    ("标箱", "teu", "teu_throughput"),
    ("集装箱", "teu", "teu_throughput"),
    ("进出口", "money", "import_export_value"),
    ("进出口", "percent", "import_export_growth"),
    ("出口", "money", "export_value"),
    ("出口", "percent", "export_growth"),
    ("规上工业增加值", "percent", "industrial_added_value_growth"),
    ("工业投资", "percent", "industrial_investment_growth"),
    ("研发投入强度", "percent", "rd_intensity"),
    ("销售", "percent", "sales_growth"),
    ("占比", "percent", "share"),
    ("比重", "percent", "share"),
    ("增加值", "money", "added_value"),
    ("产值", "money", "output_value"),
    ("经济总量", "money", "gdp"),
    ("生产总值", "money", "gdp"),
    ("GDP", "money", "gdp"),
    ("基金", "money", "fund_size"),
    ("投资", "money", "investment"),
    ("规上工业企业", "count", "above_scale_enterprises"),
    ("高新技术企业", "count", "high_tech_enterprises"),
    ("小巨人", "count", "little_giant_enterprises"),
    ("专精特新", "count", "specialized_enterprises"),
    ("生产线", "count", "production_lines"),
    ("项目", "count", "projects"),
    ("企业", "count", "enterprises"),
    ("发电", "energy", "annual_power_generation"),
    ("减碳", "mass", "annual_carbon_reduction"),
    ("碳排放", "mass", "annual_carbon_reduction"),
    ("通航", "mass", "navigation_capacity"),
    ("", "length", "length"),
    ("", "power", "power_rating"),
]


def suggest_metric(clause: str, figure: Figure) -> str | None:
    """The metric whose clue word stands in ``clause`` and whose unit fits, or None.

    >>> from kg.extract.figures import find_figures
    >>> text = "萧山规上工业增加值增速6.3%"
    >>> suggest_metric(text, find_figures(text)[0])
    'industrial_added_value_growth'
    """
    dimension = figure.dimension
    for clue, wanted, metric in _CLUES:
        if wanted == dimension and clue in clause and dimension in METRICS[metric].dimensions:
            return metric
    if dimension == "count" and figure.unit.endswith("家"):
        return "enterprises"
    return None
