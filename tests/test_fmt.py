"""`kg fmt`: one canonical form, written atomically, idempotent, and never at a fact's expense."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.canonical import canonical_data
from kg.cli import main
from kg.fmt import canonical_file_text
from kg.load import parse_record

from .conftest import ROOT

HEADER = "# yaml-language-server: $schema=../../schemas/company.json\n"


def kg(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "curation").rglob("*.yaml"))}


def test_check_lists_what_would_change_and_writes_nothing(tree: Path) -> None:
    before = snapshot(tree)
    code, out, err = kg("fmt", "--root", str(tree), "--check")
    assert code == 1
    assert out.splitlines() == sorted(before)  # no fixture file has the editor schema line yet
    assert err == "kg fmt: 10 files would be reformatted, 0 already canonical\n"
    assert snapshot(tree) == before


def test_fmt_rewrites_then_changes_nothing(tree: Path) -> None:
    code, out, err = kg("fmt", "--root", str(tree))
    assert (code, out) == (0, "")
    assert err.endswith("kg fmt: 10 files reformatted, 0 already canonical\n")
    formatted = snapshot(tree)
    robot = formatted["curation/company/demo-robot.yaml"].decode()
    assert robot.startswith(HEADER + "id: demo-robot\n")
    assert "    to: humanoid-robots\n    stage: downstream\n    role: 链主\n" in robot  # field order
    assert kg("fmt", "--root", str(tree)) == (0, "", "kg fmt: 0 files reformatted, 10 already canonical\n")
    assert kg("fmt", "--root", str(tree), "--check")[0] == 0
    assert snapshot(tree) == formatted


def test_lists_that_carry_no_order_are_sorted_and_stops_are_not(tree: Path) -> None:
    path = tree / "curation/port_route/linping-demo-sea-rail.yaml"
    text = path.read_text(encoding="utf-8")
    stops = "".join(
        f"  - rel: via\n    to: {stop}\n    sources:\n      - source: demo-news\n        quote: 临平至示范港海铁联运班列\n"
        for stop in ("zhejiang", "hangzhou")
    )
    destination_first = text.replace("  - rel: origin\n", stops + "  - rel: origin\n")
    path.write_text(destination_first, encoding="utf-8")
    kg("fmt", "--root", str(tree), str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    rels = [
        (a.split(": ")[1], b.split(": ")[1])
        for a, b in itertools.pairwise(lines)
        if a.startswith("  - rel: ")
    ]
    assert rels == [
        ("origin", "linping"),
        ("destination", "demo-port"),
        ("via", "zhejiang"),
        ("via", "hangzhou"),
    ]


def test_only_the_given_paths_are_formatted(tree: Path) -> None:
    before = snapshot(tree)
    code, _, err = kg("fmt", "--root", str(tree), str(tree / "curation/company"))
    assert code == 0
    assert err.endswith("kg fmt: 2 files reformatted, 0 already canonical\n")
    after = snapshot(tree)
    assert [p for p in after if after[p] != before[p]] == [
        "curation/company/demo-motor.yaml",
        "curation/company/demo-robot.yaml",
    ]


def test_a_comment_is_kept_by_refusing_to_format(tree: Path) -> None:
    path = tree / "curation/company/demo-motor.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "name_en: Demo Motor Co., Ltd.", "name_en: Demo Motor Co., Ltd.  # check the legal name"
    )
    path.write_text(
        "# yaml-language-server: $schema=../../schemas/company.json\n# 待核实\n" + text, encoding="utf-8"
    )
    before = path.read_bytes()
    code, _, err = kg("fmt", "--root", str(tree), str(path))
    assert code == 1
    assert err.splitlines()[:2] == [
        "curation/company/demo-motor.yaml:2:1: KG011 comment '# 待核实' would be lost; "
        "move what it says into the record's note",
        "curation/company/demo-motor.yaml:5:32: KG011 comment '# check the legal name' would be lost; "
        "move what it says into the record's note",
    ]
    assert err.endswith("kg fmt: 0 files reformatted, 0 already canonical, 1 not formatted (see above)\n")
    assert path.read_bytes() == before


def test_a_hash_inside_a_value_is_not_a_comment() -> None:
    data = "id: demo-motor\nname: 示范电机#1\nname_en: 'Motor #1'\nsources:\n  - source: s\n    quote: a\n".encode()
    text, problems = canonical_file_text(data, "company", "demo-motor.yaml")
    assert problems == []
    assert text is not None and "name: 示范电机#1\nname_en: 'Motor #1'\n" in text
    spaced = data.replace("示范电机#1".encode(), "示范电机 #1".encode())  # now YAML reads a comment
    assert [p.code for p in canonical_file_text(spaced, "company", "demo-motor.yaml")[1]] == ["KG011"]


def test_a_file_that_does_not_load_is_reported_and_left_alone(tree: Path) -> None:
    path = tree / "curation/company/demo-motor.yaml"
    path.write_text("id: demo-motor\nname: [\n", encoding="utf-8")
    code, out, err = kg("fmt", "--root", str(tree), "--check")
    assert code == 1
    assert "curation/company/demo-motor.yaml" not in out.splitlines()
    assert err.startswith("curation/company/demo-motor.yaml:3:1: KG004 YAML syntax error")
    assert path.read_text(encoding="utf-8") == "id: demo-motor\nname: [\n"


def test_a_path_outside_the_curation_is_a_usage_error(tree: Path) -> None:
    code, _, err = kg("fmt", "--root", str(tree), str(tree / "seeds"))
    assert code == 2
    assert "is not inside" in err


@pytest.mark.parametrize(
    "path", sorted((ROOT / "curation").rglob("*.yaml")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_canonical_form_of_real_records_is_idempotent_and_keeps_every_fact(path: Path) -> None:
    text, problems = canonical_file_text(path.read_bytes(), path.parent.name, path.name)
    assert problems == [] and text is not None
    again, _ = canonical_file_text(text.encode(), path.parent.name, path.name)
    assert again == text
    original = parse_record(path.read_bytes(), path.parent.name, path.name)[0].record
    reread = parse_record(text.encode(), path.parent.name, path.name)[0].record
    assert original is not None and reread is not None
    assert canonical_data(reread) == canonical_data(original)
    for field in ("relations", "indicators", "dates", "aliases", "sources"):
        assert sorted(map(repr, getattr(reread, field))) == sorted(map(repr, getattr(original, field)))
