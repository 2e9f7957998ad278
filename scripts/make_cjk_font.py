"""Rebuild kg/views/fonts/wqy-microhei-gb2312.woff, the font the views embed.

It keeps every character of GB 2312 and every character of the curation and the sources, cut
from WenQuanYi Micro Hei (Debian: fonts-wqy-microhei). Run it when `pytest
tests/test_views.py -k font` reports characters the font lacks:

    python scripts/make_cjk_font.py [/usr/share/fonts/truetype/wqy/wqy-microhei.ttc]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from kg.text import normalise
from kg.views.fonts import BASE_FONT, needs_font

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def gb2312() -> str:
    chars = []
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


def project_text() -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "curation").rglob("*.yaml"))]
    parts.append((ROOT / "seeds/sources.yaml").read_text(encoding="utf-8"))
    parts += [normalise(p.read_bytes()).text for p in sorted((ROOT / "seeds").glob("*.txt"))]
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "kg").rglob("*.py"))]
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "kg/views/templates").glob("*"))]
    return "".join(parts)


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    chars = "".join(sorted({ch for ch in gb2312() + project_text() if needs_font(ch)}))
    font = TTFont(source, fontNumber=0, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.drop_tables += ["FFTM", "GSUB", "GPOS", "GDEF", "kern", "gasp", "vhea", "vmtx"]
    options.flavor = "woff"
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    font.flavor = "woff"
    font.save(BASE_FONT)
    print(f"wrote {BASE_FONT} ({BASE_FONT.stat().st_size} bytes, {len(chars)} characters)")


if __name__ == "__main__":
    main()
