"""Shared fixtures: the tiny valid tree, a writable copy of it, and the real curation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TREE = FIXTURES / "tree"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A writable copy of the tiny valid curation tree."""
    target = tmp_path / "tree"
    shutil.copytree(TREE, target)
    return target


@pytest.fixture(scope="session")
def fixture_graph() -> kg.KnowledgeGraph:
    return kg.load(TREE)


@pytest.fixture(scope="session")
def real_graph() -> kg.KnowledgeGraph:
    return kg.load(ROOT)
