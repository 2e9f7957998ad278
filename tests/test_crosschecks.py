"""The cycle check looks for cycles only among the nodes that can lie on one; it must find the
same cycles as a search of the whole graph."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from kg.crosschecks import _cycle_core


def canonical(graph: nx.DiGraph) -> list[list[str]]:
    return sorted(c[c.index(min(c)) :] + c[: c.index(min(c))] for c in nx.simple_cycles(graph))


@pytest.mark.parametrize("seed", range(40))
def test_the_core_has_every_cycle_of_the_graph(seed: int) -> None:
    chance = random.Random(seed)
    nodes = [f"n{i}" for i in range(chance.randint(2, 30))]
    edges = [
        (chance.choice(nodes), chance.choice(nodes)) for _ in range(chance.randint(1, 2 * len(nodes)))
    ]
    edges = [(a, b) for a, b in edges if a != b]
    core = _cycle_core(edges)
    assert set(core) <= set(edges)
    assert canonical(nx.DiGraph(core)) == canonical(nx.DiGraph(edges))


def test_a_tree_has_no_core_and_a_cycle_with_a_tail_keeps_only_the_cycle() -> None:
    assert _cycle_core([("a", "b"), ("b", "c"), ("d", "b")]) == []
    edges = [("x", "a"), ("a", "b"), ("b", "c"), ("c", "a"), ("c", "y")]
    assert sorted(_cycle_core(edges)) == [("a", "b"), ("b", "c"), ("c", "a")]
