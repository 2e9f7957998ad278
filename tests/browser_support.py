"""Headless Chromium for the browser tests: pages opened from file:// URLs with every other
request aborted and counted.

Needs Debian's chromium (`apt-get install chromium fonts-wqy-microhei`; `.ci/run` does it) and
the playwright package (a test extra). Without them the browser tests skip and say so. The
``playwright`` and ``browser`` fixtures are offered to every test module by conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

__all__ = ["ARGS", "CHROMIUM", "HOW", "Opened", "browser", "drawn", "open_page", "playwright"]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
HOW = "install it with `apt-get install -y chromium fonts-wqy-microhei` (CI's .ci/run does)"


@dataclass
class Opened:
    page: Any
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: {HOW}")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is missing: pip install -e '.[test]'"
    )
    with sync_api.sync_playwright() as running:
        yield running


@pytest.fixture(scope="module")
def browser(playwright: Any) -> Iterator[Any]:
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    yield chromium
    chromium.close()


def open_page(browser: Any, path: Path, env_page: Any = None) -> Opened:
    """Open ``path``; abort and record any request that is not for a file, record console errors."""
    page = env_page or browser.new_page(viewport={"width": 1400, "height": 900})
    opened = Opened(page)

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith("file:"):
            request_route.continue_()
        else:
            opened.requests.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on(
        "console",
        lambda m: opened.problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda e: opened.problems.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: opened.problems.append(f"failed: {r.url}"))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    return opened


def drawn(opened: Opened) -> tuple[int, int]:
    """Nodes and edges vis-network has drawn (its own bodies, visible ones)."""
    counts: list[int] = opened.page.evaluate(
        """() => [Object.values(kgNetwork.body.nodes).filter(n => n.options.hidden !== true).length,
                  Object.values(kgNetwork.body.edges).filter(e => e.options.hidden !== true).length]"""
    )
    return counts[0], counts[1]
