"""Headline facts of seed 001 (linping-industrial-forest), read through the query API.

A change to the curation that loses or alters one of these facts fails here.
"""

from __future__ import annotations

import pytest

import kg
from tests.fact_helpers import figures, one, out

SOURCE = "linping-industrial-forest"


def test_linping_enterprise_counts_and_2024_trade(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    above_scale = one(g, "linping", "above_scale_enterprises")
    assert (above_scale.value, above_scale.unit, above_scale.period) == (810, "家", "2025")
    assert one(g, "linping", "high_tech_enterprises").value == 1458
    trade = one(g, "linping", "import_export_value", period="2024")
    assert (trade.value, trade.unit, trade.base_value) == (499, "亿元", 4.99e10)
    assert one(g, "linping", "import_export_growth", period="2024").value == 17.7
    exports = one(g, "linping", "export_value", period="2024")
    assert (exports.value, exports.approx, exports.base_value) == (460, "超", 4.6e10)
    assert one(g, "linping", "export_growth", period="2024").value == 16.0
    assert all(c.source == SOURCE for c in trade.sources)


def test_3_2_x_framework_names_every_industry_with_its_tier(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    framework = "linping-3-2-x-framework"
    tiers: dict[str, list[str]] = {}
    for n in g.neighbors(framework, rel="targets", direction="out"):
        tiers.setdefault(n.edge["tier"], []).append(n.record.name)
    assert {tier: sorted(names) for tier, names in tiers.items()} == {
        "3": sorted(["高端装备", "生物医药", "时尚产业"]),
        "2": sorted(["绿色能源", "泛半导体(算力)"]),
        "X": sorted(["精准医疗", "仿生机器人", "新型智算", "前沿新材料", "人工智能"]),
    }
    assert out(g, framework, "issued_by") == ["linping"]
    assert out(g, framework, "part_of") == ["industrial-new-linping"]
    assert [(d.event, d.date) for d in g.get(framework).dates] == [("issued", "2024-02")]
    # the tier is visible from the industry's side too
    assert ("linping-3-2-x-framework", "2") in [
        (p.id, tier) for p, tier in g.chain("pan-semiconductor").policies
    ]


def test_march_conference_names_strategic_emerging_industries_and_frontier_fields(
    real_graph: kg.KnowledgeGraph,
) -> None:
    g = real_graph
    conference = "linping-high-quality-development-conference"
    assert [(d.event, d.date) for d in g.get(conference).dates] == [("held", "2025-03")]
    assert out(g, conference, "held_in") == ["linping"]
    targets = {n.record.name: n.edge["note"] for n in g.neighbors(conference, rel="targets", direction="out")}
    emerging = sorted(name for name, note in targets.items() if note.startswith("战略性新兴产业"))
    frontier = sorted(name for name, note in targets.items() if note.startswith("前沿领域"))
    assert emerging == sorted(["风光储一体化", "机器人", "精准医疗", "绿色能源"])
    assert frontier == sorted(["人工智能", "算力"])


def test_hgt51f_gas_turbine(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    assert g.find("杭汽轮")[0].id == "hangzhou-steam-turbine"
    assert out(g, "hangzhou-steam-turbine", "develops") == ["hgt51f"]
    assert [(d.event, d.date) for d in g.get("hgt51f").dates] == [("launched", "2025-05-09")]
    power = one(g, "hgt51f", "power_rating")
    assert (power.value, power.unit) == (50, "兆瓦")
    generation = one(g, "hgt51f", "annual_power_generation")
    assert (generation.value, generation.unit, generation.approx, generation.base_value) == (
        4,
        "亿度",
        "约",
        4e8,
    )
    carbon = one(g, "hgt51f", "annual_carbon_reduction")
    assert (carbon.base_value, carbon.approx) == (5e5, "超")
    assert one(g, "hgt51f", "tree_equivalent").base_value == 2.7e7
    # born in 中国绿港, whose main ground is the Linping development zone
    assert {"china-green-port", "linping-economic-development-zone", "linping", "hangzhou"} <= set(
        g.containers("hgt51f")
    )


def test_linping_companies_and_their_people(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    in_linping = {c.id for c in g.companies(district="linping")}
    assert {"xiolift", "donghua-chain", "zhicun-technology", "cfmoto", "jinri-auto-parts"} <= in_linping
    roles = {
        n.record.name: (company, n.edge["role"])
        for company in ("donghua-chain", "zhicun-technology", "cfmoto", "jinri-auto-parts")
        for n in g.neighbors(company, rel="works_for", direction="in")
    }
    assert roles == {
        "宣成": ("donghua-chain", "董事长"),
        "林通": ("zhicun-technology", "政企总监"),
        "方建": ("cfmoto", "物流总监"),
        "唐晓洪": ("jinri-auto-parts", "董事长"),
    }
    jinri = one(g, "jinri-auto-parts", "sales_growth")
    assert (jinri.value, jinri.approx, jinri.period) == (70, "超", "2025-Q1")
    cfmoto_ids = g.get("cfmoto").ids
    assert cfmoto_ids is not None and cfmoto_ids.stock == ["603129.SH"]


def test_xiolift_future_factory_figures(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    assert g.get("xiolift").name == "杭州西奥电梯有限公司"
    assert out(g, "xiolift", "located_in") == ["linping-economic-development-zone"]
    assert out(g, "xiolift", "develops") == ["xiolift-future-factory"]
    lines = one(g, "xiolift", "production_lines")
    assert (lines.value, lines.approx) == (50, "多")
    assert sorted(i.value for i in figures(g, "xiolift", "workers_per_line")) == [1, 20]
    assert one(g, "xiolift", "automation_rate").approx == "近"
    assert one(g, "xiolift", "takt_time").value == 2
    assert one(g, "xiolift", "annual_output_units").base_value == 1e5
    assert one(g, "xiolift", "countries_served").value == 70
    assert one(g, "donghua-chain", "countries_served").value == 120


def test_computing_power_town_and_zhicun(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    assert g.containers("computing-power-town") == sorted(
        ["computing-power-town", "linping-new-city", "linping", "hangzhou", "zhejiang"]
    )
    firms = one(g, "computing-power-town", "enterprises")
    assert (firms.value, firms.approx, firms.about) == (2400, "余", "computing-power")
    assert out(g, "zhicun-technology", "located_in") == ["computing-power-town"]
    assert out(g, "zhicun-technology", "selected_for") == ["hangzhou-quasi-unicorn-enterprises"]
    assert [(d.event, d.date) for d in g.get("zhicun-cim-chip").dates] == [("launched", "2022")]


def test_service_oriented_manufacturing_policies(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    guide = g.get("service-manufacturing-action-guide")
    assert guide.name == "《发展服务型制造专项行动指南》"
    assert out(g, guide.id, "issued_by") == ["miit"]
    assert out(g, "zhejiang-service-manufacturing-opinion", "issued_by") == ["zhejiang"]
    for policy in ("china-13th-five-year-plan", guide.id, "zhejiang-service-manufacturing-opinion"):
        assert [(d.event, d.date) for d in g.get(policy).dates] == [("issued", "2016")]
    aimed = {p.id for p, _ in g.chain("service-oriented-manufacturing").policies}
    assert {
        "china-13th-five-year-plan",
        guide.id,
        "zhejiang-service-manufacturing-opinion",
        "linping-service-manufacturing-award",
    } <= aimed
    assert "provincial-service-manufacturing-pilot-area" in out(g, "linping", "selected_for")
    congress = one(g, "china-service-manufacturing-congress", "streak")
    assert (congress.value, congress.unit) == (3, "届")
    assert out(g, "china-service-manufacturing-congress", "held_in") == ["linping"]


@pytest.mark.parametrize(
    ("work", "name", "inside_linping"),
    [
        ("huzhahang-railway", "沪乍杭铁路", False),
        ("hangzhou-metro-phase-4", "杭州地铁四期", False),
        ("hangzhou-middle-ring", "杭州中环", False),
        ("shanghai-hangzhou-expressway-elevation", "沪杭高速抬升", False),
        ("wuzhou-road", "五洲路", True),
        ("ningqiao-avenue", "宁桥大道", True),
        ("donghu-surface-road", "东湖地面道路", True),
    ],
)
def test_linping_infrastructure(
    real_graph: kg.KnowledgeGraph, work: str, name: str, inside_linping: bool
) -> None:
    """Linping pushes the major works forward jointly and extends its internal roads (develops);
    only the internal roads are said to lie in the district."""
    assert real_graph.get(work).name == name
    assert work in out(real_graph, "linping", "develops")
    assert out(real_graph, work, "located_in") == (["linping"] if inside_linping else [])


def test_parks_and_projects_linping_builds(real_graph: kg.KnowledgeGraph) -> None:
    built = set(out(real_graph, "linping", "develops"))
    assert {"china-green-port", "computing-power-town", "linying-studio-2"} <= built
    assert "excellent-engineer-practice-bases" in built


def test_opening_up_targets(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    ecommerce = one(g, "linping", "growth_multiple", about="cross-border-ecommerce")
    assert (ecommerce.value, ecommerce.unit, ecommerce.target) == (2, "倍", True)
    culture = one(g, "linping", "added_value", about="cultural-industry")
    assert (culture.base_value, culture.approx, culture.target) == (1e10, "超", True)
    implemented = set(out(g, "linping", "implements"))
    assert {
        "linping-going-global-service-action",
        "linping-cross-border-ecommerce-action",
        "linping-export-credit-insurance-subsidy",
        "linping-stabilise-expand-adjust-optimise",
        "sweet-potato-economy",
    } <= implemented
