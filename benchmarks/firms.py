"""Companies in chains that supply one another, their projects, and the people who speak for them."""

from __future__ import annotations

from benchmarks.pools import GIVEN, SURNAMES
from benchmarks.populate import STAGE_ZH, YEARS, Populator

__all__ = ["companies", "people", "projects"]


def _title(slug: str) -> str:
    return slug.replace("-", " ").title()


STAGES = ("upstream", "midstream", "downstream")


def companies(p: Populator, count: int) -> None:
    b = p.b
    listed = 0
    for _ in b.attempts("company", count):
        chain_id = b.rng.choice(p.chains)
        word, word_id = b.rng.choice(p.chain_words[chain_id])
        brand, reading = b.brand(2 if len(b.by_type["company"]) < 20_000 else 3)
        city = b.rng.choice(p.cities)
        is_listed = b.rng.random() < 0.05
        alias = f"{brand}{word}"
        name = f"{b.short(city)}{alias}{'股份有限公司' if is_listed else '有限公司'}"
        record_id = f"{reading}-{word_id}"
        if not p.free(record_id, name, alias):
            continue
        year = b.rng.randint(1985, 2021)
        founded = f"{name}成立于{year}年"
        data: dict[str, object] = {
            "name": name,
            "name_en": f"{city.capitalize()} {reading.capitalize()} {_title(word_id)} Co., Ltd.",
            "aliases": [alias],
            "sources": b.cite(founded),
            "dates": [{"event": "founded", "date": str(year), "sources": b.cite(founded)}],
        }
        if is_listed:
            listed += 1
            data["listed"] = True
            data["ids"] = {"stock": [f"{603000 + listed:06d}.SH"], "source": "gen-exchange"}
        p.add("company", record_id, data)
        _place(p, record_id, alias, city)
        _chain(p, record_id, alias, chain_id)
        _figures(p, record_id, alias)


def _place(p: Populator, record_id: str, alias: str, city: str) -> None:
    b = p.b
    parks = b.by_type["park"]
    if parks and b.rng.random() < 0.3:
        place = b.rng.choice(parks)
    else:
        place = b.rng.choice(p.counties_of.get(city) or [city])
    b.relate(record_id, "located_in", place, f"{alias}位于{b.name_of(place)}")


def _chain(p: Populator, record_id: str, alias: str, chain_id: str) -> None:
    b = p.b
    chain = b.name_of(chain_id)
    stage = b.rng.choice(STAGES)
    segments = [s for s in p.segments[chain_id] if b.world.records[s].get("stage") == stage]
    if b.rng.random() < 0.03:
        b.relate(
            record_id, "member_of", chain_id, f"{alias}是{chain}产业链的链主企业", role="链主", stage=stage
        )
    elif segments:
        segment = b.rng.choice(segments)
        b.relate(record_id, "member_of", segment, f"{alias}深耕{b.name_of(segment)}领域", stage=stage)
    elif p.clusters[chain_id]:
        cluster = b.rng.choice(p.clusters[chain_id])
        b.relate(
            record_id,
            "member_of",
            cluster,
            f"{alias}是{b.name_of(cluster)}的{STAGE_ZH[stage]}企业",
            stage=stage,
        )
    if chain_id in p.alliances and b.rng.random() < 0.2:
        b.relate(record_id, "member_of", p.alliances[chain_id], f"{alias}加入{chain}产业联盟")
    peers = p.companies_in.setdefault(chain_id, [])
    for customer in b.rng.sample(peers[-200:], min(len(peers[-200:]), b.rng.choice((0, 1, 1, 2)))):
        product = b.rng.choice(["核心部件", "关键材料", "控制系统", "检测设备", "配套模组"])
        b.relate(record_id, "supplies", customer, f"{alias}为{b.short(customer)}提供{product}", note=product)
    peers.append(record_id)


def _figures(p: Populator, record_id: str, alias: str) -> None:
    b = p.b
    year = str(b.rng.choice(YEARS))
    if b.rng.random() < 0.6:
        staff = b.number(80, 6000, 0)
        b.figure(
            record_id,
            f"{alias}现有员工{staff}余人",
            metric="employees",
            value=staff,
            unit="人",
            approx="余",
            period=year,
        )
    if b.rng.random() < 0.5:
        output = b.number(0.5, 120, 1)
        b.figure(
            record_id,
            f"{year}年{alias}实现产值{output}亿元",
            metric="output_value",
            value=output,
            unit="亿元",
            period=year,
        )
    if b.rng.random() < 0.3:
        growth = b.number(-5, 45, 1)
        b.figure(
            record_id,
            f"{year}年{alias}销售额同比增长{growth}%",
            metric="sales_growth",
            value=growth,
            unit="%",
            period=year,
        )


def projects(p: Populator, count: int) -> None:
    b = p.b
    kinds = ["智能制造基地", "研发中心", "数字化工厂", "总部基地", "产业化"]
    for _ in b.attempts("project", count):
        company = b.rng.choice(b.by_type["company"])
        kind = b.rng.choice(kinds)
        name = f"{b.short(company)}{kind}项目"
        record_id = (
            f"{company}-{['base', 'rd-centre', 'factory', 'hq', 'industrialisation'][kinds.index(kind)]}"
        )
        if not p.free(record_id, name):
            continue
        sentence = f"{name}由{b.short(company)}投资建设"
        status = b.rng.choice(["planned", "under-construction", "completed", "operating"])
        p.add(
            "project",
            record_id,
            {
                "name": name,
                "name_en": record_id.replace("-", " ").title() + " project",
                "kind": "project",
                "status": status,
                "sources": b.cite(sentence),
            },
        )
        b.relate(company, "develops", record_id, sentence)
        place = b.world.records[company]["relations"][0]["to"]
        b.relate(record_id, "located_in", place, f"{name}选址{b.name_of(place)}")
        investment = b.number(1, 80, 1)
        b.figure(
            record_id, f"{name}总投资{investment}亿元", metric="investment", value=investment, unit="亿元"
        )


def people(p: Populator, count: int) -> None:
    b = p.b
    employers = b.by_type["organization"] + b.by_type["company"]
    number = 0
    for _ in b.attempts("person", count):
        (surname, s_reading), given = b.rng.choice(SURNAMES), b.rng.sample(GIVEN, b.rng.choice((1, 2)))
        name = surname + "".join(c for c, _ in given)
        number += 1
        record_id = f"{s_reading}-{''.join(r for _, r in given)}-{number}"
        employer = b.rng.choice(employers)
        role = (
            b.rng.choice(["董事长", "总经理", "首席科学家", "负责人"])
            if b.world.types[employer] == "company"
            else b.rng.choice(["局长", "主任", "负责人"])
        )
        display = f"{b.short(employer)}{role}{name}"
        if not p.free(record_id, name):
            continue
        sentence = f"{display}表示,将持续加大创新投入"
        p.add(
            "person",
            record_id,
            {
                "name": name,
                "name_en": f"{s_reading.capitalize()} {''.join(r for _, r in given).capitalize()}",
                "sources": b.cite(sentence),
            },
        )
        b.relate(record_id, "works_for", employer, sentence, role=role)
