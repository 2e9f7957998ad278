"""Rebuild kg/data/divisions.tsv from the division list bundled in the jionlp wheel.

Development-time only: jionlp is not a dependency of hzkg. The list (jionlp's
``dictionary/china_location.zip``, Apache-2.0) carries the adcodes the Ministry of Civil
Affairs publishes for provinces, cities and counties, and town names without codes. We keep
Zhejiang and its neighbours; towns only for Zhejiang.

Usage::

    pip download --no-deps -d /tmp/dl jionlp==1.5.31
    python tools/divisions_from_jionlp.py /tmp/dl/jionlp-1.5.31-py2.py3-none-any.whl
"""

from __future__ import annotations

import hashlib
import io
import sys
import zipfile
from pathlib import Path

PROVINCES = {"330000", "310000", "320000", "340000", "350000", "360000"}
TOWNS_IN = {"330000"}
OUT = Path(__file__).resolve().parent.parent / "kg" / "data" / "divisions.tsv"


def _county_level(name: str) -> str:
    if name.endswith("区"):
        return "district"
    if name.endswith("市"):
        return "county-level-city"
    return "county"


def _town_level(name: str) -> str:
    return "subdistrict" if name.endswith("街道") else "town"


_ZONE_ENDINGS = (
    "开发区",
    "园区",
    "工业园",
    "试验区",
    "度假区",
    "集聚区",
    "新区",
    "经济区",
    "示范区",
    "管理区",
)


def _is_zone(code: str, name: str) -> bool:
    """Development zones and other functional areas the list files among counties and towns.

    They are parks, not administrative units: county codes 71-79 (statistical functional
    zones), and names ending like a zone. Real new districts with ordinary codes (浦东新区
    310115) stay.
    """
    if code and "71" <= code[4:6] <= "79":
        return True
    return name.endswith(_ZONE_ENDINGS) and not (code and code[4:6] < "70")


def rows(lines: list[str]) -> list[tuple[str, str, str, str, str]]:
    """(adcode, name, short, level, parent adcode) for the provinces kept."""
    out: list[tuple[str, str, str, str, str]] = []
    province = city = county = ""
    for line in lines:
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip("\t\r\n").split("\t")
        name = fields[0]
        code = fields[1] if len(fields) > 1 else ""
        short = fields[2] if len(fields) > 2 else ""
        if depth == 0:
            province, city, county = code, "", ""
            if province in PROVINCES:
                out.append((code, name, short, "province", ""))
        elif province not in PROVINCES:
            continue
        elif depth == 1:
            city, county = code, ""
            if code != province:  # municipalities repeat themselves as their own city
                out.append((code, name, short, "city", province))
        elif depth == 2:
            county = code
            if not _is_zone(code, name):
                out.append((code, name, short, _county_level(name), city))
        elif depth == 3 and province in TOWNS_IN and not _is_zone("", name):
            out.append(("", name, "", _town_level(name), county))
    return out


def main(wheel: str) -> None:
    data = Path(wheel).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as outer:
        inner = outer.read("jionlp/dictionary/china_location.zip")
        version = next(n for n in outer.namelist() if n.endswith(".dist-info/METADATA")).split("/")[0]
    with zipfile.ZipFile(io.BytesIO(inner)) as archive:
        text = archive.read("china_location.txt").decode("utf-8")
    table = rows(text.splitlines())
    header = [
        "# Administrative divisions of Zhejiang and its neighbours (Shanghai, Jiangsu, Anhui, Fujian,",
        "# Jiangxi): provinces, cities and counties with their adcodes (GB/T 2260); towns and",
        "# subdistricts of Zhejiang by name, without codes. Development zones the list files among",
        "# counties and towns (codes xxxx71-79, names ending in 开发区, 新区 …) are left out: parks.",
        f"# Source: jionlp wheel {Path(wheel).name} ({version}, Apache-2.0),",
        "#   file jionlp/dictionary/china_location.zip, member china_location.txt;",
        f"#   wheel sha256 {hashlib.sha256(data).hexdigest()}.",
        "# Regenerate with tools/divisions_from_jionlp.py; do not edit by hand.",
        "# columns: adcode, name, short name, level, parent adcode",
    ]
    body = ["\t".join(row) for row in table]
    OUT.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(table)} rows", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
