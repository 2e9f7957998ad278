"""`kg diff --format html` in headless Chromium: the review page is a views graph page, opened
as one file from a file:// URL with every other request aborted (see browser_support.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.diff.htmlview import STATUSES

from .browser_support import Opened, drawn, open_page
from .diffrepo import CASES, make_repository
from .test_diff import PULL_REQUEST_EDGES, PULL_REQUEST_NODES, kg


def _review(tmp_path: Path, case: str) -> Path:
    """The review page of a fixture case, alone in a folder of its own."""
    repo = make_repository(tmp_path, case)
    out = tmp_path / "posted" / "review.html"
    code, _, err = kg("diff", "--root", str(repo), "main", "change", "--format", "html", "-o", str(out))
    assert code == 0, err
    assert [p.name for p in out.parent.iterdir()] == ["review.html"]
    return out


def _marks(opened: Opened) -> dict[str, Any]:
    """What vis-network drew: each node's status (by its border colour), each edge's ends,
    relation, colour and dashes, and the legend's rows."""
    result: dict[str, Any] = opened.page.evaluate(
        """() => {
            const data = JSON.parse(document.getElementById('kg-data').textContent);
            const colour = {};
            data.statuses.forEach(s => { colour[s.colour] = colour[s.colour] || s.type; });
            const nodes = {}, edges = [];
            Object.values(kgNetwork.body.nodes).forEach(n => {
                nodes[n.id] = {border: n.options.color.border, fill: n.options.color.background,
                               dashed: Array.isArray(n.options.shapeProperties.borderDashes)};
            });
            Object.values(kgNetwork.body.edges).forEach(e => {
                const m = data.emeta[e.id];
                edges.push({from: e.fromId, to: e.toId, rel: m.rel, status: m.status,
                            colour: e.options.color.color, dashes: e.options.dashes});
            });
            const legend = Array.from(document.querySelectorAll('#legend li')).map(li => li.innerText.trim().split(/\\s+/).join(' '));
            return {nodes, edges, legend};
        }"""
    )
    return result


def test_review_page_draws_the_changed_neighbourhood_with_status_marks(browser: Any, tmp_path: Path) -> None:
    opened = open_page(browser, _review(tmp_path, "pull-request"))
    assert opened.requests == [] and opened.problems == []
    assert drawn(opened) == (len(PULL_REQUEST_NODES), len(PULL_REQUEST_EDGES)) == (9, 9)
    marks = _marks(opened)
    for node, status in PULL_REQUEST_NODES.items():
        assert marks["nodes"][node]["border"] == STATUSES[status].colour, node
        assert marks["nodes"][node]["fill"] == STATUSES[status].fill, node
    edges = sorted((e["from"], e["to"], e["rel"], e["status"]) for e in marks["edges"])
    assert edges == PULL_REQUEST_EDGES
    for edge in marks["edges"]:
        assert edge["colour"] == STATUSES[edge["status"]].colour, edge
        assert bool(edge["dashes"]) == (edge["status"] == "removed"), edge
    assert marks["legend"][:6] == [
        "变更",
        "● 新增 2 · 3 →",
        "━ 删除 1 →",
        "● 修改 2 · 1 →",
        "● 改名 1",
        "● 未改动 4 · 4 →",
    ]
    assert "● 企业 4" in marks["legend"]
    opened.page.close()


def test_review_page_filters_by_status_and_shows_changes_without_links(browser: Any, tmp_path: Path) -> None:
    path = _review(tmp_path, "pull-request")
    opened = open_page(browser, path)
    page = opened.page
    page.click("#lang")
    page.uncheck("#legend input[data-type='unchanged']")
    assert drawn(opened) == (5, 1)  # only the added supplies relation joins two changed records
    assert _marks(opened)["nodes"]["demo-gear"]["border"] == STATUSES["added"].colour  # kept on update
    page.check("#legend input[data-type='unchanged']")
    assert drawn(opened) == (9, 9)
    page.fill("#search", "demo robot")
    page.press("#search", "Enter")
    details = page.locator("#details")
    text = details.inner_text()
    assert "Changes" in text and "stage: downstream → midstream" in text
    assert "changed" in details.locator(".status").inner_text()
    assert details.locator("a.open").count() == 0
    page.dblclick("#graph")  # no page to open; the review stays where it is
    page.evaluate("kgNetwork.emit('doubleClick', {nodes: ['demo-robot'], edges: []})")
    assert page.url == path.as_uri()
    assert opened.requests == [] and opened.problems == []
    page.close()


@pytest.mark.parametrize("case", CASES)
def test_every_case_opens_offline_and_marks_each_node_and_edge(
    browser: Any, tmp_path: Path, case: str
) -> None:
    opened = open_page(browser, _review(tmp_path, case))
    assert opened.requests == [] and opened.problems == [], case
    data = opened.page.evaluate("JSON.parse(document.getElementById('kg-data').textContent)")
    assert drawn(opened) == (len(data["meta"]), len(data["emeta"]))
    marks = _marks(opened)
    for node, meta in data["meta"].items():
        assert marks["nodes"][node]["border"] == STATUSES[meta["status"]].colour, (case, node)
        assert marks["nodes"][node]["dashed"] == (meta["status"] in ("removed", "missing")), (case, node)
    for edge in marks["edges"]:
        assert edge["colour"] == STATUSES[edge["status"]].colour, (case, edge)
    statuses = {(e["from"], e["to"], e["status"]) for e in marks["edges"]}
    if case == "flag-referenced":  # demo-motor still supplies the removed demo-robot
        assert ("demo-motor", "demo-robot", "dangling") in statuses
        assert data["meta"]["demo-robot"]["status"] == "removed"
    if case == "flag-rename-referenced":  # demo-robot still points at the old id of speed-reducers
        assert ("demo-robot", "speed-reducers", "dangling") in statuses
    if case == "flag-unknown-reference":  # a relation retargeted at an id no record has
        assert data["meta"]["demo-robots"]["status"] == "missing"
        assert ("demo-motor", "demo-robots", "added") in statuses
    if case == "no-change":
        assert drawn(opened) == (0, 0)
    opened.page.close()
