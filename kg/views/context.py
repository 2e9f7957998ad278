"""What every page builder needs: the graph, the source titles, and per-record display data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from kg.query import KnowledgeGraph
from kg.schema import Source
from kg.views.payload import SourceTitles, edge_payload, node_payload

__all__ = ["Context"]

EdgeKey = tuple[str, str, str]


@dataclass
class Context:
    """A loaded graph prepared for drawing; payloads are computed once and shared by pages."""

    graph: KnowledgeGraph
    sources: Mapping[str, Source]

    @cached_property
    def titles(self) -> SourceTitles:
        return SourceTitles(self.sources)

    @cached_property
    def payloads(self) -> dict[str, dict[str, Any]]:
        records = self.graph.records
        return {rid: node_payload(records[rid], self.titles) for rid in sorted(records)}

    @cached_property
    def edge_payloads(self) -> dict[EdgeKey, dict[str, Any]]:
        return {(u, v, k): edge_payload(d, self.titles) for u, v, k, d in self.edges}

    @cached_property
    def edges(self) -> list[tuple[str, str, str, dict[str, Any]]]:
        """Every edge as (source, target, key, data), in a fixed order."""
        return sorted(self.graph.nx.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))

    @cached_property
    def degree(self) -> dict[str, int]:
        return {n: int(self.graph.nx.degree(n)) for n in sorted(self.graph.nx.nodes)}

    @cached_property
    def adjacent(self) -> dict[str, list[str]]:
        """Node → its neighbours either way, sorted."""
        out: dict[str, set[str]] = {n: set() for n in self.graph.records}
        for u, v, _, _ in self.edges:
            out[u].add(v)
            out[v].add(u)
        return {n: sorted(s) for n, s in sorted(out.items())}

    def edges_among(self, nodes: Iterable[str]) -> list[EdgeKey]:
        """Every edge with both ends in ``nodes``."""
        inside = set(nodes)
        return [(u, v, k) for u, v, k, _ in self.edges if u in inside and v in inside]

    def label(self, record_id: str) -> tuple[str, str]:
        """(Chinese, English) full names of a record."""
        record = self.graph.records[record_id]
        return record.name, record.name_en
