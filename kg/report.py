"""Running the checks and rendering their problems for people and for tools."""

from __future__ import annotations

import json
from dataclasses import asdict

from kg.codes import CODES
from kg.errors import Problem
from kg.treecheck import CheckResult, check_tree

__all__ = ["CheckResult", "check_tree", "problems_json", "summary_line"]


def summary_line(result: CheckResult) -> str:
    """``2 errors, 0 warnings in 12 record files and 2 sources``."""
    errors = sum(p.severity == "error" for p in result.problems)
    warnings = len(result.problems) - errors
    files = result.files
    return (
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
        f"in {files} record file{'s' * (files != 1)} and {result.sources} sources"
    )


def problems_json(problems: list[Problem]) -> str:
    """A stable JSON report: every problem with its code's one-line summary."""
    rows = [{**asdict(p), "summary": CODES[p.code].summary if p.code in CODES else ""} for p in problems]
    return json.dumps({"problems": rows}, ensure_ascii=False, indent=2) + "\n"
