"""The canonical YAML text written fast: PyYAML's exact output for the shapes records have.

:func:`kg.yamlio.dump_yaml` defines the one canonical text of a record through PyYAML's emitter,
which is pure Python and spends most of its time deciding, character by character, how each
string must be written. Records hold a narrow set of shapes — mappings with plain names as keys,
lists of mappings or scalars, single-line strings, numbers, booleans, null — and for those the
decision takes a few string tests. :func:`emit_block` writes those shapes itself, byte for byte
what PyYAML writes (``tests/test_emit.py`` compares the two on every record and on random
strings built to hit each quoting rule), and returns None for anything else — multi-line or
control-character strings, empty collections, lists of lists, objects shared twice, other types —
so that the caller falls back to PyYAML and the text never depends on which writer ran.

The same function is what makes reading fast (see :func:`kg.yamlio.parse_yaml`): a file whose
text is exactly the canonical text of what a fast parser read from it parses to that data in
PyYAML too, because PyYAML reads back what it writes.
"""

from __future__ import annotations

import math
import re
import string
from functools import cache
from typing import Any

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

__all__ = ["canonical_shape", "emit_block", "scalar_text"]

_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = Resolver()

_UNICODE_PRINTABLE = "\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe"
"""The non-ASCII characters of :data:`_PRINTABLE_LINE`: no line break of either YAML version."""
_PRINTABLE_LINE = re.compile(f"[\x20-\x7e{_UNICODE_PRINTABLE}]*")
"""Characters PyYAML writes as they are with ``allow_unicode``, and no line break: such a string
can always be single-quoted, and can be plain unless an indicator or a space says otherwise."""

_NOT_PLAIN_FIRST = frozenset("#,[]{}&*!|>'\"%@`")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_RESOLVED_FIRST = frozenset(first for first in _RESOLVER.yaml_implicit_resolvers if first)
"""First characters of the plain scalars PyYAML may read as something other than a string."""
_SIMPLE_PLAIN = re.compile(
    "[^"
    + re.escape("".join(sorted(_NOT_PLAIN_FIRST | _RESOLVED_FIRST | set(" ?:-"))))
    + "\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U0010ffff]"
    + _PRINTABLE_LINE.pattern
)
"""A single printable line whose first character neither starts an indicator nor lets PyYAML read
it as a number, boolean, null, date or merge key: plain, unless a space or colon says otherwise."""


class _Unsupported(Exception):
    """A value outside the shapes this writer handles; the caller uses PyYAML instead."""


def _plain_allowed(text: str) -> bool:
    """PyYAML's ``allow_block_plain`` for a non-empty single line of printable characters."""
    if text[0] == " " or text[-1] == " " or text[0] in _NOT_PLAIN_FIRST:
        return False
    if text.startswith(("---", "...")):
        return False
    if text[0] in "?:-" and (len(text) == 1 or text[1] == " "):
        return False
    if ":" in text and (text.endswith(":") or ": " in text):
        return False
    return " #" not in text


def _string_text(value: str) -> str | None:
    if _SIMPLE_PLAIN.fullmatch(value) and ": " not in value and " #" not in value and value[-1] not in " :":
        return value
    text = _STRINGS.get(value)
    if text is None:
        if len(_STRINGS) >= _STRINGS_MAX:
            _STRINGS.clear()
        text = _STRINGS[value] = _exact_string_text(value)
    return text


def _exact_string_text(value: str) -> str | None:
    """PyYAML's choice for any string: plain, single-quoted, or None (double quotes or a block)."""
    if not value or not _PRINTABLE_LINE.fullmatch(value):
        return None
    resolved = _RESOLVER.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if _plain_allowed(value) and resolved == _STR_TAG:
        return value
    return "'" + value.replace("'", "''") + "'"


_STRINGS: dict[str, str | None] = {}
"""Texts of the other strings met before (figures, dates and codes written as text repeat)."""
_STRINGS_MAX = 100_000


def scalar_text(value: Any) -> str | None:
    """How PyYAML writes ``value`` in block context, or None when this writer does not know.

    >>> [scalar_text(v) for v in ["士兰微", "2003", "a: b", "it's", 2.66, 1e20, True, None, "x\\ty"]]
    ['士兰微', "'2003'", "'a: b'", "it's", '2.66', '1.0e+20', 'true', 'null', None]
    """
    kind = type(value)
    if kind is str:
        return _string_text(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        if not math.isfinite(value):
            return None
        text = repr(value).lower()
        return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text
    if value is None:
        return "null"
    return None


def _scalar(value: Any) -> str:
    text = scalar_text(value)
    if text is None:
        raise _Unsupported
    return text


_KEYS: dict[str, str] = {}


def _key(key: Any) -> str:
    """The text of a key not yet in ``_KEYS`` (the writer looks there first), remembered."""
    if type(key) is not str or len(key) > 100 or not _PLAIN_KEY.fullmatch(key):
        raise _Unsupported
    if len(_KEYS) >= 10_000:
        _KEYS.clear()
    text = _KEYS[key] = _scalar(key)
    return text


class _Writer:
    """Writes block collections; hot, so the scalar cases are spelled out inline."""

    def __init__(self, shared: bool) -> None:
        self.out: list[str] = []
        self.seen: set[int] | None = set() if shared else None

    def _enter(self, collection: dict[Any, Any] | list[Any]) -> None:
        # PyYAML writes `[]` or `{}` for an empty collection, and an anchor and an alias for one
        # met twice; neither is a shape this writer knows.
        if not collection:
            raise _Unsupported
        if self.seen is not None:
            if id(collection) in self.seen:
                raise _Unsupported
            self.seen.add(id(collection))

    def mapping(self, mapping: dict[Any, Any], indent: int, lead: str | None) -> None:
        self._enter(mapping)
        out = self.out
        pad = " " * indent
        for key, value in mapping.items():
            name = _KEYS.get(key) if type(key) is str else None
            if name is None:
                name = _key(key)
            if lead is None:
                prefix = pad
            else:
                prefix, lead = lead, None
            kind = type(value)
            if kind is str:
                text = _string_text(value)
                if text is None:
                    raise _Unsupported
                out.append(f"{prefix}{name}: {text}\n")
            elif kind is dict:
                out.append(f"{prefix}{name}:\n")
                self.mapping(value, indent + 2, None)
            elif kind is list:
                out.append(f"{prefix}{name}:\n")
                self.sequence(value, indent + 2)
            else:
                out.append(f"{prefix}{name}: {_scalar(value)}\n")

    def sequence(self, items: list[Any], indent: int) -> None:
        self._enter(items)
        out = self.out
        pad = " " * indent
        lead = f"{pad}- "
        for item in items:
            kind = type(item)
            if kind is dict:
                self.mapping(item, indent + 2, lead)
            elif kind is str:
                text = _string_text(item)
                if text is None:
                    raise _Unsupported
                out.append(f"{lead}{text}\n")
            elif kind is list:
                raise _Unsupported
            else:
                out.append(f"{lead}{_scalar(item)}\n")


def emit_block(data: Any, *, shared: bool = True) -> str | None:
    """The text PyYAML (as :func:`~kg.yamlio.dump_yaml` calls it) writes for a mapping or a
    list, or None when PyYAML must write it.

    ``shared=False`` skips looking for collections met twice, for data a parser just made from
    a text without anchors (it only ever matches the text if no collection is shared).

    >>> record = {"id": "x", "aliases": ["甲"], "relations": [{"rel": "part_of", "to": "y"}]}
    >>> print(emit_block(record), end="")
    id: x
    aliases:
      - 甲
    relations:
      - rel: part_of
        to: y
    """
    writer = _Writer(shared)
    try:
        if type(data) is dict:
            writer.mapping(data, 0, None)
        elif type(data) is list:
            writer.sequence(data, 0)
        else:
            return None
    except _Unsupported:
        return None
    return "".join(writer.out)


# -- recognising canonical text without writing it -----------------------------------------------

_BOOL_NULL_WORDS = "(?:[yY](?:es|ES)|[nN](?:o|O|ull|ULL)|[oO](?:n|N|ff|FF)|[tT](?:rue|RUE)|[fF](?:alse|ALSE))"
"""Every plain word PyYAML (YAML 1.1) or a YAML 1.2 parser may read as a boolean or null
(``yes``, ``No``, ``ON``, ``off``, ``True``, ``FALSE``, ``null``...), and a few more."""


def _char_class(excluded: str) -> str:
    """A regex class of the printable ASCII characters not in ``excluded``, and non-ASCII ones."""
    kept = "".join(re.escape(chr(code)) for code in range(0x20, 0x7F) if chr(code) not in excluded)
    return f"[{kept}{_UNICODE_PRINTABLE}]"


_NUMBER_LETTERS = "abcdefinotxzABCDEFINOTXZ"
"""Every letter a number or date of either YAML version can hold (hexadecimal digits, the
``x``, ``o``, ``b`` of bases, exponents, ``inf`` and ``nan``, the ``T`` and ``Z`` of times)."""
_PLAIN_TEXT = (
    f"(?:(?!{_BOOL_NULL_WORDS}\n)"
    + _char_class(" " + "".join(sorted(_NOT_PLAIN_FIRST)) + "?:-" + string.digits + "+.~=<")
    + f"|(?=[0-9][^\n]*?{_char_class(string.digits + _NUMBER_LETTERS + '_.:+- =<~')})[0-9])"
    + f"(?:{_char_class(': ')}++|:(?! )| (?!#))*+(?<![ :])"
)
"""A plain scalar both YAML versions read as this very string: its first character starts no
indicator, merge key or value, the whole is no boolean or null word, one starting with a digit
holds a character no number or date has (``2024年``, ``603251.SH``), and it holds no ``': '`` or
``' #'`` and ends in neither space nor colon."""
_SCALAR_TEXT = (
    f"(?:{_PLAIN_TEXT}"
    + f"|'(?:{_char_class(chr(39))}|'')*'"  # single-quoted: the same string in both versions
    + "|-?(?:0|[1-9][0-9]{0,17})"  # a decimal integer that fits 64 bits
    + "|-?(?:0|[1-9][0-9]*)\\.[0-9]+(?:e[-+][0-9]+)?"  # a float as Python writes it (e.g. 1.0e+20)
    + "|[0-9]{4}-[0-9]{2}"  # a month (2024-03): a date of YAML 1.1 needs the day too
    + "|true|false|null)"
)
_KEY_TEXT = f"(?!{_BOOL_NULL_WORDS}:){_PLAIN_KEY.pattern}"
_SHAPE_PATTERN = (
    "(?=[A-Za-z_])(?:((?:  )*+)(?:"
    + f"{_KEY_TEXT}:(?: {_SCALAR_TEXT}\n(?!\\1 )|\n(?=\\1  [^ ]))"
    + f"|- (?:{_KEY_TEXT}:(?: {_SCALAR_TEXT}\n(?!\\1   )|\n(?=\\1    [^ ]))|{_SCALAR_TEXT}\n(?!\\1 ))"
    + "))++"
)


@cache
def canonical_shape() -> re.Pattern[str]:
    """Texts made only of lines as :func:`emit_block` writes them, each fitting where it stands.

    Every line is ``key: scalar``, ``key:``, ``- scalar``, ``- key: scalar`` or ``- key:``, indented
    by an even number of spaces; the text starts with a key at the margin; a ``key:`` is followed
    by a line two columns deeper than its key, and a line with a scalar by a line no deeper than
    its key or dash, so that no scalar runs on to the next line and every block nests by two. Each
    scalar is written so that YAML 1.1 (PyYAML) and YAML 1.2 read the same value from it, and no
    key is a word either reads as a boolean or null. See :func:`kg.yamlio._parse_canonical`.

    Compiled on first use (some 30 ms), so that a run which reads no record file does not pay.
    """
    return re.compile(_SHAPE_PATTERN)
