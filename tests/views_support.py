"""Shared by the view tests: a curation tree full of script payloads, and page data readers."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from .conftest import TREE

PAYLOADS = {
    "name": '<img src=x onerror="window.__xss=1">',
    "name_en": "</script><script>window.__xss=2</script>",
    "alias": '"><svg onload=window.__xss=3>',
    "note": "<b onmouseover=window.__xss=4>note</b>",
    "relation": "<img src=y onerror=window.__xss=5>",
    "title": "<img src=z onerror=window.__xss=6>",
}
QUOTE = f"{PAYLOADS['name']}供应{PAYLOADS['name_en']}"


def xss_tree(target: Path) -> Path:
    """A copy of the fixture tree with a company whose every text field is a script payload."""
    shutil.copytree(TREE, target)
    seeds = target / "seeds"
    with (seeds / "demo.txt").open("a", encoding="utf-8") as text:
        text.write(QUOTE + "\n")
    registry = (seeds / "sources.yaml").read_text(encoding="utf-8")
    registry = registry.replace("title: 示范新闻", f"title: '{PAYLOADS['title']}'")
    (seeds / "sources.yaml").write_text(registry, encoding="utf-8")
    record = {
        "id": "xss-co",
        "name": PAYLOADS["name"],
        "name_en": PAYLOADS["name_en"],
        "aliases": [PAYLOADS["alias"]],
        "sources": [{"source": "demo-news", "quote": QUOTE}],
        "relations": [
            {
                "rel": "supplies",
                "to": "demo-robot",
                "note": PAYLOADS["relation"],
                "sources": [{"source": "demo-news", "quote": QUOTE}],
            },
            {"rel": "located_in", "to": "linping", "sources": [{"source": "demo-news", "quote": QUOTE}]},
        ],
        "note": PAYLOADS["note"],
    }
    (target / "curation/company/xss-co.yaml").write_text(
        json.dumps(record, ensure_ascii=False), encoding="utf-8"
    )
    return target


def page_data(html: str) -> dict[str, Any]:
    """The JSON a graph page carries in <script type="application/json" id="kg-data">."""
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert match, "page has no data element"
    data: dict[str, Any] = json.loads(match.group(1))
    return data
