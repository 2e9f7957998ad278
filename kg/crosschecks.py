"""Checks across records, run on every record's :class:`~kg.facts.Facts`: references, the range
of each relation, symmetric relations stated twice, cycles, adcodes inside their parent's,
possible duplicates. Each returns findings; none stops at the first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache

from kg.facts import Facts, Finding
from kg.schema import PREDICATES
from kg.schema.base import did_you_mean
from kg.validation import field_path

__all__ = ["HIERARCHY_PREDICATES", "cross_findings", "cross_findings_after", "duplicate_names_after"]

HIERARCHY_PREDICATES = ("part_of", "segment_of")


def _references(facts: Mapping[str, Facts], out: list[Finding], records: Iterable[Facts]) -> None:
    # One hint per missing id: a removed record that many others still point at is common, and
    # each hint compares the id with every id in the tree.
    hint = cache(lambda target: did_you_mean(target, facts))
    for record in records:
        missing = [to for _, to in record.relations if to not in facts]
        missing += [target for _, target in record.others if target not in facts]
        if not missing:  # the usual case, found without making a key path for each id
            continue
        for path, target in record.references:
            if target not in facts:
                out.append(
                    Finding(
                        record.display,
                        path,
                        "KG202",
                        f"unknown record {target!r} in {field_path(path)}{hint(target)}",
                    )
                )


def _ranges(facts: Mapping[str, Facts], out: list[Finding], records: Iterable[Facts]) -> None:
    predicates = PREDICATES
    plain = {rel: (p.range, p.same_type, p.symmetric) for rel, p in predicates.items()}
    find = facts.get
    for record in records:
        for i, (rel, to) in enumerate(record.relations):
            target = find(to)
            if target is None:
                continue
            allowed_types, same_type, symmetric = plain[rel]
            if symmetric or same_type or target.type not in allowed_types:
                predicate = predicates[rel]
            else:
                continue  # the usual case: an asymmetric relation pointing at an allowed type
            if target.type not in predicate.range or (predicate.same_type and target.type != record.type):
                allowed = record.type if predicate.same_type else ", ".join(sorted(predicate.range))
                out.append(
                    Finding(
                        record.display,
                        ("relations", i, "to"),
                        "KG204",
                        f"{rel!r} cannot point at {target.type} {to!r} (allowed: {allowed})",
                    )
                )
            if predicate.symmetric and record.id > to and (rel, record.id) in target.relations:
                out.append(
                    Finding(
                        record.display,
                        ("relations", i),
                        "KG502",
                        f"{rel!r} is symmetric and {to!r} already states it; keep one",
                        "warning",
                    )
                )


def _cycle_core(edges: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The edges between nodes that can lie on a cycle: sources and sinks are removed until
    none is left (a hierarchy usually has no cycle, and then nothing remains)."""
    ins: dict[str, int] = {}
    outs: dict[str, list[str]] = {}
    parents: dict[str, list[str]] = {}
    for start, end in edges:
        outs.setdefault(start, []).append(end)
        parents.setdefault(end, []).append(start)
        ins[end] = ins.get(end, 0) + 1
    out_count = {node: len(targets) for node, targets in outs.items()}
    gone: set[str] = set()
    waiting = [node for node in {*outs, *parents} if not ins.get(node) or not out_count.get(node)]
    while waiting:
        node = waiting.pop()
        if node in gone:
            continue
        gone.add(node)
        for end in outs.get(node, ()):
            ins[end] -= 1
            if not ins[end]:
                waiting.append(end)
        for start in parents.get(node, ()):
            out_count[start] -= 1
            if not out_count[start]:
                waiting.append(start)
    return [(start, end) for start, end in edges if start not in gone and end not in gone]


def _cycles(facts: Mapping[str, Facts], out: list[Finding]) -> None:
    import networkx as nx  # here: most warm runs never look for cycles, and it is slow to import

    for predicate in HIERARCHY_PREDICATES:
        edges = [
            (record_id, to)
            for record_id, record in facts.items()
            for rel, to in record.relations
            if rel == predicate and to in facts and to != record_id
        ]
        graph = nx.DiGraph(_cycle_core(edges))
        cycles = [c[c.index(min(c)) :] + c[: c.index(min(c))] for c in nx.simple_cycles(graph)]
        for cycle in sorted(cycles):
            first, trail = cycle[0], [*cycle, cycle[0]]
            index = facts[first].relations.index((predicate, trail[1]))
            out.append(
                Finding(
                    facts[first].display,
                    ("relations", index, "to"),
                    "KG205",
                    f"{predicate} cycle: {' → '.join(trail)}",
                )
            )


def _adcode_prefix(adcode: str) -> str:
    return re.sub(r"(00)+$", "", adcode)


def _adcodes(facts: Mapping[str, Facts], out: list[Finding], records: Iterable[Facts]) -> None:
    for record in records:
        if record.type != "district" or not record.adcode:
            continue
        for rel, to in record.relations:
            parent = facts.get(to)
            if rel != "part_of" or parent is None or not parent.adcode:
                continue
            prefix = _adcode_prefix(parent.adcode)
            if not record.adcode.startswith(prefix) or record.adcode == parent.adcode:
                out.append(
                    Finding(
                        record.display,
                        ("ids", "adcode"),
                        "KG206",
                        f"adcode {record.adcode!r} is not inside parent {to!r} "
                        f"({parent.adcode}); it should start with {prefix!r}",
                    )
                )


def _duplicates(facts: Mapping[str, Facts], out: list[Finding]) -> None:
    first: dict[str, str] = {}
    holders: dict[str, set[str]] = {}
    for record_id, record in facts.items():
        for key in record.names:
            holder = first.setdefault(key, record_id)
            if holder != record_id:
                holders.setdefault(key, {holder}).add(record_id)
    warned: set[tuple[str, str]] = set()
    for key, ids in sorted(holders.items()):
        for a in sorted(ids):
            for b in sorted(ids):
                if a >= b or (a, b) in warned:
                    continue
                ra, rb = facts[a], facts[b]
                if b in ra.distinct_from or a in rb.distinct_from:
                    continue
                warned.add((a, b))
                out.append(
                    Finding(
                        rb.display,
                        ("name",),
                        "KG501",
                        f"{rb.type} {b!r} ({rb.name}) and {ra.type} {a!r} ({ra.name}) share the "
                        f"name {key!r}; merge them, or add distinct_from with a reason",
                        "warning",
                    )
                )


def cross_findings(facts: Mapping[str, Facts]) -> list[Finding]:
    """Every check across records, over the facts of the valid records keyed by id."""
    out: list[Finding] = []
    _references(facts, out, facts.values())
    _ranges(facts, out, facts.values())
    _cycles(facts, out)
    _adcodes(facts, out, facts.values())
    _duplicates(facts, out)
    return out


def cross_findings_after(
    facts: Mapping[str, Facts], changes: list[tuple[Facts, Facts]], earlier: list[Finding]
) -> list[Finding] | None:
    """What :func:`cross_findings` gives for ``facts``, from what it gave (``earlier``) before
    some records changed (``changes``: their facts then and now); None when a change is not one
    this follows (a record's file, id, type or adcode changed).

    A finding of a check on one record depends on that record and on the records it points at;
    only the changed records, and those they point at (or pointed at) for symmetric relations,
    are checked again. Cycles are searched for again if a changed record has (or had) a
    hierarchy relation, duplicate names if a changed record's names or ``distinct_from`` differ.
    """
    for old, new in changes:
        if (old.display, old.id, old.type, old.adcode) != (new.display, new.id, new.type, new.adcode):
            return None
    changed = {new.display for _, new in changes}
    targets = {to for old, new in changes for _, to in (*old.relations, *new.relations)}
    ranged = [
        facts[record_id] for record_id in {new.id for _, new in changes} | targets if record_id in facts
    ]
    hierarchy = any(
        rel in HIERARCHY_PREDICATES for old, new in changes for rel, _ in (*old.relations, *new.relations)
    )
    names = any(
        (old.name, old.names, old.distinct_from) != (new.name, new.names, new.distinct_from)
        for old, new in changes
    )
    again = {
        "KG202": changed,
        "KG206": changed,
        "KG204": {record.display for record in ranged},
        "KG205": {finding.display for finding in earlier} if hierarchy else set(),
        "KG501": {finding.display for finding in earlier} if names else set(),
    }
    again["KG502"] = again["KG204"]
    out: list[Finding] = []
    for finding in earlier:
        if finding.code not in again:
            return None  # not a finding of these checks
        if finding.display not in again[finding.code]:
            out.append(finding)
    edited = [new for _, new in changes]
    _references(facts, out, edited)
    _ranges(facts, out, ranged)
    _adcodes(facts, out, edited)
    if hierarchy:
        _cycles(facts, out)
    if names:
        _duplicates(facts, out)
    return out


def duplicate_names_after(
    earlier: list[Finding], before: Mapping[str, Facts], after: Mapping[str, Facts]
) -> list[Finding] | None:
    """What :func:`cross_findings` gives after some records changed their names and nothing
    else (not their file, id, type, relations, other references or adcode), from what it gave
    before (``earlier``); None if ``earlier`` is not what it gave.

    ``before`` and ``after`` are the facts, then and now, of every record that shares a name key
    with a changed record, then or now (the changed records included). A duplicate-name warning
    is about two records and depends on nothing else, and every other check is blind to names:
    only the warnings between two of these records can differ, and they are found again.
    """
    stale: list[Finding] = []
    _duplicates(before, stale)
    left = Counter(stale)
    out: list[Finding] = []
    for finding in earlier:
        if left[finding]:
            left[finding] -= 1
        else:
            out.append(finding)
    if +left:
        return None  # a warning found then is not among the earlier findings
    _duplicates(after, out)
    return out
