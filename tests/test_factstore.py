"""The store of every file's facts (kg.factstore): what a changed store holds is what a store
built from the changed facts holds, read one file at a time or all at once."""

from __future__ import annotations

import random

from kg.facts import NAME_KEYS_AT, NOT_NAMES_AT, PLAIN_FIELDS, Facts
from kg.factstore import CHANGES_LIMIT, CHUNK, FactStore


def plain(record_id: str, *keys: str) -> tuple[object, ...]:
    return (record_id, "company", keys[0], keys, (), (), None)


def test_a_changed_store_holds_what_a_store_of_the_changed_facts_holds() -> None:
    chance = random.Random(4)
    words = ["甲", "乙", "丙", "丁", "戊"]
    plains = [plain(f"r{i}", *chance.sample(words, 2)) if i % 7 else None for i in range(3 * CHUNK + 5)]
    hidden = [3, CHUNK + 1]
    store = FactStore.build(plains, hidden)
    changed: dict[int, tuple[object, ...] | None] = {}
    for position in chance.sample(range(len(plains)), 20):
        changed[position] = plain(f"r{position}", *chance.sample(words, chance.randint(1, 3)))
    changed[5] = None
    after = store.replaced(changed, hidden)
    expected = [changed.get(i, p) for i, p in enumerate(plains)]
    rebuilt = FactStore.build(expected, hidden)
    assert after.plains() == expected == [after.plain_at(i) for i in range(len(plains))]
    assert store.plains() == plains  # the store changed from is as it was
    for word in words:
        assert after.holders(word) == rebuilt.holders(word)
        holding = [i for i, p in enumerate(expected) if p is not None and word in p[3] and i not in hidden]
        assert after.holders(word) == holding
    assert after.holders("己") == []


def test_a_store_is_read_back_only_with_its_key_and_size() -> None:
    store = FactStore.build([plain("a", "甲"), None], [])
    kept = store.to_plain(b"key")
    assert FactStore.from_plain(kept, b"key", 2) is not None
    assert FactStore.from_plain(kept, b"other", 2) is None
    assert FactStore.from_plain(kept, b"key", 3) is None
    assert FactStore.from_plain((b"key", [None, None]), b"key", 2) is None


def test_a_changed_store_is_saved_as_its_changes_until_they_grow_large() -> None:
    plains = [plain(f"r{i}", f"名{i}") for i in range(12 * CHUNK)]
    whole, none = FactStore.build(plains, []).saved(b"k0")
    assert whole is not None and none is None
    store = FactStore.from_plain(whole, b"k0", len(plains))
    assert store is not None
    changed = store.replaced({CHUNK + 1: plain("r", "新名")}, [])
    none, changes = changed.saved(b"k1")
    assert none is None and changes is not None
    assert len(changes[2]) == 1 and 1 <= len(changes[3]) <= 2  # a chunk; the buckets of two keys
    again = FactStore.from_plain(whole, b"k1", len(plains), changes)
    assert again is not None and again.plains() == changed.plains()
    assert again.holders("新名") == [CHUNK + 1] and again.holders(f"名{CHUNK + 1}") == []
    assert FactStore.from_plain(whole, b"k2", len(plains), changes) is None  # changes for another state
    many = again.replaced({i: plain(f"r{i}", f"另{i}") for i in range(len(plains))}, [])
    assert many.base is not None and len(many.base[2]) > CHANGES_LIMIT
    whole_again, none = many.saved(b"k3")
    assert whole_again is not None and none is None
    rebuilt = FactStore.from_plain(whole_again, b"k3", len(plains))
    assert rebuilt is not None and rebuilt.plains() == many.plains()


def test_plain_facts_are_laid_out_as_their_field_list_says() -> None:
    """The cache's shortcuts read plain facts by position (the name keys, everything but the
    names); the positions come from PLAIN_FIELDS, which must match what to_plain writes."""
    facts = Facts("company/a.yaml", "a", "company", "甲公司", ("甲",), (("supplies", "b"),), (), "330100", ())
    assert facts.to_plain() == tuple(getattr(facts, field) for field in PLAIN_FIELDS)
    assert facts.to_plain()[NAME_KEYS_AT] == ("甲",)
    assert [PLAIN_FIELDS[at] for at in NOT_NAMES_AT] == ["id", "type", "relations", "others", "adcode"]
    assert Facts.from_plain("company/a.yaml", facts.to_plain()) == facts
