"""A CJK web font embedded in every page, cut down to the characters that page uses.

Without a CJK font installed, a browser draws Chinese as empty boxes; each page therefore
carries the glyphs it needs. They come from ``fonts/wqy-microhei-gb2312.woff`` in this package:
WenQuanYi Micro Hei (Apache-2.0, see ``fonts/NOTICE``), already reduced to GB 2312 plus every
character of the curation and the sources (``scripts/make_cjk_font.py`` rebuilds it). Characters
it lacks fall back to the reader's own fonts.

Cutting a font for each page with fontTools' general subsetter took 0.1–0.5 s a page; this
module copies the needed glyphs' bytes as they are into a new font (composite glyphs with
their components), which takes a few milliseconds, and writes the result without timestamps so
the same text always gives the same bytes.
"""

from __future__ import annotations

import base64
import copy
import io
import re
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["BASE_FONT", "FONT_FAMILY", "FONT_STACK", "FontCutter", "base_font", "embedded_font", "needs_font"]

FONT_FAMILY = "KG CJK"
FONT_STACK = f'system-ui, -apple-system, "Segoe UI", Roboto, Arial, "{FONT_FAMILY}", sans-serif'
"""The pages' font: the reader's own first, the embedded one for CJK their fonts lack."""
BASE_FONT = Path(__file__).parent / "fonts" / "wqy-microhei-gb2312.woff"
_COPIED_TABLES = ("maxp", "OS/2", "hhea")


_WIDE = re.compile("[\u2e80-\U0010ffff]")


def needs_font(ch: str) -> bool:
    """True for characters the embedded font is for (CJK and full-width forms, not Latin)."""
    return _WIDE.match(ch) is not None


class FontCutter:
    """A TrueType font read once, from which small fonts with chosen characters are cut."""

    def __init__(self, data: bytes) -> None:
        from fontTools.ttLib import TTFont

        self._source = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
        self._probe = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
        self.cmap: dict[int, str] = dict(self._source.getBestCmap())
        self._order = {g: i for i, g in enumerate(self._source.getGlyphOrder())}
        self._glyphs: dict[str, Any] = self._source["glyf"].glyphs  # raw, never expanded
        self._components: dict[str, list[str]] = {}

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` the embedded font is for but does not have."""
        return sorted({ch for ch in _WIDE.findall(text) if ord(ch) not in self.cmap})

    def _components_of(self, name: str) -> list[str]:
        if name not in self._components:
            probe = self._probe["glyf"]
            glyph = probe[name]
            self._components[name] = glyph.getComponentNames(probe) if glyph.isComposite() else []
        return self._components[name]

    def _with_components(self, names: set[str]) -> list[str]:
        stack = list(names)
        while stack:
            name = stack.pop()
            for part in self._components_of(name):
                if part not in names:
                    names.add(part)
                    stack.append(part)
        return sorted(names, key=self._order.__getitem__)

    def cut(self, text: str) -> bytes:
        """A WOFF font with the glyphs of ``text``'s characters; same text, same bytes."""
        from fontTools.fontBuilder import FontBuilder
        from fontTools.ttLib import newTable

        source = self._source
        mapping = {ord(ch): self.cmap[ord(ch)] for ch in sorted(set(text)) if ord(ch) in self.cmap}
        order = self._with_components({".notdef", *mapping.values()})
        builder = FontBuilder(source["head"].unitsPerEm, isTTF=True)
        font = builder.font
        font.recalcBBoxes = False
        font.recalcTimestamp = False
        builder.setupGlyphOrder(order)
        builder.setupCharacterMap(mapping)
        font["loca"] = newTable("loca")
        glyf = font["glyf"] = newTable("glyf")
        # simple glyphs are copied as raw bytes; composites are taken parsed, so that their
        # components are written with the glyph ids of the new font, not the source's
        probe = self._probe["glyf"]
        glyf.glyphs = {name: probe[name] if self._components[name] else self._glyphs[name] for name in order}
        glyf.glyphOrder = order
        metrics = source["hmtx"].metrics
        builder.setupHorizontalMetrics({name: metrics[name] for name in order})
        builder.setupNameTable({"familyName": FONT_FAMILY, "styleName": "Regular"})
        builder.setupPost(keepGlyphNames=False)
        for table in _COPIED_TABLES:  # bounds valid for every glyph of the source hold for a subset
            font[table] = copy.deepcopy(source[table])
        for attr in ("xMin", "yMin", "xMax", "yMax", "created", "modified", "fontRevision"):
            setattr(font["head"], attr, getattr(source["head"], attr))
        font.flavor = "woff"
        out = io.BytesIO()
        # the tables stay in the order written: fontTools' reordering writes the font twice (half
        # the time of a cut), and browsers read WOFF tables through the directory in any order
        font.save(out, reorderTables=False)
        return out.getvalue()


@cache
def base_font() -> FontCutter:
    """The packaged font, decompressed once per process."""
    from fontTools.ttLib import TTFont

    font = TTFont(BASE_FONT, recalcBBoxes=False, recalcTimestamp=False)
    font.flavor = None
    plain = io.BytesIO()
    font.save(plain)
    return FontCutter(plain.getvalue())


def embedded_font(text: str) -> str:
    """Base64 of a WOFF font for the CJK characters in ``text``, or "" when there are none."""
    wanted = "".join(sorted(set(_WIDE.findall(text))))
    if not wanted:
        return ""
    return base64.b64encode(base_font().cut(wanted)).decode("ascii")
