"""How fast the overview page builds and becomes interactive at 1,000 and 5,000 nodes.

Generates a synthetic graph with the real one's mix of types and density (about 1.3 relations
per record, Chinese names of 2-8 characters), builds its overview page, opens it in headless
Chromium from a file:// URL, and reports:

- build: seconds to lay out and render the page in Python (font cut included);
- ready: milliseconds from navigation start until the page has drawn and its handlers are
  attached (``window.kgReadyAt``, set on vis-network's first ``afterDrawing``);
- select: milliseconds for a search-and-select (highlight every node, open the details panel)
  until the next frame is painted;
- page: the size of the page file (the scripts it shares with every page, in assets/, not
  counted).

Run: .venv/bin/python benchmarks/views_bench.py [sizes...]   (default: 1000 5000)
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from kg.atomic import write_text_atomic
from kg.query import KnowledgeGraph
from kg.schema import RECORD_TYPES, Record
from kg.views.assets import graph_assets, write_assets
from kg.views.context import Context
from kg.views.pages import overview_page
from kg.views.render import render_graph_page

COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种"
    "面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本"
    "去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比"
    "或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做"
    "必战先回则任取据处府李书"
)
TYPES = [
    "company",
    "district",
    "industry_chain",
    "policy",
    "organization",
    "park",
    "project",
    "infrastructure",
]
WEIGHTS = [10, 9, 21, 24, 13, 9, 6, 5]
RELS = {
    "company": ("located_in", "district"),
    "district": ("part_of", "district"),
    "industry_chain": ("segment_of", "industry_chain"),
    "policy": ("targets", "industry_chain"),
    "organization": ("located_in", "district"),
    "park": ("located_in", "district"),
    "project": ("located_in", "park"),
    "infrastructure": ("located_in", "district"),
}
EXTRA = {
    "company": {},
    "district": {"level": "district"},
    "industry_chain": {"kind": "industry"},
    "policy": {"kind": "plan"},
    "organization": {"kind": "government"},
    "park": {"kind": "base"},
    "project": {"kind": "project"},
    "infrastructure": {"kind": "port"},
}


def synthetic(size: int, seed: int = 1) -> KnowledgeGraph:
    rng = random.Random(seed)
    kinds = rng.choices(TYPES, WEIGHTS, k=size)
    ids = [f"{kind.replace('_', '-')}-{i}" for i, kind in enumerate(kinds)]
    by_type: dict[str, list[str]] = {}
    for record_id, kind in zip(ids, kinds, strict=True):
        by_type.setdefault(kind, []).append(record_id)
    records: dict[str, Record] = {}
    cite = [{"source": "bench", "quote": "synthetic"}]
    for record_id, kind in zip(ids, kinds, strict=True):
        rel, target_type = RELS[kind]
        targets = [t for t in by_type.get(target_type, []) if t != record_id]
        relations = []
        for _ in range(rng.choice([1, 1, 1, 2])):
            if targets:
                relations.append({"rel": rel, "to": rng.choice(targets), "sources": cite})
        if rng.random() < 0.15 and kind in ("company", "organization"):
            relations.append({"rel": "partners_with", "to": rng.choice(by_type["company"]), "sources": cite})
        name = "".join(rng.choices(COMMON, k=rng.randint(2, 8)))
        records[record_id] = RECORD_TYPES[kind].model_validate(
            {
                "id": record_id,
                "name": name,
                "name_en": f"Synthetic {kind} {record_id}",
                "sources": cite,
                "relations": [r for r in relations if r["to"] != record_id],
                **EXTRA[kind],
            }
        )
    return KnowledgeGraph(records)


def measure(size: int, browser: object, folder: Path) -> dict[str, float]:
    graph = synthetic(size)
    started = time.perf_counter()
    ctx = Context(graph, {})
    page = overview_page(ctx)
    html = render_graph_page(ctx, page)
    build = time.perf_counter() - started
    path = folder / f"overview-{size}.html"
    write_assets(folder, graph_assets())
    write_text_atomic(path, html)
    tab = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    tab.goto(path.as_uri())
    tab.wait_for_selector("body[data-ready='1']", timeout=120_000)
    ready = tab.evaluate("window.kgReadyAt")
    select = tab.evaluate(
        """() => new Promise(done => {
            const input = document.getElementById('search'), t = performance.now();
            input.value = kgNodes.get()[0].id; input.dispatchEvent(new Event('input'));
            input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));
            requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t)));
        })"""
    )
    tab.close()
    return {
        "nodes": size,
        "edges": graph.nx.number_of_edges(),
        "build": build,
        "ready": ready,
        "select": select,
        "mb": len(html.encode()) / 1e6,
    }


def main() -> None:
    from playwright.sync_api import sync_playwright

    sizes = [int(s) for s in sys.argv[1:]] or [1000, 5000]
    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
    ]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        print("| nodes | relations | build (s) | interactive (ms) | search + select (ms) | page (MB) |")
        print("|---:|---:|---:|---:|---:|---:|")
        for size in sizes:
            r = measure(size, browser, Path(tmp))
            cells = [f"{r['nodes']:,}", f"{r['edges']:,}", f"{r['build']:.1f}", f"{r['ready']:.0f}"]
            cells += [f"{r['select']:.0f}", f"{r['mb']:.2f}"]
            print("| " + " | ".join(cells) + " |")
        browser.close()


if __name__ == "__main__":
    main()
