"""The views in headless Chromium, opened from file:// URLs with every other request aborted
(see browser_support.py; without Chromium these tests skip and say how to install it)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import kg
from kg.atomic import write_text_atomic
from kg.views import write_views
from kg.views.assets import graph_assets, index_assets, write_assets
from kg.views.context import Context
from kg.views.index import render_index
from kg.views.pages import entity_page, overview_page, routes_page
from kg.views.render import render_graph_page
from kg.views.write import view_sources

from .browser_support import ARGS, CHROMIUM, Opened, drawn, open_page
from .views_support import PAYLOADS, page_data, xss_tree


@pytest.fixture(scope="module")
def real_views(
    real_graph: kg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, Any]]:
    """A few pages of the real curation: index, overview, routes, a district, a chain, a company."""
    out = tmp_path_factory.mktemp("real-views")
    ctx = Context(real_graph, view_sources(real_graph))
    write_assets(out, [*index_assets(), *graph_assets()])
    write_text_atomic(out / "index.html", render_index(ctx))
    pages = {"overview.html": overview_page(ctx), "routes.html": routes_page(ctx)}
    for record_id in ("xiaoshan", "robotics", "silan-micro"):
        page = entity_page(ctx, record_id)
        pages[page.path] = page
    for path, page in pages.items():
        write_text_atomic(out / path, render_graph_page(ctx, page))
    return out, pages


def test_every_page_draws_its_graph_offline_without_errors(
    browser: Any, real_views: tuple[Path, dict[str, Any]]
) -> None:
    out, pages = real_views
    for path, page in pages.items():
        opened = open_page(browser, out / path)
        assert opened.requests == [], path
        assert opened.problems == [], path
        assert drawn(opened) == (len(page.nodes), len(page.edges)), path
        opened.page.close()
    opened = open_page(browser, out / "index.html")
    assert opened.requests == [] and opened.problems == []
    opened.page.close()


def test_overview_draws_the_whole_graph(
    browser: Any, real_views: tuple[Path, dict[str, Any]], real_graph: kg.KnowledgeGraph
) -> None:
    out, _ = real_views
    opened = open_page(browser, out / "overview.html")
    assert drawn(opened) == (len(real_graph.records), real_graph.nx.number_of_edges())
    opened.page.close()


@pytest.mark.parametrize("query", ["shilan", "Silan", "士兰"])
def test_search_finds_silan(browser: Any, real_views: tuple[Path, dict[str, Any]], query: str) -> None:
    out, _ = real_views
    index = open_page(browser, out / "index.html")
    index.page.fill("#search", query)
    first = index.page.locator("#results li").first
    assert "杭州士兰微电子股份有限公司" in first.inner_text()
    assert first.locator("a").get_attribute("href") == "company/silan-micro.html"
    index.page.close()
    overview = open_page(browser, out / "overview.html")
    overview.page.fill("#search", query)
    overview.page.press("#search", "Enter")
    assert overview.page.evaluate("kgNetwork.getSelectedNodes()") == ["silan-micro"]
    assert "杭州士兰微电子股份有限公司" in overview.page.locator("#details").inner_text()
    overview.page.close()


def test_language_toggle_switches_labels(browser: Any, real_views: tuple[Path, dict[str, Any]]) -> None:
    out, _ = real_views
    opened = open_page(browser, out / "company/silan-micro.html")
    assert opened.page.evaluate("kgNodes.get('silan-micro').label") == "士兰微"
    opened.page.click("#lang")
    assert opened.page.evaluate("kgNodes.get('silan-micro').label").startswith("Hangzhou Silan")
    assert opened.page.locator("#bar h1").inner_text() == "Hangzhou Silan Microelectronics Co., Ltd."
    opened.page.click("#lang")
    assert opened.page.evaluate("kgNodes.get('silan-micro').label") == "士兰微"
    opened.page.close()


def _point(opened: Opened, node: str) -> dict[str, float]:
    point: dict[str, float] = opened.page.evaluate(
        """id => { const p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
                   const box = document.getElementById('graph').getBoundingClientRect();
                   return {x: p.x + box.left, y: p.y + box.top}; }""",
        node,
    )
    return point


def test_hover_shows_a_tooltip_with_quotes_and_click_opens_details(
    browser: Any, real_views: tuple[Path, dict[str, Any]]
) -> None:
    out, _ = real_views
    opened = open_page(browser, out / "company/silan-micro.html")
    point = _point(opened, "silan-micro")
    opened.page.mouse.move(point["x"], point["y"])
    tip = opened.page.locator("#tip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert "杭州士兰微电子股份有限公司" in text and "Hangzhou Silan Microelectronics" in text
    assert "大部分智能功率模块由杭州士兰微提供" in text
    assert "null" not in text and "undefined" not in text
    opened.page.mouse.click(point["x"], point["y"])
    details = opened.page.locator("#details")
    assert "600460.SH" in details.inner_text()
    assert "null" not in details.inner_text() and "undefined" not in details.inner_text()
    assert opened.page.evaluate("kgNodes.get('hangzhou').opacity") == 1
    opened.page.close()


def test_script_payloads_stay_text_through_load_hover_click_and_search(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "views"
    write_views(kg.load(xss_tree(tmp_path / "tree")), out)
    for path in [
        "index.html",
        "overview.html",
        "company/xss-co.html",
        "company/demo-robot.html",
        "district/linping.html",
    ]:
        opened = open_page(browser, out / path)
        page = opened.page
        if path != "index.html":
            point = _point(opened, "xss-co")
            page.mouse.move(point["x"], point["y"])
            page.locator("#tip").wait_for(state="visible")
            assert PAYLOADS["name"] in page.locator("#tip").inner_text()
            page.mouse.click(point["x"], point["y"])
            details = page.locator("#details").inner_text()
            assert PAYLOADS["name_en"] in details and PAYLOADS["title"] in details
            page.click("#lang")
        page.fill("#search", "svg onload")
        assert PAYLOADS["name"] in page.locator("#results li").first.inner_text()
        page.press("#search", "Enter") if path != "index.html" else None
        assert page.evaluate("window.__xss") is None, path
        assert opened.requests == [], path
        assert opened.problems == [], path
        page.close()


def test_chinese_renders_without_any_cjk_font_installed(
    playwright: Any, real_views: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    """A Chromium that sees only DejaVu still draws distinct glyphs for 士 and 土 in the page font."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{tmp_path}/cache</cachedir></fontconfig>',
        encoding="utf-8",
    )
    out, _ = real_views
    script = """() => {
        const draw = (ch, font) => { const c = document.createElement('canvas'); c.width = c.height = 40;
            const x = c.getContext('2d'); x.font = font; x.fillText(ch, 2, 30);
            return Array.from(x.getImageData(0, 0, 40, 40).data).join(','); };
        return {ours: draw('士', '32px "KG CJK"') !== draw('土', '32px "KG CJK"'),
                system: draw('士', '32px sans-serif') !== draw('土', '32px sans-serif'),
                loaded: document.fonts.check('16px "KG CJK"', '士兰微')}; }"""
    chromium = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=ARGS, env={"FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path)}
    )
    opened = open_page(chromium, out / "company/silan-micro.html")
    result = opened.page.evaluate(script)
    chromium.close()
    assert result["system"] is False, "this Chromium still finds a CJK font; the check proves nothing"
    assert result == {"ours": True, "system": False, "loaded": True}
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)


def test_data_matches_between_page_and_browser(browser: Any, real_views: tuple[Path, dict[str, Any]]) -> None:
    out, _ = real_views
    html = (out / "industry_chain/robotics.html").read_text(encoding="utf-8")
    data = page_data(html)
    opened = open_page(browser, out / "industry_chain/robotics.html")
    positions = opened.page.evaluate("kgNetwork.getPositions()")
    for node in data["nodes"]:
        assert positions[node["id"]] == {"x": node["x"], "y": node["y"]}
    opened.page.close()


def test_a_page_without_its_folder_says_so(
    browser: Any, real_views: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    """The views folder is the unit: a page copied out of it has no scripts, and says why."""
    out, _ = real_views
    opened = open_page(browser, out / "company/silan-micro.html")
    assert opened.page.locator("#kg-missing").is_hidden()
    opened.page.close()
    alone = tmp_path / "silan-micro.html"
    shutil.copyfile(out / "company/silan-micro.html", alone)
    page = browser.new_page()
    page.goto(alone.as_uri())
    page.wait_for_load_state("load")
    message = page.locator("#kg-missing")
    assert message.is_visible()
    assert "copy or send the whole views folder" in message.inner_text()  # both languages: no script
    assert "此页面需要所在 views 文件夹中的 assets/ 文件夹" in message.inner_text()
    assert page.evaluate("typeof window.kgNetwork") == "undefined"
    page.close()


def test_own_colours_survive_every_restyle(browser: Any, real_views: tuple[Path, dict[str, Any]]) -> None:
    """The focus's dark ring and a chain leader's gold one stay after the page restyles its nodes
    (vis-network puts a node back in its group's colours on any update that omits them)."""
    out, _ = real_views
    path = out / "industry_chain/robotics.html"
    own = {
        n["id"]: n["color"]["border"]
        for n in page_data(path.read_text(encoding="utf-8"))["nodes"]
        if "color" in n
    }
    assert own["robotics"] == "#102a43"
    opened = open_page(browser, path)
    script = "ids => ids.map(id => kgNetwork.body.nodes[id].options.color.border)"
    assert opened.page.evaluate(script, list(own)) == list(own.values())
    opened.page.click("#lang")  # restyles every node
    assert opened.page.evaluate(script, list(own)) == list(own.values())
    opened.page.close()
