"""The `kg` command as a user runs it: exit codes, what goes to stdout and to stderr."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from kg.cli import main

from .conftest import ROOT, TREE


def kg(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_check_passes_on_a_valid_tree() -> None:
    code, out, err = kg("check", "--root", str(TREE))
    assert code == 0
    assert out == ""
    assert err.startswith("kg check: 0 errors, 0 warnings in 10 record files and 2 sources (")


def test_check_json_report_goes_to_stdout(tree: Path) -> None:
    (tree / "curation/company/demo-motor.yaml").write_text(
        "id: demo-motor\nname: 示范电机有限公司\n", encoding="utf-8"
    )
    code, out, _ = kg("check", "--root", str(tree), "--format", "json")
    assert code == 1
    problems = json.loads(out)["problems"]
    assert problems[0] == {
        "path": "curation/company/demo-motor.yaml",
        "line": 1,
        "col": 1,
        "code": "KG101",
        "message": "missing required field 'name_en'",
        "severity": "error",
        "summary": "a required field is missing",
    }


def test_strict_fails_on_warnings(tree: Path) -> None:
    (tree / "curation/district/linping-again.yaml").write_text(
        "id: linping-again\nname: 临平\nname_en: Linping\nlevel: district\nsources:\n"
        "  - source: demo-news\n    quote: 临平区位于杭州市\n",
        encoding="utf-8",
    )
    assert kg("check", "--root", str(tree))[0] == 0
    assert kg("check", "--root", str(tree), "--strict")[0] == 1


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _, err = kg("check", "--format", "xml", "--root", str(TREE))
    assert code == 2
    assert "Invalid value for '--format'" in err
    code, _, err = kg("check", "--root", str(tmp_path))
    assert code == 2
    assert "no curation found at or above" in err
    assert kg("no-such-command")[0] == 2


def test_show_prints_names_relations_and_quotes() -> None:
    code, out, _ = kg("show", "--root", str(TREE), "demo-robot")
    assert code == 0
    assert out.splitlines()[:2] == [
        "示范机器人有限公司  Demo Robotics Co., Ltd.",
        "  id: demo-robot   type: company",
    ]
    assert "  customer of ← 示范电机有限公司 [demo-motor]" in out
    assert "  demo-news: 示范机器人有限公司是一家位于临平区的企业" in out


def test_show_unknown_id_suggests(tmp_path: Path) -> None:
    code, out, err = kg("show", "--root", str(TREE), "demo-robots")
    assert (code, out) == (1, "")
    assert err == "kg show: no entity 'demo-robots' — did you mean 'demo-robot'?\n"


def test_show_yaml_is_the_canonical_file() -> None:
    code, out, _ = kg("show", "--root", str(TREE), "demo-motor", "--format", "yaml")
    assert code == 0
    original = (TREE / "curation/company/demo-motor.yaml").read_text(encoding="utf-8")
    assert out == "# yaml-language-server: $schema=../../schemas/company.json\n" + original


def test_find_by_pinyin() -> None:
    code, out, _ = kg("find", "--root", str(TREE), "shifan")
    assert code == 0
    assert out.splitlines()[0].split("\t")[0] in {"demo-robot", "demo-motor", "demo-port"}
    assert kg("find", "--root", str(TREE), "zzzz")[0] == 1


def test_stats_counts() -> None:
    code, out, _ = kg("stats", "--root", str(TREE), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["records"] == 10
    assert data["records_by_type"]["company"] == 2
    assert data["relations_by_predicate"] == {
        "part_of": 2,
        "segment_of": 1,
        "located_in": 2,
        "member_of": 2,
        "supplies": 1,
        "issued_by": 1,
        "targets": 1,
        "origin": 1,
        "destination": 1,
    }
    assert data["indicators"] == 2


def test_build_writes_a_graph_and_nothing_on_errors(tree: Path) -> None:
    code, _, err = kg("build", "--root", str(tree))
    assert code == 0
    graph = json.loads((tree / "build/graph.json").read_text(encoding="utf-8"))
    assert graph["graph"]["schema_version"] == "1.0"
    assert len(graph["nodes"]) == 10
    assert "kg build: 10 records, 12 relations" in err
    (tree / "build/graph.json").unlink()
    (tree / "curation/company/demo-motor.yaml").write_text("id: demo-motor\n", encoding="utf-8")
    code, _, err = kg("build", "--root", str(tree))
    assert code == 1
    assert "KG101" in err
    assert not (tree / "build/graph.json").exists()


def test_build_is_deterministic(tree: Path) -> None:
    kg("build", "--root", str(tree))
    first = (tree / "build/graph.json").read_bytes()
    kg("build", "--root", str(tree))
    assert (tree / "build/graph.json").read_bytes() == first


def test_committed_schemas_match_the_models() -> None:
    code, _, err = kg("schema", "--check", "--root", str(ROOT))
    assert (code, err) == (0, "")


def test_schema_writes_missing_files(tmp_path: Path) -> None:
    (tmp_path / "curation").mkdir()
    code, _, err = kg("schema", "--root", str(tmp_path))
    assert code == 0
    assert err.startswith("wrote ")
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir())[:2] == [
        "company.json",
        "district.json",
    ]
    assert kg("schema", "--check", "--root", str(tmp_path)) == (0, "", "")


def test_every_command_has_an_example_in_its_help() -> None:
    commands: list[tuple[str, click.Command]] = list(main.commands.items())
    for name, command in commands:
        assert "Example:" in (command.help or ""), name
        if isinstance(command, click.Group):
            commands += [(f"{name} {sub}", c) for sub, c in command.commands.items()]
    assert "query neighbors" in dict(commands)  # subcommands of groups are checked too
