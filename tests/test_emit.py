"""The fast canonical writer writes exactly what PyYAML writes, or declines; and the fast reading
path takes only files whose canonical text proves that PyYAML reads the same data from them."""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

import kg.yamlio as yamlio
from benchmarks.treegen import generate
from kg.canonical import canonical_data
from kg.emit import emit_block, scalar_text
from kg.load import load_curation
from kg.yamlio import _pyyaml_dump, parse_yaml

from .conftest import ROOT, TREE

ALPHABET = [
    *" :#-?,[]{}&*!|>'\"%@`.~+_=<0123456789eExXoObByYnNtTfFlLu中文士兰區\t\n\r\x85\u2028\ufeff\xa0\u3000：，",
    *("\U0001f600", "\x7f", "\x00", "\ud7ff", "\ue000", "\ufffd"),
]
WORDS = ["yes", "No", "on", "OFF", "null", "~", "true", "1:20", "0x1F", "1e3", "1.5", "-1", "+3", ".inf"]
WORDS += [".NaN", "2024-01-01", "2024-1-1 10:00", "---", "...", "<<", "=", "0o7", "010", "1_000", ""]


def random_strings(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 7)))
        out.append(rng.choice(WORDS) + text if rng.random() < 0.3 else text)
    return out


def records() -> list[dict[str, Any]]:
    curations = [load_curation(TREE), load_curation(ROOT)]
    data = [canonical_data(r) for c in curations for r in c.records.values()]
    world = generate(300, seed=9)
    return data + list(world.records.values())


@pytest.mark.parametrize("data", records(), ids=lambda d: str(d.get("id")))
def test_every_record_is_written_as_pyyaml_writes_it(data: dict[str, Any]) -> None:
    fast = emit_block(data)
    assert fast is not None
    assert fast == _pyyaml_dump(data)


def test_strings_are_written_as_pyyaml_writes_them_or_left_to_it() -> None:
    written = 0
    for text in random_strings(40_000, seed=1):
        for data in ({"k": text}, {"k": [text]}, {"k": [{"a": text, "b": text}]}, [text]):
            fast = emit_block(data)
            if fast is not None:
                written += 1
                assert (
                    fast == _pyyaml_dump(data)
                    if isinstance(data, dict)
                    else yaml.dump(
                        data,
                        Dumper=yamlio._Dumper,
                        allow_unicode=True,
                        default_flow_style=False,
                        width=1_000_000,
                    )
                ), repr(text)
    assert written > 60_000  # most strings take the fast way


def test_numbers_booleans_and_null_are_written_as_pyyaml_writes_them() -> None:
    rng = random.Random(2)
    values: list[Any] = [True, False, None, 0, -0.0, 1e16, 1e-7, 2.5e300, -(2**70), 123456789012345678]
    values += [rng.uniform(-1e6, 1e6) for _ in range(2000)] + [
        rng.randint(-(10**12), 10**12) for _ in range(500)
    ]
    values += [10.0**e for e in range(-20, 25)]
    for value in values:
        assert emit_block({"v": value}) == _pyyaml_dump({"v": value}), value
    assert scalar_text(math.inf) is None and scalar_text(math.nan) is None


@pytest.mark.parametrize(
    "data",
    [{"a": []}, {"a": {}}, {"a": [[1]]}, {"a": "two\nlines"}, {"a": "tab\there"}, {1: "x"}, {"a": b"x"}],
    ids=["empty-list", "empty-map", "nested-list", "multiline", "tab", "int-key", "bytes"],
)
def test_other_shapes_are_left_to_pyyaml(data: dict[Any, Any]) -> None:
    assert emit_block(data) is None


def test_a_collection_met_twice_is_left_to_pyyaml() -> None:
    shared = [{"source": "s", "quote": "q"}]
    data = {"sources": shared, "relations": [{"rel": "r", "sources": shared}]}
    assert emit_block(data) is None
    assert "&id001" in _pyyaml_dump(data)


def _fast_data(text: str) -> Any:
    located = yamlio._parse_canonical(text)
    return None if located is None else located.data


@pytest.mark.parametrize(
    "text",
    [
        "a: yes\n",
        "a: 010\n",
        "a: 1e3\n",
        "a: 2024-01-01\n",
        "a: [1, 2]\n",
        "a: 1\na: 2\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: 1  # note\n",
        "a:\n- 1\n",
        'a: "x"\n',
        "a: 'x'\r\n",
        "a: |\n  x\n  y\n",
        "%YAML 1.1\n---\na: 1\n",
    ],
)
def test_text_not_in_canonical_form_takes_the_pyyaml_path(text: str) -> None:
    assert _fast_data(text) is None


def test_canonical_files_take_the_fast_path_and_read_as_pyyaml_reads_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = sorted((ROOT / "curation").rglob("*.yaml")) + sorted((TREE / "curation").rglob("*.yaml"))
    fast_count = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        fast = _fast_data(text)
        if fast is not None:
            fast_count += 1
            assert fast == yaml.load(text, Loader=yaml.SafeLoader) or _timestamps_kept_as_text(fast, text)
    assert fast_count == len(paths)  # every curation file is in canonical form (kg fmt)
    monkeypatch.setattr(yamlio, "FAST_PARSER", None)
    assert _fast_data(paths[0].read_text(encoding="utf-8")) is None


def _timestamps_kept_as_text(fast: Any, text: str) -> bool:
    located, problems = parse_yaml(text.encode(), "x.yaml")
    return located is not None and located.data == fast and not problems


def test_positions_of_a_fast_read_file_are_those_of_pyyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    path = ROOT / "curation/port_route/xiaoshan-ningbo-sea-rail.yaml"
    data = path.read_bytes()
    fast, _ = parse_yaml(data, "x.yaml")
    assert fast is not None and fast.text is not None  # read on the fast path, positions pending
    monkeypatch.setattr(yamlio, "FAST_PARSER", None)
    slow, _ = parse_yaml(data, "x.yaml")
    assert slow is not None and slow.text is None
    assert (fast.data, fast.values, fast.keys) == (slow.data, slow.values, slow.keys)
    assert Path(path).exists()
