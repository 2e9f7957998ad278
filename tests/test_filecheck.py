"""What a check worker sends back: the outcomes of a chunk, packed in a worker process and
unpacked in the parent, are those of checking the chunk in the parent itself."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pytest

from kg.filecheck import FileChecker, Outcome, received
from kg.scan import scan_records
from kg.treesources import SourceInputs

from .conftest import TREE


def _checker(root: Path) -> tuple[FileChecker, list]:  # type: ignore[type-arg]
    checker = FileChecker(root, keep_records=True)
    SourceInputs(root, checker, {}, 0.0).load()
    files, _ = scan_records(root, False)
    return checker, files


def _in_a_worker(checker: FileChecker, files: list) -> list[Outcome | bytes]:  # type: ignore[type-arg]
    with multiprocessing.get_context("fork").Pool(1) as pool:
        return pool.apply(checker.check_to_send, (files,))


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_outcomes_sent_from_a_worker_equal_those_made_here(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(TREE, root)
    (root / "curation/company/broken.yaml").write_text("id: broken\nname: [\n", encoding="utf-8")
    checker, files = _checker(root)
    here = checker.check_to_send(files)
    assert all(isinstance(outcome, Outcome) for outcome in here)
    sent = _in_a_worker(checker, files)
    assert [type(result) for result in sent] == [bytes]  # one packed string for the chunk
    there = list(received(sent))
    assert sent == []  # each packed chunk let go once unpacked
    assert there == here and len(there) == len(files)
    assert all(type(outcome) is Outcome for outcome in there)
    assert any(outcome.data is None and outcome.entry[0] for outcome in there)  # the broken file
    kept = [outcome.data for outcome in there if outcome.data is not None]
    sources = [citation["source"] for node, _ in kept for citation in node["sources"]]
    assert len(sources) > len(set(sources))
    by_value = {source: source for source in sources}
    assert all(source is by_value[source] for source in sources)  # still one object per word


def test_the_dependencies_remembered_follow_a_registry_loaded_again(tmp_path: Path) -> None:
    """An entry's dependencies are remembered per set of sources cited, for the registry they
    were made with: once the registry is loaded again, they carry the new digests."""
    root = tmp_path / "tree"
    shutil.copytree(TREE, root)
    checker, files = _checker(root)
    outcomes = checker.check_files(files)
    first = outcomes[0].entry[3]
    assert first and all(digest == checker.source_digests[source] for source, digest in first)
    assert sum(outcome.entry[3] is first for outcome in outcomes) > 1  # one tuple, shared
    (root / "seeds/sources.yaml").write_text(
        (root / "seeds/sources.yaml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8"
    )
    text = next(name for name in (root / "seeds").iterdir() if name.suffix == ".txt")
    text.write_bytes(text.read_bytes() + "\n又一句。\n".encode())
    SourceInputs(root, checker, {}, 0.0).load()
    again = checker.check_files(files)[0].entry[3]
    assert [source for source, _ in again] == [source for source, _ in first]
    assert all(digest == checker.source_digests[source] for source, digest in again)
    assert again != first
