"""Shared fixtures: the tiny valid tree, a writable copy of it, and the real curation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kg

from .browser_support import browser, playwright  # noqa: F401  (fixtures for the browser tests)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TREE = FIXTURES / "tree"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A writable copy of the tiny valid curation tree."""
    target = tmp_path / "tree"
    shutil.copytree(TREE, target, ignore=shutil.ignore_patterns(".kg-cache"))
    return target


@pytest.fixture(scope="session")
def fixture_graph() -> kg.KnowledgeGraph:
    return kg.load(TREE)


@pytest.fixture(scope="session")
def real_graph() -> kg.KnowledgeGraph:
    return kg.load(ROOT)


ODD_NAME = "怪\"双引号\"'单引号'<尖括号>&和号\\反斜杠`反引号`$美元{花括号}#井号"
ODD_NAME_EN = "Odd \"Chars\" 'Co' <Ltd> & Sons \\ `tick` ${x} // -- # ]]> ;\nsecond line\tand a tab\r\nend"
ODD_ALIASES = ["怪字符;公司", "怪字符|公司", '=HYPERLINK("http://x")', "@at-sign"]
ODD_NOTE = "note: 'single' \"double\" \\N not a newline, <b>&amp;</b>\nreal newline; MERGE (x) //"
ODD_QUOTE = "怪字符\"双引号\"<尖括号>&和号'单引号'\\反斜杠公司向示范机器人有限公司供应零件"
ODD_RECORD = {
    "id": "odd-chars",
    "name": ODD_NAME,
    "name_en": ODD_NAME_EN,
    "aliases": ODD_ALIASES,
    "listed": True,
    "sources": [{"source": "demo-news", "quote": ODD_QUOTE}],
    "indicators": [
        {
            "metric": "employees",
            "value": 1700,
            "unit": "人",
            "approx": "多",
            "period": "2024",
            "note": ODD_NOTE,
            "sources": [{"source": "demo-news", "quote": ODD_QUOTE}],
        }
    ],
    "relations": [
        {
            "rel": "supplies",
            "to": "demo-robot",
            "note": ODD_NOTE,
            "sources": [{"source": "demo-news", "quote": ODD_QUOTE}],
        },
        {
            "rel": "supplies",
            "to": "demo-robot",
            "note": "a second, separate supply",
            "sources": [{"source": "demo-news", "quote": ODD_QUOTE}],
        },
    ],
}


@pytest.fixture
def odd_tree(tree: Path) -> Path:
    """The fixture tree plus a company whose names hold every character a format must escape."""
    import json

    seed = tree / "seeds/demo.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + ODD_QUOTE + "。\n", encoding="utf-8")
    # JSON is YAML, and json.dumps spells every control character as an escape YAML reads back.
    text = json.dumps(ODD_RECORD, ensure_ascii=False, indent=2)
    (tree / "curation/company/odd-chars.yaml").write_text(text + "\n", encoding="utf-8")
    return tree
