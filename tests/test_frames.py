"""g.to_frames(): pandas DataFrames an analyst can filter and chart, and a clear error without pandas."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import kg
from kg.errors import MissingDependency
from kg.export.frames import Frames
from kg.export.tables import TABLES

from .conftest import ODD_ALIASES, ODD_NOTE, ODD_QUOTE


def test_frames_hold_every_record_relation_figure_and_citation(odd_tree: Path) -> None:
    g = kg.load(odd_tree)
    frames = g.to_frames()
    entities, relations, indicators, citations, sources = frames
    assert list(entities.id) == sorted(g.records)
    assert entities.set_index("id").loc["odd-chars", "aliases"] == ODD_ALIASES
    assert len(relations) == g.nx.number_of_edges()
    supplies = relations[relations.rel == "supplies"]
    assert list(zip(supplies.source, supplies.target, supplies.key, strict=True)) == [
        ("demo-motor", "demo-robot", "supplies"),
        ("odd-chars", "demo-robot", "supplies"),
        ("odd-chars", "demo-robot", "supplies#2"),
    ]
    route = indicators[indicators.entity == "linping-demo-sea-rail"]
    assert list(route.base_value) == [15000.0, 20.0]
    assert indicators.base_value.dtype.kind == "f"  # numbers, ready to sum and chart
    assert indicators.set_index("entity").loc["odd-chars", "note"] == ODD_NOTE
    odd = citations[citations.entity == "odd-chars"]
    assert list(odd.field) == ["sources", "indicators[0]", "relations[0]", "relations[1]"]
    assert set(odd.quote) == {ODD_QUOTE}
    assert set(citations.source) <= set(sources.id)
    assert frames.entities is entities
    assert Frames._fields == tuple(TABLES)  # the frames come in the order of the tables


def test_frames_without_pandas_say_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    g = kg.load(Path(__file__).parent / "fixtures/tree")
    monkeypatch.setitem(sys.modules, "pandas", None)  # what `import pandas` sees when it is not installed
    with pytest.raises(MissingDependency) as caught:
        g.to_frames()
    assert str(caught.value) == "g.to_frames() needs pandas, an optional extra: pip install 'hzkg[frames]'"
    assert isinstance(caught.value, ImportError)
