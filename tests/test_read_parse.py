"""The per-file path of the check workers: reading with ``os.read``, naming a file without a
``Path``, records whose empty lists come from a factory. Each gives what the plain way gave."""

from __future__ import annotations

import itertools
import os
import threading
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import AfterValidator, BaseModel, ValidationError, create_model

from kg.cache import digest
from kg.filecheck import FileChecker, _read_all
from kg.load import Document, file_name, parse_record
from kg.scan import RecordFile
from kg.schema import RECORD_TYPES, Indicator, Relation, base
from kg.schema.base import Slug
from kg.treecheck import check_tree

from .conftest import TREE

RECORD = (TREE / "curation/company/demo-robot.yaml").read_bytes()


@pytest.mark.parametrize("told", [0, 1, len(RECORD) - 1, len(RECORD), len(RECORD) + 1, 10 * len(RECORD)])
def test_read_all_reads_to_the_end_whatever_size_it_was_told(tmp_path: Path, told: int) -> None:
    """A stamp taken when the tree was listed may be stale: the file grew or shrank since."""
    path = tmp_path / "x.yaml"
    path.write_bytes(RECORD)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert _read_all(fd, told) == RECORD
    finally:
        os.close(fd)


def test_read_all_goes_on_after_a_short_read() -> None:
    """A read may return less than asked for before the end (a pipe): the rest is read too."""
    read_end, write_end = os.pipe()

    def write() -> None:
        for start in range(0, len(RECORD), 100):
            os.write(write_end, RECORD[start : start + 100])
        os.close(write_end)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert _read_all(read_end, len(RECORD)) == RECORD
    finally:
        writer.join()
        os.close(read_end)


def test_a_file_grown_since_it_was_listed_is_checked_whole(tree: Path) -> None:
    display = "curation/company/demo-robot.yaml"
    grown = RECORD + b"colour: added after the listing\n"
    (tree / display).write_bytes(grown)
    checker = FileChecker(tree, keep_records=False)
    stale = (len(RECORD), 0, 0, 0)
    (outcome,) = checker.check_files([RecordFile(display, "company", stale)])
    assert outcome.digest == digest(grown)
    assert outcome.stamp == stale
    line = grown.count(b"\n")
    assert outcome.entry[0] == ((display, line, 1, "KG102", "unknown field 'colour'", "error"),)


def test_an_unreadable_file_is_one_problem(tree: Path) -> None:
    checker = FileChecker(tree, keep_records=False)
    (missing,) = checker.check_files([RecordFile("curation/company/gone.yaml", "company", None)])
    assert missing.entry[0] == (
        ("curation/company/gone.yaml", 1, 1, "KG001", "cannot read file: No such file or directory", "error"),
    )
    (tree / "curation/company/folder.yaml").mkdir()
    (folder,) = checker.check_files([RecordFile("curation/company/folder.yaml", "company", None)])
    assert folder.entry[0][0][3:5] == ("KG001", "cannot read file: Is a directory")


def test_file_name_is_what_path_gives() -> None:
    for size in range(7):
        for letters in itertools.product("ab./ ", repeat=size):
            text = "".join(letters)
            assert file_name(text) == (Path(text).name, Path(text).stem), text
            assert file_name(Path(text)) == (Path(text).name, Path(text).stem), text


@pytest.mark.parametrize("path", [None, "x/demo.yaml", Path("x/demo.yaml"), "/abs/./demo.yaml"])
def test_an_id_other_than_the_file_name_reads_the_same_whatever_the_path(path: str | Path | None) -> None:
    document, problems = parse_record(RECORD, "company", "curation/company/demo.yaml", path)
    assert [str(p) for p in problems] == [
        "curation/company/demo.yaml:1:5: KG009 id 'demo-robot' differs from the file name "
        "'demo.yaml'; rename one so they match"
    ]
    assert document.path == Path(path or "curation/company/demo.yaml")
    assert isinstance(document.path, Path)


def test_a_document_given_a_string_gives_a_path() -> None:
    document = Document("curation/company/a.yaml", "a", "company", None, None)
    assert document.path == Path("curation/company/a.yaml")
    assert "PosixPath" in repr(document) or "WindowsPath" in repr(document)


def test_left_out_lists_are_empty_fresh_and_not_dumped() -> None:
    data = {"id": "a", "name": "甲", "name_en": "A", "sources": [{"source": "s"}]}
    model = RECORD_TYPES["company"]
    one, two = model.model_validate(data), model.model_validate(data)
    for name in ("aliases", "dates", "indicators", "relations", "distinct_from", "products"):
        assert getattr(one, name) == [] and getattr(one, name) is not getattr(two, name), name
    assert one.model_dump(exclude_defaults=True) == {**data, "sources": [{"source": "s"}]}


def test_the_tree_checks_the_same_in_one_process_and_two(tree: Path) -> None:
    (tree / "curation/company/demo.yaml").write_bytes(RECORD)
    one = check_tree(tree, use_cache=False, jobs=1).problems
    assert one == check_tree(tree, use_cache=False, jobs=2).problems
    assert any(p.code == "KG009" for p in one)


def _check_of(metadata: list[Any]) -> Any:
    """The check behind the remembering validator in a field's metadata."""
    (validator,) = [m for m in metadata if isinstance(m, AfterValidator)]
    passed = validator.func.__self__  # type: ignore[union-attr]
    assert isinstance(passed, base._Passed)
    return passed.check


CHECKS = {
    "slug": _check_of(list(Slug.__metadata__)),
    "date": _check_of(list(base.PartialDate.__metadata__)),
    "period": _check_of(list(base.Period.__metadata__)),
    "rel": _check_of(Relation.model_fields["rel"].metadata),
    "metric": _check_of(Indicator.model_fields["metric"].metadata),
}


def _plain_and_remembered() -> list[tuple[type[BaseModel], type[BaseModel]]]:
    """Models checking each kind of string with the check called every time, and with the
    strings that passed before answered from memory."""
    assert CHECKS["slug"] is base._check_slug and CHECKS["rel"] is base._check_rel
    pairs = []
    for check in CHECKS.values():
        plain = create_model("Plain", value=(Annotated[str, AfterValidator(check)], ...))
        remembered = create_model("Remembered", value=(Annotated[str, base._remembered(check)], ...))
        pairs.append((plain, remembered))
    return pairs


ODD_VALUES = ["silan-micro", "Silan Micro", "a--b", "abc\n", "part_of", "partof", "employees", "2024"]
ODD_VALUES += [
    "2025-Q1",
    "2025-Q5",
    "..",
    "2024-13",
    "２０２１",
    "",
    7,
    None,
    "silan-micro",
    "Silan Micro",
    "2024-13",
    "partof",
]


def _outcome(model: type[BaseModel], value: object) -> object:
    try:
        return model.model_validate({"value": value}).model_dump()
    except ValidationError as exc:
        return exc.errors(include_url=False)


@pytest.mark.parametrize("limit", [100_000, 2])
def test_remembered_checks_answer_as_the_check_does_every_time(
    limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(base, "_PASSED_MAX", limit)
    pairs = _plain_and_remembered()
    for plain, remembered in pairs:
        for value in ODD_VALUES * 2:
            assert _outcome(remembered, value) == _outcome(plain, value), (remembered, value)
    for value in ODD_VALUES:
        assert _outcome(SlugModel, value) == _outcome(pairs[0][0], value)
    _outcome(SlugModel, f"never-met-{limit}")  # not remembered yet: the memory is trimmed first
    passed = Slug.__metadata__[0].func.__self__
    assert f"never-met-{limit}" in passed and "Silan Micro" not in passed
    assert len(passed) <= limit


SlugModel = create_model("SlugModel", value=(Slug, ...))
