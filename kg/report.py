"""Running the checks and rendering their problems for people and for tools."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from kg.checks import run_checks
from kg.codes import CODES
from kg.errors import Problem
from kg.load import Curation, load_curation

__all__ = ["check_tree", "problems_json", "summary_line"]


def check_tree(root: Path) -> tuple[Curation, list[Problem]]:
    """Load ``root`` and run every check; problems are sorted and de-duplicated."""
    curation = load_curation(root)
    problems = sorted(set(curation.problems) | set(run_checks(curation)))
    return curation, problems


def summary_line(curation: Curation, problems: list[Problem]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    files = len(curation.all_documents)
    return (
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
        f"in {files} record file{'s' * (files != 1)} and {len(curation.sources)} sources"
    )


def problems_json(problems: list[Problem]) -> str:
    """A stable JSON report: every problem with its code's one-line summary."""
    rows = [{**asdict(p), "summary": CODES[p.code].summary if p.code in CODES else ""} for p in problems]
    return json.dumps({"problems": rows}, ensure_ascii=False, indent=2) + "\n"
