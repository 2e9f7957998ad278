"""The files a page inlines: pyvis's bundled vis-network, our scripts and styles, and the CSP.

vis-network comes from the pyvis package (9.1.2, dual Apache-2.0/MIT). Its stylesheet carries
205 KB of data-URI icons for navigation buttons and the editing toolbar, which the pages do not
use; they are dropped, and so is the source-map comment (DevTools would look for the map).
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from importlib import resources
from pathlib import Path

from markupsafe import Markup

__all__ = ["VIS_VERSION", "csp", "our_asset", "vis_css", "vis_js"]

VIS_VERSION = "9.1.2"


def _pyvis_lib() -> Path:
    import pyvis

    return Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}"


@cache
def vis_js() -> Markup:
    text = (_pyvis_lib() / "vis-network.min.js").read_text(encoding="utf-8")
    text = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)
    if "</script" in text.lower():  # would end the inline script early
        raise RuntimeError("vis-network.min.js contains '</script'; it cannot be inlined as is")
    return Markup(text)


@cache
def vis_css() -> Markup:
    text = (_pyvis_lib() / "vis-network.css").read_text(encoding="utf-8")
    text = re.sub(r'background-image:\s*url\("data:[^"]*"\)\s*;?', "", text)
    return Markup(text)


@cache
def our_asset(name: str) -> Markup:
    """A script or stylesheet from kg/views/templates, to inline."""
    return Markup(resources.files("kg.views").joinpath("templates", name).read_text(encoding="utf-8"))


def csp(scripts: list[str]) -> str:
    """A Content-Security-Policy allowing exactly these inline scripts and nothing from outside.

    No URL is allowed for anything, so the page cannot load a resource even by mistake, and an
    event-handler attribute smuggled into the page (``onerror=``) is refused by the browser.
    """
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'" for s in scripts
    )
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )
