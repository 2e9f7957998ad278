"""Doctests in kg/ run against this repository's curation, as ``g``."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def _doctest_graph(doctest_namespace: dict[str, object]) -> None:
    import kg

    doctest_namespace["g"] = kg.load(Path(__file__).resolve().parent)
