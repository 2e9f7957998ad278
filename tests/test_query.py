"""The query API on the tiny fixture tree: lookups, inverses, containment, chains, routes, paths."""

from __future__ import annotations

import pytest

import kg
from kg.errors import CurationError, QueryError, UnknownEntity


def ids(records: list) -> list[str]:  # type: ignore[type-arg]
    return [r.id for r in records]


def test_find_by_every_kind_of_name(fixture_graph: kg.KnowledgeGraph) -> None:
    g = fixture_graph
    assert ids(g.find("示范机器人"))[0] == "demo-robot"  # alias
    assert ids(g.find("Demo Robotics"))[0] == "demo-robot"  # English, any case
    assert ids(g.find("shifanjiqiren"))[0] == "demo-robot"  # pinyin
    assert ids(g.find("linping"))[0] == "linping"  # pinyin of a district, exact beats prefix
    assert ids(g.find("臨平區"))[0] == "linping"  # Traditional
    assert g.find("nothing-like-this") == []


def test_unknown_id_suggests_the_nearest(fixture_graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(UnknownEntity) as caught:
        fixture_graph.get("demo-robots")
    assert str(caught.value) == "no entity 'demo-robots' — did you mean 'demo-robot'?"
    assert isinstance(caught.value, QueryError)


def test_inverse_relations_are_answered_not_stored(fixture_graph: kg.KnowledgeGraph) -> None:
    g = fixture_graph
    incoming = g.neighbors("demo-robot", rel="supplies", direction="in")
    assert [(n.label, n.record.id) for n in incoming] == [("customer of", "demo-motor")]
    outgoing = g.neighbors("demo-motor", rel="supplies", direction="out")
    assert [(n.label, n.record.id) for n in outgoing] == [("supplies", "demo-robot")]
    assert g.nx.number_of_edges("demo-robot", "demo-motor") == 0
    with pytest.raises(QueryError, match="unknown relation 'supplys'"):
        g.neighbors("demo-robot", rel="supplys")


def test_companies_nest_through_districts_and_segments(fixture_graph: kg.KnowledgeGraph) -> None:
    g = fixture_graph
    assert ids(g.companies(district="zhejiang")) == ["demo-robot"]
    assert ids(g.companies(district="zhejiang", recursive=False)) == []
    assert ids(g.companies(chain="humanoid-robots")) == ["demo-robot"]
    assert ids(g.companies(district="linping", chain="reducers")) == ["demo-robot"]


def test_chain_view(fixture_graph: kg.KnowledgeGraph) -> None:
    view = fixture_graph.chain("humanoid-robots")
    assert {stage: ids(records) for stage, records in view.segments.items()} == {"upstream": ["reducers"]}
    assert [(m.id, stage, role) for m, stage, role in view.members] == [
        ("demo-robot", "upstream", None) if False else ("demo-robot", "downstream", "链主"),
        ("demo-robot", None, None),
    ]
    assert ids(view.leaders) == ["demo-robot"]
    assert [(p.id, tier) for p, tier in view.policies] == [("demo-robot-plan", "1")]
    with pytest.raises(QueryError, match="is a company, not an industry_chain"):
        fixture_graph.chain("demo-robot")


def test_routes_match_places_inside_the_asked_place(fixture_graph: kg.KnowledgeGraph) -> None:
    g = fixture_graph
    assert [r.record.id for r in g.routes(origin="hangzhou", destination="zhejiang")] == [
        "linping-demo-sea-rail"
    ]
    assert g.routes(origin="demo-port") == []
    (route,) = g.routes(origin="linping")
    assert [(i.metric, i.base_value, i.base_unit) for i in route.indicators] == [
        ("teu_throughput", 15000.0, "标箱"),
        ("teu_growth", 20.0, "%"),
    ]


def test_path_follows_relations_either_way(fixture_graph: kg.KnowledgeGraph) -> None:
    steps = fixture_graph.path("demo-motor", "hangzhou")
    assert [str(s) for s in steps] == [
        "demo-motor --supplies--> demo-robot",
        "demo-robot --located_in--> linping",
        "linping --part_of--> hangzhou",
    ]


def test_load_refuses_a_broken_tree(tree) -> None:  # type: ignore[no-untyped-def]
    (tree / "curation/company/demo-motor.yaml").write_text("id: demo-motor\n", encoding="utf-8")
    with pytest.raises(CurationError) as caught:
        kg.load(tree)
    assert "KG101 missing required field 'name'" in str(caught.value)


def test_indicators_of_a_record_and_of_the_records_inside_a_place(fixture_graph: kg.KnowledgeGraph) -> None:
    g = fixture_graph
    figures = [(r.id, i.metric, i.value, i.unit, i.period) for r, i in g.indicators("linping-demo-sea-rail")]
    assert figures == [
        ("linping-demo-sea-rail", "teu_throughput", 1.5, "万标箱", "2025-Q1"),
        ("linping-demo-sea-rail", "teu_growth", 20, "%", "2025-Q1"),
    ]
    assert [i.metric for _, i in g.indicators("linping-demo-sea-rail", metric="teu_growth")] == ["teu_growth"]
    assert g.indicators("zhejiang", recursive=True) == []  # a route starts in Linping; it is not inside it
    with pytest.raises(QueryError, match="unknown metric 'teu'; known: "):
        g.indicators("linping-demo-sea-rail", metric="teu")
    with pytest.raises(UnknownEntity, match="no entity 'linpin'"):
        g.indicators("linpin")
