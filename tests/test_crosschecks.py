"""The checks across records: the cycle check looks for cycles only among the nodes that can
lie on one, and must find the same cycles as a search of the whole graph; the findings after a
few records changed, worked out from the findings before, must be those of all the checks."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from benchmarks.treegen import generate, write_tree
from kg.crosschecks import _cycle_core, cross_findings, cross_findings_after
from kg.facts import Facts, Finding, facts_of
from kg.load import load_curation
from kg.schema import PREDICATES
from kg.treestate import finding_row


def canonical(graph: nx.DiGraph) -> list[list[str]]:
    return sorted(c[c.index(min(c)) :] + c[: c.index(min(c))] for c in nx.simple_cycles(graph))


@pytest.mark.parametrize("seed", range(40))
def test_the_core_has_every_cycle_of_the_graph(seed: int) -> None:
    chance = random.Random(seed)
    nodes = [f"n{i}" for i in range(chance.randint(2, 30))]
    edges = [(chance.choice(nodes), chance.choice(nodes)) for _ in range(chance.randint(1, 2 * len(nodes)))]
    edges = [(a, b) for a, b in edges if a != b]
    core = _cycle_core(edges)
    assert set(core) <= set(edges)
    assert canonical(nx.DiGraph(core)) == canonical(nx.DiGraph(edges))


def test_a_tree_has_no_core_and_a_cycle_with_a_tail_keeps_only_the_cycle() -> None:
    assert _cycle_core([("a", "b"), ("b", "c"), ("d", "b")]) == []
    edges = [("x", "a"), ("a", "b"), ("b", "c"), ("c", "a"), ("c", "y")]
    assert sorted(_cycle_core(edges)) == [("a", "b"), ("b", "c"), ("c", "a")]


@pytest.fixture(scope="module")
def world_facts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Facts]:
    folder = tmp_path_factory.mktemp("world")
    write_tree(generate(500, seed=21).files(), folder)
    curation = load_curation(folder)
    return {
        record_id: facts_of(record, curation.documents[record_id].display)
        for record_id, record in curation.records.items()
    }


def _edit(chance: random.Random, facts: dict[str, Facts], ids: list[str]) -> list[tuple[Facts, Facts]]:
    """Change one or two records' facts the way curation does; their facts before and after."""
    record = facts[chance.choice(ids)]
    other = facts[chance.choice(ids)]
    relations = list(record.relations)
    move = chance.randrange(7)
    if move == 0 and relations:  # point a relation elsewhere, perhaps at nothing
        index = chance.randrange(len(relations))
        relations[index] = (relations[index][0], chance.choice([*ids, "nowhere"]))
    elif move == 1:
        relations.append((chance.choice(list(PREDICATES)), chance.choice(ids)))
    elif move == 2 and relations:
        relations.pop(chance.randrange(len(relations)))
    elif move == 3:  # a symmetric relation stated from the other end too (one record changes)
        rel = chance.choice(["borders", "partners_with"])
        stated = [(holder, to) for holder in facts.values() for r, to in holder.relations if r == rel]
        holder, to = chance.choice(stated) if stated else (other, record.id)
        if to not in facts or to == holder.id:
            return [(other, other._replace(relations=(*other.relations, (rel, record.id))))]
        target = facts[to]
        return [(target, target._replace(relations=(*target.relations, (rel, holder.id))))]
    elif move == 4:  # a hierarchy edge back from a parent to its part: a cycle
        rel = chance.choice(["part_of", "segment_of"])
        edges = [(part.id, to) for part in facts.values() for r, to in part.relations if r == rel]
        part, parent = chance.choice(edges) if edges else (other.id, record.id)
        if parent in facts:
            record = facts[parent]
            return [(record, record._replace(relations=(*record.relations, (rel, part))))]
        relations.append((rel, other.id))
    elif move == 5:  # another record's name
        return [(record, record._replace(name=other.name, names=other.names))]
    else:  # told apart from a record of the same name
        distinct = (*record.distinct_from, other.id)
        others = (*record.others, (("distinct_from", len(record.distinct_from), "id"), other.id))
        return [(record, record._replace(distinct_from=distinct, others=others))]
    return [(record, record._replace(relations=tuple(relations)))]


def rows(findings: list[Finding]) -> list[tuple[object, ...]]:
    return sorted(finding_row(finding) for finding in findings)


@pytest.mark.parametrize("seed", range(30))
def test_findings_after_a_change_are_those_of_all_the_checks(
    world_facts: dict[str, Facts], seed: int
) -> None:
    chance = random.Random(seed)
    facts = dict(world_facts)
    ids = sorted(facts)
    findings = cross_findings(facts)
    for _ in range(8):
        changes = _edit(chance, facts, ids)
        for _, new in changes:
            facts[new.id] = new
        after = cross_findings_after(facts, changes, findings)
        findings = cross_findings(facts)
        assert after is not None
        assert rows(after) == rows(findings)


def test_a_changed_id_type_or_adcode_is_not_followed(world_facts: dict[str, Facts]) -> None:
    record = next(iter(world_facts.values()))
    earlier = cross_findings(world_facts)
    for changed in (record._replace(type="park"), record._replace(adcode="330100")):
        assert cross_findings_after({**world_facts, record.id: changed}, [(record, changed)], earlier) is None
