"""The HTML views as files: what is written, that it is offline, escaped and deterministic.

What a browser does with them is in test_views_browser.py.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
from html import unescape
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont

import kg
from kg.cli import main
from kg.views import write_views
from kg.views.assets import Asset, graph_assets, index_assets
from kg.views.chains import chain_parts
from kg.views.context import Context
from kg.views.fonts import FONT_FAMILY, base_font, embedded_font
from kg.views.layout import Footprint, force_layout, place_on_grid
from kg.views.pages import entity_page, graph_pages, overview_page, routes_page
from kg.views.write import view_sources

from .conftest import ROOT, TREE
from .views_support import PAYLOADS, page_data, xss_tree


@pytest.fixture(scope="module")
def fixture_views(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("views")
    write_views(kg.load(TREE), out)
    return out


def test_every_view_is_written(fixture_views: Path, fixture_graph: kg.KnowledgeGraph) -> None:
    expected = {"index.html", "overview.html", "routes.html"}
    expected |= {f"{r.type}/{r.id}.html" for r in fixture_graph.records.values()}
    written = {str(p.relative_to(fixture_views)) for p in fixture_views.rglob("*.html")}
    assert written == expected


def test_overview_carries_every_record_and_relation(
    fixture_views: Path, fixture_graph: kg.KnowledgeGraph
) -> None:
    data = page_data((fixture_views / "overview.html").read_text(encoding="utf-8"))
    assert sorted(n["id"] for n in data["nodes"]) == sorted(fixture_graph.records)
    edges = sorted((e["from"], e["to"]) for e in data["edges"])
    assert edges == sorted((u, v) for u, v in fixture_graph.nx.edges())
    robot = data["meta"]["demo-robot"]
    assert robot["name"] == "示范机器人有限公司"
    assert robot["quotes"][0] == ["示范机器人有限公司是一家位于临平区的企业", "示范新闻", "Demo news"]
    assert robot["href"] == "company/demo-robot.html"


def test_pages_are_offline_utf8_and_locked_down(fixture_views: Path) -> None:
    for path in fixture_views.rglob("*.html"):
        html = path.read_bytes().decode("utf-8")  # raises if the page is not UTF-8
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html), path
        assert "@import" not in html and not re.search(r"url\(\s*['\"]?(?:https?:)?//", html), path
        assert "sourceMappingURL" not in html, path
        found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
        assert found, path
        policy = dict(part.strip().split(" ", 1) for part in unescape(found.group(1)).split(";"))
        assert policy["default-src"] == "'none'"
        assert policy["script-src"] == "'self'", path  # the folder's own files; nothing inline
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert set(inline) <= {' type="text/plain" id="kg-font"', ' type="application/json" id="kg-data"'}
        linked = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]*)"', html)
        assert len(linked) == (3 if path.name == "index.html" else 5), path
        for url in linked:
            assert (path.parent / url).resolve().parent == fixture_views / "assets", (path, url)
            assert (path.parent / url).is_file(), (path, url)


def test_same_curation_gives_the_same_bytes(fixture_views: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = "import sys, kg; from kg.views import write_views; from pathlib import Path; write_views(kg.load(sys.argv[1]), Path(sys.argv[2]))"
    subprocess.run([sys.executable, "-c", code, str(TREE), str(tmp_path)], check=True, env=env)
    again = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    first = {p.relative_to(fixture_views): p.read_bytes() for p in fixture_views.rglob("*") if p.is_file()}
    assert again.keys() == first.keys()
    assert [str(p) for p in first if first[p] != again[p]] == []


def test_a_removed_record_loses_its_page(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "views"
    write_views(kg.load(tree), out)
    assert (out / "company/demo-motor.html").is_file()
    (tree / "curation/company/demo-motor.yaml").unlink()
    write_views(kg.load(tree), out)
    assert not (out / "company/demo-motor.html").exists()
    assert (out / "company/demo-robot.html").is_file()


def test_shared_files_are_named_by_content_and_old_ones_removed(tmp_path: Path) -> None:
    out = tmp_path / "views"
    (out / "assets").mkdir(parents=True)
    stale = out / "assets" / "graph.0123456789abcdef.js"
    stale.write_text("old script", encoding="utf-8")
    mine = out / "assets" / "notes.txt"
    mine.write_text("not ours", encoding="utf-8")
    write_views(kg.load(TREE), out)
    assert not stale.exists() and mine.exists()
    names = sorted(p.name for p in (out / "assets").iterdir())
    assert [n.split(".")[0] for n in names] == [
        "common",
        "graph",
        "index",
        "notes",
        "page",
        "vis-network",
        "vis-network",
    ]
    for asset in [*index_assets(), *graph_assets()]:
        path = out / "assets" / asset.filename
        assert path.read_text(encoding="utf-8") == asset.text
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        assert path.name == f"{asset.stem}.{digest}.{asset.suffix}"
    changed = Asset("graph", "js", graph_assets()[-1].text + "\n// changed")
    assert changed.filename != graph_assets()[-1].filename
    html = (out / "company/demo-robot.html").read_text(encoding="utf-8")
    assert f'<script src="../assets/{graph_assets()[-1].filename}"></script>' in html


def test_script_payloads_never_reach_the_page_as_markup(tmp_path: Path) -> None:
    out = tmp_path / "views"
    write_views(kg.load(xss_tree(tmp_path / "tree")), out)
    pages = list(out.rglob("*.html"))
    assert out / "company/xss-co.html" in pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for payload in PAYLOADS.values():
            assert payload not in html, f"{path}: raw {payload!r}"
        assert "<img src=" not in html and "<svg onload" not in html
    # the data is still there, as text
    data = page_data((out / "company/xss-co.html").read_text(encoding="utf-8"))
    assert data["meta"]["xss-co"]["name"] == PAYLOADS["name"]
    assert data["meta"]["xss-co"]["quotes"][0][1] == PAYLOADS["title"]


def test_kg_views_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["views", "--root", str(TREE), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert re.fullmatch(
        rf"kg views: wrote 13 pages to {re.escape(str(tmp_path))} \(\d+\.\ds\); open {re.escape(str(tmp_path / 'index.html'))}\n",
        result.stderr,
    )


def test_kg_build_writes_the_views(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--root", str(TREE), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "views/index.html").is_file()
    assert f"wrote 13 view pages; open {tmp_path / 'views/index.html'}" in result.stderr


def test_embedded_font_has_the_glyphs_and_is_repeatable() -> None:
    encoded = embedded_font("页面<b>士兰微</b> Silan")
    assert encoded == embedded_font("Silan 士兰微页面")
    import base64

    font = TTFont(io.BytesIO(base64.b64decode(encoded)))
    assert {chr(c) for c in font.getBestCmap()} == set("士兰微页面")
    assert font["name"].getDebugName(1) == FONT_FAMILY
    assert embedded_font("only Latin") == ""


def _shown_text(graph: kg.KnowledgeGraph) -> str:
    ctx = Context(graph, view_sources(graph))
    shown = [
        {k: v for k, v in p.items() if k != "search"} for p in ctx.payloads.values()
    ]  # search forms hold Traditional
    parts = [str(p) for p in shown] + [str(p) for p in ctx.edge_payloads.values()]
    parts += [s.title for s in ctx.sources.values()]
    parts += [p.read_text(encoding="utf-8") for p in (ROOT / "kg/views/templates").iterdir()]
    parts += [p.read_text(encoding="utf-8") for p in (ROOT / "kg/diff/templates").iterdir()]
    parts.append((ROOT / "kg/diff/htmlview.py").read_text(encoding="utf-8"))  # the review page
    parts += [
        (ROOT / f"kg/views/{m}.py").read_text(encoding="utf-8")
        for m in ("style", "pages", "chains", "routes", "tables")
    ]
    return "".join(parts)


def test_font_covers_everything_the_real_views_show(real_graph: kg.KnowledgeGraph) -> None:
    missing = base_font().missing(_shown_text(real_graph))
    assert missing == [], f"the embedded font lacks {''.join(missing)}: run python scripts/make_cjk_font.py"


def test_footprints_never_overlap() -> None:
    import random

    rng = random.Random(3)
    nodes = [f"n{i}" for i in range(300)]
    edges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(400)]
    footprints = {
        n: Footprint(8 + rng.random() * 10, 40 + rng.random() * 120, 40 + rng.random() * 40) for n in nodes
    }
    placed = place_on_grid(nodes, force_layout(nodes, edges), footprints)
    boxes = []
    for n in nodes:
        x, y = placed[n]
        f = footprints[n]
        top = y - f.radius - 2
        boxes.append((x - f.width / 2, top, x + f.width / 2, top + f.height))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] + 1e-6 or b[2] <= a[0] + 1e-6 or a[3] <= b[1] + 1e-6 or b[3] <= a[1] + 1e-6


def test_chain_pages_read_left_to_right_by_stage(real_graph: kg.KnowledgeGraph) -> None:
    ctx = Context(real_graph, view_sources(real_graph))
    checked = 0
    for chain in real_graph.records_of("industry_chain"):
        parts = chain_parts(ctx, chain.id)
        stages = {s for s in parts.segments.values()}
        if len(stages - {"unstaged"}) < 2:
            continue
        page = entity_page(ctx, chain.id)
        xs: dict[str, list[float]] = {}
        for segment, stage in parts.segments.items():
            xs.setdefault(stage, []).append(page.positions[segment][0])
        order = [s for s in ("upstream", "midstream", "downstream", "unstaged") if s in xs]
        for left, right in pairwise(order):
            assert max(xs[left]) < min(xs[right]), (chain.id, left, right)
        checked += 1
    assert checked, "no chain in the curation has segments at two stages"


def test_route_map_runs_west_to_east(real_graph: kg.KnowledgeGraph) -> None:
    ctx = Context(real_graph, view_sources(real_graph))
    page = routes_page(ctx)
    for route in ctx.graph.routes():
        for origin in route.origin:
            for destination in route.destination:
                assert page.positions[origin.id][0] < page.positions[destination.id][0], route.record.id
    assert {r.id for r in real_graph.records_of("port_route")} <= set(page.nodes)


def test_overview_and_pages_of_the_real_graph(real_graph: kg.KnowledgeGraph) -> None:
    ctx = Context(real_graph, view_sources(real_graph))
    overview = overview_page(ctx)
    assert sorted(overview.nodes) == sorted(real_graph.records)
    assert len(overview.edges) == real_graph.nx.number_of_edges()
    paths = [p.path for p in graph_pages(ctx)]
    assert len(paths) == len(set(paths)) == len(real_graph.records) + 2
