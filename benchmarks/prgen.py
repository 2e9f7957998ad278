"""Change a generated world as a curation pull request would, touching a given share of records.

Most changes are the ordinary work of curation (a figure updated from a new article, a supplier
added, a record added or retired, an English name fixed); a few are the mistakes `kg diff` is
there to flag (a figure changed with no new citation, a quote that no longer matches, a record
removed while others still point at it, a look-alike of an existing company, a relation that
breaks the vocabulary's ranges, an id renamed). New facts cite a new article the pull request
adds, as a real one would.
"""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

from benchmarks.pools import BRAND
from benchmarks.world import Article, World
from kg.schema import METRICS

__all__ = ["CHANGES", "pull_request"]

CHANGES: dict[str, float] = {
    "figure_cited": 0.2,
    "relation_added": 0.15,
    "record_added": 0.13,
    "name_en_changed": 0.08,
    "relation_removed": 0.08,
    "record_removed": 0.05,
    "referenced_removed": 0.01,
    "figure_uncited": 0.05,
    "stage_changed": 0.05,
    "alias_added": 0.05,
    "renamed": 0.05,
    "quote_broken": 0.04,
    "lookalike_added": 0.03,
    "range_broken": 0.03,
}
"""Kinds of change and how often each is picked."""


class _PullRequest:
    def __init__(self, world: World, seed: int) -> None:
        self.world = world
        self.rng = random.Random(seed)
        self.article = Article(f"gen-pr-{seed:05d}", f"产业观察增刊{seed}", "2025-06")
        world.articles.append(self.article)
        self.touched: set[str] = set()
        self.companies = sorted(i for i, t in world.types.items() if t == "company")
        self.referrers: dict[str, set[str]] = defaultdict(set)
        for record_id, record in world.records.items():
            for relation in record.get("relations", []):
                self.referrers[relation["to"]].add(record_id)

    def cite(self, sentence: str) -> list[dict[str, str]]:
        self.article.sentences.append(sentence)
        return [{"source": self.article.id, "quote": sentence}]

    def touch(self, record_id: str) -> dict[str, Any]:
        self.touched.add(record_id)
        self.world.rendered.pop(record_id, None)
        return self.world.records[record_id]

    def company(self, *, with_list: str = "") -> str | None:
        for _ in range(50):
            record_id = self.rng.choice(self.companies)
            record = self.world.records.get(record_id)
            if (
                record_id not in self.touched
                and record is not None
                and (not with_list or record.get(with_list))
            ):
                return record_id
        return None

    def short(self, record_id: str) -> str:
        record = self.world.records[record_id]
        return str((record.get("aliases") or [record["name"]])[0])

    # -- the kinds of change ---------------------------------------------------------------------
    def figure_cited(self, uncited: bool = False) -> None:
        record_id = self.company(with_list="indicators")
        if record_id is None:
            return
        indicator = self.rng.choice(self.touch(record_id)["indicators"])
        old = indicator["value"]
        new = round(old * self.rng.uniform(1.05, 1.4), 1) if isinstance(old, float) else int(old * 1.2) + 1
        indicator["value"] = new
        if not uncited:
            what = METRICS[indicator["metric"]].zh
            sentence = f"最新数据显示,{self.short(record_id)}{what}为{new}{indicator['unit']}"
            indicator["sources"] = self.cite(sentence)

    def figure_uncited(self) -> None:
        self.figure_cited(uncited=True)

    def relation_added(self) -> None:
        supplier, customer = self.company(), self.company()
        if supplier is None or customer is None or supplier == customer:
            return
        sentence = f"{self.short(supplier)}开始为{self.short(customer)}批量供应关键部件"
        relation = {"rel": "supplies", "to": customer, "note": "关键部件", "sources": self.cite(sentence)}
        self.touch(supplier).setdefault("relations", []).append(relation)

    def relation_removed(self) -> None:
        record_id = self.company(with_list="relations")
        if record_id is None:
            return
        relations = self.touch(record_id)["relations"]
        relations.pop(self.rng.randrange(len(relations)))
        if not relations:
            del self.world.records[record_id]["relations"]

    def stage_changed(self) -> None:
        record_id = self.company(with_list="relations")
        if record_id is None:
            return
        for relation in self.touch(record_id)["relations"]:
            if relation["rel"] == "member_of" and relation.get("stage"):
                stages = [s for s in ("upstream", "midstream", "downstream") if s != relation["stage"]]
                relation["stage"] = self.rng.choice(stages)
                relation["sources"] = self.cite(f"{self.short(record_id)}业务重心转向产业链新环节")
                return

    def name_en_changed(self) -> None:
        record_id = self.company()
        if record_id is not None:
            record = self.touch(record_id)
            record["name_en"] = str(record["name_en"]).replace("Co., Ltd.", "Company Limited")

    def alias_added(self) -> None:
        record_id = self.company()
        if record_id is None:
            return
        record = self.touch(record_id)
        alias = f"{record['name'][:2]}{self.short(record_id)}"
        if alias not in record.get("aliases", []) and alias != record["name"]:
            record.setdefault("aliases", []).append(alias)
            record["sources"] = [*record["sources"], *self.cite(f"{alias}是当地知名的制造企业")]

    def record_added(self, lookalike: bool = False) -> None:
        template_id = self.company(with_list="relations")
        if template_id is None:
            return
        template = self.world.records[template_id]
        number = len(self.touched)
        if lookalike:
            name = f"浙江{self.short(template_id)}有限公司"
            record_id = f"{template_id}-zhejiang"
        else:
            chars = self.rng.sample(BRAND, 3)
            brand, reading = "".join(c for c, _ in chars), "".join(r for _, r in chars)
            word, word_id = self.rng.choice(
                [("智能科技", "ai-tech"), ("新能源", "new-energy"), ("精密制造", "precision")]
            )
            name = f"杭州{brand}{word}有限公司"
            record_id = f"{reading}-{word_id}"
        if record_id in self.world.records:
            return
        place = next(r["to"] for r in template["relations"] if r["rel"] == "located_in")
        record = {
            "id": record_id,
            "name": name,
            "name_en": f"Generated company {number}",
            "sources": self.cite(f"{name}于今年正式注册成立"),
            "relations": [{"rel": "located_in", "to": place, "sources": self.cite(f"{name}落户当地")}],
        }
        self.world.records[record_id] = record
        self.world.types[record_id] = "company"
        self.touched.add(record_id)

    def lookalike_added(self) -> None:
        self.record_added(lookalike=True)

    def record_removed(self, referenced: bool = False) -> None:
        """Retire a company nobody points at (or, with ``referenced``, one that others do)."""
        for _ in range(200):
            record_id = self.company()
            pointed_at = any(r in self.world.records for r in self.referrers.get(record_id or "", ()))
            if record_id is not None and pointed_at == referenced:
                break
        else:
            return
        del self.world.records[record_id]
        del self.world.types[record_id]
        self.world.rendered.pop(record_id, None)
        self.touched.add(record_id)

    def referenced_removed(self) -> None:
        self.record_removed(referenced=True)

    def renamed(self) -> None:
        record_id = self.company()
        if record_id is None or f"{record_id}-group" in self.world.records:
            return
        new_id = f"{record_id}-group"
        record = self.touch(record_id)
        del self.world.records[record_id]
        self.world.records[new_id] = {**record, "id": new_id}
        self.world.types[new_id] = self.world.types.pop(record_id)
        self.touched.add(new_id)
        for referrer in sorted(self.referrers.get(record_id, ())):
            if referrer in self.world.records:
                for relation in self.touch(referrer).get("relations", []):
                    if relation["to"] == record_id:
                        relation["to"] = new_id

    def quote_broken(self) -> None:
        record_id = self.company()
        if record_id is None:
            return
        citation = self.touch(record_id)["sources"][0]
        citation["quote"] = citation["quote"].replace("成立于", "创建于")

    def range_broken(self) -> None:
        record_id, other = self.company(), self.company()
        if record_id is None or other is None or record_id == other:
            return
        sentence = f"{self.short(record_id)}的生产基地设在{self.short(other)}厂区内"
        relation = {"rel": "located_in", "to": other, "sources": self.cite(sentence)}
        self.touch(record_id).setdefault("relations", []).append(relation)


def pull_request(world: World, fraction: float = 0.01, seed: int = 2) -> World:
    """A copy of ``world`` with about ``fraction`` of its records added, removed or changed."""
    changed = world.copy()
    pr = _PullRequest(changed, seed)
    target = max(1, round(len(world.records) * fraction))
    kinds, weights = list(CHANGES), list(CHANGES.values())
    for step in range(target * 20):
        if len(pr.touched) >= target:
            break
        # Every kind once first (so even a small pull request shows each), then by weight.
        kind = kinds[step] if step < len(kinds) else pr.rng.choices(kinds, weights)[0]
        getattr(pr, kind)()
    return changed
