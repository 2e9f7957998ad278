"""Normalisation of the real seeds: pinyin stripped, real parentheses kept, offsets exact."""

from __future__ import annotations

import re

import pytest

from kg.text import decode, find_damage, normalise, strip_pinyin, to_simplified

from .conftest import ROOT

SEEDS = ROOT / "seeds"


def seed(prefix: str) -> bytes:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_bytes()


@pytest.mark.parametrize(
    ("prefix", "removed", "kept"),
    [
        ("000", 0, ["(人工智能自动内容生产方案)", "(杭州市区段)", "(蒋晓东 摄)", "(中国宁波网)"]),
        ("001", 144, ["(算力)", "(图片由临平区委宣传部提供)"]),
        ("002", 0, ["(化纤纺织)", "(杭州)", "(2025—2027年)"]),
        ("003", 449, ["(2020-2035年)", "(衢州)"]),
    ],
)
def test_pinyin_annotations_go_and_real_parentheses_stay(prefix: str, removed: int, kept: list[str]) -> None:
    raw, _ = decode(seed(prefix))
    clean, _ = strip_pinyin(raw)
    tone_marked = (
        r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]*\)"
    )
    neutral = r"(?<=[\u4e00-\u9fff])\((?:de|men)\)"
    assert len(re.findall(tone_marked, raw)) + len(re.findall(neutral, raw)) == removed
    assert re.findall(tone_marked, clean) == []
    for text in kept:
        assert text in normalise(seed(prefix)).text


def test_no_pinyin_left_in_any_seed() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = normalise(path.read_bytes()).text
        assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)", text), path.name


def test_offsets_point_back_at_the_raw_text() -> None:
    norm = normalise(seed("003"))
    start = norm.text.index("钱塘新区加强与绍兴滨海新区联动")
    raw_start, raw_end = norm.raw_span(start, start + 6)
    assert norm.raw[raw_start:raw_end] == "錢塘新區(qū)加強"
    norm = normalise(seed("001"))
    start = norm.text.index("杭州汽轮动力集团股份有限公司")
    raw_start, raw_end = norm.raw_span(start, start + 14)
    assert norm.raw[raw_start:raw_end] == "杭州汽轮(qìlún)动力(dònglì)集团股份有限公司"


def test_traditional_to_simplified_keeps_length() -> None:
    raw, _ = decode(seed("003"))
    clean, _ = strip_pinyin(raw)
    assert len(to_simplified(clean)) == len(clean)
    assert "杭州都市圈发展规划" in to_simplified(clean)


def test_gb18030_bytes_decode_to_the_same_text() -> None:
    text = "萧山拥有1700多家规上企业"
    assert decode(text.encode("gb18030")) == (text, "gb18030")
    assert decode("\ufeff".encode() + text.encode()) == (text, "utf-8")


def test_damage_in_seed_003_is_found_with_its_place() -> None:
    damage = normalise(seed("003")).damage
    assert [(d.line, d.col, d.text) for d in damage] == [(22, 204, "??偭亢椭袊?")]
    assert find_damage("何以解忧?唯有创新!") == []
