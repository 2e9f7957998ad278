"""The inputs of ``kg check`` besides the record files: the source registry and the source texts
it names, each digested for the cache (read again only when its stamp moved), parsed once.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from stat import S_ISREG
from typing import Any

from kg.cache import CheckCache, Stamp, digest, stamp_of
from kg.corpus import Corpus
from kg.errors import Problem
from kg.filecheck import FileChecker
from kg.load import SOURCES_FILE, parse_sources
from kg.scan import RecordFile
from kg.text import Damage
from kg.yamlio import Located

__all__ = ["Registry", "SourceInputs", "quick_result", "stamp_key"]

REGISTRY = str(SOURCES_FILE)

Registry = tuple[list[Problem], Located | None, list[str], dict[str, bytes | None]]
"""The registry's problems, its parsed text, the source texts it names, and their digests."""


def stamp_key(
    code: bytes,
    root: Path,
    files: Sequence[RecordFile],
    stamps: Sequence[Stamp | None],
    misplaced: list[str],
    seeds: list[str],
    others: list[Stamp | None] | None = None,
) -> bytes | None:
    """A digest of the stamp of every input of a result (of the registry and the source texts:
    ``others``, or as they are now), or None if a record file has none."""
    if any(stamp is None for stamp in stamps):
        return None
    if others is None:
        others = []
        folder = str(root)  # os.stat of a string: a Path per source text costs more than the stat
        for relative in (REGISTRY, *(f"seeds/{name}" for name in seeds)):
            try:
                others.append(stamp_of(os.stat(f"{folder}/{relative}")))
            except OSError:
                others.append(None)
    numbers = array("q", chain.from_iterable((*stamps, *(stamp or (-1, -1, -1, -1) for stamp in others))))  # type: ignore[arg-type]
    names = "\n".join([*(f.display for f in files), *misplaced, *seeds, REGISTRY])
    return digest(code + numbers.tobytes() + names.encode())


class SourceInputs:
    """The registry and the source texts of a project, as a check reads them."""

    def __init__(
        self,
        root: Path,
        checker: FileChecker,
        recorded: dict[str, tuple[Stamp | None, bytes | None]],
        started: float,
    ) -> None:
        self.root = root
        self.checker = checker
        self.recorded = recorded
        """What the last run read: name → (trusted stamp or None, digest or None)."""
        self.started = started
        self.read: dict[str, tuple[Stamp | None, bytes | None]] = {}
        """What this run read: name → (stamp, digest), None when not a file."""
        self._registry: Registry | None = None

    def digest_of(self, relative: str) -> bytes | None:
        """The digest of the registry or a source text, read only if its stamp is new; None if
        it is not a readable file."""
        if relative in self.read:
            return self.read[relative][1]
        path = f"{self.root}/{relative}"  # a string: a Path per source text costs more than the stat
        stamp: Stamp | None = None
        known: bytes | None = None
        try:
            stat = os.stat(path)
            if S_ISREG(stat.st_mode):
                stamp = stamp_of(stat)
                recorded = self.recorded.get(relative)
                known = recorded[1] if recorded is not None and recorded[0] == stamp else None
                if known is None:
                    with open(path, "rb") as handle:
                        known = digest(handle.read())
        except OSError:
            stamp, known = None, None
        self.read[relative] = (stamp, known)
        return known

    def unchanged(self) -> bool:
        """Whether every input the last run read has the digest it had (the registry first)."""
        names = sorted(self.recorded, key=lambda name: name != REGISTRY)
        return all(self.digest_of(name) == self.recorded[name][1] for name in names)

    def _registry_bytes(self) -> tuple[bytes | None, list[Problem]]:
        path = self.root / SOURCES_FILE
        if not path.is_file():
            return None, []
        try:
            return path.read_bytes(), []
        except OSError as exc:
            return None, [Problem(REGISTRY, 1, 1, "KG001", f"cannot read file: {exc.strerror}")]

    def load(self) -> Registry:
        """Parse the registry (once) into the checker; digest each source (its entry and its
        text) for the entries' dependencies."""
        if self._registry is not None:
            return self._registry
        self.digest_of(REGISTRY)
        registry_bytes, problems = self._registry_bytes()
        seeds_folder = self.root / "seeds"
        sources, registry, found = parse_sources(registry_bytes, lambda name: (seeds_folder / name).is_file())
        seeds = sorted({source.file for source in sources.values() if source.file})
        seed_digests = {name: self.digest_of(f"seeds/{name}") for name in seeds}
        digests = {
            source.id: digest(
                source.model_dump_json().encode() + (seed_digests.get(source.file or "") or b"-")
            )
            for source in sources.values()
        }
        digests["*"] = digest("\n".join(sorted(sources)).encode())
        self.checker.use_registry(sources, digests, Corpus(seeds_folder, sources))
        self._registry = (problems + found, registry, seeds, seed_digests)
        return self._registry

    def names(self) -> list[str]:
        """The registry and the source texts it names, as the cache records them."""
        _, _, seeds, _ = self.load()
        return [REGISTRY, *(f"seeds/{name}" for name in seeds)]

    def trusted(self, names: list[str]) -> dict[str, tuple[Stamp | None, bytes | None]]:
        """The stamp (where trusted) and digest of each of ``names``, for the next run."""
        found = {}
        for name in sorted(names):
            stamp, known = self.read[name]
            found[name] = (
                stamp if stamp is not None and CheckCache.trusted(stamp, self.started) else None,
                known,
            )
        return found

    def damage_reader(self, known: dict[bytes, Any], texts: dict[bytes, Any]) -> Any:
        """Corpus.damage, remembered by the digest of the text (``known`` from the last run;
        what this run used goes in ``texts``)."""
        _, _, _, seed_digests = self.load()
        checker = self.checker

        def damage(source_id: str) -> list[Damage] | None:
            source = checker.sources[source_id]
            text_digest = seed_digests.get(source.file or "")
            if text_digest is None:
                return checker.corpus.damage(source_id)
            if text_digest not in known:
                found = checker.corpus.damage(source_id)
                known[text_digest] = (
                    None if found is None else tuple((d.start, d.end, d.line, d.col, d.text) for d in found)
                )
            texts[text_digest] = known[text_digest]
            rows = known[text_digest]
            return None if rows is None else [Damage(*row) for row in rows]

        return damage


def quick_result(
    code: bytes,
    root: Path,
    files: Sequence[RecordFile],
    stamps: Sequence[Stamp | None],
    misplaced: list[str],
    sources: SourceInputs,
    recorded: dict[str, tuple[Stamp | None, bytes | None]],
    payload: tuple[Any, ...],
) -> tuple[Any, ...] | None:
    """``payload`` (the result) keyed by the digest of every input's stamp (``stamps`` of the
    record files, None where not trusted; ``recorded`` of the registry and the source texts, as
    :meth:`SourceInputs.trusted` gave them), or None when a stamp is too recent to trust."""
    names = list(recorded)
    if any(sources.read[name][0] is not None and recorded[name][0] is None for name in names):
        return None
    seeds = [name.removeprefix("seeds/") for name in names if name != REGISTRY]
    others = [sources.read[name][0] for name in (REGISTRY, *(f"seeds/{n}" for n in seeds))]
    key = stamp_key(code, root, files, stamps, misplaced, seeds, others)
    return None if key is None else (key, seeds, payload)
