"""GraphML and GEXF: the XML graph formats that Gephi, yEd, Cytoscape and igraph open.

Both carry every node with a ``label`` (the Chinese name), its ``type`` and a ``color`` per
type, and every edge with its predicate as ``label``. Lists are joined with ``"; "`` and
structured facts (figures, citations) travel as JSON text, because neither format has lists.
Characters that XML 1.0 cannot carry at all are refused with an :class:`~kg.errors.ExportError`.

The documents are the ones networkx's ``GraphMLWriter`` and ``GEXFWriter`` make of the
:func:`flat_nodes` and :func:`flat_edges` (attribute keys numbered in the order they are first
met, declared newest first), indented as ElementTree's ``indent`` does. They are written here
as text, line by line, because building the ElementTree of a 100,000-record graph takes minutes
and gigabytes; tests/test_export_text.py holds the two to the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from kg.errors import ExportError
from kg.export.jsontext import compact_json, edge_citations_json, graph_numbers_alike, node_citations_json
from kg.export.naming import edge_id
from kg.export.shared import shared
from kg.export.tables import entity_rows, relation_rows
from kg.palette import TYPE_COLORS, rgb
from kg.schema.relations import QUALIFIERS

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["FlatEdge", "FlatNode", "flat_edges", "flat_nodes", "gexf_bytes", "graphml_bytes"]

Value = str | bool | int | float
FlatNode = tuple[str, list[tuple[str, Value]]]
"""A node id and its attributes, in order."""
FlatEdge = tuple[str, str, str, list[tuple[str, Value]]]
"""Source, target, edge id (:func:`~kg.export.naming.edge_id`) and the edge's attributes."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTRIBUTE_SPECIAL = re.compile('[&<>"\r\n\t]')
_first, _second = itemgetter(0), itemgetter(1)
_SEPARATOR = "\x00"
_FIELD = re.compile(r"\{(\d+)\}")
_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
_TYPE_NAMES: dict[type, str] = {str: "string", bool: "boolean", int: "long", float: "double"}
"""XML attribute types by Python type, as GraphML and GEXF name them."""


_TEXT_REFERENCES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
"""What element text escapes; CR as ``&#13;``, since XML readers turn a raw CR into LF."""
_ATTRIBUTE_REFERENCES = (
    *_TEXT_REFERENCES[:3],
    ('"', "&quot;"),
    *_TEXT_REFERENCES[3:],
    ("\n", "&#10;"),
    ("\t", "&#09;"),
)
"""What an attribute value escapes; CR, LF and tab as character references, so they survive."""
References = tuple[tuple[bytes, bytes], ...]
_TEXT_UTF8: References = tuple((c.encode(), r.encode()) for c, r in _TEXT_REFERENCES)
_ATTRIBUTE_UTF8: References = tuple((c.encode(), r.encode()) for c, r in _ATTRIBUTE_REFERENCES)
_TEMPLATE_ATTRIBUTE_UTF8: References = (*_ATTRIBUTE_UTF8, (b"%", b"%%"))
"""An attribute value to stand in a ``%`` template: ``%`` doubled as well."""


def _text(value: str) -> str:
    """Escaped element text (:data:`_TEXT_REFERENCES`)."""
    if _TEXT_SPECIAL.search(value) is None:
        return value
    for char, reference in _TEXT_REFERENCES:
        value = value.replace(char, reference)
    return value


def _attribute(value: str) -> str:
    """An escaped attribute value (:data:`_ATTRIBUTE_REFERENCES`)."""
    if _ATTRIBUTE_SPECIAL.search(value) is None:
        return value
    for char, reference in _ATTRIBUTE_REFERENCES:
        value = value.replace(char, reference)
    return value


def _not_carried(where: str, value: str, bad: str) -> ExportError:
    return ExportError(
        f"{where} holds the character U+{ord(bad):04X}, which GraphML and GEXF cannot carry: "
        f"{value!r} (remove it from the curation file)"
    )


def _xml_value(value: Any, where: str) -> Value:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        bad = _NOT_XML.search(value)
        if bad:
            raise _not_carried(where, value, bad.group())
    if type(value) not in _TYPE_NAMES:
        raise ExportError(f"{where} is {value!r}, which GraphML and GEXF cannot carry")
    return value  # type: ignore[no-any-return]


def _xml_pairs(attributes: dict[str, Any], owner: str, *names: str) -> list[tuple[str, Value]]:
    """The attributes as XML can carry them; ``owner.format(*names)`` names them in an error."""
    pairs: list[tuple[str, Value]] = []
    for key, value in attributes.items():
        kind = type(value)
        if kind is str:  # most of them: checked inline, a function call each adds up at 100,000 records
            bad = _NOT_XML.search(value)
            if bad:
                raise _not_carried(f"{owner.format(*names)}: {key}", value, bad.group())
        elif kind is not bool:
            value = _xml_value(value, f"{owner.format(*names)}: {key}")
        pairs.append((key, value))
    return pairs


def flat_nodes(graph: KnowledgeGraph) -> list[FlatNode]:
    """Every node with attributes that are all strings, numbers or booleans, sorted by id."""
    citations = shared(graph, node_citations_json)
    exact = shared(graph, graph_numbers_alike)
    nodes = graph.nx.nodes
    flat: list[FlatNode] = []
    for row in shared(graph, entity_rows):
        node_id = row["id"]
        attributes: dict[str, Any] = {
            "label": row["name"],
            "type": row["type"],
            "color": TYPE_COLORS.get(row["type"], "#999999"),
            **{k: v for k, v in row.items() if v is not None and v != [] and k != "id" and k != "type"},
            "indicators": compact_json(nodes[node_id]["indicators"], exact=exact),
            "citations": citations[node_id],
        }
        flat.append((node_id, _xml_pairs(attributes, "record {!r}", node_id)))
    return flat


def flat_edges(graph: KnowledgeGraph) -> list[FlatEdge]:
    """Every edge with attributes that are all strings, sorted as the relation rows are."""
    citations = shared(graph, edge_citations_json)
    edges: list[FlatEdge] = []
    for row in shared(graph, relation_rows):
        source, target, key = row["source"], row["target"], row["key"]
        attributes: dict[str, Any] = {
            "label": row["label"],
            "label_zh": row["label_zh"],
            "rel": row["rel"],
            **{k: row[k] for k in QUALIFIERS if row[k] is not None},
            "citations": citations[source, target, key],
        }
        pairs = _xml_pairs(attributes, "relation {} --{}--> {}", source, row["rel"], target)
        edges.append((source, target, edge_id(source, key, target), pairs))
    return edges


def _element(indent: str, start: str, end: str, children: list[str]) -> str:
    """``start`` tag (without its ``>``), ``children`` lines, end tag; ``<… />`` when childless."""
    if not children:
        return f"{indent}{start} />\n"
    return f"{indent}{start}>\n{''.join(children)}{indent}{end}\n"


def _container(indent: str, start: str, end: str, children: list[bytes]) -> list[bytes]:
    """:func:`_element` for an element with many children, kept as a list of encoded pieces:
    the document is joined once, at the end, instead of copied at every level."""
    if not children:
        return [f"{indent}{start} />\n".encode()]
    return [f"{indent}{start}>\n".encode(), *children, f"{indent}{end}\n".encode()]


def _replace_all(data: bytes, references: References) -> bytes:
    for char, reference in references:
        data = data.replace(char, reference)
    return data


def _escape_all(values: list[str], references: References) -> list[bytes]:
    """Each of ``values`` escaped and in UTF-8, by one run of the replace chain over their
    joined text.

    Saves a regex search, a call and an encoding per value (over 2 million at 100,000
    records), and bytes are shorter than the text of Chinese strings. The separator is a
    character XML cannot carry, so no checked value holds it; an id (which nothing checks) that
    does is caught by the count and escaped alone.
    """
    parts = _replace_all(_SEPARATOR.join(values).encode(), references).split(_SEPARATOR.encode())
    if len(parts) != len(values):
        return [_replace_all(value.encode(), references) for value in values]
    return parts


Shape = tuple[tuple[str, ...], tuple[type, ...]]
"""The attribute names of an element and the types of their values, which fix its template."""


def _shape(pairs: list[tuple[str, Value]]) -> Shape:
    return tuple(map(_first, pairs)), tuple(map(type, map(_second, pairs)))


class _Keys:
    """Attribute declarations, numbered in the order they are first met."""

    def __init__(self, number: Callable[[int], str], by_type: bool) -> None:
        self.ids: dict[tuple[str, str, str], str] = {}
        """(scope, name, type when keys are per type) → key id."""
        self.types: dict[tuple[str, str, str], str] = {}
        """The same → the type of the first value met."""
        self.scopes: list[str] = []
        self._number = number
        self._by_type = by_type

    def id(self, scope: str, name: str, kind: type) -> str:
        """The key of attribute ``name`` holding a value of Python type ``kind``."""
        type_name = _TYPE_NAMES[kind]
        lookup = (scope, name, type_name if self._by_type else "")
        found = self.ids.get(lookup)
        if found is None:
            found = self.ids[lookup] = self._number(len(self.ids))
            self.types[lookup] = type_name
            if scope not in self.scopes:
                self.scopes.append(scope)
        return found


def _graphml_body(keys: _Keys, scope: str, shape: Shape) -> bytes:
    """What follows the last value in an element's start tag: its closing quote, a ``<data>``
    line per attribute, each value left as ``%s``, and the end tag."""
    lines = [
        f'      <data key="{keys.id(scope, name, kind)}">%s</data>\n'
        for name, kind in zip(*shape, strict=True)
    ]
    return (f'">\n{"".join(lines)}    </{scope}>\n' if lines else '" />\n').encode()


def _graphml_elements(
    keys: _Keys,
    scope: str,
    starts: Sequence[tuple[bytes, ...]],
    attribute_lists: list[list[tuple[str, Value]]],
    shapes: list[Shape],
) -> bytes:
    """A ``<node>`` or ``<edge>`` per start tag (pieces up to its last value's closing quote,
    ``%`` doubled) and attribute list, the values as ``<data>`` lines.

    The elements are one document-long template, a body per :data:`Shape` after each start,
    filled by one ``%`` with every value: ~1 s less at 100,000 records than a line built and a
    key looked up per value.
    """
    texts = _escape_all(list(map(str, map(_second, chain.from_iterable(attribute_lists)))), _TEXT_UTF8)
    bodies: dict[Shape, bytes] = {}
    pieces: list[bytes] = []
    for start, shape in zip(starts, shapes, strict=True):
        body = bodies.get(shape)
        if body is None:
            body = bodies[shape] = _graphml_body(keys, scope, shape)
        pieces += start
        pieces.append(body)
    text = b"".join(pieces) % tuple(texts)
    if b"" in texts:  # an empty value is <data key="…" />, as ElementTree writes it; no other
        text = text.replace(b'"></data>', b'" />')  # value leaves '">' right before '</data>'
    return text


def graphml_bytes(graph: KnowledgeGraph) -> bytes:
    """The graph as GraphML; edge ids are :func:`edge_id`, so parallel edges stay apart."""
    keys = _Keys(lambda n: f"d{n}", by_type=True)
    nodes, edges = shared(graph, flat_nodes), shared(graph, flat_edges)
    ids = _escape_all([node_id for node_id, _ in nodes], _TEMPLATE_ATTRIBUTE_UTF8)
    starts: list[tuple[bytes, ...]] = [(b'    <node id="', node_id) for node_id in ids]
    node_lists = [attributes for _, attributes in nodes]
    elements = [_graphml_elements(keys, "node", starts, node_lists, shared(graph, _node_shapes))]
    heads = iter(_escape_all(list(chain.from_iterable(edge[:3] for edge in edges)), _TEMPLATE_ATTRIBUTE_UTF8))
    starts = [
        (b'    <edge source="', source, b'" target="', target, b'" id="', identifier)
        for source, target, identifier in zip(heads, heads, heads, strict=True)
    ]
    edge_lists = [edge[3] for edge in edges]
    elements.append(_graphml_elements(keys, "edge", starts, edge_lists, shared(graph, _edge_shapes)))
    declarations = []
    for (scope, name, by_type), key in reversed(keys.ids.items()):
        type_name = keys.types[scope, name, by_type]
        line = f'  <key id="{key}" for="{scope}" attr.name="{_attribute(name)}" attr.type="{type_name}" />\n'
        declarations.append(line.encode())
    root = (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"'
    )
    elements = [e for e in elements if e]
    body = declarations + _container("  ", '<graph edgedefault="directed"', "</graph>", elements)
    return b"".join([_DECLARATION.encode(), *_container("", root, "</graphml>", body)])


def _gexf_value(value: Value) -> str:
    if type(value) is str:
        return _attribute(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(value, float):
        return {"inf": "INF", "-inf": "-INF", "nan": "NaN"}.get(text, text)
    return _attribute(text)


class _GexfTemplate:
    """A GEXF element for one :data:`Shape`: its text with numbered fields, and which values
    are not strings (GEXF spells those its own way, after the strings among the fields);
    a field is ``{number}``."""

    def __init__(self, text: str, converted: tuple[int, ...], color: int) -> None:
        fields = [int(number) for number in _FIELD.findall(text)]
        self.text = _FIELD.sub("%s", text.replace("%", "%%")).encode()
        """The template for ``%``, which fills it faster than ``str.format`` (0.2 s at 100,000)."""
        self.fields = itemgetter(*fields)
        """The fields in the order the text uses them (some twice); always at least two (the
        id and more), so it gives a tuple."""
        self.converted = converted
        self.color = color
        """The position of the ``color`` attribute (nodes only)."""


def _attvalues(keys: _Keys, scope: str, fields: list[tuple[str, type, int]]) -> list[str]:
    """The ``<attvalues>`` child for (name, type, field number) of each value, if any."""
    values = [
        f'          <attvalue for="{keys.id(scope, name, kind)}" value="{{{field}}}" />\n'
        for name, kind, field in fields
    ]
    return [_element("        ", "<attvalues", "</attvalues>", values)] if values else []


def _gexf_fields(shape: Shape, first: int) -> tuple[list[tuple[str, type, int]], tuple[int, ...]]:
    """(name, type, field) of each value but the label, the strings' fields counted from ``first``
    and the others' after them; and the positions of the others."""
    names, kinds = shape
    converted = tuple(i for i, kind in enumerate(kinds) if kind is not str)
    fields = [
        (name, kind, first + i if kind is str else first + len(names) + converted.index(i))
        for i, (name, kind) in enumerate(zip(names, kinds, strict=True))
        if name != "label"
    ]
    return fields, converted


def _gexf_node_template(keys: _Keys, shape: Shape) -> _GexfTemplate:
    """Fields: 0 the id, 1 the colour's r, g and b, then the values."""
    names = shape[0]
    fields, converted = _gexf_fields(shape, 2)
    label = f"{{{2 + names.index('label')}}}" if "label" in names else "{0}"
    children = ['        <viz:color {1} a="1.0" />\n', *_attvalues(keys, "node", fields)]
    text = _element("      ", f'<node id="{{0}}" label="{label}"', "</node>", children)
    return _GexfTemplate(text, converted, names.index("color"))


def _gexf_edge_template(keys: _Keys, shape: Shape) -> _GexfTemplate:
    """Fields: 0-2 source, target and id, then the values; the id doubles as ``networkx_key``."""
    names = shape[0]
    fields, converted = _gexf_fields(shape, 3)
    fields = [(n, k, f) if n != "networkx_key" else (n, str, 2) for n, k, f in fields]
    if "networkx_key" not in names:
        fields.append(("networkx_key", str, 2))
    start = '<edge source="{0}" target="{1}" id="{2}"'
    if "label" in names:
        start += f' label="{{{3 + names.index("label")}}}"'
    return _GexfTemplate(
        _element("      ", start, "</edge>", _attvalues(keys, "edge", fields)), converted, -1
    )


def _gexf_elements(
    make: Callable[[Shape], _GexfTemplate],
    heads: list[str],
    attribute_lists: list[list[tuple[str, Value]]],
    shapes: list[Shape],
) -> bytes:
    """A GEXF element per attribute list, with ``heads`` (as many per element, escaped here)
    and the colour before its values, filled into its shape's template (made once by ``make``).

    The templates are joined into one and filled by one ``%``: ~0.4 s less at 100,000 records
    than a ``%`` per element.
    """
    texts = _escape_all(list(map(str, map(_second, chain.from_iterable(attribute_lists)))), _ATTRIBUTE_UTF8)
    escaped_heads = _escape_all(heads, _ATTRIBUTE_UTF8)
    width = len(heads) // len(attribute_lists) if attribute_lists else 0
    templates: dict[Shape, _GexfTemplate] = {}
    colors: dict[Value, bytes] = {}
    texts_used: list[bytes] = []
    fields_used: list[tuple[bytes, ...]] = []
    at = 0
    for index, (pairs, shape) in enumerate(zip(attribute_lists, shapes, strict=True)):
        template = templates.get(shape)
        if template is None:
            template = templates[shape] = make(shape)
        fields = escaped_heads[index * width : index * width + width]
        if template.color >= 0:
            color = pairs[template.color][1]
            if color not in colors:
                colors[color] = b'r="%d" g="%d" b="%d"' % rgb(str(color))
            fields.append(colors[color])
        fields += texts[at : at + len(pairs)]
        at += len(pairs)
        if template.converted:
            fields += [_gexf_value(pairs[i][1]).encode() for i in template.converted]
        texts_used.append(template.text)
        fields_used.append(template.fields(fields))
    return b"".join(texts_used) % tuple(chain.from_iterable(fields_used))


def _node_shapes(graph: KnowledgeGraph) -> list[Shape]:
    """The :data:`Shape` of each of :func:`flat_nodes`, made once for GraphML and GEXF."""
    return [_shape(attributes) for _, attributes in shared(graph, flat_nodes)]


def _edge_shapes(graph: KnowledgeGraph) -> list[Shape]:
    """The :data:`Shape` of each of :func:`flat_edges`, made once for GraphML and GEXF."""
    return [_shape(edge[3]) for edge in shared(graph, flat_edges)]


def gexf_bytes(graph: KnowledgeGraph) -> bytes:
    """The graph as GEXF 1.2 with ``viz:color`` per node, as Gephi opens it.

    The file carries no date and names hzkg as its creator, so the same graph always gives the
    same bytes.
    """
    keys = _Keys(str, by_type=False)
    flat_n, flat_e = shared(graph, flat_nodes), shared(graph, flat_edges)
    nodes = _gexf_elements(
        lambda shape: _gexf_node_template(keys, shape),
        [node_id for node_id, _ in flat_n],
        [attributes for _, attributes in flat_n],
        shared(graph, _node_shapes),
    )
    edges = _gexf_elements(
        lambda shape: _gexf_edge_template(keys, shape),
        list(chain.from_iterable(edge[:3] for edge in flat_e)),
        [edge[3] for edge in flat_e],
        shared(graph, _edge_shapes),
    )
    declarations = [
        _element(
            "    ",
            f'<attributes mode="static" class="{scope}"',
            "</attributes>",
            [
                f'      <attribute id="{key}" title="{_attribute(name)}" type="{keys.types[s, name, t]}" />\n'
                for (s, name, t), key in keys.ids.items()
                if s == scope
            ],
        ).encode()
        for scope in reversed(keys.scopes)
    ]
    viz = 'xmlns:viz="http://www.gexf.net/1.2draft/viz" ' if nodes else ""
    root = (
        f'<gexf {viz}xmlns="http://www.gexf.net/1.2draft" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
        'version="1.2"'
    )
    meta = b"  <meta>\n    <creator>hzkg</creator>\n  </meta>\n"
    graph_children = [
        *declarations,
        *_container("    ", "<nodes", "</nodes>", [nodes] if nodes else []),
        *_container("    ", "<edges", "</edges>", [edges] if edges else []),
    ]
    graph_start = '<graph defaultedgetype="directed" mode="static" name="hzkg"'
    body = [meta, *_container("  ", graph_start, "</graph>", graph_children)]
    return b"".join([_DECLARATION.encode(), *_container("", root, "</gexf>", body)])
