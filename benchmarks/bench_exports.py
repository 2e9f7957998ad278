"""Time every export format on a generated graph of N companies in districts and chains.

Usage: .venv/bin/python benchmarks/bench_exports.py [N]   (default 5000)

Prints one line per format: seconds and bytes. The graph is made in memory (no YAML), with
the shapes the real curation has: companies located in districts, members of chain segments,
supplying each other, each with a figure and quoted citations.
"""

from __future__ import annotations

import sys
import time

from kg.export import FORMATS, export_files
from kg.query import KnowledgeGraph
from kg.schema import RECORD_TYPES, Record


def generated(n: int) -> KnowledgeGraph:
    cite = [{"source": "bench", "quote": "某某公司位于某区,是产业链的链主"}]
    records: dict[str, Record] = {}

    def add(record_type: str, **data: object) -> None:
        record = RECORD_TYPES[record_type].model_validate({"sources": cite, **data})
        records[record.id] = record

    add("district", id="province", name="省", name_en="Province", level="province")
    for d in range(max(1, n // 100)):
        add(
            "district",
            id=f"district-{d}",
            name=f"第{d}区",
            name_en=f"District {d}",
            level="district",
            relations=[{"rel": "part_of", "to": "province", "sources": cite}],
        )
    add("industry_chain", id="chain", name="产业链", name_en="Chain", kind="chain")
    for s in range(20):
        add(
            "industry_chain",
            id=f"segment-{s}",
            name=f"环节{s}",
            name_en=f"Segment {s}",
            kind="segment",
            relations=[{"rel": "segment_of", "to": "chain", "sources": cite}],
        )
    for c in range(n):
        relations = [
            {"rel": "located_in", "to": f"district-{c % max(1, n // 100)}", "sources": cite},
            {"rel": "member_of", "to": f"segment-{c % 20}", "stage": "upstream", "sources": cite},
        ]
        if c:
            relations.append({"rel": "supplies", "to": f"company-{c - 1}", "note": "零件", "sources": cite})
        add(
            "company",
            id=f"company-{c}",
            name=f"示范{c}有限公司",
            name_en=f"Demo {c} Co.",
            aliases=[f"示范{c}"],
            relations=relations,
            indicators=[{"metric": "employees", "value": c, "unit": "人", "sources": cite}],
        )
    return KnowledgeGraph(records)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    started = time.perf_counter()
    graph = generated(n)
    print(
        f"graph: {len(graph.records)} records, {graph.nx.number_of_edges()} relations "
        f"({time.perf_counter() - started:.2f}s to build)"
    )
    for fmt in FORMATS.values():
        started = time.perf_counter()
        files = export_files(graph, fmt.name)
        elapsed = time.perf_counter() - started
        size = sum(len(data) for data in files.values())
        print(f"{fmt.name:<10} {elapsed:6.2f}s {size / 1e6:8.1f} MB")


if __name__ == "__main__":
    main()
