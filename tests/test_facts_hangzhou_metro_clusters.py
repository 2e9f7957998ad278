"""Headline facts of seed 003 (hangzhou-metro-clusters), read through the query API.

The article (2023-01-05) is about the six cities of the Hangzhou metropolitan circle and their
industrial cooperation. A change to the curation that loses or alters one of these facts fails here.
"""

from __future__ import annotations

import kg
from kg.checks import iter_citations
from tests.fact_helpers import incoming, one, out

SOURCE = "hangzhou-metro-clusters"
CIRCLE = "hangzhou-metropolitan-circle"


def date_of(g: kg.KnowledgeGraph, record_id: str, event: str) -> str:
    """The date of the record's first ``event`` (founded, issued, opened …)."""
    return next(d.date for d in g.get(record_id).dates if d.event == event)


def test_the_circle_has_six_member_cities_with_their_codes(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    cities = {"hangzhou", "huzhou", "jiaxing", "shaoxing", "quzhou", "huangshan"}
    members = {m for m in incoming(g, CIRCLE, "member_of") if g.get(m).type == "district"}
    assert members == cities
    count = one(g, CIRCLE, "count")
    assert (count.value, count.unit) == (6, "座")
    codes = {c: ids.adcode for c in sorted(cities) if (ids := g.get(c).ids)}
    assert codes == {
        "hangzhou": "330100",
        "huangshan": "341000",
        "huzhou": "330500",
        "jiaxing": "330400",
        "quzhou": "330800",
        "shaoxing": "330600",
    }
    assert set(out(g, "huangshan", "part_of")) == {"anhui"}


def test_the_2020_plan_sets_the_circles_2025_targets(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    plan = g.get("hangzhou-metro-plan-2020-2035")
    assert plan.name == "杭州都市圈发展规划(2020-2035年)"
    assert date_of(g, plan.id, "adopted") == "2020-11"
    assert set(out(g, plan.id, "issued_by")) == {"hangzhou-metro-11th-mayors-meeting"}
    assert set(out(g, plan.id, "applies_to")) == {CIRCLE}
    gdp = one(g, CIRCLE, "gdp", period="2025")
    assert (gdp.value, gdp.unit, gdp.base_value, gdp.target) == (4.2, "万亿元", 4.2e12, True)
    rd = one(g, CIRCLE, "rd_intensity", period="2025")
    assert (rd.value, rd.unit, rd.target) == (3.3, "%", True)
    high_tech = one(g, CIRCLE, "share", period="2025")
    assert (high_tech.value, high_tech.approx, high_tech.about) == (60, "超", "high-tech-industry")


def test_the_two_alliances_their_dates_leader_and_founders(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    digital = "hangzhou-metro-digital-alliance"
    assert date_of(g, digital, "founded") == "2021-05"
    assert "digital-economy" in set(out(g, digital, "targets"))
    transfer = "hangzhou-metro-tech-transfer-alliance"
    assert set(incoming(g, transfer, "leads")) == {"hangzhou-science-technology-bureau"}
    founders = {
        n.record.id: n.edge.get("role") for n in g.neighbors(transfer, rel="member_of", direction="in")
    }
    assert founders == {
        "huzhou-science-technology-bureau": "发起单位",
        "jiaxing-science-technology-bureau": "发起单位",
        "shaoxing-science-technology-bureau": "发起单位",
        "quzhou-science-technology-bureau": "发起单位",
        "huangshan-science-technology-bureau": "发起单位",
        "zhejiang-university": "发起单位",
        "zhejiang-university-of-technology": "发起单位",
    }


def test_miaoyou_reaches_200_workshops_and_10000_workers(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    assert "miaoyou-tech" in [c.id for c in g.companies(district="hangzhou")]
    assert set(out(g, "miaoyou-tech", "located_in")) == {"linping"}
    assert set(out(g, "miaoyou-tech", "operates")) == {"youyilian"}
    assert "优衣链" in g.get("youyilian").aliases
    workshops = one(g, "miaoyou-tech", "count")
    assert (workshops.value, workshops.unit, workshops.approx) == (200, "家", "余")
    workers = one(g, "miaoyou-tech", "employees")
    assert (workers.value, workers.unit, workers.approx, workers.base_value) == (1, "万名", "约", 10000.0)


def test_hangzhou_has_500_information_service_institutions(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    institutions = one(g, "hangzhou", "institutions")
    assert (institutions.value, institutions.unit, institutions.approx) == (500, "家", "余")
    division = "hangzhou-industrial-digitalisation-division"
    assert institutions.reported_by == division
    assert set(out(g, division, "affiliated_with")) == {"hangzhou-econ-it-bureau"}


def test_chengxi_corridor_its_science_cities_and_the_huhang_railway(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    corridor = "chengxi-sci-tech-corridor"
    length = one(g, corridor, "length")
    assert (length.value, length.unit) == (39, "公里")
    assert set(incoming(g, corridor, "part_of")) == {
        "future-sci-tech-city",
        "zijingang-sci-tech-city",
        "qingshanhu-sci-tech-city",
        "yuncheng",
        "chengxi-corridor-north-wing",
    }
    assert set(out(g, "chengxi-corridor-north-wing", "located_in")) == {"deqing"}
    assert set(incoming(g, "qingshanhu-sci-tech-city", "partners_with")) == {"jixi-development-zone"}
    railway = "huzhou-hangzhou-hsr-section"
    assert date_of(g, railway, "opened") == "2022-09"
    assert {"hangzhou", "deqing"} <= set(out(g, railway, "connects"))
    assert set(out(g, "shaoxing-sci-tech-corridor", "partners_with")) == {
        corridor,
        "yongjiang-sci-tech-corridor",
    }


def test_quzhou_radio_base_plan_and_shaoxing_corridor_plan(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    radio = "zhejiang-radio-industry-base-plan"
    assert date_of(g, radio, "issued") == "2022-02"  # 去年2月 in an article of 2023-01-05
    assert set(out(g, radio, "issued_by")) == {"quzhou-government", "zhejiang-econ-it-department", "uestc"}
    assert set(out(g, radio, "applies_to")) == {"quzhou-radio-industry-base"}
    assert set(out(g, "quzhou-radio-industry-base", "located_in")) == {"quzhou"}
    corridor_plan = "shaoxing-sci-tech-corridor-plan"
    assert date_of(g, corridor_plan, "issued") == "2022-11"
    assert set(out(g, corridor_plan, "issued_by")) == {"shaoxing"}


def test_shaoxing_has_seven_industry_brains_as_provincial_pilots(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    brains = one(g, "shaoxing", "count")
    assert (brains.value, brains.unit, brains.about) == (7, "个", "industry-brain-future-factory")
    piloted = {
        n.record.name
        for n in g.neighbors("shaoxing", rel="targets", direction="out")
        if "industry brains" in (n.edge.get("note") or "")
    }
    assert piloted == {"织造印染", "电机", "轴承", "厨具", "袜业", "化工", "生物医药"}
    assert set(out(g, "shaoxing", "selected_for")) >= {"traditional-industry-upgrade-pilot"}


def test_haining_towns_border_hangzhou_and_name_their_industries(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    assert {"haining", "jiaxing", "zhejiang"} <= set(g.containers("xucun-town"))
    assert set(out(g, "changan-town", "borders")) == {"xiasha"}
    assert set(out(g, "xucun-town", "borders")) == {"linping"}
    assert set(out(g, "changan-town", "targets")) == {
        "electronic-information",
        "smart-healthcare",
        "high-end-equipment",
    }
    assert set(out(g, "xucun-town", "targets")) == {"home-textiles", "fashion-industry"}


def test_no_figure_is_taken_from_the_damaged_passage(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    quotes = [
        citation.quote or ""
        for record in g.records.values()
        for _, citation in iter_citations(record)
        if citation.source == SOURCE
    ]
    assert len(quotes) > 100
    assert not [q for q in quotes if "?" in q or "云计算" in q]
    share = one(g, CIRCLE, "share", period="2023-01")
    assert (share.value, share.approx, share.about) == (76, "以上", "digital-economy")


def test_who_builds_the_cooperation_platforms(real_graph: kg.KnowledgeGraph) -> None:
    g = real_graph
    assert set(out(g, "haining", "develops")) == {
        "hangzhou-bay-smart-medical-park",
        "zju-campus-life-health-belt",
    }
    assert set(out(g, "haining", "partners_with")) == {"hangzhou-medical-port-town"}
    assert set(incoming(g, "chengxi-corridor-north-wing", "develops")) == {"deqing", CIRCLE}
    assert {
        "hanghai-digital-trade-city",
        "tongxiang-ronghang-zone",
        "hangzhou-zhuji-island",
        "anji-liangshan-sci-tech-park",
    } <= set(out(g, CIRCLE, "develops"))
    leads = g.neighbors("hangzhou-science-technology-bureau", rel="leads", direction="out")
    assert [(n.record.id, n.edge.get("role")) for n in leads] == [
        ("hangzhou-metro-tech-transfer-alliance", "牵头")
    ]
