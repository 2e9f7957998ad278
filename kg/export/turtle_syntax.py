"""Turtle's lexical forms: escaped string literals, IRIs, typed values, and the layout of one
subject's block, for :mod:`kg.export.rdf`."""

from __future__ import annotations

import re
from typing import Any

from kg.export.naming import decimal_text

__all__ = [
    "DATE_TYPES",
    "Block",
    "block",
    "date_literal",
    "text_literal",
    "turtle_iri",
    "turtle_string",
    "typed_literal",
]

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
DATE_TYPES = {4: "xsd:gYear", 7: "xsd:gYearMonth", 10: "xsd:date"}

Block = tuple[str, bytes]
"""A subject and its block as Turtle text in UTF-8, as :func:`block` lays it out (the
vocabulary's blocks; ``kg.export.rdf`` spells out the records' blocks in the same layout)."""


def turtle_string(text: str, language: str | None = None) -> str:
    r"""A Turtle string literal, escaped, with an optional language tag.

    >>> print(turtle_string('say "hi"\n\\ <a&b>', "en"))
    "say \"hi\"\n\\ <a&b>"@en
    """
    return f'"{_escaped(text)}"' + (f"@{language}" if language else "")


def turtle_iri(iri: str) -> str:
    """An absolute IRI in angle brackets, percent-encoding characters IRIs cannot hold.

    >>> turtle_iri("https://example.org/a b<c>")
    '<https://example.org/a%20b%3Cc%3E>'
    """
    return "<" + _NOT_IN_IRI.sub(lambda m: f"%{ord(m.group()):02X}", iri) + ">"


def text_literal(text: str) -> str:
    """A name or quote, tagged @zh when it has Chinese characters.

    :func:`turtle_string`, spelled out: names and quotes are most of a graph's strings.

    >>> samples = ['杭州 "x"', "a\\\\b\\n", "a", "x\\x7f\\x01杭", "全角\\u3000空格"]
    >>> samples += ["零宽\\u200b", "ab㐀", "豈", "\\xa0no-break"]
    >>> [text_literal(t) == turtle_string(t, "zh" if _HAN.search(t) else None) for t in samples]
    [True, True, True, True, True, True, True, True, True]
    """
    if not text.isprintable() or '"' in text or "\\" in text:  # _escaped, inlined: a million calls
        text = _NEEDS_ESCAPE.sub(_escape, text)
    return f'"{text}"' if text.isascii() or _HAN_CHARS.isdisjoint(text) else f'"{text}"@zh'


def _escaped(text: str) -> str:
    """``text`` with Turtle's escapes.

    Three scans in C first, half the cost of one regex search, since most strings hold nothing
    to escape; one that fails them (a full-width space is not printable either) is substituted.
    """
    if text.isprintable() and '"' not in text and "\\" not in text:
        return text
    return _NEEDS_ESCAPE.sub(_escape, text)


_HAN_CHARS = frozenset(map(chr, [*range(0x3400, 0xA000), *range(0xF900, 0xFB00)]))
"""What :data:`_HAN` matches, as a set: ``isdisjoint`` makes no match object, and takes a third
of the time of ``_HAN.search`` on a name."""


def _escape(match: re.Match[str]) -> str:
    return _ECHAR.get(match.group(), f"\\u{ord(match.group()):04X}")


def date_literal(day: str) -> str:
    """A year, a month or a day as a typed literal.

    >>> date_literal("2024"), date_literal("2024-05-01")
    ('"2024"^^xsd:gYear', '"2024-05-01"^^xsd:date')
    """
    return f'"{day}"^^{DATE_TYPES[len(day)]}'


def typed_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f'"{decimal_text(value)}"^^xsd:decimal'
    return turtle_string(str(value))


def _a_first(pair: tuple[str, str]) -> bool:
    return pair[0] != "a"


def block(subject: str, pairs: list[tuple[str, str]]) -> Block:
    """``subject p1 o1, o2 ;\n    p2 o3 .`` with ``a`` first and objects of one predicate together."""
    ordered = sorted(set(pairs))
    if ordered and ordered[0][0] < "a":  # a predicate sorts before "a": move the types first
        ordered.sort(key=_a_first)
    parts = [f"\n{subject}"]
    previous = None
    for predicate, obj in ordered:
        if predicate == previous:
            parts.append(f", {obj}")
        else:
            parts.append(f" ;\n    {predicate} {obj}" if previous is not None else f" {predicate} {obj}")
            previous = predicate
    parts.append(" .\n")
    return subject, "".join(parts).encode()
