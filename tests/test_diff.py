"""`kg diff` as a reviewer sees it: snapshot tests on pairs of fixture trees, one per kind of
change and per flag, comparing the Markdown and JSON output in full.

Run ``KG_UPDATE_SNAPSHOTS=1 pytest tests/test_diff.py`` to rewrite the expected files after a
deliberate change of output, and read the diff of tests/fixtures/diff/ before committing it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.cli import main
from kg.diff.htmlview import STATUSES

from .conftest import TREE
from .diffrepo import CASES, DIFF, apply_case, git, make_repository
from .views_support import page_data

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


PULL_REQUEST_NODES = {
    "demo-gear": "added",
    "demo-robot-holding": "added",
    "demo-robot": "changed",
    "linping-demo-sea-rail": "changed",
    "demo-servo-motor": "renamed",
    "demo-port": "unchanged",
    "humanoid-robots": "unchanged",
    "linping": "unchanged",
    "reducers": "unchanged",
}
"""The nodes of the pull-request case's picture and their status."""
PULL_REQUEST_EDGES = [
    ("demo-gear", "demo-robot", "supplies", "added"),
    ("demo-gear", "linping", "located_in", "added"),
    ("demo-gear", "reducers", "member_of", "added"),
    ("demo-robot", "humanoid-robots", "member_of", "changed"),
    ("demo-robot", "linping", "located_in", "unchanged"),
    ("demo-robot", "reducers", "member_of", "removed"),
    ("demo-servo-motor", "demo-robot", "supplies", "unchanged"),
    ("linping-demo-sea-rail", "demo-port", "destination", "unchanged"),
    ("linping-demo-sea-rail", "linping", "origin", "unchanged"),
]
"""Its edges: every relation of a changed record, in both trees, with its status."""


def test_html_view_is_one_deterministic_file_that_marks_changes(tmp_path: Path) -> None:
    repo = make_repository(tmp_path, "pull-request")
    out = tmp_path / "review.html"
    code, stdout, err = kg("diff", "--root", str(repo), "main", "change", "--format", "html", "-o", str(out))
    assert (code, stdout) == (0, "")
    assert err.startswith(f"wrote {out}\n")
    page = out.read_text(encoding="utf-8")
    assert page == kg("diff", "--root", str(repo), "main", "change", "--format", "html")[1]
    command = ["diff", "--root", str(repo), "main", "change", "--format", "html"]
    again = subprocess.run(
        [sys.executable, "-c", "from kg.cli import main; main()", *command],
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        capture_output=True,
        check=True,
    )
    assert again.stdout.decode("utf-8") == page, "same review, other hash seed: other bytes"
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    # one file: vis-network, scripts and styles inside it, nothing to load, no other page to link to
    assert not re.search(r"<script[^>]*\bsrc=|<link\b|@import", page)
    assert "vis.Network" in page and "window.KG" in page
    assert {h.split("-", 1)[0] for h in re.findall(r'href="([^"]*)"', page)} == {"#r"}
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert policy is not None
    scripts = dict(part.strip().split(" ", 1) for part in unescape(policy.group(1)).split(";"))["script-src"]
    assert scripts.split() == [f"'sha256-{h}'" for h in _inline_script_hashes(page)]
    data = page_data(page)
    assert data["meta"].keys() == PULL_REQUEST_NODES.keys()
    assert {n: m["status"] for n, m in data["meta"].items()} == PULL_REQUEST_NODES
    assert all(m["href"] == "" for m in data["meta"].values())
    edges = sorted((m["from"], m["to"], m["rel"], m["status"]) for m in data["emeta"].values())
    assert edges == PULL_REQUEST_EDGES
    drawn = {n["id"]: n for n in data["nodes"]}
    assert drawn["demo-gear"]["color"]["border"] == STATUSES["added"].colour
    assert drawn["demo-servo-motor"]["color"]["background"] == STATUSES["renamed"].fill
    assert drawn["demo-servo-motor"]["label"] == "⚠ 示范电机有限公司"  # flagged
    removed = [e for e in data["edges"] if data["emeta"][e["id"]]["status"] == "removed"]
    assert [(e["color"]["color"], e["dashes"]) for e in removed] == [(STATUSES["removed"].colour, [6, 4])]
    changed = next(m for m in data["emeta"].values() if m["status"] == "changed")
    assert changed["changes"][0] == "stage: downstream → midstream"
    assert data["meta"]["demo-servo-motor"]["changes"] == ["id: demo-motor → demo-servo-motor"]
    assert [s["type"] for s in data["statuses"]] == ["added", "removed", "changed", "renamed", "unchanged"]
    assert (
        '<h3 id="r-demo-gear"><span style="color: #1a7f37">+</span> company <code>demo-gear</code> '
        "示范齿轮有限公司 — added</h3>" in page
    )
    assert "renamed from <code>demo-motor</code>" in page
    assert "<strong>looks like a duplicate of another record</strong>" in page


def _inline_script_hashes(page: str) -> list[str]:
    import base64
    import hashlib

    bodies = re.findall(r"<script>(.*?)</script>", page, re.S)
    return [base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() for b in bodies]


def test_html_view_of_no_change(tmp_path: Path) -> None:
    repo = make_repository(tmp_path, "no-change")
    page = kg("diff", "--root", str(repo), "main", "change", "--format", "html")[1]
    assert page_data(page)["nodes"] == []
    assert 'data-en="No changes to the curation."' in page


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
