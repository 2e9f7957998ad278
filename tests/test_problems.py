"""Every kind of bad input gets its exact one-line message and a non-zero exit, never a traceback.

Each file in tests/fixtures/broken/ holds the bad input and the lines `kg check` must print for
it (``# expect:``); it is dropped into a copy of the valid fixture tree and checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

from .conftest import FIXTURES

BROKEN = sorted((FIXTURES / "broken").glob("*.yaml"))


def run_check(root: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.stderr.splitlines() if not line.startswith("kg check:")]
    return result.exit_code, lines


def install(fixture: Path, root: Path) -> list[str]:
    """Write the fixture's file(s) into ``root``; return its expected lines."""
    text = fixture.read_text(encoding="utf-8")
    expected = re.findall(r"^# expect: (.*)$", text, flags=re.M)
    parts = re.split(r"^# file: (.*)\n", text, flags=re.M)
    if len(parts) > 1:
        files = dict(zip(parts[1::2], parts[2::2], strict=True))
    else:
        files = {re.search(r"^# path: (.*)$", text, flags=re.M).group(1): text}  # type: ignore[union-attr]
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return expected


@pytest.mark.parametrize("fixture", BROKEN, ids=[f.stem for f in BROKEN])
def test_broken_fixture_reports_exact_lines(fixture: Path, tree: Path) -> None:
    expected = install(fixture, tree)
    code, lines = run_check(tree)
    assert lines == expected
    has_error = any(" warning: " not in line for line in expected)
    assert code == (1 if has_error else 0)


def test_every_error_code_has_a_fixture_or_a_generated_case() -> None:
    from kg.codes import CODES

    covered = {f.stem.split("-")[0] for f in BROKEN} | GENERATED
    assert sorted(set(CODES) - covered) == []


GENERATED = {"KG001", "KG002", "KG003", "KG303", "KG401", "KG503"}
GENERATED |= {"KG601", "KG602", "KG603", "KG604", "KG605", "KG610", "KG611"}  # tests/test_extract.py
"""Codes whose inputs cannot live in a text fixture; the tests below build them."""


def _write(root: Path, relative: str, data: bytes) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "curation/company/x.yaml:1:1: KG003 file is empty; a record needs at least an id"),
        (b"  \n\n", "curation/company/x.yaml:1:1: KG003 file is empty; a record needs at least an id"),
        (
            "id: x\nname: 公司\n".encode("gb18030"),
            "curation/company/x.yaml:2:7: KG001 not UTF-8: byte 0xb9 at offset 12 (save the file as UTF-8)",
        ),
        (
            b"id: x\nname: \x00\x01\x02",
            "curation/company/x.yaml:2:7: KG001 binary data: control byte 0x00 at offset 12",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "curation/company/x.yaml:1:1: KG001 not UTF-8: byte 0x89 at offset 0 (save the file as UTF-8)",
        ),
    ],
    ids=["empty", "blank", "gbk", "binary", "png"],
)
def test_unreadable_files(tree: Path, data: bytes, expected: str) -> None:
    _write(tree, "curation/company/x.yaml", data)
    code, lines = run_check(tree)
    assert (code, lines) == (1, [expected])


def test_huge_file_is_refused_without_reading_it(tree: Path) -> None:
    path = tree / "curation/company/huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    code, lines = run_check(tree)
    assert (code, lines) == (
        1,
        ["curation/company/huge.yaml:1:1: KG002 file is 52,428,800 bytes; the limit is 1,048,576"],
    )


def test_every_file_is_checked_after_the_first_error(tree: Path) -> None:
    _write(tree, "curation/company/a.yaml", b"id: a\nid: b\n")
    _write(tree, "curation/company/b.yaml", b"")
    _write(tree, "curation/company/c.yaml", b"id: c\nname: [\n")
    code, lines = run_check(tree)
    assert code == 1
    assert sorted({line.split(":")[0] for line in lines}) == [
        "curation/company/a.yaml",
        "curation/company/b.yaml",
        "curation/company/c.yaml",
    ]
    assert "curation/company/a.yaml:2:1: KG005 duplicate key 'id' (first at line 1)" in lines


def test_source_registry_problems(tree: Path) -> None:
    registry = tree / "seeds/sources.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8")
        + (
            "- id: lost\n  kind: article\n  title: 丢失\n  file: missing.txt\n"
            "- id: ref-codes\n  kind: reference\n  title: 重复\n  url: https://example.org\n"
            "- id: no-url\n  kind: reference\n  title: 无网址\n"
            "- id: gbk-bytes\n  kind: article\n  title: 二进制\n  file: binary.txt\n"
        ),
        encoding="utf-8",
    )
    (tree / "seeds/binary.txt").write_bytes(b"\xff\xfe\x00\x81\x30\x81")
    code, lines = run_check(tree)
    assert code == 1
    assert lines == [
        "seeds/sources.yaml:16:9: KG303 source 'lost': file 'missing.txt' not found in seeds/",
        "seeds/sources.yaml:17:7: KG401 duplicate source id 'ref-codes'",
        "seeds/sources.yaml:21:3: KG401 sources[4]: a reference source needs a url",
        "seeds/sources.yaml:27:9: KG303 source 'gbk-bytes': binary.txt is not UTF-8 or GB18030 text",
    ]


def test_damaged_source_text_is_a_warning_with_its_place(tree: Path) -> None:
    (tree / "seeds/demo.txt").write_text(
        (tree / "seeds/demo.txt").read_text(encoding="utf-8") + "数字经济規??偭亢椭袊?0%以上\n",
        encoding="utf-8",
    )
    code, lines = run_check(tree)
    assert (code, lines) == (
        0,
        ["seeds/demo.txt:8:6: KG503 warning: '??偭亢椭袊?' lost bytes in decoding; quote around it"],
    )
