"""The pieces a generated tree is made of: articles, the world of records, and its builder."""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from benchmarks.pools import BRAND, PLACE
from kg.canonical import canonical_text
from kg.names import traditional
from kg.schema import RECORD_TYPES
from kg.text import to_simplified
from kg.yamlio import dump_yaml

__all__ = ["Article", "Builder", "World"]

RECORDS_PER_ARTICLE = 40
ANNOTATIONS = {"企业": "qǐyè", "产业": "chǎnyè", "基地": "jīdì", "制造": "zhìzào", "创新": "chuàngxīn"}
"""Words the scraped pages annotate with pinyin, as seed 001 does: 基地(jīdì)."""

# Share of each type in a tree; companies take the rest.
SHARES = {
    "district": 0.06,
    "industry_chain": 0.015,
    "park": 0.02,
    "organization": 0.03,
    "policy": 0.025,
    "infrastructure": 0.01,
    "port_route": 0.005,
    "project": 0.03,
    "person": 0.01,
}


@dataclass
class Article:
    """A generated source article: its sentences in normalised (Simplified) form."""

    id: str
    title: str
    date: str
    sentences: list[str] = field(default_factory=list)
    traditional: bool = False
    annotated: bool = False

    def raw_text(self) -> str:
        """The text as a scraper saved it: navigation, annotated words, paragraphs, a footer."""
        lines = ["首页 > 产业新闻 > 正文", self.title, f"来源:生成新闻网  {self.date}", ""]
        for start in range(0, len(self.sentences), 4):
            chunk = enumerate(self.sentences[start : start + 4], start)
            paragraph = "".join(f"{self._raw(s, annotate=i % 3 == 0)}。" for i, s in chunk)
            lines.append(paragraph)
        lines += ["", "责任编辑:王伟 | 友情提示:本文为基准测试生成的虚构文本,不是新闻。", ""]
        return "\n".join(lines)

    def _raw(self, sentence: str, annotate: bool) -> str:
        if self.annotated and annotate:
            for word, reading in ANNOTATIONS.items():
                sentence = sentence.replace(word, f"{word}({reading})", 1)
        if self.traditional:
            converted = traditional(sentence)
            if to_simplified(converted) == sentence:
                return converted
        return sentence


@dataclass
class World:
    """Records as plain data, their types, and the articles that state them."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    articles: list[Article] = field(default_factory=list)
    rendered: dict[str, bytes] = field(default_factory=dict, repr=False)
    """Canonical bytes per record id, kept while the record is unchanged."""

    def copy(self) -> World:
        return World(
            copy.deepcopy(self.records), dict(self.types), copy.deepcopy(self.articles), dict(self.rendered)
        )

    def path(self, record_id: str) -> str:
        return f"curation/{self.types[record_id]}/{record_id}.yaml"

    def files(self) -> dict[str, bytes]:
        """The tree: relative path → bytes, records in canonical form."""
        out: dict[str, bytes] = {}
        for record_id in sorted(self.records):
            if record_id not in self.rendered:
                model = RECORD_TYPES[self.types[record_id]]
                self.rendered[record_id] = canonical_text(
                    model.model_validate(self.records[record_id])
                ).encode()
            out[self.path(record_id)] = self.rendered[record_id]
        registry = [
            {
                "id": a.id,
                "kind": "article",
                "title": a.title,
                "date": a.date,
                "file": f"{a.id}.txt",
                "script": "Traditional" if a.traditional else "Simplified",
                "encoding": "utf-8",
            }
            for a in self.articles
        ]
        registry += [
            {
                "id": "gen-adcodes",
                "kind": "reference",
                "title": "行政区划代码(生成)",
                "url": "https://example.org/adcodes",
            },
            {
                "id": "gen-exchange",
                "kind": "reference",
                "title": "上市公司名录(生成)",
                "url": "https://example.org/listed",
            },
        ]
        header = "# yaml-language-server: $schema=../schemas/sources.json"
        out["seeds/sources.yaml"] = (header + "\n" + _dump_list(registry)).encode()
        for article in self.articles:
            out[f"seeds/{article.id}.txt"] = article.raw_text().encode()
        return out


def _dump_list(entries: list[dict[str, Any]]) -> str:
    body = []
    for entry in entries:
        text = dump_yaml(entry)
        body.append("\n".join(("- " if i == 0 else "  ") + line for i, line in enumerate(text.splitlines())))
    return "\n".join(body) + "\n"


class Builder:
    """Grows a :class:`World` one record at a time, writing each fact into an article."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.world = World()
        self.ids: set[str] = set()
        self.names: set[str] = set()
        self.started = 0
        self.by_type: dict[str, list[str]] = {t: [] for t in RECORD_TYPES}

    # -- articles and citations ---------------------------------------------------------
    def _article(self) -> Article:
        articles = self.world.articles
        if not articles or self.started > len(articles) * RECORDS_PER_ARTICLE:
            number = len(articles)
            articles.append(
                Article(
                    f"gen-news-{number:05d}",
                    f"产业观察第{number + 1}期",
                    f"{2023 + number % 3}-{1 + number % 12:02d}",
                    traditional=number % 10 == 7,
                    annotated=number % 4 == 1,
                )
            )
        return articles[-1]

    def cite(self, sentence: str) -> list[dict[str, str]]:
        article = self._article()
        if sentence not in article.sentences:
            article.sentences.append(sentence)
        return [{"source": article.id, "quote": sentence}]

    # -- records ---------------------------------------------------------------------------
    def add(self, record_type: str, record_id: str, data: dict[str, Any]) -> str:
        self.started += 1
        data = {"id": record_id, **data}
        self.world.records[record_id] = data
        self.world.types[record_id] = record_type
        self.by_type[record_type].append(record_id)
        self.ids.add(record_id)
        self.names.add(data["name"])
        return record_id

    def attempts(self, record_type: str, count: int) -> Iterator[int]:
        """Loop until ``count`` records of the type exist; fail loudly if the pools run dry."""
        for attempt in range(count * 200 + 2000):
            if len(self.by_type[record_type]) >= count:
                return
            yield attempt
        raise RuntimeError(f"cannot make {count} distinct {record_type} records from the word pools")

    def relate(self, record_id: str, rel: str, to: str, sentence: str, **qualifiers: str) -> None:
        relation = {"rel": rel, "to": to, **qualifiers, "sources": self.cite(sentence)}
        self.world.records[record_id].setdefault("relations", []).append(relation)

    def figure(self, record_id: str, sentence: str, **indicator: Any) -> None:
        entry = {**indicator, "sources": self.cite(sentence)}
        self.world.records[record_id].setdefault("indicators", []).append(entry)

    def name_of(self, record_id: str) -> str:
        return str(self.world.records[record_id]["name"])

    def short(self, record_id: str) -> str:
        record = self.world.records[record_id]
        return str((record.get("aliases") or [record["name"]])[0])

    def pick(self, record_type: str) -> str:
        return self.rng.choice(self.by_type[record_type])

    def place_name(self, length: int) -> tuple[str, str]:
        chars = self.rng.sample(PLACE, length)
        return "".join(c for c, _ in chars), "".join(p for _, p in chars)

    def brand(self, length: int = 2) -> tuple[str, str]:
        chars = self.rng.sample(BRAND, length)
        return "".join(c for c, _ in chars), "".join(p for _, p in chars)

    def number(self, low: float, high: float, digits: int = 1) -> float | int:
        value = round(self.rng.uniform(low, high), digits)
        return int(value) if digits == 0 else value
