"""Loading a tree from bytes gives what loading it from a folder gives; the fast paths (yaml-rs
on canonical files, libyaml) parse every file exactly as the pure-Python loader does."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg.yamlio as yamlio
from kg.load import load_curation, load_tree

from .conftest import FIXTURES, ROOT, TREE


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("curation", "seeds")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def _same(a: object, b: object) -> None:
    from kg.load import Curation

    assert isinstance(a, Curation) and isinstance(b, Curation)
    assert a.records == b.records
    assert a.sources == b.sources
    assert sorted(a.problems) == sorted(b.problems)
    assert [d.display for d in a.all_documents] == [d.display for d in b.all_documents]


@pytest.mark.parametrize("root", [TREE, ROOT], ids=["fixture-tree", "real-curation"])
def test_load_tree_matches_load_curation(root: Path) -> None:
    _same(load_tree(tree_bytes(root), root), load_curation(root))


def test_load_tree_reports_the_same_problems_on_a_broken_tree(tree: Path) -> None:
    (tree / "curation/company/dup.yaml").write_text("id: dup\nid: dup\n", encoding="utf-8")
    (tree / "curation/company/notes.txt").write_text("misplaced\n", encoding="utf-8")
    (tree / "curation/park").mkdir()
    (tree / "curation/park/demo-robot.yaml").write_bytes(
        (tree / "curation/company/demo-robot.yaml").read_bytes().replace(b"name_en", b"name_english")
    )
    (tree / "seeds/demo.txt").unlink()
    bytes_tree = load_tree(tree_bytes(tree), tree)
    _same(bytes_tree, load_curation(tree))
    assert {p.code for p in bytes_tree.problems} >= {"KG005", "KG010", "KG102", "KG303"}


def _yaml_files() -> list[Path]:
    return sorted(
        [*(ROOT / "curation").rglob("*.yaml"), *FIXTURES.rglob("*.yaml"), ROOT / "seeds/sources.yaml"]
    )


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_and_pure_python_parsers_agree(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    fast = yamlio.parse_yaml(data, "x.yaml")
    monkeypatch.setattr(yamlio, "_CLoader", None)
    monkeypatch.setattr(yamlio, "FAST_PARSER", None)
    slow = yamlio.parse_yaml(data, "x.yaml")
    assert (fast[0] is None) == (slow[0] is None)
    if fast[0] is not None and slow[0] is not None:
        assert (fast[0].data, fast[0].values, fast[0].keys) == (slow[0].data, slow[0].values, slow[0].keys)
    assert fast[1] == slow[1]


@pytest.mark.parametrize(
    "data",
    [
        "a: 1\r\nb: '中'\r\n",
        "note: |\n  第一行\n  second\n\nz: 2\n",
        'a: "x\\ty\\u4e2d"\nb:\n- 1\n- [2, 3]\n',
        "a: 2021-05-09\nb: 0x1F\nc: 1e3\nd: .inf\ne: ~\nf: yes\n",
        "\ta: 1\n",
        "a: b: c\n",
        "a: 1\na: 2\n",
        "a: 1\n---\nb: 2\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
    ],
)
def test_fast_and_pure_python_parsers_agree_on_odd_input(data: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = yamlio.parse_yaml(data.encode(), "x.yaml")
    monkeypatch.setattr(yamlio, "_CLoader", None)
    monkeypatch.setattr(yamlio, "FAST_PARSER", None)
    slow = yamlio.parse_yaml(data.encode(), "x.yaml")
    assert [str(p) for p in fast[1]] == [str(p) for p in slow[1]]
    assert (fast[0] and fast[0].data) == (slow[0] and slow[0].data)
