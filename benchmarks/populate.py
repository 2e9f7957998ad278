"""Fill a world with records of every type, each fact stated in a generated sentence.

Types are built in dependency order (places, chains, bodies, parks, infrastructure, policies,
routes, companies, projects, people), so every relation points at a record that exists and obeys
the relation vocabulary's domains and ranges; a generated tree passes ``kg check``.
"""

from __future__ import annotations

from benchmarks.pools import CHAINS, CITIES, SEGMENTS
from benchmarks.world import Builder
from kg.checks import name_key

__all__ = ["SHARES", "populate"]

SHARES = {
    "district": 0.06,
    "industry_chain": 0.015,
    "organization": 0.03,
    "park": 0.02,
    "infrastructure": 0.01,
    "policy": 0.025,
    "port_route": 0.005,
    "project": 0.03,
    "person": 0.01,
}
"""Share of each type in a tree; companies take the rest (about 80%)."""

MINIMUM = {"district": 12, "industry_chain": 4, "organization": 2, "park": 2, "infrastructure": 2}
STAGE_ZH = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}
YEARS = (2022, 2023, 2024)


def _title(slug: str) -> str:
    return " ".join(part.capitalize() for part in slug.split("-"))


class Populator:
    """The record-type generators, sharing one builder and what each type needs from the others."""

    def __init__(self, builder: Builder) -> None:
        self.b = builder
        self.cities: list[str] = []
        self.counties: list[str] = []
        self.counties_of: dict[str, list[str]] = {}
        self.chains: list[str] = []
        self.chain_words: dict[str, list[tuple[str, str]]] = {}
        self.segments: dict[str, list[str]] = {}
        self.clusters: dict[str, list[str]] = {}
        self.alliances: dict[str, str] = {}
        self.ports: list[str] = []
        self.port_areas: dict[str, list[str]] = {}
        self.companies_in: dict[str, list[str]] = {}
        self.used_places: set[str] = set()

    def free(self, record_id: str, *names: str) -> bool:
        keys = {name_key(n) for n in names}
        return record_id not in self.b.ids and not keys & self.b.names

    def add(self, record_type: str, record_id: str, data: dict[str, object]) -> str:
        self.b.add(record_type, record_id, data)
        aliases = data.get("aliases", [])
        assert isinstance(aliases, list)
        self.b.names.update(name_key(str(n)) for n in [data["name"], *aliases])
        return record_id

    def new_place(self) -> tuple[str, str]:
        for _ in range(1000):
            name, reading = self.b.place_name(2 if len(self.used_places) < 1200 else 3)
            if name not in self.used_places:
                self.used_places.add(name)
                return name, reading
        raise RuntimeError("place names exhausted")

    # -- places ----------------------------------------------------------------------------
    def districts(self, count: int) -> None:
        b = self.b
        self.add(
            "district",
            "zhejiang",
            {
                "name": "浙江省",
                "name_en": "Zhejiang Province",
                "aliases": ["浙江"],
                "level": "province",
                "ids": {"adcode": "330000", "source": "gen-adcodes"},
                "sources": b.cite("浙江省是制造业大省,民营经济活跃"),
            },
        )
        for name, short, city_id, adcode in CITIES:
            sentence = f"{name}是浙江省下辖的地级市"
            self.add(
                "district",
                city_id,
                {
                    "name": name,
                    "name_en": f"{_title(city_id)} City",
                    "aliases": [short],
                    "level": "city",
                    "ids": {"adcode": adcode, "source": "gen-adcodes"},
                    "sources": b.cite(sentence),
                },
            )
            b.relate(city_id, "part_of", "zhejiang", sentence)
            self.cities.append(city_id)
        remaining = count - 1 - len(CITIES)
        counties = min(remaining, max(3, remaining // 4), len(CITIES) * 60)
        codes = dict.fromkeys(self.cities, 0)
        for index in range(counties):
            city = self.cities[index % len(self.cities)]
            place, reading = self.new_place()
            if not self.free(reading, place, f"{place}区"):
                continue
            codes[city] += 1
            data: dict[str, object] = {
                "name": f"{place}区",
                "name_en": f"{reading.capitalize()} District",
                "aliases": [place],
                "level": "district",
                "sources": b.cite(f"{place}区位于{b.name_of(city)}{b.rng.choice('东南西北')}部"),
            }
            if codes[city] < 100:
                city_code = str(b.world.records[city]["ids"]["adcode"])
                data["ids"] = {"adcode": f"{city_code[:4]}{codes[city]:02d}", "source": "gen-adcodes"}
            self.add("district", reading, data)
            b.relate(reading, "part_of", city, f"{place}区位于{b.name_of(city)}{b.rng.choice('东南西北')}部")
            self._district_figures(reading, place)
            self.counties.append(reading)
            self.counties_of.setdefault(city, []).append(reading)
        for _ in b.attempts("district", count):
            county = b.rng.choice(self.counties)
            place, reading = self.new_place()
            suffix, level, tail = b.rng.choice(
                [("镇", "town", "town"), ("街道", "subdistrict", "subdistrict")]
            )
            record_id = f"{reading}-{tail}"
            if not self.free(record_id, place + suffix):
                continue
            sentence = f"{place}{suffix}是{b.name_of(county)}下辖的工业强{'镇' if suffix == '镇' else '街'}"
            self.add(
                "district",
                record_id,
                {
                    "name": place + suffix,
                    "name_en": f"{reading.capitalize()} {level.capitalize()}",
                    "level": level,
                    "sources": b.cite(sentence),
                },
            )
            b.relate(record_id, "part_of", county, sentence)

    def _district_figures(self, record_id: str, place: str) -> None:
        b = self.b
        year = b.rng.choice(YEARS)
        if b.rng.random() < 0.6:
            count = b.number(300, 2500, 0)
            approx = b.rng.choice(["多", "余"])
            b.figure(
                record_id,
                f"{place}区现有规上工业企业{count}{approx}家",
                metric="above_scale_enterprises",
                value=count,
                unit="家",
                approx=approx,
                period=str(year),
            )
        if b.rng.random() < 0.5:
            gdp = b.number(300, 3000, 1)
            b.figure(
                record_id,
                f"{year}年{place}区实现地区生产总值{gdp}亿元",
                metric="gdp",
                value=gdp,
                unit="亿元",
                period=str(year),
            )
        if b.rng.random() < 0.4:
            growth = b.number(2, 15, 1)
            b.figure(
                record_id,
                f"{year}年{place}区规上工业增加值同比增长{growth}%",
                metric="industrial_added_value_growth",
                value=growth,
                unit="%",
                period=str(year),
            )

    # -- industry chains -------------------------------------------------------------------
    def chains_(self, count: int) -> None:
        b = self.b
        bases = min(len(CHAINS), max(2, count // 6))
        for zh, chain_id, words in CHAINS[:bases]:
            self.add(
                "industry_chain",
                chain_id,
                {
                    "name": zh,
                    "name_en": _title(chain_id),
                    "kind": "chain",
                    "sources": b.cite(f"{zh}产业是浙江省重点培育的标志性产业链"),
                },
            )
            self.chains.append(chain_id)
            self.chain_words[chain_id] = words
            self.segments[chain_id] = []
            self.clusters[chain_id] = []
        for segment_zh, segment_id, stage in SEGMENTS:
            for chain_id in self.chains:
                if len(b.by_type["industry_chain"]) >= count:
                    return
                chain = b.name_of(chain_id)
                record_id = f"{chain_id}-{segment_id}"
                sentence = f"{chain}{segment_zh}是{chain}产业链的{STAGE_ZH[stage]}环节"
                self.add(
                    "industry_chain",
                    record_id,
                    {
                        "name": f"{chain}{segment_zh}",
                        "name_en": f"{_title(chain_id)}: {segment_id.replace('-', ' ')}",
                        "kind": "segment",
                        "stage": stage,
                        "sources": b.cite(sentence),
                    },
                )
                b.relate(record_id, "segment_of", chain_id, sentence, stage=stage)
                self.segments[chain_id].append(record_id)
        places = [*self.cities, *self.counties]
        for place in places:
            for chain_id in self.chains:
                if len(b.by_type["industry_chain"]) >= count:
                    return
                short = b.short(place)
                chain = b.name_of(chain_id)
                record_id = f"{place}-{chain_id}"
                self.add(
                    "industry_chain",
                    record_id,
                    {
                        "name": f"{short}{chain}产业集群",
                        "name_en": f"{_title(place)} {_title(chain_id)} cluster",
                        "kind": "cluster",
                        "sources": b.cite(f"{b.name_of(place)}着力打造{short}{chain}产业集群"),
                    },
                )
                self.clusters[chain_id].append(record_id)

    # -- organisations, parks, infrastructure ---------------------------------------------------
    def organizations(self, count: int) -> None:
        b = self.b
        for city in self.cities:
            if len(b.by_type["organization"]) >= count:
                return
            name = f"{b.name_of(city)}经济和信息化局"
            record_id = f"{city}-econ-it-bureau"
            self.add(
                "organization",
                record_id,
                {
                    "name": name,
                    "name_en": f"{_title(city)} Economy and IT Bureau",
                    "kind": "government",
                    "sources": b.cite(f"{name}负责全市工业和信息化工作"),
                },
            )
            b.relate(record_id, "located_in", city, f"{name}负责全市工业和信息化工作")
        for chain_id in self.chains:
            if len(b.by_type["organization"]) >= count:
                return
            chain = b.name_of(chain_id)
            record_id = f"{chain_id}-alliance"
            sentence = f"{chain}产业联盟由链上企业和科研院所共同发起成立"
            self.add(
                "organization",
                record_id,
                {
                    "name": f"{chain}产业联盟",
                    "name_en": f"{_title(chain_id)} Industry Alliance",
                    "kind": "alliance",
                    "sources": b.cite(sentence),
                },
            )
            self.alliances[chain_id] = record_id
        for _ in b.attempts("organization", count):
            place = b.rng.choice(self.counties or self.cities)
            chain_id = b.rng.choice(self.chains)
            short, chain = b.short(place), b.name_of(chain_id)
            kind, zh, en = b.rng.choice(
                [
                    ("innovation-centre", "创新中心", "innovation centre"),
                    ("institute", "产业研究院", "industry research institute"),
                    ("association", "行业协会", "industry association"),
                ]
            )
            name, record_id = f"{short}{chain}{zh}", f"{place}-{chain_id}-{kind}"
            if not self.free(record_id, name):
                continue
            sentence = f"{name}落户{b.name_of(place)}"
            self.add(
                "organization",
                record_id,
                {
                    "name": name,
                    "name_en": f"{_title(place)} {_title(chain_id)} {en}",
                    "kind": kind,
                    "sources": b.cite(sentence),
                },
            )
            b.relate(record_id, "located_in", place, sentence)
            if kind != "association" and chain_id in self.alliances:
                b.relate(
                    record_id,
                    "member_of",
                    self.alliances[chain_id],
                    f"{name}是{chain}产业联盟的发起单位",
                    role="发起单位",
                )

    def parks(self, count: int) -> None:
        b = self.b
        for _ in b.attempts("park", count):
            place = b.rng.choice(self.counties or self.cities)
            short = b.short(place)
            kind, zh, tail = b.rng.choice(
                [
                    ("development-zone", "经济技术开发区", "edz"),
                    ("high-tech-zone", "高新技术产业园区", "hi-tech-zone"),
                    ("industrial-park", "智造产业园", "smart-park"),
                ]
            )
            name, record_id = f"{short}{zh}", f"{place}-{tail}"
            if b.rng.random() < 0.3:
                brand, reading = b.brand()
                kind, name, record_id = "characteristic-town", f"{brand}小镇", f"{reading}-xiaozhen"
            if not self.free(record_id, name):
                continue
            sentence = f"{name}地处{b.name_of(place)},是{short}产业发展的主平台"
            self.add(
                "park",
                record_id,
                {"name": name, "name_en": _title(record_id), "kind": kind, "sources": b.cite(sentence)},
            )
            b.relate(record_id, "located_in", place, sentence)
            if b.rng.random() < 0.5:
                firms = b.number(50, 900, 0)
                b.figure(
                    record_id,
                    f"{name}已集聚企业{firms}余家",
                    metric="enterprises",
                    value=firms,
                    unit="家",
                    approx="余",
                )

    def infrastructure(self, count: int) -> None:
        b = self.b
        for _ in b.attempts("infrastructure", count):
            if not self.ports or b.rng.random() < 0.3:
                place, reading = self.new_place()
                record_id = f"{reading}-port"
                if not self.free(record_id, f"{place}港"):
                    continue
                sentence = f"{place}港是长三角重要的集装箱枢纽港"
                self.add(
                    "infrastructure",
                    record_id,
                    {
                        "name": f"{place}港",
                        "name_en": f"{reading.capitalize()} Port",
                        "kind": "port",
                        "sources": b.cite(sentence),
                    },
                )
                self.ports.append(record_id)
                self.port_areas[record_id] = []
                continue
            port = b.rng.choice(self.ports)
            place, reading = self.new_place()
            name, record_id = f"{b.name_of(port)}{place}港区", f"{port}-{reading}"
            if not self.free(record_id, name):
                continue
            sentence = f"{name}是{b.name_of(port)}的核心港区之一"
            self.add(
                "infrastructure",
                record_id,
                {
                    "name": name,
                    "name_en": _title(record_id),
                    "kind": "port-area",
                    "sources": b.cite(sentence),
                },
            )
            b.relate(record_id, "part_of", port, sentence)
            self.port_areas[port].append(record_id)
            if b.rng.random() < 0.6:
                teu = b.number(50, 900, 1)
                b.figure(
                    record_id,
                    f"去年{name}完成集装箱吞吐量{teu}万标箱",
                    metric="teu_throughput",
                    value=teu,
                    unit="万标箱",
                    period="2023",
                )

    # -- policies and routes ---------------------------------------------------------------
    def policies(self, count: int) -> None:
        b = self.b
        for _ in b.attempts("policy", count):
            place = b.rng.choice([*self.cities, *self.counties])
            chain_id = b.rng.choice(self.chains)
            year = b.rng.choice(YEARS)
            title = f"{b.name_of(place)}{b.name_of(chain_id)}产业高质量发展行动计划({year}-{year + 3}年)"
            record_id = f"{place}-{chain_id}-plan-{year}"
            if not self.free(record_id, title):
                continue
            month = b.rng.randint(1, 12)
            issued = f"{year}年{month}月,{b.name_of(place)}印发《{title}》"
            self.add(
                "policy",
                record_id,
                {
                    "name": title,
                    "name_en": f"{_title(place)} {_title(chain_id)} action plan {year}-{year + 3}",
                    "kind": "plan",
                    "sources": b.cite(issued),
                    "dates": [{"event": "issued", "date": f"{year}-{month:02d}", "sources": b.cite(issued)}],
                },
            )
            b.relate(record_id, "issued_by", place, issued)
            targets = self.clusters[chain_id] or [chain_id]
            b.relate(record_id, "targets", b.rng.choice(targets), f"《{title}》聚焦{b.name_of(chain_id)}产业")
            if b.rng.random() < 0.5:
                budget = b.number(1, 50, 0)
                b.figure(
                    record_id,
                    f"《{title}》明确每年安排{budget}亿元专项资金",
                    metric="budget",
                    value=budget,
                    unit="亿元",
                    period=str(year),
                )

    def routes(self, count: int) -> None:
        b = self.b
        for _ in b.attempts("port_route", count):
            origin, port = b.rng.choice(b.by_type["district"]), b.rng.choice(self.ports)
            name = f"{b.short(origin)}至{b.name_of(port)}海铁联运班列"
            record_id = f"{origin}-{port}-sea-rail"
            if not self.free(record_id, name):
                continue
            sentence = f"{name}一天两班,常态化开行"
            self.add(
                "port_route",
                record_id,
                {
                    "name": name,
                    "name_en": _title(record_id),
                    "mode": "sea-rail",
                    "frequency": "一天两班",
                    "sources": b.cite(sentence),
                },
            )
            b.relate(record_id, "origin", origin, sentence)
            b.relate(record_id, "destination", port, sentence)
            for area in b.rng.sample(self.port_areas[port], min(2, len(self.port_areas[port]))):
                b.relate(record_id, "via", area, f"{name}经{b.name_of(area)}装船出海")
            teu = b.number(0.5, 9, 2)
            b.figure(
                record_id,
                f"今年一季度,{name}运送集装箱{teu}万标箱",
                metric="teu_throughput",
                value=teu,
                unit="万标箱",
                period="2024-Q1",
            )
            growth = b.number(5, 40, 0)
            b.figure(
                record_id,
                f"{name}集装箱量同比增长{growth}%",
                metric="teu_growth",
                value=growth,
                unit="%",
                period="2024-Q1",
            )


def populate(builder: Builder, records: int) -> None:
    """Add exactly ``records`` records to ``builder``'s world."""
    from benchmarks.firms import companies, people, projects

    counts = {t: max(MINIMUM.get(t, 1), round(records * share)) for t, share in SHARES.items()}
    p = Populator(builder)
    p.districts(counts["district"])
    p.chains_(counts["industry_chain"])
    p.organizations(counts["organization"])
    p.parks(counts["park"])
    p.infrastructure(counts["infrastructure"])
    p.policies(counts["policy"])
    p.routes(counts["port_route"])
    rest = records - sum(counts.values())
    if rest < 1:
        raise ValueError(f"a generated tree needs more than {sum(counts.values())} records")
    companies(p, rest)
    projects(p, counts["project"])
    people(p, counts["person"])
