"""The benchmark generator, and `kg diff` checked against a full load of both trees.

`kg diff` parses only what a change touches and finds the rest with git grep; here a generated
tree and a generated pull request are also loaded whole and run through `kg check`, and the
review must agree with that full picture: the same records changed, and a flag for every error
the change introduced.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.prgen import pull_request
from benchmarks.treegen import generate, write_repository, write_tree
from kg.canonical import canonical_data
from kg.checks import iter_references, run_checks
from kg.diff.model import Review
from kg.diff.review import review_revisions
from kg.fmt import format_files
from kg.load import Curation, load_tree
from kg.report import check_tree

RECORDS = 400


@pytest.fixture(scope="module")
def trees() -> tuple[dict[str, bytes], dict[str, bytes]]:
    world = generate(RECORDS, seed=3)
    return world.files(), pull_request(world, fraction=0.08, seed=4).files()


def test_generation_is_deterministic(trees: tuple[dict[str, bytes], dict[str, bytes]]) -> None:
    world = generate(RECORDS, seed=3)
    assert world.files() == trees[0]
    assert pull_request(world, fraction=0.08, seed=4).files() == trees[1]
    assert sum(p.startswith("curation/") for p in trees[0]) == RECORDS


def test_a_generated_tree_is_valid_and_canonical(
    trees: tuple[dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    write_tree(trees[0], tmp_path)
    checked = check_tree(tmp_path, use_cache=False, keep_records=True)
    assert checked.problems == []
    assert len(checked.records) == RECORDS
    types = {record.type for record in checked.records.values()}
    assert types == {
        "district", "company", "industry_chain", "policy", "port_route",
        "organization", "park", "infrastructure", "project", "person",
    }  # fmt: skip
    report = format_files(tmp_path, write=False)
    assert report.count("unchanged") == RECORDS


@pytest.fixture(scope="module")
def reviewed(
    trees: tuple[dict[str, bytes], dict[str, bytes]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Review, Curation, Curation]:
    """The review of the generated pull request, and both trees loaded whole."""
    repo = tmp_path_factory.mktemp("generated") / "repo"
    write_repository(repo, *trees)
    return review_revisions(repo, "main", "pr"), load_tree(trees[0], repo), load_tree(trees[1], repo)


def test_diff_agrees_with_a_full_load(reviewed: tuple[Review, Curation, Curation]) -> None:
    review, base, head = reviewed
    changed = {
        i
        for i in set(base.records) | set(head.records)
        if i not in base.records
        or i not in head.records
        or canonical_data(base.records[i]) != canonical_data(head.records[i])
    }
    reviewed_ids = {r.id for r in review.records} | {r.old_id for r in review.records if r.old_id}
    assert reviewed_ids == changed
    assert len(changed) >= RECORDS * 0.08

    errors = {(p.code, p.path, p.line) for p in run_checks(head) if p.severity == "error"}
    assert not [p for p in run_checks(base) if p.severity == "error"]
    lines = {(f.path, f.line) for f in review.flags}
    for code, path, line in errors:
        assert (path, line) in lines or (code == "KG202" and any(f.path == path for f in review.flags)), (
            code,
            path,
            line,
        )
    kinds = {f.kind for f in review.flags}
    assert {
        "still-referenced",
        "figure-without-citation",
        "quote-not-found",
        "domain-range",
        "renamed",
    } <= kinds
    assert "possible-duplicate" in kinds

    expected_refs = {
        (target, document.display)
        for document in head.documents.values()
        if document.record is not None
        for _, target in iter_references(document.record)
        if target in base.records and target not in head.records
    }
    assert {(f.record, f.path) for f in review.flags if f.kind == "still-referenced"} == expected_refs


def test_duplicate_flags_cover_every_shared_name_warning(reviewed: tuple[Review, Curation, Curation]) -> None:
    review, _, head = reviewed
    added = {r.id for r in review.records if r.change == "added"}
    warned = set()
    for problem in run_checks(head):
        if problem.code == "KG501":
            ids = re.findall(r"'([a-z0-9-]+)' \(", problem.message)
            warned |= {i for i in ids if i in added}
    flagged = {f.record for f in review.flags if f.kind == "possible-duplicate"}
    assert warned <= flagged
