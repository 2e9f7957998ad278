"""Headline facts of the Hangzhou–Ningbo "双城记" article (source ``hangyong-twin-cities``).

Each test reads the real curation through the query API, so a regression in the data (a figure
dropped or moved to the wrong record, a relation lost) fails CI.
"""

from __future__ import annotations

import kg
from kg.schema import Indicator
from kg.schema.company import Company
from kg.schema.port_route import PortRoute

SOURCE = "hangyong-twin-cities"


def figures(g: kg.KnowledgeGraph, record_id: str, metric: str) -> list[Indicator]:
    """The record's indicators of one metric that this article states."""
    return [
        i
        for i in g.get(record_id).indicators
        if i.metric == metric and any(c.source == SOURCE for c in i.sources)
    ]


def ids(records: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(r.id for r in records)


def test_silan_supplies_fotile_intelligent_power_modules(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    supplied = g.neighbors("silan-micro", rel="supplies", direction="out")
    assert [n.record.id for n in supplied] == ["fotile"]
    assert "智能功率模块" in (supplied[0].edge.get("note") or "")
    customers = g.neighbors("fotile", rel="supplies", direction="in")
    assert [(n.label, n.record.id) for n in customers] == [("customer of", "silan-micro")]
    fotile = g.get("fotile")
    assert isinstance(fotile, Company)
    assert [p.name for p in fotile.products] == ["油烟机", "洗碗机", "烤箱"]


def test_xiaoshan_sea_rail_service_figures(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    (route,) = [
        r
        for r in g.routes(origin="xiaoshan", destination="ningbo")
        if r.record.id == "xiaoshan-ningbo-sea-rail"
    ]
    assert isinstance(route.record, PortRoute)
    assert route.record.frequency == "一天两班"
    q1 = [i for i in figures(g, route.record.id, "teu_throughput") if i.period == "2024-Q1"]
    assert [(i.value, i.unit, i.base_value) for i in q1] == [(2.66, "万标箱", 26600.0)]
    assert [(i.value, i.period) for i in figures(g, route.record.id, "teu_growth")] == [(33, "2024-Q1")]
    annual = [i for i in figures(g, route.record.id, "teu_throughput") if i.period is None]
    assert [(i.base_value, i.approx) for i in annual] == [(100000.0, "超")]
    assert [i.value for i in figures(g, route.record.id, "services_per_day")] == [2]
    assert {i.reported_by for i in q1} == {"ningbo-zhoushan-port"}


def test_river_sea_route_through_the_second_channel(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    (route,) = [
        r
        for r in g.routes(origin="hangzhou", destination="ningbo")
        if getattr(r.record, "mode", None) == "river-sea"
    ]
    assert ids(route.via) == ["jinghang-second-channel", "xiasha-port"]
    assert [(i.value, i.unit) for i in route.indicators if i.metric == "transit_time_vs_road"] == [(2, "天")]
    for opened in ("jinghang-second-channel", "xiasha-port"):
        assert [(d.event, d.date) for d in g.get(opened).dates] == [("opened", "2023-07")]
    capacity = sorted((i.period, i.base_value) for i in figures(g, "hangzhou", "navigation_capacity"))
    assert capacity == [("../2023-07", 8_500_000.0), ("2023-07/..", 84_000_000.0)]
    (road,) = [r for r in g.routes(origin="hangzhou") if getattr(r.record, "mode", None) == "road"]
    cost = [(i.value, i.unit, i.approx) for i in road.indicators if i.metric == "cost_per_container"]
    assert cost == [(2400, "元", "约")]
    assert [i.reported_by for i in road.indicators if i.metric == "cost_per_container"] == ["wu-zheng"]


def test_ningbo_robot_chain_three_core_parts_and_leaders(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    view = g.chain("robotics")
    upstream = ids(view.segments["upstream"])
    assert {"reducers", "controllers", "servo-motors"} <= set(upstream)
    assert "robot-complete-machines" in ids(view.segments["midstream"])
    leaders = {(m.id, role) for m, _, role in view.members if role == "龙头企业"}
    assert {("junpu-intelligent", "龙头企业"), ("tuopu-group", "龙头企业")} <= leaders
    assert {"junpu-intelligent", "tuopu-group"} <= set(ids(g.companies(district="ningbo", chain="robotics")))
    (count,) = [i for i in figures(g, "ningbo", "above_scale_enterprises") if i.about == "robotics"]
    assert (count.value, count.unit, count.approx) == (50, "家", "超")
    assert "zhongda-leader" in ids(g.companies(chain="reducers"))


def test_humanoid_robot_centre_and_its_head(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    centre = "zhejiang-humanoid-robot-innovation-center"
    assert centre in g.within("ningbo")  # located in Haishu, part of Ningbo
    roles = {(n.record.id, n.edge.get("role")) for n in g.neighbors("xiong-rong", rel="works_for")}
    assert roles == {(centre, "负责人"), ("zju-cyber-systems-institute", "教授")}
    assert [n.record.id for n in g.neighbors(centre, rel="develops")] == ["navigator-robot"]
    forecast = sorted(i.value for i in figures(g, "humanoid-robots", "duration") if i.target)
    assert forecast == [5, 15]
    assert "unitree" in ids(g.companies(district="hangzhou", chain="humanoid-robots"))


def test_joint_goals_and_actions_of_the_two_cities(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    members = {n.record.id for n in g.neighbors("hangzhou-ningbo", rel="member_of", direction="in")}
    assert members == {"hangzhou", "ningbo"}
    (output,) = figures(g, "hangyong-five-landmark-chains", "output_value")
    assert (output.value, output.unit, output.period, output.target, output.base_value) == (
        2.1,
        "万亿元",
        "2025",
        True,
        2.1e12,
    )
    (nev,) = figures(g, "hangzhou-ningbo", "share")
    assert (nev.value, nev.approx, nev.about, nev.target) == (30, "超", "new-energy-vehicles", True)
    action = g.get("sci-tech-innovation-system-action")
    assert sorted((i.metric, i.value) for i in action.indicators) == [("count", 141), ("projects", 183)]
    implemented = {n.record.id for n in g.neighbors("hangzhou-ningbo", rel="implements")}
    assert {"sci-tech-innovation-system-action", "cross-border-trade-facilitation-mechanism"} <= implemented


def test_ningbo_port_of_entry_shares_from_customs(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    shares = sorted(
        (i.about, i.value, i.approx, i.period, i.reported_by)
        for i in figures(g, "ningbo-port-of-entry", "share")
    )
    assert shares == [
        ("hangzhou", 20, "近", "2024-Q1", "ningbo-customs"),
        ("zhejiang", 75, "近", "2024-Q1", "ningbo-customs"),
    ]


def test_zeekr_009_grand_draws_on_hangzhou_suppliers(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    suppliers = g.neighbors("zeekr-009-grand", rel="supplies", direction="in")
    assert sorted(n.record.id for n in suppliers) == ["alibaba-cloud", "hikvision"]
    codes = g.get("hikvision").ids
    assert codes is not None and codes.stock == ["002415.SZ"]
    assert [r.id for r in g.find("海康威视")][:1] == ["hikvision"]


def test_garment_industry_brain_and_dejaai(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    (count,) = figures(g, "ningbo-garment-industry-brain", "enterprises")
    assert (count.value, count.unit, count.reported_by) == (56, "家", "gong-minjie")
    (share,) = figures(g, "ningbo-garment-industry-brain", "share")
    assert (share.value, share.approx, share.about) == (20, "约", "hangzhou")
    assert [n.record.id for n in g.neighbors("dejaai-platform", rel="develops", direction="in")] == [
        "shentu-intelligence"
    ]
    assert "ningbo-garment-industry-brain" in {
        n.record.id for n in g.neighbors("dejaai-platform", rel="partners_with")
    }
    assert [(i.value, i.unit) for i in figures(g, "dejaai-platform", "duration")] == [(40, "秒")]


def test_hangzhou_bay_alliance_founders_and_results(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    alliance = "hangzhou-bay-innovation-alliance"
    founders = {
        (n.record.id, n.edge.get("role")) for n in g.neighbors(alliance, rel="member_of", direction="in")
    }
    assert founders == {("hangzhou", "联合组建"), ("ningbo", "联合组建"), ("shaoxing", "联合组建")}
    results = sorted((i.metric, i.value, i.approx) for i in g.get(alliance).indicators)
    assert results == [("count", 10, "余"), ("projects", 82, None)]


def test_borrowing_ningbos_port_by_river_sea_and_sea_rail(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    routes = {n.record.id for n in g.neighbors("borrow-port-to-sea", rel="applies_to", direction="out")}
    assert routes == {"hangzhou-ningbo-river-sea", "xiaoshan-ningbo-sea-rail"}
    assert "borrow-port-to-sea" in {n.record.id for n in g.neighbors("hangzhou-ningbo", rel="implements")}
