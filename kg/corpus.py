"""The texts of registered article sources, normalised once, and quote verification over them.

Quotes are usually checked many at a time (:meth:`Corpus.missing`): against a long text, all the
quotes of that text are found in one pass of an Aho–Corasick automaton instead of one scan of the
whole text per quote.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.schema import Source
from kg.text import Damage, NormalisedText, decode, find_damage, normalise, to_simplified

__all__ = ["Corpus"]


@dataclass
class Corpus:
    """Lazily normalised texts of the article sources in one tree."""

    seeds: Path
    sources: dict[str, Source]
    _texts: dict[str, NormalisedText | None] = field(default_factory=dict)
    _damage: dict[str, list[Damage] | None] = field(default_factory=dict)
    _searchable: dict[str, str | None] = field(default_factory=dict)
    read: Callable[[str], bytes] | None = None
    """Reads a file of seeds/ by name (raising OSError when it cannot); by default from ``seeds``.
    A tree that is not on disk, such as a git revision, passes its own reader."""

    def _bytes(self, source_id: str) -> bytes | None:
        source = self.sources.get(source_id)
        if source is None or not source.file:
            return None
        try:
            return self.read(source.file) if self.read else (self.seeds / source.file).read_bytes()
        except OSError:
            return None

    def text(self, source_id: str) -> NormalisedText | None:
        """The normalised text of an article source, or None if it has no readable file."""
        if source_id not in self._texts:
            data = self._bytes(source_id)
            loaded = None
            if data is not None:
                try:
                    loaded = normalise(data)
                except UnicodeDecodeError:
                    loaded = None
            self._texts[source_id] = loaded
        return self._texts[source_id]

    def searchable(self, source_id: str) -> str | None:
        """The normalised text quotes are looked up in, or None if the source has no readable file."""
        if source_id not in self._searchable:
            text = self.text(source_id)
            self._searchable[source_id] = text.text if text is not None else None
        return self._searchable[source_id]

    def prepare(self, source_ids: Iterable[str]) -> dict[str, tuple[str | None, list[Damage] | None]]:
        """(searchable text, damage) of each source, for another corpus's :meth:`adopt`."""
        return {source_id: (self.searchable(source_id), self.damage(source_id)) for source_id in source_ids}

    def adopt(self, prepared: dict[str, tuple[str | None, list[Damage] | None]]) -> None:
        """Take texts another corpus of the same sources normalised (in another process)."""
        for source_id, (searchable, damage) in prepared.items():
            self._searchable[source_id] = searchable
            self._damage[source_id] = damage

    def damage(self, source_id: str) -> list[Damage] | None:
        """The stretches of a source's text that lost bytes, or None if it has no readable file.

        The same as ``text(source_id).damage``, without normalising a text no quote needs.
        """
        if source_id in self._texts:
            known = self._texts[source_id]
            return known.damage if known is not None else None
        if source_id not in self._damage:
            data = self._bytes(source_id)
            found = None
            if data is not None:
                try:
                    found = find_damage(decode(data)[0])
                except UnicodeDecodeError:
                    found = None
            self._damage[source_id] = found
        return self._damage[source_id]

    def find(self, source_id: str, quote: str) -> int:
        """Offset of ``quote`` in the normalised text (Traditional quotes accepted), or -1."""
        text = self.searchable(source_id)
        if text is None:
            return -1
        found = text.find(quote)
        return found if found >= 0 else text.find(to_simplified(quote))

    def missing(self, wanted: Mapping[str, set[str]]) -> dict[str, set[str]]:
        """Of the quotes ``wanted`` from each source, those :meth:`find` does not find, by source
        (none for a source whose quotes are all found)."""
        missing: dict[str, set[str]] = {}
        for source_id, group in wanted.items():
            text = self.searchable(source_id)
            if text is None:
                lost = set(group)
            elif len(text) * len(group) > LONG_SEARCH:
                lost = group - _found_in_one_pass(text, group)
            else:
                lost = {quote for quote in group if self.find(source_id, quote) < 0}
            if lost:
                missing[source_id] = lost
        return missing

    def closest(self, source_id: str, quote: str, context: int = 4) -> str:
        """The passage of the source that shares the longest run of characters with ``quote``."""
        haystack = self.searchable(source_id)
        if haystack is None or not quote:
            return ""
        matcher = difflib.SequenceMatcher(None, haystack, quote, autojunk=False)
        match = matcher.find_longest_match(0, len(haystack), 0, len(quote))
        if match.size == 0:
            return ""
        start = max(0, match.a - match.b - context)
        end = min(len(haystack), match.a - match.b + len(quote) + context)
        return haystack[start:end].replace("\n", " ")


LONG_SEARCH = 20_000_000
"""Characters scanned (text length × quotes) above which one automaton pass beats a scan per quote."""


def _found_in_one_pass(haystack: str, quotes: set[str]) -> set[str]:
    """The quotes (or their Simplified forms) that occur in ``haystack``, in one pass."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    found: set[str] = {quote for quote in quotes if not quote}  # as str.find finds the empty string
    for quote in quotes - found:
        for form in {quote, to_simplified(quote)}:
            if automaton.exists(form):
                automaton.get(form).append(quote)
            else:
                automaton.add_word(form, [quote])
    if len(automaton):
        automaton.make_automaton()
        found.update(quote for _, owners in automaton.iter(haystack) for quote in owners)
    return found
