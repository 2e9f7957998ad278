"""The facts of every record file of the last run, as the cache keeps them (``check-facts.bin``),
read only as far as a run needs them.

The plain facts (:meth:`kg.facts.Facts.to_plain`) are marshalled in chunks of
:data:`CHUNK` files, so that the facts of a few files are read without the others, and the
facts of every file about as fast as one list. With them is an index of the name keys
(:func:`kg.facts.name_key`) of every record the checks across records see (not the files whose
id an earlier file has), in :data:`BUCKETS` buckets by a stable hash of the key: after an edit of
a few names, the records that share one of them are found by reading a few buckets.

A run that changed a few files' facts saves only the chunks and buckets that changed, as
changes to the store it started from (:meth:`FactStore.saved`), until they grow large.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Sequence
from typing import Any
from zlib import crc32

from kg.facts import NAME_KEYS_AT

__all__ = ["BUCKETS", "CHANGES_LIMIT", "CHUNK", "FactStore"]

CHUNK = 64
"""Files whose facts are marshalled together."""
BUCKETS = 4096
"""Buckets of the index of name keys."""
CHANGES_LIMIT = 512
"""Chunks and buckets saved as changes to a store before the whole store is saved again."""

_NO_REFS = 2
"""The marshal version for the buckets: without references to shared objects, which cost time
to track and save nothing in small dicts of names."""

Plain = tuple[Any, ...] | None
"""A file's plain facts, None for a file that is not a valid record."""


def _bucket(key: str) -> int:
    return crc32(key.encode()) % BUCKETS


class FactStore:
    """The plain facts of every file, by position in the state's order, and who holds each name
    key. Changes make a new store that shares what they leave alone."""

    def __init__(
        self,
        count: int,
        chunks: list[bytes],
        buckets: list[bytes],
        base: tuple[bytes, set[int], set[int]] | None = None,
    ) -> None:
        self.count = count
        self.chunks = chunks
        """The plain facts of :data:`CHUNK` files at a time, each list marshalled."""
        self.buckets = buckets
        """Name key → positions of the records that hold it, one marshalled dict per bucket."""
        self.base = base
        """The key of the saved store this one was changed from, and the numbers of the chunks and
        buckets changed since; None for a store saved whole (or not saved)."""
        self._loaded: dict[int, list[Plain]] = {}

    @classmethod
    def build(cls, plains: Sequence[Plain], hidden: Iterable[int]) -> FactStore:
        """The store of ``plains``; the files at positions ``hidden`` (duplicates of an earlier
        file's id) are left out of the index of names."""
        starts = range(0, len(plains), CHUNK)
        chunks = [marshal.dumps(list(plains[start : start + CHUNK])) for start in starts]
        index: list[dict[str, list[int]]] = [{} for _ in range(BUCKETS)]
        left_out = set(hidden)
        # This loop runs for every name of every record: _bucket is spelled out for speed.
        for position, plain in enumerate(plains):
            if plain is None or position in left_out:
                continue
            for key in plain[NAME_KEYS_AT]:
                bucket = index[crc32(key.encode()) % BUCKETS]
                holders = bucket.get(key)
                if holders is None:
                    bucket[key] = [position]
                elif holders[-1] != position:
                    holders.append(position)
        return cls(len(plains), chunks, [marshal.dumps(bucket, _NO_REFS) for bucket in index])

    def to_plain(self, key: bytes) -> tuple[Any, ...]:
        """Builtin types, for the cache, with the ``key`` of the state the facts belong to."""
        return (key, self.count, self.chunks, self.buckets)

    def saved(self, key: bytes) -> tuple[tuple[Any, ...] | None, tuple[Any, ...] | None]:
        """What to save for the state with ``key``: the whole store (:meth:`to_plain`), or the
        changes since the saved store it was changed from, while they are few."""
        if self.base is not None and len(self.base[1]) + len(self.base[2]) <= CHANGES_LIMIT:
            base_key, chunks, buckets = self.base
            changes = (
                base_key,
                key,
                {number: self.chunks[number] for number in sorted(chunks)},
                {number: self.buckets[number] for number in sorted(buckets)},
            )
            return None, changes
        return self.to_plain(key), None

    @classmethod
    def from_plain(cls, plain: Any, key: bytes, count: int, changes: Any = None) -> FactStore | None:
        """The store :meth:`saved` saved for the state with ``key``, for ``count`` files: the
        whole store, or the store it was changed from with the ``changes``; None if neither is
        one."""
        if not (isinstance(plain, tuple) and len(plain) == 4 and plain[1] == count):
            return None
        base_key, _, chunks, buckets = plain
        if not (isinstance(chunks, list) and isinstance(buckets, list) and len(buckets) == BUCKETS):
            return None
        if len(chunks) != -(-count // CHUNK):
            return None
        if base_key == key:
            return cls(count, chunks, buckets, (key, set(), set()))
        if not (isinstance(changes, tuple) and len(changes) == 4 and changes[:2] == (base_key, key)):
            return None
        _, _, changed_chunks, changed_buckets = changes
        if not (isinstance(changed_chunks, dict) and isinstance(changed_buckets, dict)):
            return None
        if not set(changed_chunks) <= set(range(len(chunks))) or not set(changed_buckets) <= set(
            range(BUCKETS)
        ):
            return None
        chunks, buckets = list(chunks), list(buckets)
        for number, chunk in changed_chunks.items():
            chunks[number] = chunk
        for number, bucket in changed_buckets.items():
            buckets[number] = bucket
        return cls(count, chunks, buckets, (base_key, set(changed_chunks), set(changed_buckets)))

    def plain_at(self, position: int) -> Plain:
        number = position // CHUNK
        if number not in self._loaded:
            self._loaded[number] = marshal.loads(self.chunks[number])
        return self._loaded[number][position % CHUNK]

    def plains(self) -> list[Plain]:
        """The plain facts of every file."""
        found: list[Plain] = []
        for chunk in self.chunks:
            found += marshal.loads(chunk)
        return found

    def holders(self, key: str) -> list[int]:
        """Positions of the records (duplicates left out) that hold the name key ``key``."""
        bucket: dict[str, list[int]] = marshal.loads(self.buckets[_bucket(key)])
        return bucket.get(key, [])

    def replaced(self, changes: dict[int, Plain], hidden: Iterable[int]) -> FactStore:
        """The store with the plain facts at some positions changed; ``hidden`` as for
        :meth:`build` (the same before and after)."""
        left_out = set(hidden)
        chunks = list(self.chunks)
        by_chunk: dict[int, list[int]] = {}
        for position in changes:
            by_chunk.setdefault(position // CHUNK, []).append(position)
        index: dict[int, dict[str, list[int]]] = {}

        def bucket_of(key: str) -> dict[str, list[int]]:
            number = _bucket(key)
            if number not in index:
                index[number] = marshal.loads(self.buckets[number])
            return index[number]

        for number, positions in by_chunk.items():
            chunk: list[Plain] = marshal.loads(chunks[number])
            for position in positions:
                old, new = chunk[position % CHUNK], changes[position]
                chunk[position % CHUNK] = new
                if position in left_out:
                    continue
                for key in old[3] if old is not None else ():
                    bucket = bucket_of(key)
                    bucket[key] = [held for held in bucket.get(key, []) if held != position]
                    if not bucket[key]:
                        del bucket[key]
                for key in new[3] if new is not None else ():
                    holders = bucket_of(key).setdefault(key, [])
                    if position not in holders:
                        holders.append(position)
                        holders.sort()
            chunks[number] = marshal.dumps(chunk)
        buckets = list(self.buckets)
        for number, bucket in index.items():
            buckets[number] = marshal.dumps(bucket, _NO_REFS)
        base = None
        if self.base is not None:
            base_key, changed_chunks, changed_buckets = self.base
            base = (base_key, changed_chunks | set(by_chunk), changed_buckets | set(index))
        return FactStore(self.count, chunks, buckets, base)
