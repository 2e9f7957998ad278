"""The query API over a loaded graph: lookups, neighbourhoods, chains, routes, paths.

Examples below run as doctests against this repository's curation.

>>> import kg
>>> g = kg.load()
>>> g.get("silan-micro").name
'杭州士兰微电子股份有限公司'
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kg.answers import ChainView, Neighbor, RouteView, Step
from kg.errors import CurationError, Problem, QueryError, UnknownEntity
from kg.graph import LazyRecords, PlainRecord, graph_of_plain, node_names, plain_records
from kg.names import SearchForm, plain, search_forms
from kg.schema import METRICS, PREDICATES, Indicator, Record, Source
from kg.text import to_simplified

if TYPE_CHECKING:
    import networkx as nx  # for annotations only: importing it costs every `kg` command 0.2 s

    from kg.export.frames import Frames

__all__ = ["ChainView", "KnowledgeGraph", "Neighbor", "RouteView", "Step", "load", "load_saving"]

Direction = Literal["out", "in", "both"]
CONTAINMENT = ("part_of", "located_in")


class KnowledgeGraph:
    """Records plus their networkx graph; every method answers from the curated data.

    ``records`` may be :class:`~kg.graph.LazyRecords` (what :func:`load` gives): the graph is
    then made from their plain data, and each record validated only when first asked for.
    """

    def __init__(
        self,
        records: Mapping[str, Record],
        root: Path | None = None,
        sources: dict[str, Source] | None = None,
    ) -> None:
        self.records: Mapping[str, Record] = records
        """The records by id: a read-only mapping (``dict(g.records)`` makes a dict); those
        :func:`load` gives are each validated the first time they are read."""
        self.root = root
        self.sources: dict[str, Source] = sources or {}
        """The source registry (seeds/sources.yaml) the citations point at."""
        self.problems: list[Problem] = []
        """Problems found while loading (only with ``load(strict=False)``)."""
        self.plain: Mapping[str, PlainRecord] = (
            records.plain if isinstance(records, LazyRecords) else plain_records(records)
        )
        """Each record as plain data: its node attributes and its relations in the order stated,
        those to records that are not there included (the citation table lists them). Like the
        data on the graph's nodes and edges, which is the same objects, it is for reading only."""
        self.nx: nx.MultiDiGraph[str] = graph_of_plain(self.plain)
        self._search_index: list[tuple[SearchForm, str]] | None = None

    @property
    def _search(self) -> list[tuple[SearchForm, str]]:
        """Every search form of every name, built on the first search (pinyin is slow to make)."""
        if self._search_index is None:
            nodes = self.plain  # names from plain data: a search validates only the records it finds
            self._search_index = [
                (form, record_id)
                for record_id in sorted(nodes)
                for name in node_names(nodes[record_id][0])
                for form in search_forms(name)
            ]
        return self._search_index

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self.plain)} records, {self.nx.number_of_edges()} relations>"

    def get(self, entity_id: str) -> Record:
        """The record with this id; an unknown id raises :class:`UnknownEntity` with suggestions.

        >>> g.get("silan-micr")
        Traceback (most recent call last):
        ...
        kg.errors.UnknownEntity: no entity 'silan-micr' — did you mean 'silan-micro'?
        """
        record = self.records.get(entity_id)
        if record is None:
            raise UnknownEntity(entity_id, self._suggest(entity_id))
        return record

    def _suggest(self, entity_id: str) -> list[str]:
        """Ids nearest to a mistyped one: by spelling, or by a name that contains it."""
        named = [r.id for r in self.find(entity_id)[:5]] if entity_id.strip() else []
        typed = entity_id.lower()  # ids are lower case; SILAN-MICRO means silan-micro
        spelled = difflib.get_close_matches(typed, list(self.records), n=5, cutoff=0.6)
        ranked = sorted(set(named + spelled), key=lambda i: -difflib.SequenceMatcher(None, typed, i).ratio())
        if not ranked:
            return []
        best = difflib.SequenceMatcher(None, typed, ranked[0]).ratio()
        return [i for i in ranked if difflib.SequenceMatcher(None, typed, i).ratio() > best - 0.1][:3]

    def records_of(self, record_type: str) -> list[Record]:
        """All records of one type, sorted by id."""
        data = self.plain  # the type from plain data: records of other types are not validated
        return [self.records[i] for i in sorted(data) if data[i][0]["type"] == record_type]

    def find(self, text: str) -> list[Record]:
        """Records whose Chinese, English, alias, Traditional or pinyin name matches ``text``.

        Exact matches come first, then prefixes, then substrings.

        >>> [r.id for r in g.find("Silan")][:1], [r.id for r in g.find("shilan")][:1]
        (['silan-micro'], ['silan-micro'])
        """
        query = plain(text.strip())
        if not query:
            return []
        queries = {query, plain(to_simplified(query))}
        best: dict[str, tuple[int, int]] = {}
        for form, record_id in self._search:
            for q in queries:
                rank = form.match(q)
                if rank is None:
                    continue
                score = (rank, len(form.text))
                if record_id not in best or score < best[record_id]:
                    best[record_id] = score
        return [self.records[i] for i in sorted(best, key=lambda i: (best[i], i))]

    def neighbors(
        self, entity_id: str, rel: str | None = None, direction: Direction = "both"
    ) -> list[Neighbor]:
        """Records related to ``entity_id``; incoming edges are read with the inverse label.

        >>> [str(n) for n in g.neighbors("silan-micro", rel="supplies")][:1]
        ['supplies → fotile (宁波方太厨具)']
        """
        self.get(entity_id)
        if rel is not None and rel not in PREDICATES:
            raise QueryError(f"unknown relation {rel!r}; known: {', '.join(sorted(PREDICATES))}")
        found: list[Neighbor] = []
        if direction in ("out", "both"):
            for _, target, data in self.nx.out_edges(entity_id, data=True):
                if rel is None or data["rel"] == rel:
                    found.append(
                        Neighbor(data["rel"], PREDICATES[data["rel"]].en, "out", self.records[target], data)
                    )
        if direction in ("in", "both"):
            for source, _, data in self.nx.in_edges(entity_id, data=True):
                if rel is None or data["rel"] == rel:
                    predicate = PREDICATES[data["rel"]]
                    found.append(
                        Neighbor(data["rel"], predicate.inverse_en, "in", self.records[source], data)
                    )
        return sorted(found, key=lambda n: (n.direction != "out", n.rel, n.record.id))

    def _sources_of(self, entity_id: str, rels: Iterable[str]) -> list[str]:
        wanted = set(rels)
        return sorted(s for s, _, d in self.nx.in_edges(entity_id, data=True) if d["rel"] in wanted)

    def within(self, entity_id: str, rels: Iterable[str] = CONTAINMENT) -> list[str]:
        """``entity_id`` and every record contained in it (part_of / located_in, transitively).

        >>> "hgt51f" in g.within("zhejiang")  # a turbine in a park in Linping in Hangzhou
        True
        """
        self.get(entity_id)
        wanted = tuple(rels)
        seen = {entity_id}
        queue = deque([entity_id])
        while queue:
            for child in self._sources_of(queue.popleft(), wanted):
                if child not in seen:
                    seen.add(child)
                    queue.append(child)
        return sorted(seen)

    def containers(self, entity_id: str) -> list[str]:
        """``entity_id`` and every place it lies in (part_of / located_in, transitively).

        >>> g.containers("silan-micro")
        ['hangzhou', 'silan-micro', 'zhejiang']
        """
        self.get(entity_id)
        seen = {entity_id}
        queue = deque([entity_id])
        while queue:
            for _, parent, data in self.nx.out_edges(queue.popleft(), data=True):
                if data["rel"] in CONTAINMENT and parent not in seen:
                    seen.add(parent)
                    queue.append(parent)
        return sorted(seen)

    def companies(
        self, district: str | None = None, chain: str | None = None, recursive: bool = True
    ) -> list[Record]:
        """Companies located in ``district`` and/or members of ``chain``.

        With ``recursive`` (the default), sub-districts, parks inside the district and segments
        of the chain count too.

        >>> "silan-micro" in [c.id for c in g.companies(district="zhejiang")]
        True
        """
        companies = [r for r in self.records_of("company")]
        if district is not None:
            places = set(self.within(district)) if recursive else {district}
            companies = [
                c for c in companies if any(r.rel == "located_in" and r.to in places for r in c.relations)
            ]
        if chain is not None:
            chains = set(self.within(chain, ("segment_of",))) if recursive else {chain}
            companies = [
                c for c in companies if any(r.rel == "member_of" and r.to in chains for r in c.relations)
            ]
        return companies

    def chain(self, chain_id: str) -> ChainView:
        """An industry chain's segments (upstream → downstream), members, 链主 and policies.

        >>> robots = g.chain("robotics")
        >>> for stage, segments in robots.segments.items():
        ...     print(stage, [s.name for s in segments])
        upstream ['控制器', '减速器', '伺服电机']
        midstream ['机器人整机']
        unstaged ['机器人软件']
        >>> storage = g.chain("data-storage")
        >>> [m.name for m in storage.leaders], [p.name for p, _ in storage.targeted_by]
        (['华澜微'], ['全省存储产业基地首期项目', '萧山区'])
        """
        record = self.get(chain_id)
        if record.type != "industry_chain":
            raise QueryError(f"{chain_id!r} is a {record.type}, not an industry_chain")
        segments: dict[str, list[Record]] = {}
        for segment_id in self._sources_of(chain_id, ["segment_of"]):
            segment = self.records[segment_id]
            stage = getattr(segment, "stage", None) or next(
                (
                    r.stage
                    for r in segment.relations
                    if r.rel == "segment_of" and r.to == chain_id and r.stage
                ),
                "unstaged",
            )
            segments.setdefault(stage, []).append(segment)
        order = {"upstream": 0, "midstream": 1, "downstream": 2}
        segments = dict(sorted(segments.items(), key=lambda kv: order.get(kv[0], 3)))
        members: list[tuple[Record, str | None, str | None]] = []
        for member_id in self.within(chain_id, ("segment_of",)):
            for source, _, data in sorted(self.nx.in_edges(member_id, data=True), key=lambda e: e[0]):
                if data["rel"] == "member_of":
                    members.append((self.records[source], data.get("stage"), data.get("role")))
        leaders = [m for m, _, role in members if role and "链主" in role]
        targeted_by = [
            (self.records[s], d.get("tier"))
            for s, _, d in sorted(self.nx.in_edges(chain_id, data=True), key=lambda e: e[0])
            if d["rel"] == "targets"
        ]
        policies = [(r, tier) for r, tier in targeted_by if r.type == "policy"]
        return ChainView(record, segments, members, leaders, policies, targeted_by)

    def routes(self, origin: str | None = None, destination: str | None = None) -> list[RouteView]:
        """Port routes from ``origin`` to ``destination``; a place matches the places inside it.

        >>> [r.record.id for r in g.routes(origin="xiaoshan", destination="ningbo-zhoushan-port")]
        ['xiaoshan-ningbo-sea-rail']
        """
        views = []
        for route in self.records_of("port_route"):
            ends = {
                rel: [self.records[r.to] for r in route.relations if r.rel == rel]
                for rel in ("origin", "destination", "via")
            }
            if origin and not any(origin in self.containers(e.id) for e in ends["origin"]):
                continue
            if destination and not any(destination in self.containers(e.id) for e in ends["destination"]):
                continue
            views.append(
                RouteView(route, ends["origin"], ends["destination"], ends["via"], list(route.indicators))
            )
        return views

    def indicators(
        self, entity_id: str, metric: str | None = None, recursive: bool = False
    ) -> list[tuple[Record, Indicator]]:
        """Figures stated about ``entity_id``, as (record, indicator) pairs in the order stated.

        With ``recursive``, figures of the records inside it (part_of / located_in) count too.

        >>> [(i.metric, i.value, i.unit) for _, i in g.indicators("xiaoshan-ningbo-sea-rail")
        ...  if i.period == "2024-Q1"]
        [('teu_throughput', 2.66, '万标箱'), ('teu_growth', 33, '%')]
        """
        ids = self.within(entity_id) if recursive else [self.get(entity_id).id]
        if metric is not None and metric not in METRICS:
            raise QueryError(f"unknown metric {metric!r}; known: {', '.join(sorted(METRICS))}")
        return [
            (self.records[i], indicator)
            for i in ids
            for indicator in self.records[i].indicators
            if metric is None or indicator.metric == metric
        ]

    def to_frames(self) -> Frames:
        """pandas DataFrames of entities, relations, indicators, citations and sources.

        Needs the ``frames`` extra (pandas); see :mod:`kg.export.frames`.
        """
        from kg.export.frames import to_frames

        return to_frames(self)

    def path(self, source: str, target: str) -> list[Step]:
        """A shortest chain of stated relations linking two records, in either direction.

        >>> for step in g.path("linping", "ningbo-zhoushan-port"):
        ...     print(step)
        linping --part_of--> hangzhou
        hangyong-canal --connects--> hangzhou
        hangyong-canal --connects--> ningbo
        ningbo-zhoushan-port --located_in--> ningbo
        """
        self.get(source)
        self.get(target)
        # Breadth-first over neighbours in sorted order: among equally short paths the same one
        # is found every run (networkx's undirected views iterate sets, which vary by run).
        previous: dict[str, str | None] = {source: None}
        queue = deque([source])
        while queue and target not in previous:
            node = queue.popleft()
            for neighbour in sorted({*self.nx.successors(node), *self.nx.predecessors(node)}):
                if neighbour not in previous:
                    previous[neighbour] = node
                    queue.append(neighbour)
        if target not in previous:
            raise QueryError(f"no path between {source!r} and {target!r}")
        nodes = [target]
        while (back := previous[nodes[-1]]) is not None:
            nodes.append(back)
        nodes.reverse()
        steps = []
        for a, b in pairwise(nodes):
            if self.nx.has_edge(a, b):
                rel = sorted(d["rel"] for d in self.nx.get_edge_data(a, b).values())[0]
                steps.append(Step(a, rel, b))
            else:
                rel = sorted(d["rel"] for d in self.nx.get_edge_data(b, a).values())[0]
                steps.append(Step(b, rel, a))
        return steps


def load(path: str | Path = ".", *, check: bool = True, strict: bool = True) -> KnowledgeGraph:
    """Load the curation at or above ``path`` and build the graph.

    Raises :class:`~kg.errors.CurationError` listing every error when the curation does not
    pass ``kg check`` (pass ``check=False`` to skip the quote and reference checks). Checking
    uses and updates the cache in ``.kg-cache/`` as ``kg check`` does (see :mod:`kg.cache`). With
    ``strict=False`` the graph holds every record that loads, and the problems found are kept
    in :attr:`KnowledgeGraph.problems` instead of raised — for looking things up while a
    curation is being edited, never for publishing.
    """
    graph, wait_saved = load_saving(path, check=check, strict=strict)
    wait_saved()
    return graph


def load_saving(
    path: str | Path = ".", *, check: bool = True, strict: bool = True
) -> tuple[KnowledgeGraph, Callable[[], None]]:
    """:func:`load`, returning while another process may still be writing the check's cache,
    with the function that waits for it (and raises its error). Call that before the process
    exits; meanwhile the graph can be used. For ``kg build``, whose exports need the core that
    writing the cache would otherwise keep waiting.
    """
    from kg.load import find_root, load_curation
    from kg.parallel import collector_paused

    root = find_root(Path(path))

    def build(records: Mapping[str, Record], sources: dict[str, Source]) -> KnowledgeGraph | Exception:
        try:
            with collector_paused():  # hundreds of thousands of attribute dicts, none in a cycle
                return KnowledgeGraph(records, root, sources)
        except Exception as exc:  # raised below unless the curation's errors explain it
            return exc

    wait_saved: Callable[[], None] = _nothing_to_wait_for
    if check:
        from kg.treecheck import check_tree

        # The workers make each record's plain data, the graph is built while the checks across
        # records run in another process, and the cache is written while the caller goes on.
        checked = check_tree(root, keep_records=True, save_beside=True, meanwhile=build)
        problems, graph, wait_saved = checked.problems, checked.made, checked.wait_saved
    else:
        curation = load_curation(root)
        problems, graph = curation.problems, build(curation.records, curation.sources)
    try:
        if strict and any(p.severity == "error" for p in problems):
            raise CurationError(problems)
        if isinstance(graph, Exception):
            raise graph
    except BaseException:
        wait_saved()
        raise
    assert isinstance(graph, KnowledgeGraph)
    graph.problems = sorted(problems)
    return graph, wait_saved


def _nothing_to_wait_for() -> None:
    pass
