"""kg.scan lists the same record files, in the same order, and the same misplaced files as
kg.load.record_files, with or without stamps, and each stamp is the file's."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg.cache import stamp_of
from kg.load import record_files
from kg.scan import scan_records

from .conftest import TREE


@pytest.fixture
def untidy(tmp_path: Path) -> Path:
    """The fixture tree with files in every wrong place and some that are ignored."""
    root = tmp_path / "tree"
    shutil.copytree(TREE, root, ignore=shutil.ignore_patterns(".kg-cache"))
    curation = root / "curation"
    (curation / "company/nested/deeper").mkdir(parents=True)
    (curation / "company/nested/deeper/demo.yaml").write_text("id: demo\n", encoding="utf-8")
    (curation / "company/notes.txt").write_text("notes\n", encoding="utf-8")
    (curation / "company/.hidden.yaml").write_text("id: hidden\n", encoding="utf-8")
    (curation / "company/gone.yaml").symlink_to(curation / "company/missing.yaml")  # broken
    (curation / "company/alias.yaml").symlink_to(curation / "company/demo-motor.yaml")
    (curation / "company/folder-link").symlink_to(curation / "district", target_is_directory=True)
    (curation / "gadget").mkdir()
    (curation / "gadget/thing.yaml").write_text("id: thing\n", encoding="utf-8")
    (curation / "linked").symlink_to(curation / "company", target_is_directory=True)
    (curation / "stray.yaml").write_text("id: stray\n", encoding="utf-8")
    (curation / "inbox").mkdir()
    (curation / "inbox/draft.yaml").write_text("id: draft\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("stamped", [True, False])
def test_the_files_and_misplaced_files_are_those_of_the_loader(untidy: Path, stamped: bool) -> None:
    files, misplaced = scan_records(untidy, stamped)
    expected, expected_misplaced = record_files(untidy)
    assert [(item.display, item.kind) for item in files] == [
        (path.relative_to(untidy).as_posix(), kind) for path, kind in expected
    ]
    assert misplaced == expected_misplaced
    assert "curation/company/nested/deeper/demo.yaml" in [p.path for p in misplaced]
    assert not any("folder-link" in p.path for p in misplaced)  # Path.rglob does not enter links
    for item in files:
        if not stamped or item.display.endswith("gone.yaml"):
            assert item.stamp is None
        else:
            assert item.stamp == stamp_of(os.stat(untidy / item.display))
