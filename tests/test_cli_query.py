"""`kg query` on the real curation: its answers are the query API's, printed for people or scripts.

Expectations come from the Python API over the same curation (``real_graph``), never from ids
typed in here, so the tests hold as the curation grows. Error cases use the fixture tree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.errors import UnknownEntity
from kg.schema import PREDICATES, Record

from .conftest import ROOT, TREE


def kg_query(*args: str, root: Path = ROOT) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["query", *args, "--root", str(root)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is a failure, whatever the exit code
    return result.exit_code, result.stdout, result.stderr


def query_json(*args: str, root: Path = ROOT) -> Any:
    code, out, err = kg_query(*args, "--format", "json", root=root)
    assert code == 0, err
    data = json.loads(out)
    assert out == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"  # sorted, stable
    return data


def label(record: Record) -> str:
    return f"{record.name} / {record.name_en} [{record.id}]"


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [row["id"] for row in rows]


@pytest.fixture(scope="module")
def busiest(real_graph: kg.KnowledgeGraph) -> Record:
    """The company with the most relations, both ways."""
    return max(real_graph.records_of("company"), key=lambda r: (len(real_graph.neighbors(r.id)), r.id))


def test_neighbors_prints_each_relation_from_the_asking_side(
    real_graph: kg.KnowledgeGraph, busiest: Record
) -> None:
    code, out, err = kg_query("neighbors", busiest.id)
    assert code == 0
    expected = real_graph.neighbors(busiest.id)
    assert code == 0
    assert len(out.splitlines()) == len(expected)
    for line, n in zip(out.splitlines(), expected, strict=True):
        arrow = "→" if n.direction == "out" else "←"
        assert line.startswith(f"{n.label} {arrow} {label(n.record)}")
    assert err == f"kg query neighbors: {len(expected)} relations of {label(busiest)}\n"


def test_neighbors_by_chinese_name_alias_or_pinyin_is_the_same_answer(busiest: Record) -> None:
    by_id = kg_query("neighbors", busiest.id)
    assert kg_query("neighbors", busiest.name) == by_id
    for alias in busiest.aliases:
        assert kg_query("neighbors", alias) == by_id


def test_neighbors_filters_and_json_match_the_api(real_graph: kg.KnowledgeGraph, busiest: Record) -> None:
    n = real_graph.neighbors(busiest.id)[0]
    data = query_json("neighbors", busiest.id, "--predicate", n.rel, "--direction", n.direction)
    expected = real_graph.neighbors(busiest.id, rel=n.rel, direction=n.direction)
    assert data["entity"]["id"] == busiest.id
    assert [(r["rel"], r["direction"], r["record"]["id"]) for r in data["neighbors"]] == [
        (e.rel, e.direction, e.record.id) for e in expected
    ]
    assert all("sources" not in row for row in data["neighbors"])


def test_quotes_show_every_citation_of_every_relation(real_graph: kg.KnowledgeGraph, busiest: Record) -> None:
    code, out, _ = kg_query("neighbors", busiest.id, "--quotes")
    assert code == 0
    for n in real_graph.neighbors(busiest.id):
        for citation in n.edge["sources"]:
            assert f"    {citation['source']}: {citation.get('quote') or citation.get('note')}" in out
    data = query_json("neighbors", busiest.id, "--quotes")
    assert [row["sources"] for row in data["neighbors"]] == [
        n.edge["sources"] for n in real_graph.neighbors(busiest.id)
    ]


def test_companies_in_a_district_count_the_places_inside_it(real_graph: kg.KnowledgeGraph) -> None:
    district = max(real_graph.records_of("district"), key=lambda d: (len(real_graph.companies(d.id)), d.id))
    everywhere = real_graph.companies(district=district.id)
    direct = real_graph.companies(district=district.id, recursive=False)
    assert everywhere, "the real curation has companies in districts"
    assert ids(query_json("companies", district.id)) == [c.id for c in everywhere]
    assert ids(query_json("companies", district.name, "--direct")) == [c.id for c in direct]
    code, out, err = kg_query("companies", district.id)
    assert code == 0
    assert out == "".join(f"{label(c)}\n" for c in everywhere)
    assert err == f"kg query companies: {len(everywhere)} companies in {label(district)}\n"


def test_companies_of_a_chain(real_graph: kg.KnowledgeGraph) -> None:
    chain = max(
        real_graph.records_of("industry_chain"), key=lambda c: (len(real_graph.companies(chain=c.id)), c.id)
    )
    expected = [c.id for c in real_graph.companies(chain=chain.id)]
    assert expected
    assert ids(query_json("companies", "--chain", chain.id)) == expected


def test_chain_lists_segments_by_stage_members_leaders_and_policies(real_graph: kg.KnowledgeGraph) -> None:
    chains = [real_graph.chain(c.id) for c in real_graph.records_of("industry_chain")]
    view = max(chains, key=lambda v: (len(v.segments), len(v.members), v.record.id))
    data = query_json("chain", view.record.id)
    assert [(s["stage"], s["record"]["id"]) for s in data["segments"]] == [
        (stage, s.id) for stage, segments in view.segments.items() for s in segments
    ]  # upstream before midstream before downstream
    assert [(m["record"]["id"], m["stage"], m["role"]) for m in data["members"]] == [
        (m.id, stage, role) for m, stage, role in view.members
    ]
    assert ids(data["leaders"]) == [r.id for r in view.leaders]
    assert [(p["record"]["id"], p["tier"]) for p in data["policies"]] == [(p.id, t) for p, t in view.policies]
    code, out, _ = kg_query("chain", view.record.id)
    assert code == 0
    assert out.splitlines()[0] == label(view.record)
    for stage, segments in view.segments.items():
        assert f"{stage}:\n" + "".join(f"  {label(s)}\n" for s in segments) in out


def test_chain_member_of_a_segment_says_which(tree: Path) -> None:
    code, out, _ = kg_query("chain", "humanoid-robots", "--quotes", root=tree)
    assert code == 0
    assert (
        "  示范机器人有限公司 / Demo Robotics Co., Ltd. [demo-robot] (stage=downstream, role=链主)\n"
        "    demo-news: 为人形机器人产业链的链主\n" in out
    )
    assert "  示范机器人有限公司 / Demo Robotics Co., Ltd. [demo-robot] (in 减速器 [reducers])\n" in out
    assert "链主: 示范机器人有限公司 / Demo Robotics Co., Ltd. [demo-robot]\n" in out
    assert "policies:\n  示范区机器人产业发展计划 / Demo district robot industry development plan" in out


def test_routes_from_and_to_match_the_api(real_graph: kg.KnowledgeGraph) -> None:
    route = real_graph.routes()[0]
    origin, destination = route.origin[0].id, route.destination[0].id
    expected = real_graph.routes(origin=origin, destination=destination)
    data = query_json("routes", "--from", origin, "--to", destination)
    assert [r["route"]["id"] for r in data] == [r.record.id for r in expected]
    assert [len(r["indicators"]) for r in data] == [len(r.indicators) for r in expected]
    code, out, err = kg_query("routes", "--from", origin, "--to", destination, "--quotes")
    assert code == 0
    assert f"  from: {label(route.origin[0])}" in out
    for figure in route.indicators:
        for citation in figure.sources:
            assert f"{citation.source}: {citation.quote}" in out
    assert err == f"kg query routes: {len(expected)} route{'s' * (len(expected) != 1)}\n"


def test_path_prints_each_step_as_stated(real_graph: kg.KnowledgeGraph) -> None:
    route = real_graph.routes()[0]
    start = real_graph.containers(route.origin[0].id)[0]
    steps = real_graph.path(start, route.destination[0].id)
    data = query_json("path", start, route.destination[0].id)
    assert [(s["source"]["id"], s["rel"], s["target"]["id"]) for s in data] == [
        (s.source, s.rel, s.target) for s in steps
    ]
    code, out, _ = kg_query("path", start, route.destination[0].id)
    assert code == 0
    assert out.splitlines() == [
        f"{label(real_graph.records[s.source])} —{PREDICATES[s.rel].en}→ {label(real_graph.records[s.target])}"
        for s in steps
    ]


def test_indicators_match_the_api(real_graph: kg.KnowledgeGraph) -> None:
    district = max(
        real_graph.records_of("district"),
        key=lambda d: (len(real_graph.indicators(d.id, recursive=True)), d.id),
    )
    expected = real_graph.indicators(district.id, recursive=True)
    data = query_json("indicators", district.id, "--recursive")
    assert [(row["record"]["id"], row["indicator"]["metric"], row["indicator"]["value"]) for row in data] == [
        (r.id, i.metric, i.value) for r, i in expected
    ]
    metric = expected[0][1].metric
    only = query_json("indicators", district.id, "--recursive", "--metric", metric)
    assert {row["indicator"]["metric"] for row in only} == {metric}
    assert len(only) == len(real_graph.indicators(district.id, metric=metric, recursive=True))


def test_within_lists_what_is_inside(real_graph: kg.KnowledgeGraph) -> None:
    district = max(real_graph.records_of("district"), key=lambda d: (len(real_graph.within(d.id)), d.id))
    inside = [i for i in real_graph.within(district.id) if i != district.id]
    assert ids(query_json("within", district.id)) == inside
    parks = [i for i in inside if real_graph.records[i].type == "park"]
    assert ids(query_json("within", district.id, "--type", "park")) == parks


def test_unknown_id_is_one_line_with_the_nearest_ids(real_graph: kg.KnowledgeGraph, busiest: Record) -> None:
    typo = busiest.id[:-1]
    with pytest.raises(UnknownEntity) as raised:
        real_graph.get(typo)
    assert raised.value.suggestions  # the API has a suggestion for a one-letter typo
    code, out, err = kg_query("neighbors", typo)
    assert (code, out) == (1, "")
    assert err == f"kg query neighbors: {raised.value}\n"
    assert "did you mean" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["neighbors", "demo-robots"],
            "kg query neighbors: no entity 'demo-robots' — did you mean 'demo-robot'?\n",
        ),
        (["companies", "linpng"], "kg query companies: no entity 'linpng' — did you mean 'linping'?\n"),
        (["chain", "linping"], "kg query chain: 'linping' is a district, not an industry_chain\n"),
        (
            ["companies", "--chain", "linping"],
            "kg query companies: 'linping' is a district, not an industry_chain\n",
        ),
        (
            ["routes", "--to", "demo-prt"],
            "kg query routes: no entity 'demo-prt' — did you mean 'demo-port'?\n",
        ),
        (
            # a chain where the place goes would otherwise answer "0 companies", exit 0
            ["companies", "humanoid-robots"],
            "kg query companies: 'humanoid-robots' is an industry_chain, not a district or park"
            " (for a chain's companies: --chain humanoid-robots)\n",
        ),
        (
            ["companies", "demo-robot"],
            "kg query companies: 'demo-robot' is a company, not a district or park\n",
        ),
        (
            ["routes", "--from", "demo-motor"],
            "kg query routes: 'demo-motor' is a company, not a district, infrastructure or park\n",
        ),
        (
            ["neighbors", "DEMO-ROBOTS"],
            "kg query neighbors: no entity 'DEMO-ROBOTS' — did you mean 'demo-robot'?\n",
        ),
    ],
)
def test_data_errors_exit_1_with_one_line(args: list[str], message: str) -> None:
    assert kg_query(*args, root=TREE) == (1, "", message)


def test_no_path_exits_1(tree: Path) -> None:
    (tree / "curation/company/demo-alone.yaml").write_text(
        "id: demo-alone\nname: 示范孤立有限公司\nname_en: Demo Alone Co.\nsources:\n"
        "  - source: demo-news\n    quote: 示范机器人有限公司\n",
        encoding="utf-8",
    )
    code, out, err = kg_query("path", "demo-alone", "demo-robot", root=tree)
    assert (code, out, err) == (1, "", "kg query path: no path between 'demo-alone' and 'demo-robot'\n")


def test_a_name_two_records_share_is_refused_with_both_ids(tree: Path) -> None:
    robot = tree / "curation/company/demo-robot.yaml"
    text = robot.read_text(encoding="utf-8")
    robot.write_text(
        text.replace("  - 示范机器人\n", "  - 示范机器人\n  - 示范电机有限公司\n"), encoding="utf-8"
    )
    code, out, err = kg_query("neighbors", "示范电机有限公司", root=tree)
    assert (code, out) == (1, "")
    assert err == (
        "kg query neighbors: '示范电机有限公司' names 2 records: demo-motor (示范电机有限公司), "
        "demo-robot (示范机器人有限公司); give one id\n"
    )


@pytest.mark.parametrize("name", ["Demo Motor", "shifandianji", "示范電機有限公司", "demo motor co., ltd."])
def test_a_search_only_one_record_matches_names_it(name: str) -> None:
    code, out, err = kg_query("neighbors", name, root=TREE)  # English prefix, pinyin, Traditional
    assert code == 0
    assert out == "supplies → 示范机器人有限公司 / Demo Robotics Co., Ltd. [demo-robot]\n"
    assert err.endswith("[demo-motor]\n")


def test_usage_errors_exit_2() -> None:
    code, _, err = kg_query("neighbors", "demo-robot", "--predicate", "suplies", root=TREE)
    assert code == 2
    assert "Invalid value for '--predicate' / '-p': 'suplies' is not one of" in err
    code, _, err = kg_query("neighbors", root=TREE)
    assert (code, "Missing argument 'ID'" in err) == (2, True)
    assert kg_query("no-such-question", root=TREE)[0] == 2
