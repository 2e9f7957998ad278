"""`kg check` through the cache and the worker processes reports exactly what a plain load and
run of every check reports, and no cache state — stale, damaged, from other code — hides a
problem.

The reference is :func:`kg.load.load_curation` plus :func:`kg.checks.run_checks`, one file after
another in this process, with nothing remembered.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

import kg
import kg.cache
import kg.checks
import kg.yamlio
from benchmarks.prgen import pull_request
from benchmarks.treegen import generate, write_tree
from kg.cache import CACHE_DIR
from kg.checks import run_checks
from kg.errors import CurationError, Problem
from kg.filecheck import NO_FACTS, facts_digest
from kg.load import load_curation
from kg.query import KnowledgeGraph
from kg.schema import Record, Source
from kg.treecheck import check_tree

from .conftest import ROOT, TREE
from .test_problems import BROKEN, install


def reference(root: Path) -> list[Problem]:
    curation = load_curation(root)
    return sorted(set(curation.problems) | set(run_checks(curation)))


def lines(problems: list[Problem]) -> list[str]:
    return [str(p) for p in problems]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated tree of 1,200 records after a pull request full of mistakes (dangling ids,
    quotes that no longer verify, duplicate names …), big enough for worker processes."""
    world = generate(1200, seed=5)
    folder = tmp_path_factory.mktemp("generated")
    write_tree(pull_request(world, fraction=0.05, seed=6).files(), folder)
    broken = folder / "curation/company"
    victim = sorted(broken.iterdir())[7]
    victim.write_text(victim.read_text(encoding="utf-8").replace("relations:", "relations: &a", 1))
    (broken / "bad-yaml.yaml").write_text("id: bad-yaml\nname: [unclosed\n", encoding="utf-8")
    return folder


def copy(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(folder, target, ignore=shutil.ignore_patterns(CACHE_DIR))
    return target


@pytest.mark.parametrize("fixture", BROKEN, ids=[f.stem for f in BROKEN])
def test_each_broken_fixture_matches_the_reference(fixture: Path, tree: Path) -> None:
    install(fixture, tree)
    expected = reference(tree)
    assert expected
    assert check_tree(tree, use_cache=False, jobs=1).problems == expected
    assert check_tree(tree).problems == expected  # writes the cache
    assert check_tree(tree).problems == expected  # answers from it


@pytest.mark.parametrize("root", [TREE, ROOT], ids=["fixture-tree", "real-curation"])
def test_valid_trees_match_the_reference(root: Path) -> None:
    assert check_tree(root, use_cache=False).problems == reference(root)


def test_a_generated_tree_with_mistakes_matches_the_reference(generated: Path, tmp_path: Path) -> None:
    expected = reference(generated)
    codes = {p.code for p in expected}
    assert {"KG004", "KG006", "KG202", "KG301"} <= codes
    root = copy(generated, tmp_path)
    assert check_tree(root, use_cache=False, jobs=1).problems == expected
    assert check_tree(root, jobs=2).problems == expected
    again = check_tree(root, jobs=2)
    assert again.problems == expected
    assert again.reused == again.files


def test_records_kept_from_a_warm_cache_are_those_of_a_fresh_read(generated: Path, tmp_path: Path) -> None:
    """``kg build`` keeps the records: where the cache knows a file's bytes, the worker skips
    its checks and only parses and validates it into plain data; the records, the problems and
    the graph built from them are the same as without a cache."""
    root = copy(generated, tmp_path)
    fresh = check_tree(root, use_cache=False, keep_records=True, jobs=2)
    check_tree(root, jobs=2)  # fills the cache
    kept = check_tree(root, keep_records=True, jobs=2)
    assert kept.reused == kept.files > 1000
    assert kept.problems == fresh.problems
    assert list(kept.records) == list(fresh.records) and kept.records == fresh.records
    assert kept.registry == fresh.registry
    graphs = [KnowledgeGraph(checked.records, root, checked.registry) for checked in (fresh, kept)]
    nodes, edges = (
        [list(g.nx.nodes(data=True)) for g in graphs],
        [list(g.nx.edges(keys=True, data=True)) for g in graphs],
    )
    assert nodes[0] == nodes[1] and edges[0] == edges[1] and len(edges[0]) > 1000


def test_records_checked_in_worker_processes_are_those_checked_here(generated: Path) -> None:
    """The workers send their outcomes packed (:meth:`kg.filecheck.FileChecker.check_to_send`):
    the records and problems the parent unpacks are those of checking every file in it."""
    here = check_tree(generated, use_cache=False, keep_records=True, jobs=1)
    there = check_tree(generated, use_cache=False, keep_records=True, jobs=2)
    assert there.problems == here.problems and len(here.problems) > 10
    assert list(there.records) == list(here.records) and there.plain == here.plain
    assert len(there.records) > 1000


def test_a_cache_written_beside_is_the_one_the_check_writes_itself(generated: Path, tmp_path: Path) -> None:
    """``kg build`` leaves writing the cache to a forked process while it makes the graph; once
    that process is waited for, the next check reuses every file, as after a check that wrote
    its cache itself, and finds the same problems."""
    here, beside = copy(generated, tmp_path / "here"), copy(generated, tmp_path / "beside")
    checked = check_tree(beside, keep_records=True, save_beside=True, jobs=2)
    assert checked.saving is not None  # the cache is being written by another process
    checked.wait_saved()
    assert checked.saving is None
    check_tree(here, keep_records=True, jobs=2)
    for root in (here, beside):
        again = check_tree(root, jobs=2)
        assert again.reused == again.files > 1000
        assert again.problems == checked.problems
    assert sorted(os.listdir(here / CACHE_DIR)) == sorted(os.listdir(beside / CACHE_DIR))


def test_work_done_meanwhile_sees_the_records_and_changes_no_problem(generated: Path, tmp_path: Path) -> None:
    """``kg.load`` builds the graph while the checks across records run in a forked process;
    the problems are those of a check without it (dangling ids, duplicate names, cycles …)."""
    root = copy(generated, tmp_path)
    plain = check_tree(root, use_cache=False, keep_records=True, jobs=2)
    seen: list[tuple[int, int, int]] = []

    def meanwhile(records: Mapping[str, Record], sources: dict[str, Source]) -> str:
        seen.append((os.getpid(), len(records), len(sources)))
        return "made"

    with_work = check_tree(root, use_cache=False, keep_records=True, jobs=2, meanwhile=meanwhile)
    assert with_work.problems == plain.problems and any(p.code == "KG202" for p in plain.problems)
    assert with_work.made == "made"
    assert seen == [(os.getpid(), len(plain.records), len(plain.registry))]

    def failing(records: Mapping[str, Record], sources: dict[str, Source]) -> None:
        raise RuntimeError("meanwhile failed")

    with pytest.raises(RuntimeError, match="meanwhile failed"):
        check_tree(root, use_cache=False, keep_records=True, jobs=2, meanwhile=failing)


def test_loading_a_large_tree_with_errors_raises_them_all(generated: Path, tmp_path: Path) -> None:
    root = copy(generated, tmp_path)
    expected = check_tree(root, use_cache=False, jobs=2).problems
    with pytest.raises(CurationError) as raised:
        kg.load(root)
    assert raised.value.problems == expected
    lenient = kg.load(root, strict=False)
    assert lenient.problems == sorted(expected)
    assert lenient.nx.number_of_nodes() > 1000


def test_the_fast_parser_and_pyyaml_alone_report_the_same(
    generated: Path, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for fixture in BROKEN:
        install(fixture, tree)
    fast = [check_tree(root, use_cache=False, jobs=1).problems for root in (generated, tree)]
    monkeypatch.setattr(kg.yamlio, "FAST_PARSER", None)
    slow = [check_tree(root, use_cache=False, jobs=1).problems for root in (generated, tree)]
    assert lines(fast[0]) == lines(slow[0])
    assert lines(fast[1]) == lines(slow[1])


def _edit_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def _age(root: Path, seconds: float = 60) -> None:
    """Move every file's mtime back, so its stamp is out of the racy window (its ctime is now,
    which is exactly what a real edit leaves too)."""
    for path in root.rglob("*"):
        if path.is_file() and CACHE_DIR not in path.parts:
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - int(seconds * 1e9)))


def test_a_file_changed_with_the_same_size_and_mtime_is_read_again(tree: Path) -> None:
    check_tree(tree)
    path = tree / "curation/company/demo-robot.yaml"
    _edit_keeping_size_and_mtime(path, "to: linping", "to: linpinG")
    found = lines(check_tree(tree).problems)
    assert found == lines(reference(tree))
    assert any("KG104" in line or "KG202" in line for line in found)


def test_an_old_stamp_is_trusted_and_a_moved_one_is_not(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kg.cache, "RACY_SECONDS", 0.0)
    check_tree(tree)
    first = check_tree(tree)
    assert (first.reused, first.read) == (first.files, 0)
    path = tree / "curation/company/demo-robot.yaml"
    _edit_keeping_size_and_mtime(path, "to: linping", "to: linpinG")
    again = check_tree(tree)
    assert (again.reused, again.read) == (again.files - 1, 1)
    assert lines(again.problems) == lines(reference(tree))


@pytest.mark.parametrize("name", ["check-result.bin", "check-state.bin", "check-entries.bin"])
@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_a_damaged_cache_file_is_ignored(tree: Path, name: str, damage: str) -> None:
    install(next(f for f in BROKEN if f.stem.startswith("KG202")), tree)
    expected = lines(reference(tree))
    assert lines(check_tree(tree).problems) == expected
    path = tree / CACHE_DIR / name
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip":
        data[-5] ^= 0xFF
    else:
        data = bytearray(os.urandom(len(data)))
    path.write_bytes(bytes(data))
    (tree / "curation/company/dangling.yaml").unlink()  # the cached result no longer holds
    assert lines(check_tree(tree).problems) == lines(reference(tree)) != expected


@pytest.mark.parametrize("name", ["check-entries-changes.bin"])
def test_a_damaged_file_of_changes_is_ignored(
    generated: Path, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kg.cache, "RACY_SECONDS", 0.0)
    root = copy(generated, tmp_path)
    check_tree(root, jobs=1)
    company = sorted((root / "curation/company").iterdir())[3]
    company.write_text(company.read_text(encoding="utf-8").replace("\nname_en: ", "\nname_en: X "))
    first = check_tree(root, jobs=1)
    assert first.problems == reference(root)
    changes = root / CACHE_DIR / name
    assert changes.is_file()  # one file changed: only its entry and stamp were written
    data = bytearray(changes.read_bytes())
    data[-3] ^= 0x55
    changes.write_bytes(bytes(data))
    company.write_text(company.read_text(encoding="utf-8").replace("\nname_en: X ", "\nname_en: "))
    assert check_tree(root, jobs=1).problems == reference(root)


def test_a_change_of_code_or_schema_empties_the_cache(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check_tree(tree)
    monkeypatch.setattr(kg.checks, "MIN_QUOTE", 100)  # the checks change: every quote is short now
    stale = check_tree(tree)
    assert not any(p.code == "KG504" for p in stale.problems)  # same code digest: the cache answers
    monkeypatch.setattr(kg.cache, "code_digest", lambda: b"other code 12345")
    fresh = check_tree(tree)
    assert any(p.code == "KG504" for p in fresh.problems)
    assert fresh.problems == reference(tree)


def test_the_code_digest_covers_every_module_of_the_package(tmp_path: Path) -> None:
    package = tmp_path / "kg"
    shutil.copytree(Path(kg.cache.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = kg.cache.package_digest(package)
    schema = package / "schema" / "company.py"
    schema.write_text(schema.read_text(encoding="utf-8") + "\n# a change\n", encoding="utf-8")
    assert kg.cache.package_digest(package) != before


def test_a_changed_source_text_checks_the_quotes_that_cite_it_again(tree: Path) -> None:
    assert check_tree(tree).problems == []
    seed = tree / "seeds/demo.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("示范", "演示"), encoding="utf-8")
    found = check_tree(tree).problems
    assert any(p.code == "KG301" for p in found)
    assert found == reference(tree)


def test_a_changed_registry_is_seen(tree: Path) -> None:
    assert check_tree(tree).problems == []
    registry = tree / "seeds/sources.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("id: demo-news", "id: demo-newz"))
    found = check_tree(tree).problems
    assert any(p.code == "KG207" for p in found)
    assert found == reference(tree)


def test_a_removed_record_leaves_dangling_references(tree: Path) -> None:
    assert check_tree(tree).problems == []
    (tree / "curation/district/linping.yaml").unlink()
    found = check_tree(tree).problems
    assert any(p.code == "KG202" for p in found)
    assert found == reference(tree)


def test_touched_files_are_read_again_and_give_the_same_answer(generated: Path, tmp_path: Path) -> None:
    root = copy(generated, tmp_path)
    expected = check_tree(root, jobs=1).problems
    _age(root)
    touched = check_tree(root, jobs=1)
    assert touched.problems == expected
    # Every stamp moved: each file was read again, and its entry found by its digest.
    assert touched.read == touched.reused == touched.files


def test_no_cache_writes_nothing(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check_tree(tree, use_cache=False)
    assert not (tree / CACHE_DIR).exists()
    monkeypatch.setenv("KG_CACHE", "0")
    check_tree(tree)
    assert not (tree / CACHE_DIR).exists()
    monkeypatch.delenv("KG_CACHE")
    check_tree(tree)
    assert (tree / CACHE_DIR / "check-result.bin").is_file()
    assert (tree / CACHE_DIR / ".gitignore").read_text() == "*\n"


def test_the_facts_digest_depends_on_the_value_only() -> None:
    """Equal facts give one digest however their strings were made or shared; others differ."""
    shared = "".join(["silan", "-micro"])
    first = ("silan-micro", "company", "士兰微", (shared, shared), (("supplies", "x"),), (), None)
    second = (
        "silan-micro",
        "company",
        "士兰微",
        (sys.intern("silan-micro"), "silan-micro"),
        (("supplies", "x"),),
        (),
        None,
    )
    assert facts_digest(first) == facts_digest(second) != facts_digest((*first[:6], "330100"))
    assert facts_digest(None) == NO_FACTS != facts_digest(first)
