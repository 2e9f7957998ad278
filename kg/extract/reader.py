"""Read an article paragraph by paragraph, in bounded memory, with offsets into the raw text.

A 50 MB file is never held whole: the bytes are sniffed once (binary? UTF-8? GB18030?), then
decoded incrementally and cut into paragraphs at line ends, or at a sentence end when a line
runs past :data:`MAX_PARAGRAPH` characters. Each paragraph is normalised on its own (pinyin
stripped, Traditional → Simplified, see :mod:`kg.text`), and its offset map is absolute, so a
mention found in any paragraph points at the decoded raw text of the whole file.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGError
from kg.text import Damage, find_damage, strip_pinyin, to_simplified

__all__ = ["MAX_PARAGRAPH", "InputError", "Paragraph", "Sniffed", "chunks", "read_paragraphs", "sniff"]

MAX_PARAGRAPH = 20_000
"""Longest paragraph handed to the pipeline, in characters; longer lines are cut at a sentence end."""

_CHUNK = 1 << 20
_SENTENCE_END = re.compile(r"[。！？!?；;]")


class InputError(KGError):
    """An input file cannot be read as an article; ``code`` is its problem code."""

    def __init__(self, code: str, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.line = line
        self.col = col


@dataclass(frozen=True)
class Sniffed:
    """What a first pass over the bytes found: the encoding, and stretches it had to replace."""

    encoding: str
    size: int
    replaced: int = 0
    first_bad: int = -1


def _decodes(path: Path, encoding: str) -> tuple[int, int]:
    """(bad byte sequences, offset of the first) when ``path`` is decoded as ``encoding``."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    bad, first, offset = 0, -1, 0
    with path.open("rb") as handle:
        pending = b""
        while True:
            chunk = handle.read(_CHUNK)
            data = pending + chunk
            pending = b""
            while data:
                try:
                    decoder.decode(data, final=not chunk)
                    data = b""
                except UnicodeDecodeError as exc:
                    bad += 1
                    first = offset + exc.start if first < 0 else first
                    decoder.reset()
                    offset += exc.end
                    data = data[exc.end :]
                    continue
            offset += len(chunk)
            if not chunk:
                return bad, first


def sniff(path: Path) -> Sniffed:
    """Decide how to decode ``path``; raise :class:`InputError` for what is not a text article.

    UTF-8 (a BOM is dropped) is tried first, then GB18030. A file that is UTF-8 apart from a few
    bad stretches (bytes of another encoding pasted in) is read as UTF-8 with those bytes
    replaced, and the count is returned so the caller can warn.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8192)
    except FileNotFoundError:
        raise InputError("KG602", "no such file") from None
    except IsADirectoryError:
        raise InputError("KG602", "is a folder, not an article file") from None
    except OSError as exc:
        raise InputError("KG602", f"cannot read the file: {exc.strerror}") from None
    if not head.strip():
        with path.open("rb") as handle:
            if not handle.read(_CHUNK * 4).strip():
                raise InputError("KG601", "file is empty; there is nothing to extract")
    nul = head.find(b"\x00")
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    if nul >= 0 or controls > len(head) // 100:
        where = f"NUL byte at offset {nul}" if nul >= 0 else f"{controls} control bytes in the first 8 KB"
        raise InputError("KG602", f"binary data ({where}); extract reads text articles (UTF-8 or GB18030)")
    bad, first = _decodes(path, "utf-8-sig")
    if bad == 0:
        return Sniffed("utf-8", size)
    if _decodes(path, "gb18030")[0] == 0:
        return Sniffed("gb18030", size)
    if bad * 200 < size:
        return Sniffed("utf-8", size, bad, first)
    raise InputError("KG602", f"not UTF-8 or GB18030 text (bad byte at offset {first})")


@dataclass
class Paragraph:
    """One paragraph: its normalised text and where each character sits in the raw text."""

    text: str
    offsets: list[int]
    """``offsets[i]``: raw-text index of normalised character ``i``; one extra entry for the end."""
    raw: str
    line: int
    """1-based raw line of the paragraph's first character."""
    damage: list[Damage] = field(default_factory=list)
    lines: list[tuple[int, int, int]] = field(default_factory=list)
    """Where each raw line starts: (index in ``text``, line number, raw index of its column 1)."""

    @property
    def raw_start(self) -> int:
        return self.offsets[0]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw-text span of the normalised span ``[start, end)``."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def position(self, index: int) -> tuple[int, int]:
        """1-based raw line and column of normalised character ``index``."""
        row = bisect.bisect_right([start for start, _, _ in self.lines], index) - 1
        _, line, column_one = self.lines[max(row, 0)]
        return line, self.offsets[index] - column_one + 1

    def line_spans(self) -> Iterator[tuple[int, int]]:
        """(start, end) in ``text`` of each raw line the paragraph holds."""
        starts = [start for start, _, _ in self.lines]
        for i, start in enumerate(starts):
            yield start, (starts[i + 1] - 1 if i + 1 < len(starts) else len(self.text))


def _paragraph(raw: str, raw_start: int, line: int, col0: int) -> Paragraph:
    stripped, local = strip_pinyin(raw)
    damage = [
        Damage(raw_start + d.start, raw_start + d.end, line, col0 + d.col - 1, d.text)
        for d in find_damage(raw)
    ]
    offsets = [raw_start + i for i in local]
    return Paragraph(to_simplified(stripped), offsets, raw, line, damage, [(0, line, raw_start - col0 + 1)])


def chunks(paragraphs: Iterable[Paragraph], size: int = 4000) -> Iterator[Paragraph]:
    """Consecutive paragraphs joined by ``\\n`` into pieces of about ``size`` characters.

    The pipeline runs once per piece instead of once per line: scraped articles have many
    short lines, and spaCy's cost per document is paid once.
    """
    group: list[Paragraph] = []
    length = 0
    for paragraph in paragraphs:
        if group and length + len(paragraph.text) > size:
            yield _join(group)
            group, length = [], 0
        group.append(paragraph)
        length += len(paragraph.text) + 1
    if group:
        yield _join(group)


def _join(group: list[Paragraph]) -> Paragraph:
    if len(group) == 1:
        return group[0]
    offsets: list[int] = []
    lines: list[tuple[int, int, int]] = []
    for paragraph in group:
        lines += [(len(offsets) + start, line, base) for start, line, base in paragraph.lines]
        offsets += paragraph.offsets  # its end entry stands for the \n that follows
    text = "\n".join(p.text for p in group)
    damage = [d for p in group for d in p.damage]
    return Paragraph(text, offsets, "\n".join(p.raw for p in group), group[0].line, damage, lines)


def _cut(buffer: str, pos: int) -> int:
    """Where to cut a line that runs past :data:`MAX_PARAGRAPH` characters from ``pos``."""
    limit = pos + MAX_PARAGRAPH
    ends = [m.end() for m in _SENTENCE_END.finditer(buffer, pos + MAX_PARAGRAPH // 2, limit)]
    return ends[-1] if ends else limit


def read_paragraphs(path: Path, sniffed: Sniffed | None = None) -> Iterator[Paragraph]:
    """Every non-blank paragraph of ``path``, in order, normalised, read in bounded memory."""
    sniffed = sniffed or sniff(path)
    codec = "utf-8-sig" if sniffed.encoding == "utf-8" else sniffed.encoding
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    buffer, buffer_start, line, col = "", 0, 1, 1
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            buffer += decoder.decode(chunk, final=not chunk)
            pos = 0
            while pos < len(buffer):
                newline = buffer.find("\n", pos, pos + MAX_PARAGRAPH + 1)
                if newline >= 0:
                    end, skip = newline, 1
                elif len(buffer) - pos > MAX_PARAGRAPH:
                    end, skip = _cut(buffer, pos), 0
                elif not chunk:
                    end, skip = len(buffer), 0
                else:
                    break
                raw = buffer[pos:end].rstrip("\r")
                if raw.strip():
                    yield _paragraph(raw, buffer_start + pos, line, col)
                line, col = (line + 1, 1) if skip else (line, col + end - pos)
                pos = end + skip
            buffer_start += pos
            buffer = buffer[pos:]
            if not chunk:
                return
