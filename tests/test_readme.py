"""The README is the front door: its commands, error codes and CLI reference stay true.

Generated sections sit between ``<!-- name:start -->`` and ``<!-- name:end -->`` markers;
run ``KG_UPDATE_README=1 pytest tests/test_readme.py`` to rewrite them after a change.
"""

from __future__ import annotations

import os
import re
import shlex

import click
from click.testing import CliRunner

from kg.cli import main
from kg.codes import CODES

from .conftest import ROOT

README = ROOT / "README.md"
TEST_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest"
BUILD_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/kg build"


def codes_table() -> str:
    rows = ["| code | severity | meaning |", "|---|---|---|"]
    rows += [f"| {c.code} | {c.severity} | {c.summary} |" for c in CODES.values()]
    return "\n".join(rows)


def cli_reference() -> str:
    """The help of `kg`, of each command, and of each subcommand of a group (`kg query neighbors`)."""
    names: list[str] = []
    for name, command in sorted(main.commands.items()):
        names.append(name)
        if isinstance(command, click.Group):
            names += [f"{name} {sub}" for sub in sorted(command.commands)]
    parts = []
    runner = CliRunner()
    for name in ["", *names]:
        args = [*name.split(), "--help"]
        text = runner.invoke(main, args, prog_name="kg").output.rstrip()
        parts.append(f"### `kg {name}`\n\n```\n{text}\n```" if name else f"```\n{text}\n```")
    return "\n\n".join(parts)


def diff_example() -> str:
    """The Markdown `kg diff` writes for the fixture pull request (tests/test_diff.py checks it)."""
    expected = ROOT / "tests/fixtures/diff/pull-request/expected.md"
    return f"```markdown\n{expected.read_text(encoding='utf-8')}```"


def diff_flags() -> str:
    from kg.diff.model import FLAG_KINDS

    rows = ["| flag | raised when |", "|---|---|"]
    rows += [f"| `{kind}` | {meaning} |" for kind, meaning in FLAG_KINDS.items()]
    return "\n".join(rows)


QUERY_EXAMPLES = [
    ["companies", "临平区"],
    ["neighbors", "士兰微", "--quotes"],
    ["chain", "data-storage"],
    ["path", "linping", "ningbo-zhoushan-port"],
    ["companies", "--chain", "computing-power", "--format", "json"],
]


def query_examples() -> str:
    """`kg query` run on the real curation, as a shell session shows it (stdout only)."""
    runner = CliRunner()
    session = []
    for args in QUERY_EXAMPLES:
        result = runner.invoke(main, ["query", *args, "--root", str(ROOT)], prog_name="kg")
        assert result.exit_code == 0, result.stderr
        shown = " ".join(a if re.fullmatch(r"[\w@%+=:,./-]+", a) else shlex.quote(a) for a in args)
        session.append(f"$ kg query {shown}\n{result.stdout}")
    return "```\n" + "".join(session) + "```"


SECTIONS = {
    "codes": codes_table,
    "cli": cli_reference,
    "query-cli": query_examples,
    "diff-example": diff_example,
    "diff-flags": diff_flags,
}


def section(text: str, name: str) -> str:
    match = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", text, re.S)
    assert match, f"README has no {name} section"
    return match.group(1)


def test_generated_sections_are_current() -> None:
    text = README.read_text(encoding="utf-8")
    if os.environ.get("KG_UPDATE_README"):
        for name, make in SECTIONS.items():
            old = f"<!-- {name}:start -->\n{section(text, name)}<!-- {name}:end -->"
            text = text.replace(old, f"<!-- {name}:start -->\n{make()}\n<!-- {name}:end -->")
        README.write_text(text, encoding="utf-8")
    for name, make in SECTIONS.items():
        assert section(text, name) == make() + "\n", f"run KG_UPDATE_README=1 pytest {__file__}"


def test_the_two_setup_commands_come_first_and_ci_runs_the_test_one() -> None:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash)\n(.*?)```", text, re.S)
    assert blocks[0].strip().splitlines() == [BUILD_COMMAND, TEST_COMMAND]
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert TEST_COMMAND in ci.splitlines()
