"""The graph written straight into networkx's dicts is the graph networkx's own methods build."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

import kg
from kg.graph import edge_attributes, graph_of_plain, node_attributes, plain_records

TREE = Path(__file__).parent / "fixtures" / "tree"


def _built_by_networkx(records: dict[str, kg.Record]) -> nx.MultiDiGraph[str]:
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for record_id in sorted(records):
        graph.add_node(record_id, **node_attributes(records[record_id]))
    for record_id in sorted(records):
        for relation in records[record_id].relations:
            if relation.to not in records:
                continue
            key, count = relation.rel, 1
            while graph.has_edge(record_id, relation.to, key):
                count += 1
                key = f"{relation.rel}#{count}"
            graph.add_edge(record_id, relation.to, key=key, **edge_attributes(relation))
    return graph


def test_the_graph_is_the_one_networkx_builds_in_the_same_order() -> None:
    records = dict(kg.load(TREE).records)
    # A repeated relation (keys rel, rel#2, rel#3) and one to a record that is not there.
    some = next(r for r in records.values() if r.relations)
    first = some.relations[0]
    missing = first.model_copy(update={"to": "no-such-record"})
    records[some.id] = some.model_copy(update={"relations": [*some.relations, first, first, missing]})
    built, expected = graph_of_plain(plain_records(records)), _built_by_networkx(records)
    assert nx.utils.graphs_equal(built, expected)
    assert list(built.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(built.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
    assert list(built.in_edges(keys=True, data=True)) == list(expected.in_edges(keys=True, data=True))
    assert {f"{first.rel}#2", f"{first.rel}#3"} <= set(built[some.id][first.to])
    assert "no-such-record" not in built
    # Reading the graph works as networkx's own: views, degrees, copies.
    assert dict(built.degree()) == dict(expected.degree())
    assert nx.utils.graphs_equal(built.reverse(), expected.reverse())
