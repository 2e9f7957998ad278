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
from kg.emit import canonical_shape, emit_block, scalar_text
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


@pytest.fixture(params=["shape", "emit"])
def proof(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """A test using this runs with either proof of canonical form taken first: the expression
    (as a large run does) or the canonical writer (as a run of a few files does)."""
    monkeypatch.setattr(yamlio, "SHAPE_AFTER", 0 if request.param == "shape" else 10**9)
    return str(request.param)


def _fast_data(text: str) -> Any:
    located = yamlio._parse_canonical(text)
    return None if located is None else located.data


@pytest.mark.usefixtures("proof")
@pytest.mark.parametrize(
    "text",
    [
        "a: yes\n",
        "a: 010\n",
        "a: 1e3\n",
        "a: 2024-01-01\n",
        "a: [1, 2]\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: 1  # note\n",
        "a:\n- 1\n",
        'a: "x"\n',
        "a: 'x'\r\n",
        "a: |\n  x\n  y\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: 0o10\n",
        "a: .inf\n",
        "a: ~\n",
        "a: =\n",
        "a: <<\n",
        "<<: 1\n",
        "on: 1\n",
        "a: 1_000\n",
        "a: 0x1F\n",
        "a: 12:30:45\n",
        "a: 2024-01-01 10:00:00\n",
        "a: Yes\n",
        "a: b\nc: d\n# further down\n",
        "a:\n  - b\n  - c\nb: {x: 1}\n",
        "a: b\n  c\n",
        "a: b\n  - c\n",
        "a:\n   b: 1\n",
    ],
)
def test_text_not_in_canonical_form_takes_the_pyyaml_path(text: str) -> None:
    assert canonical_shape().fullmatch(text) is None
    assert _fast_data(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "a: 'yes'\nb: 'off'\nc: 'null'\nd: '~'\n",
        "a: '010'\nb: '0o10'\nc: '1e3'\nd: '.inf'\n",
        "a: '2024-01-01'\nb: '='\nc: '<<'\nd: ''\ne: 'it''s'\n",
        "a: 2024-03\nb: 603251.SH\nc: 2024-Q1\nd: 0x1Fg\n",
        "a: 10\nb: -3\nc: 2.5\nd: 1.0e+20\ne: true\nf: false\ng: null\n",
        "a: 2024年\nb: 3D打印\nc: yesterday\nd: C#\ne: a:b\nf: x, [y]\n",
        "id: x\nlist:\n  - a\n  - k: v\n    deeper:\n      - z\n  - b\n",
    ],
)
def test_scalars_both_versions_read_alike_take_the_fast_path(text: str, proof: str) -> None:
    assert canonical_shape().fullmatch(text)
    located, problems = yamlio._parse_located(text, "x.yaml")
    assert located is not None and not problems
    fast = _fast_data(text)
    # the writer proves only its own text ('0o10' it writes plain); either proof, the same data
    assert fast == located.data if proof == "shape" else fast in (None, located.data)


@pytest.mark.usefixtures("proof")
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: x\nrelations:\n  - rel: a\n    rel: b\n", "4:5: KG005 duplicate key 'rel' (first at line 3)"),
        ("a:\n  - x\n  b: 1\n", "3:3: KG004 YAML syntax error: while parsing a block collection; "),
    ],
    ids=["duplicate-key", "key-among-items"],
)
def test_canonical_shape_that_is_no_yaml_record_takes_the_pyyaml_path(text: str, message: str) -> None:
    assert canonical_shape().fullmatch(text)  # the shape cannot see it; the fast parser refuses it
    assert _fast_data(text) is None
    _, problems = parse_yaml(text.encode(), "x.yaml")
    assert len(problems) == 1 and str(problems[0]).startswith(f"x.yaml:{message}")


def _random_shaped_text(rng: random.Random, scalars: list[str]) -> str:
    """Lines nested as the shape wants (a ``key:`` gets a line two deeper, a scalar line one no
    deeper), of any form at any level, so that lists and mappings also meet where they should not."""
    lines, column, opened = [], 0, False
    for number in range(rng.randint(1, 8)):
        if not opened and number:
            column = rng.choice(range(0, column + 1, 2))
        key, scalar = rng.choice(["a", "b", "y", "k_1", "a", "b", "on"]), rng.choice(rng.choice(scalars))
        forms = [f"{key}: {scalar}", f"{key}:", f"- {scalar}", f"- {key}: {scalar}", f"- {key}:"]
        form = forms[0] if number == 0 else rng.choice(forms)
        lines.append(f"{' ' * column}{form}\n")
        opened = form.endswith(":")
        column += (2 if form.startswith("- ") and ":" in form else 0) + (2 if opened else 0)
    if opened:
        lines.append(f"{' ' * column}- x\n")
    return "".join(lines)


def test_texts_of_canonical_shape_read_as_pyyaml_reads_them() -> None:
    """Random lines in every form the shape allows, with scalars built to trip either YAML
    version: whatever the shape accepts and the fast parser reads, PyYAML reads alike."""
    rng = random.Random(5)
    tricky = [*WORDS, "'x'", "'it''s'", "''", "1.5", "-2", "007", "1e+3", "12.0e+5", "2024年", "3 units"]
    tricky += [
        "1,000",
        "0x1F",
        "+1",
        "1:30",
        ".5",
        "2024-01-01",
        "-0",
        "1.0e+20",
        "'yes'",
        "Yes",
        "x #y",
        "a:",
    ]
    tricky += ["2024-03", "2024-3", "603251.SH", "2024-Q1", "0x1Fg", "1e5", "1E+5", "0b101", "0o17", "1_000"]
    tricky += ["12:30:45", "2024-03-01T10:00:00Z", "1.5e+3", ".inf", "-.inf", ".NaN", "1:20:30.5", "0777"]
    plain = ["x", "士兰微", "'q'", "10", "2.5", "true", "null", "a b", "it's", "C#", "a:b", "x, [y]"]
    scalars = [tricky, plain, [text for text in random_strings(2000, seed=3) if "\n" not in text]]
    shaped = agreed = 0
    for _ in range(60_000):
        text = _random_shaped_text(rng, scalars)
        if not canonical_shape().fullmatch(text):
            continue
        shaped += 1
        try:
            fast = yamlio.FAST_PARSER.loads(text, parse_datetime=False)
        except Exception:  # a refusal sends the file down the PyYAML path
            continue
        located, problems = yamlio._parse_located(text, "x.yaml")
        assert located is not None and not problems and located.data == fast, text
        agreed += 1
    assert shaped > 8_000 and agreed > 4_000


@pytest.mark.usefixtures("proof")
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


@pytest.mark.usefixtures("proof")
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
