"""Headline facts of seed 002 (xiaoshan-golden-age), read through the query API.

A change to the curation that loses or alters one of these facts fails here.
"""

from __future__ import annotations

import kg
from tests.fact_helpers import figures, incoming, one, out

SOURCE = "xiaoshan-golden-age"


def test_xiaoshan_growth_in_the_first_seven_months_of_2025(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    added = one(g, "xiaoshan", "industrial_added_value_growth", period="2025-01/2025-07")
    assert (added.value, added.unit) == (6.3, "%")
    investment = one(g, "xiaoshan", "industrial_investment_growth", period="2025-01/2025-07")
    assert (investment.value, investment.unit) == (17.3, "%")
    streaks = sorted((i.value, i.unit, i.period) for i in figures(g, "xiaoshan", "streak"))
    assert streaks == [(11, "月", "2025-07"), (61, "月", "2025-07")]
    assert all(c.source == SOURCE for c in added.sources + investment.sources)


def test_xiaoshan_enterprise_counts_and_hundred_billion_thresholds(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    above_scale = one(g, "xiaoshan", "above_scale_enterprises")
    assert (above_scale.value, above_scale.approx, above_scale.reported_by) == (
        1700,
        "多",
        "xiaoshan-econ-it-bureau",
    )
    assert g.get("xiaoshan-econ-it-bureau").name == "萧山区经信局"
    assert one(g, "xiaoshan", "specialized_enterprises").value == 690
    assert one(g, "xiaoshan", "little_giant_enterprises").value == 66
    for metric in ("export_value", "consumption", "investment"):
        figure = one(g, "xiaoshan", metric)
        assert (figure.base_value, figure.approx) == (1e11, "超"), metric
    assert one(g, "xiaoshan", "awards", about="tiangong-ding").value == 3


def test_2_3_x_system_names_every_industry_with_its_tier(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    framework = "xiaoshan-2-3-x-framework"
    assert g.get(framework).kind == "framework"  # type: ignore[attr-defined]
    tiers: dict[str, list[str]] = {}
    for n in g.neighbors(framework, rel="targets", direction="out"):
        tiers.setdefault(n.edge["tier"], []).append(n.record.name)
    assert {tier: sorted(names) for tier, names in tiers.items()} == {
        "2": sorted(["新材料", "智能汽车关键零部件"]),
        "3": sorted(["智能物联", "生物医药", "高端装备"]),
        "X": ["未来产业"],
    }
    assert out(g, framework, "issued_by") == ["xiaoshan"]
    assert [(d.event, d.date) for d in g.get(framework).dates] == [("adopted", "2025")]


def test_5_n_future_industry_system_is_the_upgraded_x_tier(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    framework = "xiaoshan-5-n-framework"
    assert out(g, framework, "part_of") == ["xiaoshan-2-3-x-framework"]
    tiers: dict[str, list[str]] = {}
    for n in g.neighbors(framework, rel="targets", direction="out"):
        tiers.setdefault(n.edge["tier"], []).append(n.record.name)
    assert {tier: sorted(names) for tier, names in tiers.items()} == {
        "5": sorted(["通用人工智能", "合成生物", "人形机器人", "低空经济", "生物育种"]),
        "N": sorted(["未来网络", "先进能源", "前沿新材料", "无人驾驶", "激光制造"]),
    }
    # shared industries see the framework and its tier from their side
    assert (framework, "5") in [(p.id, tier) for p, tier in g.chain("humanoid-robots").policies]
    assert (framework, "N") in [(p.id, tier) for p, tier in g.chain("advanced-materials").policies]


def test_hualan_leads_the_storage_chain_and_its_data_base_lands_in_xinxigang(
    real_graph: kg.KnowledgeGraph,
) -> None:
    g = real_graph
    storage = g.chain("data-storage")
    assert [r.id for r in storage.leaders] == ["hualan-micro"]
    base = "hualan-data-manufacturing-base"
    investment = one(g, base, "investment")
    assert (investment.value, investment.unit, investment.base_value) == (2.4, "亿元", 2.4e8)
    assert out(g, base, "located_in") == ["xinxigang"]
    assert base in g.within("xiaoshan")  # 信息港 lies in Xiaoshan
    assert sorted(incoming(g, "landun", "invests_in")) == ["hualan-micro", "xiaoshan"]
    assert out(g, "landun", "develops") == ["storage-base-phase-one"]
    assert sorted(incoming(g, "storage-base-phase-one", "develops")) == ["landun", "xiaoshan"]
    assert out(g, "storage-base-phase-one", "selected_for") == ["zhejiang-integration-typical-cases-2025"]


def test_five_vouchers_and_the_33n_fund_cluster(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    vouchers = "xiaoshan-five-vouchers"
    budget = one(g, vouchers, "budget")
    assert (budget.value, budget.unit, budget.base_value) == (2.4, "亿元", 2.4e8)
    members = sorted(g.get(i).name for i in incoming(g, vouchers, "part_of"))
    assert members == sorted(["场景券", "算力券", "数改券", "语料券", "模型券"])
    assert out(g, "xiaoshan-scenario-voucher", "issued_by") == ["xiaoshan"]

    funds = "xiaoshan-33n-fund-cluster"
    size = one(g, funds, "fund_size")
    assert (size.base_value, size.approx) == (1e10, "级")
    assert len(incoming(g, funds, "part_of")) == 4
    assert "区产业发展引导基金" in [g.get(i).name for i in incoming(g, funds, "part_of")]
    assert out(g, funds, "part_of") == ["youth-aspiration-city"]


def test_endogenous_fission_brought_45_local_projects_worth_16_billion(
    real_graph: kg.KnowledgeGraph,
) -> None:
    g = real_graph
    reform = "xiaoshan-endogenous-fission"
    projects = one(g, reform, "projects")
    investment = one(g, reform, "investment")
    assert (projects.value, projects.period) == (45, "2024/2025-08")
    assert (investment.value, investment.unit, investment.base_value) == (160, "亿元", 1.6e10)
    assert investment.reported_by == "xiaoshan-econ-it-bureau"
    modes = sorted(g.get(i).name for i in incoming(g, reform, "part_of") if g.get(i).name.endswith("裂变"))
    assert modes == sorted(["创新裂变", "转型裂变", "链式裂变", "增值裂变"])
    assert sorted(out(g, reform, "applies_to")) == ["cobetter", "shining-3d"]
    local = [c.id for c in g.companies(district="xiaoshan")]
    assert {"cobetter", "shining-3d"} <= set(local)


def test_ai_scenarios_at_xiaoshan_manufacturers(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    assert out(g, "shuimu-iot", "supplies") == ["hangmin"]
    errors = one(g, "hangmin", "error_reduction")
    assert (errors.value, errors.approx, errors.about) == (30, "约", "shuimu-iot")
    assert one(g, "hengyuan-chemical-fibre", "efficiency_gain").value == 50
    assert one(g, "zhengkai-group", "cost_reduction").value == 18
    assert one(g, "asia-pacific-mechanical", "cost_reduction").value == 5
    scenario_list = "xiaoshan-ai-scenario-list"
    assert sorted(i.value for i in figures(g, scenario_list, "scenarios")) == [6, 7, 8, 10]
    gains = {i.metric: (i.value, i.approx) for i in g.get(scenario_list).indicators if i.unit == "%"}
    assert gains == {
        "efficiency_gain": (30, "以上"),
        "accuracy_gain": (15, "以上"),
        "labour_reduction": (50, "以上"),
    }


def test_selections_and_the_provincial_ai_pilot_list(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    assert {
        "tiangong-ding",
        "tiangong-gold-ding",
        "sci-tech-innovation-ding",
        "zhejiang-ai-manufacturing-pilot-list",
    } <= set(out(g, "xiaoshan", "selected_for"))
    pilot_list = "zhejiang-ai-manufacturing-pilot-list"
    assert out(g, pilot_list, "issued_by") == ["zhejiang-econ-it-department"]
    assert "xiaoshan-ai-textile-pilot" in incoming(g, pilot_list, "selected_for")
    assert out(g, "xiaoshan-ai-textile-pilot", "targets") == ["chemical-fibre-textiles"]
    assert g.get("chemical-fibre-textiles").name == "化纤纺织"


def test_conference_of_28_august_and_the_geely_partners(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    conference = "xiaoshan-new-industrialization-conference"
    assert [(d.event, d.date) for d in g.get(conference).dates] == [("held", "2025-08-28")]
    assert out(g, conference, "held_in") == ["xiaoshan"]
    streak = one(g, conference, "streak")
    assert (streak.value, streak.unit) == (3, "年")
    assert sorted(incoming(g, "geely-group", "subsidiary_of")) == ["geely-auto", "wofei-changkong"]
    partners = {n.record.id for n in g.neighbors("xiaoshan", rel="partners_with")}
    assert {"geely-auto", "wofei-changkong"} <= partners
