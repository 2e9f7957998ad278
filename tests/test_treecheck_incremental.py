"""A run after a few files changed puts its result together from the last run's (kg.treestate):
it must report exactly what a plain load and run of every check reports, whether the edits kept
each record's facts (the last run's findings across records are reused, and placed again in the
edited files) or changed them (the checks across records run again)."""

from __future__ import annotations

import os
import random
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

import kg.cache
import kg.factstore
import kg.treecheck
import kg.treeupdate
from benchmarks.treegen import generate, write_tree
from kg.cache import CACHE_DIR
from kg.treecheck import check_tree

from .conftest import TREE
from .test_problems import BROKEN
from .test_problems import install as install_fixture
from .test_treecheck import lines, reference


@pytest.fixture(autouse=True)
def trusted_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust every stamp at once, so that an edit is seen by its stamp alone."""
    monkeypatch.setattr(kg.cache, "RACY_SECONDS", 0.0)


def install(code: str, root: Path) -> None:
    install_fixture(next(f for f in BROKEN if f.stem.startswith(code)), root)


def no_cross_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(facts: Any) -> Any:
        raise AssertionError("the checks across records ran again")

    monkeypatch.setattr(kg.treecheck, "cross_findings", refuse)
    monkeypatch.setattr(kg.treeupdate, "cross_findings", refuse)


def no_table_of_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(table: Any) -> Any:
        raise AssertionError("the table of entries was loaded")

    monkeypatch.setattr(kg.cache._Table, "load", refuse)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_that_keeps_the_facts_places_the_findings_in_that_file_again(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("KG202", tree)
    before = check_tree(tree).problems
    assert [p.code for p in before] == ["KG202"]
    dangling = tree / "curation/company/dangling.yaml"
    edit(dangling, "name_en: Dangling Co.\n", "name_en: Dangling Co.\naliases: []\n# checked again\n")
    no_cross_checks(monkeypatch)
    after = check_tree(tree)
    assert lines(after.problems) == lines(reference(tree))
    assert [p.line for p in after.problems] == [before[0].line + 2]
    assert (after.read, after.reused) == (1, after.files - 1)


def test_an_edit_that_keeps_the_facts_reports_the_files_own_problems(tree: Path) -> None:
    check_tree(tree)
    robot = tree / "curation/company/demo-robot.yaml"
    edit(robot, "quote: 主要生产减速器", "quote: 主要生产齿轮箱")
    found = check_tree(tree).problems
    assert [p.code for p in found] == ["KG301"]
    assert lines(found) == lines(reference(tree))
    edit(robot, "quote: 主要生产齿轮箱", "quote: 主要生产减速器")
    assert check_tree(tree).problems == []


def test_a_file_whose_id_another_file_has_keeps_its_own_problems_hidden(tree: Path) -> None:
    install("KG201", tree)
    expected = lines(reference(tree))
    assert lines(check_tree(tree).problems) == expected
    organization = tree / "curation/organization/linping.yaml"
    edit(organization, "quote: 由临平区发布", "quote: 不在文中的一句话")
    found = lines(check_tree(tree).problems)
    assert found == lines(reference(tree)) == expected  # KG301 is not reported for the duplicate


def test_an_edit_that_changes_the_facts_runs_the_checks_across_records(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_tree(tree)
    robot = tree / "curation/company/demo-robot.yaml"
    edit(robot, "to: linping", "to: linpin")
    with monkeypatch.context() as patched:
        no_table_of_entries(patched)  # the facts of the other records come from check-facts.bin
        found = check_tree(tree).problems
    assert [p.code for p in found] == ["KG202"]
    assert lines(found) == lines(reference(tree))
    edit(robot, "to: linpin", "to: linping")
    assert check_tree(tree).problems == []


def only_names_checked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if an edit of names alone makes the checks across records run on every record."""

    def refuse(*args: Any) -> Any:
        raise AssertionError("the checks across records ran on every record")

    monkeypatch.setattr(kg.treecheck, "cross_findings", refuse)
    monkeypatch.setattr(kg.treeupdate, "cross_findings", refuse)
    monkeypatch.setattr(kg.treeupdate, "cross_findings_after", refuse)
    monkeypatch.setattr(kg.factstore.FactStore, "plains", refuse)
    no_table_of_entries(monkeypatch)


def test_name_edits_that_make_and_end_a_duplicate_find_only_the_duplicates_again(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert check_tree(tree).problems == []
    motor = tree / "curation/company/demo-motor.yaml"
    steps = [
        ("name: 示范电机有限公司", "name: 示范机器人有限公司", ["KG501"]),  # the robot's name
        ("name: 示范机器人有限公司", "name: 示范机器人集团", ["KG501"]),  # same key, new message
        ("name: 示范机器人集团", "name: 杭州市", ["KG501"]),  # another record's name instead
        ("name_en: Demo Motor Co., Ltd.", "name_en: Demo Motor\naliases: [临平区]", ["KG501", "KG501"]),
        ("name: 杭州市", "name: 示范电机有限公司", ["KG501"]),
        ("aliases: [临平区]", "aliases: []", []),
    ]
    for old, new, codes in steps:
        edit(motor, old, new)
        with monkeypatch.context() as patched:
            only_names_checked_again(patched)
            found = check_tree(tree).problems
        assert [p.code for p in found] == codes, new
        assert lines(found) == lines(reference(tree)), new
        assert lines(check_tree(tree, use_cache=False).problems) == lines(found)


def test_name_edits_save_only_the_changed_facts_and_no_stale_changes_are_used(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_tree(tree)
    whole = tree / CACHE_DIR / "check-facts.bin"
    changes = tree / CACHE_DIR / "check-facts-changes.bin"
    saved = whole.read_bytes()
    motor = tree / "curation/company/demo-motor.yaml"
    edit(motor, "name: 示范电机有限公司", "name: 示范机器人有限公司")
    assert [p.code for p in check_tree(tree).problems] == ["KG501"]
    assert whole.read_bytes() == saved and changes.is_file()
    earlier = changes.read_bytes()
    edit(motor, "name: 示范机器人有限公司", "name: 示范机器人集团")
    with monkeypatch.context() as patched:
        only_names_checked_again(patched)  # the facts come from the saved store and its changes
        assert lines(check_tree(tree).problems) == lines(reference(tree))
    changes.write_bytes(earlier)  # changes for the state before the last
    edit(motor, "name: 示范机器人集团", "name: 杭州市")
    assert lines(check_tree(tree).problems) == lines(reference(tree))
    assert not changes.exists()  # the tree was checked as a whole, and the whole store saved
    edit(motor, "name: 杭州市", "name: 临平区")
    assert lines(check_tree(tree).problems) == lines(reference(tree))
    damaged = bytearray(changes.read_bytes())
    damaged[-3] ^= 0x55
    changes.write_bytes(bytes(damaged))
    edit(motor, "name: 临平区", "name: 示范电机有限公司")
    assert check_tree(tree).problems == reference(tree) == []


def test_a_name_edit_after_edits_of_ids_and_files_matches_the_reference(tree: Path) -> None:
    install("KG201", tree)  # a second file with the id linping
    check_tree(tree)
    company = tree / "curation/company"
    district = tree / "curation/district"
    steps = [
        lambda: edit(company / "demo-motor.yaml", "name: 示范电机有限公司", "name: 临平区"),
        lambda: edit(district / "zhejiang.yaml", "id: zhejiang", "id: zhejiang-province"),  # renamed id
        lambda: edit(company / "demo-motor.yaml", "name: 临平区", "name: 浙江省"),
        lambda: (company / "demo-robot.yaml").unlink(),  # a deleted file
        lambda: edit(company / "demo-motor.yaml", "name: 浙江省", "name: 示范机器人有限公司"),
        lambda: (company / "demo-robot2.yaml").write_text(
            (TREE / "curation/company/demo-robot.yaml").read_text(encoding="utf-8"), encoding="utf-8"
        ),  # an added file
        lambda: edit(company / "demo-motor.yaml", "name: 示范机器人有限公司", "name: 示范机器人集团"),
        lambda: edit(tree / "curation/organization/linping.yaml", "name: ", "name: 临平"),  # the hidden one
        lambda: edit(company / "demo-motor.yaml", "name: 示范机器人集团", "name: 临平区"),
    ]
    for number, step in enumerate(steps):
        step()
        assert lines(check_tree(tree).problems) == lines(reference(tree)), f"step {number}"


def test_facts_of_another_state_are_not_used(tree: Path) -> None:
    check_tree(tree)
    stored = tree / CACHE_DIR / "check-facts.bin"
    earlier = stored.read_bytes()
    robot = tree / "curation/company/demo-robot.yaml"
    edit(robot, "to: linping", "to: linpin")
    assert [p.code for p in check_tree(tree).problems] == ["KG202"]
    stored.write_bytes(earlier)  # the facts of the run before (robot located in linping)
    edit(tree / "curation/company/demo-motor.yaml", "name: 示范电机有限公司", "name: 示范电机")
    found = check_tree(tree).problems
    assert lines(found) == lines(reference(tree))
    assert "KG202" in [p.code for p in found]


def test_edits_that_change_which_files_are_duplicates_match_the_reference(tree: Path) -> None:
    install("KG201", tree)
    organization = tree / "curation/organization/linping.yaml"
    edit(organization, "quote: 由临平区发布", "quote: 不在文中的一句话")  # hidden while a duplicate
    before = lines(check_tree(tree).problems)
    assert before == lines(reference(tree))
    edit(organization, "id: linping", "id: linpinx")  # no longer a duplicate (nor valid)
    assert lines(check_tree(tree).problems) == lines(reference(tree)) != before
    edit(organization, "id: linpinx", "id: linping")
    assert lines(check_tree(tree).problems) == lines(reference(tree)) == before


def test_a_touched_tree_with_one_changed_record_reuses_the_others(tree: Path) -> None:
    first = check_tree(tree)
    for path in (tree / "curation").rglob("*.yaml"):
        path.write_bytes(path.read_bytes())  # every stamp moves, no content changes
    edit(tree / "curation/company/demo-robot.yaml", "to: linping", "to: linpin")
    again = check_tree(tree)
    assert (again.read, again.reused) == (first.files, first.files - 1)
    assert lines(again.problems) == lines(reference(tree))


def test_a_damaged_state_is_not_used(tree: Path) -> None:
    install("KG202", tree)
    check_tree(tree)
    state = tree / CACHE_DIR / "check-state.bin"
    data = bytearray(state.read_bytes())
    data[-20] ^= 0x01
    state.write_bytes(bytes(data))
    (tree / "curation/company/dangling.yaml").unlink()
    assert check_tree(tree).problems == reference(tree) == []


def test_a_file_over_the_size_limit_edited_again_is_reported_again(tree: Path) -> None:
    huge = tree / "curation/company/huge.yaml"
    huge.write_bytes(b"id: huge\n" + b"#" * (2 * 1024 * 1024))
    first = lines(check_tree(tree).problems)
    assert [p.code for p in check_tree(tree).problems] == ["KG002"]
    huge.write_bytes(b"id: huge\n" + b"#" * (3 * 1024 * 1024))
    again = lines(check_tree(tree).problems)
    assert again == lines(reference(tree)) != first  # the size in the message changed


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    write_tree(generate(600, seed=11).files(), folder)
    return folder


_KEEPING_FACTS = [
    (r"^name_en: (.*)$", r"name_en: \1 (renamed)"),  # an English name
    (r"^(    quote: )(.*)$", r"\1\2不在原文"),  # a quote no longer in its source
    (r"^sources:\n", "aliases: []\n# a note\nsources:\n"),  # lines added above any finding
]
_CHANGING_FACTS = [
    (r"^(    to: )(.*)$", r"\1\2-gone"),  # a dangling reference
    (r"^name: (.*)$", "name: 杭州市"),  # a name another record has
    (r"^name: (.*)$", r"name: \1集团"),  # the same name key, another name
    (r"^name_en: (.*)$", r"name_en: \1\naliases: [杭州市]"),  # an alias another record has
    (r"^relations:\n  - rel: .*\n    to: .*\n", "relations:\n"),  # a relation removed
]


def test_random_edits_match_the_reference_after_each_run(generated: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(generated, root)
    assert check_tree(root, jobs=1).problems == reference(root)
    files = sorted((root / "curation").rglob("*.yaml"))
    chance = random.Random(3)
    for step in range(16):
        edits = _KEEPING_FACTS if step % 2 else _KEEPING_FACTS + _CHANGING_FACTS
        for path in chance.sample(files, 1 + step % 3):
            pattern, replacement = chance.choice(edits)
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(pattern, replacement, text, count=1, flags=re.M), encoding="utf-8")
            moment = time.time() - 3600 + step  # a new mtime even within the clock's tick
            os.utime(path, (moment, moment))
        assert lines(check_tree(root, jobs=1).problems) == lines(reference(root)), f"step {step}"
