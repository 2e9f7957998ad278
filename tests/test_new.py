"""`kg new`: a record file with its required fields that `kg check` refuses until filled in."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.cli import main


def kg(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def check_lines(root: Path) -> tuple[int, list[str]]:
    code, _, err = kg("check", "--root", str(root))
    return code, [line for line in err.splitlines() if not line.startswith("kg check:")]


def test_new_writes_the_template_and_check_refuses_each_blank(tree: Path) -> None:
    code, out, err = kg("new", "--root", str(tree), "district", "xucun-town", "--name", "许村镇")
    assert (code, out) == (0, "curation/district/xucun-town.yaml\n")
    assert err == "kg new: fill in every TODO(kg new) placeholder; `kg check` fails until you do\n"
    assert (tree / "curation/district/xucun-town.yaml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schemas/district.json\n"
        "id: xucun-town\n"
        "name: 许村镇\n"
        "name_en: 'TODO(kg new): English name'\n"
        "level: 'TODO(kg new): one of province, city, district, county, county-level-city, town, "
        "subdistrict, region'\n"
        "sources:\n"
        "  - source: 'TODO(kg new): id of a source in seeds/sources.yaml'\n"
        "    quote: 'TODO(kg new): the exact words of the source that name this record'\n"
    )
    assert check_lines(tree) == (
        1,
        [
            "curation/district/xucun-town.yaml:4:10: KG111 fill in name_en (still 'TODO(kg new): English name')",
            "curation/district/xucun-town.yaml:5:8: KG111 fill in level (still 'TODO(kg new): one of province, "
            "city, district, county, county-level-city, town, subdistrict, region')",
            "curation/district/xucun-town.yaml:7:13: KG111 fill in sources[0].source "
            "(still 'TODO(kg new): id of a source in seeds/sources.yaml')",
            "curation/district/xucun-town.yaml:8:12: KG111 fill in sources[0].quote "
            "(still 'TODO(kg new): the exact words of the source that name this record')",
        ],
    )


def test_filling_in_the_blanks_is_all_it_takes(tree: Path) -> None:
    kg("new", "--root", str(tree), "company", "demo-gear")
    path = tree / "curation/company/demo-gear.yaml"
    text = path.read_text(encoding="utf-8")
    for blank, value in [
        ("'TODO(kg new): canonical Simplified Chinese name'", "示范齿轮有限公司"),
        ("'TODO(kg new): English name'", "Demo Gear Co., Ltd."),
        ("'TODO(kg new): id of a source in seeds/sources.yaml'", "demo-news"),
        ("'TODO(kg new): the exact words of the source that name this record'", "临平区位于杭州市"),
    ]:
        assert blank in text
        text = text.replace(blank, value)
    path.write_text(text, encoding="utf-8")
    assert check_lines(tree) == (0, [])
    assert kg("fmt", "--root", str(tree), "--check", str(path))[0] == 0  # kg new writes canonical form


def test_new_refuses_a_taken_or_invalid_id(tree: Path) -> None:
    code, out, err = kg("new", "--root", str(tree), "park", "demo-robot")
    assert (code, out) == (2, "")
    assert "Error: id 'demo-robot' is taken by curation/company/demo-robot.yaml; ids are never reused" in err
    code, _, err = kg("new", "--root", str(tree), "company", "Demo_Gear")
    assert code == 2
    assert (
        "invalid id 'Demo_Gear': use lowercase ASCII letters, digits and single hyphens (try 'demo-gear')"
        in err
    )
    code, _, err = kg("new", "--root", str(tree), "firm", "demo-gear")
    assert code == 2
    assert "Invalid value for 'TYPE'" in err
    assert not (tree / "curation/company/demo-gear.yaml").exists()


def test_new_points_at_records_with_the_same_name(tree: Path) -> None:
    code, _, err = kg("new", "--root", str(tree), "company", "demo-robot-2", "--name", "示范机器人")
    assert code == 0
    assert err.splitlines()[0] == (
        "kg new: note: curation/company/demo-robot.yaml is named 示范机器人有限公司; is it the same thing?"
    )
