"""`kg diff` as a reviewer sees it: snapshot tests on pairs of fixture trees, one per kind of
change and per flag, comparing the Markdown and JSON output in full.

Run ``KG_UPDATE_SNAPSHOTS=1 pytest tests/test_diff.py`` to rewrite the expected files after a
deliberate change of output, and read the diff of tests/fixtures/diff/ before committing it.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.cli import main

from .conftest import TREE
from .diffrepo import CASES, DIFF, apply_case, git, make_repository

UPDATE = bool(os.environ.get("KG_UPDATE_SNAPSHOTS"))


def kg(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _snapshot(path: Path, text: str) -> None:
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs; see the module docstring"


@pytest.mark.parametrize("case", CASES)
def test_case_markdown_and_json(case: str, tmp_path: Path) -> None:
    repo = make_repository(tmp_path, case)
    code, markdown, err = kg("diff", "--root", str(repo), "main", "change")
    assert code == 0, err
    _snapshot(DIFF / case / "expected.md", markdown)
    code, out, _ = kg("diff", "--root", str(repo), "main", "change", "--format", "json")
    assert code == 0
    _snapshot(DIFF / case / "expected.json", out)


def _flags(case: str) -> list[str]:
    data = json.loads((DIFF / case / "expected.json").read_text(encoding="utf-8"))
    return sorted({flag["kind"] for flag in data["flags"]})


def test_each_flag_case_raises_its_flag_and_the_clean_cases_none() -> None:
    """Guards the snapshots themselves: a regenerated snapshot that lost its flag fails here."""
    assert {case: _flags(case) for case in CASES} == {
        "added": [],
        "fields": [],
        "flag-domain-range": ["domain-range"],
        "flag-duplicate": ["possible-duplicate"],
        "flag-figure": ["figure-without-citation"],
        "flag-invalid": ["invalid-record"],
        "flag-quote": ["quote-not-found"],
        "flag-referenced": ["still-referenced"],
        "flag-rename-referenced": ["renamed", "still-referenced"],
        "flag-retyped": ["domain-range"],
        "flag-source-text": ["quote-not-found"],
        "flag-unknown-reference": ["unknown-reference"],
        "indicators": [],
        "no-change": [],
        "pull-request": ["figure-without-citation", "possible-duplicate", "renamed"],
        "relations": [],
        "removed": [],
        "rename": ["renamed"],
        "sources": [],
    }


def test_a_rename_is_one_renamed_record_not_a_removal_and_an_addition(tmp_path: Path) -> None:
    repo = make_repository(tmp_path, "rename")
    data = json.loads(kg("diff", "--root", str(repo), "main", "change", "--format", "json")[1])
    assert [(r["change"], r["old_id"], r["id"]) for r in data["records"]] == [
        ("renamed", "demo-motor", "demo-servo-motor")
    ]
    assert data["summary"]["records"] == {"company": {"added": 0, "removed": 0, "changed": 0, "renamed": 1}}


def test_an_invalid_file_is_flagged_not_shown_as_removed(tmp_path: Path) -> None:
    repo = make_repository(tmp_path, "flag-invalid")
    data = json.loads(kg("diff", "--root", str(repo), "main", "change", "--format", "json")[1])
    assert [(r["id"], r["change"]) for r in data["records"]] == [("demo-motor", "changed")]
    assert data["flags"][0]["reason"] == "does not load: KG101 missing required field 'name_en'"


def test_working_tree_head_and_merge_base_defaults(tmp_path: Path) -> None:
    """HEAD defaults to the working tree (untracked files included), BASE to the merge base
    with main; the review equals the one of the same change committed."""
    committed = make_repository(tmp_path / "a", "pull-request")
    expected = json.loads(kg("diff", "--root", str(committed), "main", "change", "--format", "json")[1])
    repo = make_repository(tmp_path / "b")
    git(repo, "checkout", "-q", "-b", "work")
    apply_case("pull-request", repo)
    status = git(repo, "status", "--porcelain")
    code, out, err = kg("diff", "--root", str(repo), "--format", "json")
    assert code == 0
    got = json.loads(out)
    assert got["base"] == {"label": "merge base with main", "commit": expected["base"]["commit"]}
    assert got["head"] == {"label": "working tree", "commit": None}
    for key in ("summary", "records", "sources", "flags"):
        assert got[key] == expected[key], key
    assert git(repo, "status", "--porcelain") == status, "kg diff must not touch the working copy"
    assert "kg diff: merge base with main → working tree: 5 records changed, 3 flags (" in err


def test_fail_on_flags_sets_the_exit_code(tmp_path: Path) -> None:
    flagged = make_repository(tmp_path / "a", "flag-figure")
    assert kg("diff", "--root", str(flagged), "main", "change", "--fail-on-flags")[0] == 1
    assert kg("diff", "--root", str(flagged), "main", "change")[0] == 0
    clean = make_repository(tmp_path / "b", "indicators")
    assert kg("diff", "--root", str(clean), "main", "change", "--fail-on-flags")[0] == 0


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    repo = make_repository(tmp_path, "added")
    code, _, err = kg("diff", "--root", str(repo), "no-such-branch")
    assert code == 2
    assert "Error: unknown revision 'no-such-branch'" in err
    plain = tmp_path / "plain"
    (plain / "curation").mkdir(parents=True)
    code, _, err = kg("diff", "--root", str(plain))
    assert code == 2
    assert "is not in a git repository" in err


def test_max_chars_keeps_counts_and_flags_and_says_what_it_cut(tmp_path: Path) -> None:
    repo = make_repository(tmp_path, "pull-request")
    full = kg("diff", "--root", str(repo), "main", "change")[1]
    cut = kg("diff", "--root", str(repo), "main", "change", "--max-chars", "1600")[1]
    assert len(cut) <= 1600 < len(full)
    assert cut.split("### Records")[0] in full
    assert cut.rstrip().endswith("left out to fit; `kg diff --format json` has everything.")
    assert "### ⚠️ Flags (3)" in cut


def test_curated_text_cannot_break_the_markdown(tmp_path: Path) -> None:
    repo = make_repository(tmp_path)
    path = repo / "curation/company/demo-motor.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "name_en: Demo Motor Co., Ltd.", "name_en: 'A|B *x* @team #12'"
        ),
        encoding="utf-8",
    )
    out = kg("diff", "--root", str(repo), "main")[1]
    assert "- **name\\_en**: Demo Motor Co., Ltd. → A\\|B \\*x\\* \\@team \\#12" in out


def test_html_view_is_self_contained_deterministic_and_marks_changes(tmp_path: Path) -> None:
    repo = make_repository(tmp_path, "pull-request")
    out = tmp_path / "review.html"
    code, stdout, err = kg("diff", "--root", str(repo), "main", "change", "--format", "html", "-o", str(out))
    assert (code, stdout) == (0, "")
    assert err.startswith(f"wrote {out}\n")
    page = out.read_text(encoding="utf-8")
    assert page == kg("diff", "--root", str(repo), "main", "change", "--format", "html")[1]
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert "<script" not in page and "src=" not in page and "@import" not in page
    assert '<h3 id="r-demo-gear">➕ company <code>demo-gear</code> 示范齿轮有限公司 — added</h3>' in page
    assert '<a href="#r-demo-gear"><g><title>company demo-gear 示范齿轮有限公司 — added</title>' in page
    assert 'fill="#1a7f37"/><text' in page  # an added node
    assert 'stroke="#cf222e" stroke-width="1.6" stroke-dasharray="5 4"' in page  # a removed edge
    assert "<title>company demo-servo-motor (was demo-motor) 示范伺服电机" not in page
    assert "company demo-servo-motor (was demo-motor) 示范电机有限公司 — renamed" in page


def test_case_files_describe_themselves() -> None:
    for case in CASES:
        about = yaml.safe_load((DIFF / case / "case.yaml").read_text(encoding="utf-8"))
        assert about["about"], case


def test_a_project_below_the_top_of_the_repository(tmp_path: Path) -> None:
    """Paths from git are relative to the repository's top; the project may sit deeper."""
    repo = tmp_path / "repo"
    project = repo / "data" / "hzkg"
    shutil.copytree(TREE, project)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    (project / "curation/company/demo-robot.yaml").unlink()
    data = json.loads(kg("diff", "--root", str(project), "--format", "json")[1])
    assert [(r["id"], r["change"], r["path"]) for r in data["records"]] == [
        ("demo-robot", "removed", "curation/company/demo-robot.yaml")
    ]
    assert [(f["kind"], f["path"]) for f in data["flags"]] == [
        ("still-referenced", "curation/company/demo-motor.yaml")
    ]
