"""The README's Python API snippets run, and print what the README says they print.

Every ``pycon`` block in the README runs in order in one namespace, from the repository root,
like a session at the Python prompt. The curation grows, so the printed output is regenerated,
not typed: ``KG_UPDATE_README=1 pytest tests/test_readme_api.py`` rewrites it in place.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from typing import Any

import pytest

from .conftest import ROOT

README = ROOT / "README.md"
BLOCK = re.compile(r"```pycon\n(.*?)```", re.S)


def examples(block: str) -> list[str]:
    """The source of each ``>>>`` example in a block, continuation lines included."""
    sources: list[list[str]] = []
    for line in block.splitlines():
        if line.startswith(">>> "):
            sources.append([line[4:]])
        elif line.startswith("... ") or line == "...":
            sources[-1].append(line[4:])
    return ["\n".join(lines) for lines in sources]


def run(source: str, namespace: dict[str, Any]) -> str:
    """What the interactive prompt prints for one example."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(source + "\n", "README.md", "single"), namespace)
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "".join(f"{line}\n" for line in lines)


def rendered(block: str, namespace: dict[str, Any]) -> str:
    """The block as it should read: each example followed by its real output."""
    out = []
    for source in examples(block):
        first, *rest = source.split("\n")
        out.append(f">>> {first}\n" + "".join(f"... {line}\n".replace("... \n", "...\n") for line in rest))
        out.append(run(source, namespace))
    return "".join(out)


def test_python_api_snippets_print_what_the_readme_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # kg.load() reads the curation of the current checkout
    import pandas

    text = README.read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    assert len(blocks) >= 6, "the README's Python API section lost its snippets"
    namespace: dict[str, Any] = {"__name__": "__readme__"}
    with pandas.option_context("display.unicode.east_asian_width", False):  # the snippets set it
        fresh = [rendered(block, namespace) for block in blocks]
    if os.environ.get("KG_UPDATE_README"):
        for old, new in zip(blocks, fresh, strict=True):
            text = text.replace(f"```pycon\n{old}```", f"```pycon\n{new}```", 1)
        README.write_text(text, encoding="utf-8")
        blocks = BLOCK.findall(text)
    for old, new in zip(blocks, fresh, strict=True):
        assert old == new, f"README output is stale; run KG_UPDATE_README=1 pytest {__file__}"


def test_snippet_runner_reports_what_was_printed() -> None:
    namespace: dict[str, Any] = {}
    block = ">>> x = 2\n>>> x * 21\n>>> for i in range(2):\n...     print(i)\n"
    assert (
        rendered(block, namespace)
        == ">>> x = 2\n>>> x * 21\n42\n>>> for i in range(2):\n...     print(i)\n0\n1\n"
    )
