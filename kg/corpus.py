"""The texts of registered article sources, normalised once, and quote verification over them."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.schema import Source
from kg.text import NormalisedText, normalise, to_simplified

__all__ = ["Corpus"]


@dataclass
class Corpus:
    """Lazily normalised texts of the article sources in one tree."""

    seeds: Path
    sources: dict[str, Source]
    _texts: dict[str, NormalisedText | None] = field(default_factory=dict)
    read: Callable[[str], bytes] | None = None
    """Reads a file of seeds/ by name (raising OSError when it cannot); by default from ``seeds``.
    A tree that is not on disk, such as a git revision, passes its own reader."""

    def text(self, source_id: str) -> NormalisedText | None:
        """The normalised text of an article source, or None if it has no readable file."""
        if source_id not in self._texts:
            source = self.sources.get(source_id)
            loaded = None
            if source is not None and source.file:
                try:
                    data = self.read(source.file) if self.read else (self.seeds / source.file).read_bytes()
                    loaded = normalise(data)
                except (OSError, UnicodeDecodeError):
                    loaded = None
            self._texts[source_id] = loaded
        return self._texts[source_id]

    def find(self, source_id: str, quote: str) -> int:
        """Offset of ``quote`` in the normalised text (Traditional quotes accepted), or -1."""
        text = self.text(source_id)
        if text is None:
            return -1
        found = text.text.find(quote)
        return found if found >= 0 else text.text.find(to_simplified(quote))

    def closest(self, source_id: str, quote: str, context: int = 4) -> str:
        """The passage of the source that shares the longest run of characters with ``quote``."""
        text = self.text(source_id)
        if text is None or not quote:
            return ""
        haystack = text.text
        matcher = difflib.SequenceMatcher(None, haystack, quote, autojunk=False)
        match = matcher.find_longest_match(0, len(haystack), 0, len(quote))
        if match.size == 0:
            return ""
        start = max(0, match.a - match.b - context)
        end = min(len(haystack), match.a - match.b + len(quote) + context)
        return haystack[start:end].replace("\n", " ")
