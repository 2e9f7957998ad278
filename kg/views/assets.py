"""The scripts and stylesheets pages share: pyvis's bundled vis-network, ours, and the CSP.

Every page of a views folder loads them from ``assets/`` by relative URL, so 5,000 pages do not
carry 5,000 copies of vis-network; a page that must stand alone (a diff review posted as one
file) inlines them instead. An asset's file name holds a hash of its content: a page names
exactly the bytes it was built with, so a page can never run with a stale script, and a new
build never has to overwrite a file an open page is reading.

vis-network comes from the pyvis package (9.1.2, dual Apache-2.0/MIT). Its stylesheet carries
205 KB of data-URI icons for navigation buttons and the editing toolbar, which the pages do not
use; they are dropped, and so is the source-map comment (DevTools would look for the map).

No ``integrity=`` attribute: browsers refuse Subresource Integrity for file:// URLs (the
request is not CORS-enabled), which would block every script.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

from kg.atomic import write_text_atomic
from kg.views.fonts import FONT_STACK

__all__ = [
    "ASSETS_DIR",
    "VIS_VERSION",
    "Asset",
    "csp",
    "graph_assets",
    "index_assets",
    "our_asset",
    "prune_assets",
    "vis_css",
    "vis_js",
    "write_assets",
]

VIS_VERSION = "9.1.2"
ASSETS_DIR = "assets"
"""The folder of a views folder that holds the shared files."""
_ASSET_NAME = re.compile(r"[a-z-]+\.[0-9a-f]{16}\.(?:js|css)")
_WIDE = re.compile("[\u2e80-\U0010ffff]")


@dataclass(frozen=True)
class Asset:
    """A script (``.js``) or stylesheet (``.css``) that pages share."""

    stem: str
    suffix: str
    text: str
    shown: bool = True
    """Whether its strings reach the reader (vis-network's toolbar locales never do), so that
    the page font carries their glyphs."""

    @cached_property
    def filename(self) -> str:
        """``stem.<first 16 hex digits of its SHA-256>.suffix``: a new content, a new name."""
        digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]
        return f"{self.stem}.{digest}.{self.suffix}"

    @cached_property
    def glyphs(self) -> str:
        """The CJK characters the asset can show, for the page font."""
        return "".join(sorted(set(_WIDE.findall(self.text)))) if self.shown else ""


def _pyvis_lib() -> Path:
    import pyvis

    return Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}"


@cache
def vis_js() -> Asset:
    text = (_pyvis_lib() / "vis-network.min.js").read_text(encoding="utf-8")
    text = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)
    return Asset("vis-network", "js", text, shown=False)


@cache
def vis_css() -> Asset:
    text = (_pyvis_lib() / "vis-network.css").read_text(encoding="utf-8")
    text = re.sub(r'background-image:\s*url\("data:[^"]*"\)\s*;?', "", text)
    return Asset("vis-network", "css", text, shown=False)


def _template_text(name: str) -> str:
    return resources.files("kg.views").joinpath("templates", name).read_text(encoding="utf-8")


@cache
def our_asset(name: str, extra: str = "") -> Asset:
    """A script or stylesheet from kg/views/templates (``extra`` appended)."""
    stem, suffix = name.rsplit(".", 1)
    return Asset(stem, suffix, _template_text(name) + extra)


def _page_css() -> Asset:
    return our_asset("page.css", f":root {{ --font: {FONT_STACK}; }}\n")


def graph_assets() -> list[Asset]:
    """What a graph page loads, in order."""
    return [vis_css(), _page_css(), vis_js(), our_asset("common.js"), our_asset("graph.js")]


def index_assets() -> list[Asset]:
    """What index.html loads, in order."""
    return [_page_css(), our_asset("common.js"), our_asset("index.js")]


def write_assets(folder: Path, assets: Iterable[Asset]) -> list[Path]:
    """Write ``assets`` into ``folder/assets/`` (atomically; a file already there with the same
    bytes is left alone) and return their paths. Write them before the pages that name them."""
    paths = []
    for asset in assets:
        path = folder / ASSETS_DIR / asset.filename
        if path not in paths:
            if not path.is_file() or path.read_bytes() != asset.text.encode("utf-8"):
                write_text_atomic(path, asset.text)
            paths.append(path)
    return paths


def prune_assets(folder: Path, keep: Iterable[Path]) -> list[Path]:
    """Remove the asset files of earlier builds from ``folder/assets/`` (only files named as
    assets are, and not those in ``keep``); return what was removed. Call it once every page
    names the new files, so that no page is ever left without its scripts."""
    target = folder / ASSETS_DIR
    kept = set(keep)
    removed = []
    if target.is_dir():
        for old in sorted(target.iterdir()):
            if old not in kept and _ASSET_NAME.fullmatch(old.name):
                old.unlink()
                removed.append(old)
    return removed


def _hash(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode('utf-8')).digest()).decode()}'"


def csp(inline_scripts: list[str], linked: bool) -> str:
    """A Content-Security-Policy allowing exactly these inline scripts, and with ``linked`` the
    files of the page's own folder tree ('self'), and nothing from anywhere else.

    An event-handler attribute smuggled into the page (``onerror=``) is refused by the browser,
    and no URL outside the folder can be loaded even by mistake. Style attributes stay allowed:
    the index's bar charts colour their swatches with them.
    """
    scripts = " ".join([*(["'self'"] if linked else []), *(_hash(s) for s in inline_scripts)])
    scripts = scripts or "'none'"
    styles = "'self' 'unsafe-inline'" if linked else "'unsafe-inline'"
    return (
        f"default-src 'none'; script-src {scripts}; style-src {styles}; "
        "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )
