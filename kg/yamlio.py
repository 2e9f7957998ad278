"""Safe YAML reading with positions, and the one canonical YAML dump.

Reading refuses what a curation file never needs and what makes a file mean something other than
it shows: anchors and aliases, tags, duplicate keys, non-UTF-8 bytes, oversized files. Every
problem is a :class:`~kg.errors.Problem` with the line and column of the offending text, and a
side table maps each key path (``("relations", 0, "to")``) to where its value starts, so later
checks can point at the exact spot too.

Most files are in canonical form (``kg fmt``); those are read by a fast YAML parser and checked
against their canonical text (:func:`_parse_canonical`), and their positions are found only when
a message needs one. Every other file, and every position, comes from PyYAML (libyaml when the
file cannot hold an anchor, alias or tag, the pure-Python loader otherwise), so each message and
its line and column are the same whichever path read the file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, NodeEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kg.emit import canonical_shape, emit_block
from kg.errors import Problem

__all__ = [
    "MAX_RECORD_BYTES",
    "KeyPath",
    "Located",
    "dump_yaml",
    "parse_yaml",
    "read_yaml",
]

MAX_RECORD_BYTES = 1024 * 1024
"""One record is a few kilobytes; anything over a megabyte is a mistake, not a record."""

KeyPath = tuple[str | int, ...]


def _fast_parser() -> Any:
    if os.environ.get("KG_FAST_YAML", "1") == "0":
        return None
    try:
        import yaml_rs
    except ImportError:
        return None
    return yaml_rs


_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_CONTROL = bytes(code for code in range(256) if not _CONTROL.match(bytes([code])))
"""Every byte but those of :data:`_CONTROL`: deleting them leaves the control bytes, a scan in C
several times faster than the search, which then runs only to place the first one."""
_TAG = "tag:yaml.org,2002:"


class Located:
    """Parsed YAML data plus where each value and key sits in the file.

    ``values`` and ``keys`` map a key path to a 1-based (line, column). A file read on the fast
    path (see :func:`parse_yaml`) carries its text instead, and the tables are built from it, by
    the same parser as on the slow path, the first time a message needs a position.
    """

    def __init__(
        self,
        data: Any,
        values: dict[KeyPath, tuple[int, int]] | None = None,
        keys: dict[KeyPath, tuple[int, int]] | None = None,
        *,
        text: str | None = None,
    ) -> None:
        self.data = data
        self._values = values if values is not None or text is not None else {}
        self._keys = keys if keys is not None or text is not None else {}
        self.text = text
        """The file's text, kept when it was read on the fast path (so it is in canonical form)."""

    @property
    def values(self) -> dict[KeyPath, tuple[int, int]]:
        if self._values is None:
            self._locate()
        assert self._values is not None
        return self._values

    @values.setter
    def values(self, table: dict[KeyPath, tuple[int, int]]) -> None:
        self._values = table

    @property
    def keys(self) -> dict[KeyPath, tuple[int, int]]:
        if self._keys is None:
            self._locate()
        assert self._keys is not None
        return self._keys

    @keys.setter
    def keys(self, table: dict[KeyPath, tuple[int, int]]) -> None:
        self._keys = table

    def _locate(self) -> None:
        located, _ = _parse_located(self.text or "", "")
        self._values = located.values if located else {}
        self._keys = located.keys if located else {}

    def where(self, path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``path``, or of its nearest ancestor that exists in the file."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


class _Loader(yaml.SafeLoader):
    """SafeLoader that records anchors, aliases and tags as problems instead of obeying them."""

    def __init__(self, text: str, path: str) -> None:
        super().__init__(text)
        self.kg_path = path
        self.kg_problems: list[Problem] = []

    def _problem(self, node_or_event: Any, code: str, message: str) -> None:
        mark = node_or_event.start_mark
        self.kg_problems.append(Problem(self.kg_path, mark.line + 1, mark.column + 1, code, message))

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(AliasEvent):
            event = self.get_event()  # type: ignore[no-untyped-call]
            self._problem(event, "KG006", f"alias '*{event.anchor}' is not allowed; write the value out")
            # Report the alias, but go on with the anchored value so nothing else cascades.
            anchored = self.anchors.get(event.anchor)
            return anchored or ScalarNode(_TAG + "null", "", event.start_mark, event.end_mark)
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, NodeEvent) and event.anchor is not None:
            self._problem(event, "KG006", f"anchor '&{event.anchor}' is not allowed; write values out")
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace(_TAG, "!!")
            self._problem(event, "KG007", f"tag {shown!r} is not allowed; remove it")
        node: Node | None = Composer.compose_node(self, parent, index)
        assert node is not None  # compose_node returns None only at the end of the stream
        return node


_SCALARS = SafeConstructor()


def _scalar(node: ScalarNode) -> Any:
    tag = node.tag
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return _SCALARS.construct_yaml_bool(node)
    if tag == _TAG + "int":
        return _SCALARS.construct_yaml_int(node)
    if tag == _TAG + "float":
        return _SCALARS.construct_yaml_float(node)
    return node.value  # strings, and timestamps kept as the text the curator wrote


def _convert(node: Node, path: KeyPath, out: Located, display: str, problems: list[Problem]) -> Any:
    out.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, ScalarNode):
                problems.append(Problem(display, line, col, "KG008", "keys must be plain names"))
                continue
            key = str(key_node.value)
            if key in result:
                first, _ = out.keys[(*path, key)]
                problems.append(
                    Problem(display, line, col, "KG005", f"duplicate key {key!r} (first at line {first})")
                )
                continue
            out.keys[(*path, key)] = (line, col)
            result[key] = _convert(value_node, (*path, key), out, display, problems)
        return result
    if isinstance(node, SequenceNode):
        return [_convert(item, (*path, i), out, display, problems) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    return _scalar(node)


def _decode(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(data, exc.start)
        bad = data[exc.start : exc.start + 1].hex()
        return None, [
            Problem(
                display,
                line,
                col,
                "KG001",
                f"not UTF-8: byte 0x{bad} at offset {exc.start} (save the file as UTF-8)",
            )
        ]
    control = _CONTROL.search(data) if data.translate(None, _NOT_CONTROL) else None
    if control:
        line, col = _byte_position(data, control.start())
        return None, [
            Problem(
                display,
                line,
                col,
                "KG001",
                f"binary data: control byte 0x{control.group().hex()} at offset {control.start()}",
            )
        ]
    return text, []


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, col


def parse_yaml(data: bytes, display: str) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document from bytes; return the data (or None) and every problem found.

    >>> located, problems = parse_yaml(b"id: a\\nid: b\\n", "x.yaml")
    >>> [str(p) for p in problems]
    ["x.yaml:2:1: KG005 duplicate key 'id' (first at line 1)"]
    """
    if not data.strip():
        return None, [Problem(display, 1, 1, "KG003", "file is empty; a record needs at least an id")]
    text, problems = _decode(data, display)
    if text is None:
        return None, problems
    canonical = _parse_canonical(text)
    if canonical is not None:
        return canonical, []
    return _parse_located(text, display, data)


def _parse_located(
    text: str, display: str, data: bytes | None = None
) -> tuple[Located | None, list[Problem]]:
    """Parse with PyYAML, noting where every key and value is; the reference for every message."""
    fast = _parse_libyaml(data if data is not None else text.encode("utf-8"), text, display)
    if fast is not None:
        return fast
    loader = _Loader(text, display)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = "; ".join(part for part in (exc.context, exc.problem) if part)
        return None, [*loader.kg_problems, Problem(display, line, col, "KG004", f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:  # reader errors: characters YAML does not allow
        return None, [Problem(display, 1, 1, "KG004", f"YAML error: {exc}")]
    finally:
        loader.dispose()
    problems = list(loader.kg_problems)
    if node is None:
        return None, [Problem(display, 1, 1, "KG003", "file holds no YAML document")]
    located = Located(data=None)
    located.data = _convert(node, (), located, display, problems)
    return located, problems


def _parse_canonical(text: str) -> Located | None:
    """The data of a file in canonical form, read by a fast parser; None for any other file.

    A YAML 1.2 parser reads some plain scalars differently from PyYAML (``yes``, ``010``,
    ``1e3``), so its result is only taken when, after leading comment lines, the file is either

    - made only of lines as the canonical writer writes them (:func:`kg.emit.canonical_shape`,
      one regular expression): block mappings and lists nested by two, one scalar a line, each
      scalar in a form both YAML versions read as the same value (plain text that cannot be
      taken for a number, date, boolean or null; single-quoted text; decimal numbers; ``true``,
      ``false``, ``null``), no comment, anchor, tag, flow collection or multi-line scalar; both
      parsers build the same nesting from such lines, and the fast parser refuses duplicate
      keys; or
    - exactly the canonical text of that result (:func:`kg.emit.emit_block`): PyYAML writes
      that text for that data and reads it back as the same data. This slower proof covers
      the rest (plain text such as ``603251.SH`` that the expression leaves out to stay simple).

    Anything else (another layout, a comment further down, a duplicate key, an anchor) takes
    the PyYAML path. ``tests/test_emit.py`` reads random texts both ways.
    Positions are not computed here; :class:`Located` finds them when a message needs one.
    Dates are read as text (yaml-rs would make a date even of a quoted ``'2025-05-09'``).
    """
    if FAST_PARSER is None:
        return None
    body = text
    while body.startswith("#"):
        body = body.partition("\n")[2]
    try:
        data = FAST_PARSER.loads(text, parse_datetime=False, duplicate_key_policy=_DUPLICATES_REFUSED)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a refusal (even a Rust panic) only means the slow path decides
        return None
    global _canonical_reads
    _canonical_reads += 1
    # The expression only knows texts that start with a key; a list (seeds/sources.yaml) and
    # anything else take the writer's proof.
    shaped = (
        type(data) is dict
        and _canonical_reads > SHAPE_AFTER
        and canonical_shape().fullmatch(body) is not None
    )
    if not shaped and emit_block(data, shared=False) != body:
        return None
    return Located(data, text=text)


SHAPE_AFTER = 500
"""Files a process reads before it uses :func:`kg.emit.canonical_shape`: the expression takes
some 30 ms to compile and saves some 30 µs a file, so a run that reads a few files (``kg check``
after an edit) proves them the slower way."""
_canonical_reads = 0


_CLoader: Any = getattr(yaml, "CSafeLoader", None)
FAST_PARSER: Any = _fast_parser()
"""The YAML 1.2 parser of the fast path (``yaml_rs``), or None when it is not installed or
``KG_FAST_YAML=0``; nothing but speed depends on it."""
_DUPLICATES_REFUSED: Any = FAST_PARSER.DuplicateKeyPolicy.Error if FAST_PARSER is not None else None
"""Asked for explicitly: the canonical shape cannot see a duplicate key, the fast parser must."""
_NEEDS_CARE = re.compile(rb"[&*!]")
"""Bytes that can start an anchor, an alias or a tag; files with none take the fast path."""


def _parse_libyaml(data: bytes, text: str, display: str) -> tuple[Located | None, list[Problem]] | None:
    """Parse with libyaml when the file cannot hold an anchor, alias or tag; None to fall back.

    libyaml composes the same nodes, with the same character-based marks, as the pure-Python
    loader, about ten times faster. Only the pure-Python loader watches for anchors, aliases and
    tags, so a file with any ``&``, ``*`` or ``!`` (even inside a quoted string) goes there, and so
    does any file libyaml rejects, so that every message comes from one parser.
    """
    if _CLoader is None or _NEEDS_CARE.search(data):
        return None
    loader = _CLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    if node is None:
        return None
    problems: list[Problem] = []
    located = Located(data=None)
    located.data = _convert(node, (), located, display, problems)
    return located, problems


def read_yaml(
    path: Path, display: str | None = None, max_bytes: int = MAX_RECORD_BYTES
) -> tuple[Located | None, list[Problem]]:
    """Read and parse a YAML file; oversized files are refused before they are read."""
    shown = display or str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, [
                Problem(shown, 1, 1, "KG002", f"file is {size:,} bytes; the limit is {max_bytes:,}")
            ]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 1, 1, "KG001", f"cannot read file: {exc.strerror}")]
    return parse_yaml(data, shown)


class _Dumper(yaml.SafeDumper):
    """Block style, indented lists, Unicode kept as typed, no line folding."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar(_TAG + "str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Mapping[str, Any], header: str | None = None) -> str:
    """The canonical text of a mapping: keys in the given order, one style for everything.

    >>> print(dump_yaml({"id": "silan-micro", "aliases": ["士兰微"], "ids": {"adcode": "330113"}}), end="")
    id: silan-micro
    aliases:
      - 士兰微
    ids:
      adcode: '330113'
    """
    body = emit_block(dict(data))
    if body is None:
        body = _pyyaml_dump(data)
    return f"{header}\n{body}" if header else body


def _pyyaml_dump(data: Mapping[str, Any]) -> str:
    """The reference writer: what :func:`kg.emit.emit_block` reproduces for the usual shapes."""
    return yaml.dump(
        dict(data),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
        indent=2,
    )
