"""GraphML and GEXF: the XML graph formats that Gephi, yEd, Cytoscape and igraph open.

The documents are the ones networkx's ``GraphMLWriter`` and ``GEXFWriter`` make of the flat
nodes and edges (:mod:`kg.export.xmlflat`; attribute keys numbered in the order they are first
met, declared newest first), indented as ElementTree's ``indent`` does. They are written here
as UTF-8 text, because building the ElementTree of a 100,000-record graph takes minutes and
gigabytes: one template per element shape (attribute names and value types), the templates of
a batch of :data:`BATCH` elements joined and filled by one ``%`` with their values, escaped at
once (:mod:`kg.export.xmltext`). Each document is made batch by batch as it is written, so
its whole text (~190 MB of GraphML at 100,000 records) is never held.
tests/test_export_text.py holds the two to the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from kg.export.shared import shared
from kg.export.xmlflat import FlatEdge, FlatNode, flat_edges, flat_nodes
from kg.export.xmltext import (
    ATTRIBUTE_UTF8,
    TEMPLATE_ATTRIBUTE_UTF8,
    TEXT_UTF8,
    Keys,
    Piece,
    Shape,
    Value,
    chunks,
    container,
    element,
    escape_all,
    escape_attribute,
    shape_of,
)
from kg.palette import rgb

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["gexf_chunks", "graphml_chunks"]

_second = itemgetter(1)
_FIELD = re.compile(r"\{(\d+)\}")
_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
_NODE_TAGS = (b'    <node id="',)
_EDGE_TAGS = (b'    <edge source="', b'" target="', b'" id="')
"""What comes before each string ahead of the attributes of a GraphML node or edge."""

BATCH = 2_000
"""Elements per chunk of a document (about 1 MB of text): each batch's strings and bytes are
let go before the next is made, so the allocator reuses the same memory instead of faulting in
fresh pages for a whole file (~190 MB of GraphML, ~280 MB of GEXF at 100,000 records). At
100,000 records batches of 1,000-2,000 took the least CPU (caches); 10,000 ~10% more."""

_Batch = tuple[list[str], list[list[tuple[str, Value]]], list[int]]
_heads = itemgetter(slice(None, -1))
_last = itemgetter(-1)


class _Shapes(NamedTuple):
    """The :data:`Shape` of each element, numbered: made once for GraphML and GEXF, whose
    templates are then looked up by number instead of by hashing a shape per element."""

    distinct: list[Shape]
    """Each shape once, in the order first met (which numbers the attribute keys)."""
    numbers: list[int]
    """Each element's shape, as its position in :attr:`distinct`."""


def _graphml_body(keys: Keys, scope: str, shape: Shape) -> bytes:
    """What follows the last value in an element's start tag: its closing quote, a ``<data>``
    line per attribute, each value left as ``%s``, and the end tag."""
    lines = [
        f'      <data key="{keys.id(scope, name, kind)}">%s</data>\n'
        for name, kind in zip(*shape, strict=True)
    ]
    return (f'">\n{"".join(lines)}    </{scope}>\n' if lines else '" />\n').encode()


def _graphml_elements(
    bodies: list[bytes],
    tags: tuple[bytes, ...],
    heads: list[str],
    attribute_lists: list[list[tuple[str, Value]]],
    shapes: list[int],
) -> bytes:
    """A ``<node>`` or ``<edge>`` per attribute list: its start tag, which is each of ``tags``
    followed by one of ``heads`` (as many per element as ``tags``, escaped here), then its
    shape's body (``shapes`` numbers them) with the values as ``<data>`` lines.

    The elements are one template, a body per :data:`Shape` after each start, filled by one
    ``%`` with every value, instead of a line built and a key looked up per value (GraphML at
    100,000 records: ~2.2 -> ~1.6 s CPU, shapes included).
    """
    texts = escape_all(list(map(str, map(_second, chain.from_iterable(attribute_lists)))), TEXT_UTF8)
    escaped = escape_all(heads, TEMPLATE_ATTRIBUTE_UTF8)
    width = len(tags)
    columns = chain.from_iterable(([tag] * len(shapes), escaped[i::width]) for i, tag in enumerate(tags))
    elements = zip(*columns, map(bodies.__getitem__, shapes), strict=True)
    text = b"".join(chain.from_iterable(elements)) % tuple(texts)
    if b"" in texts:  # an empty value is <data key="…" />, as ElementTree writes it; no other
        text = text.replace(b'"></data>', b'" />')  # value leaves '">' right before '</data>'
    return text


def _batches(elements: Sequence[FlatNode | FlatEdge], shapes: _Shapes) -> Iterator[_Batch]:
    """The elements :data:`BATCH` at a time: the strings before the attributes of each (the
    node id; or source, target and edge id) in one list, their attribute lists, their shape
    numbers."""
    for at in range(0, len(elements), BATCH):
        batch = elements[at : at + BATCH]
        heads: list[str] = list(chain.from_iterable(map(_heads, batch)))
        yield heads, list(map(_last, batch)), shapes.numbers[at : at + BATCH]


def graphml_chunks(graph: KnowledgeGraph) -> Iterator[bytes]:
    """The graph as GraphML, made as it is read; edge ids are
    :func:`~kg.export.naming.edge_id`, so parallel edges stay apart.

    The flat nodes and edges, their shapes and the key declarations are made (and checked)
    here; the elements' text is made :data:`BATCH` elements at a time, as the chunks are read.
    """
    keys = Keys(lambda n: f"d{n}", by_type=True)
    nodes, edges = shared(graph, flat_nodes), shared(graph, flat_edges)
    node_shapes, edge_shapes = shared(graph, _node_shapes), shared(graph, _edge_shapes)
    node_bodies = [_graphml_body(keys, "node", shape) for shape in node_shapes.distinct]
    edge_bodies = [_graphml_body(keys, "edge", shape) for shape in edge_shapes.distinct]
    declarations: list[Piece] = []
    for (scope, name, by_type), key in reversed(keys.ids.items()):
        type_name = keys.types[scope, name, by_type]
        name_text = escape_attribute(name)
        line = f'  <key id="{key}" for="{scope}" attr.name="{name_text}" attr.type="{type_name}" />\n'
        declarations.append(line.encode())
    root = (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"'
    )
    elements: list[Piece] = []
    if nodes:
        elements.append(
            _graphml_elements(node_bodies, _NODE_TAGS, *batch) for batch in _batches(nodes, node_shapes)
        )
    if edges:
        elements.append(
            _graphml_elements(edge_bodies, _EDGE_TAGS, *batch) for batch in _batches(edges, edge_shapes)
        )
    body = declarations + container("  ", '<graph edgedefault="directed"', "</graph>", elements)
    return chunks([_DECLARATION.encode(), *container("", root, "</graphml>", body)])


def _gexf_value(value: Value) -> str:
    """A value that is not a string, as GEXF spells it (strings are escaped with the others)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(value, float):
        return {"inf": "INF", "-inf": "-INF", "nan": "NaN"}.get(text, text)
    return text  # an integer: digits and a sign, nothing to escape


class _GexfTemplate:
    """A GEXF element for one :data:`Shape`: its text with numbered fields, and which values
    are not strings (GEXF spells those its own way, after the strings among the fields);
    a field is ``{number}``."""

    def __init__(self, text: str, size: int, converted: tuple[int, ...], color: int) -> None:
        fields = [int(number) for number in _FIELD.findall(text)]
        self.text = _FIELD.sub("%s", text.replace("%", "%%")).encode()
        """The template for ``%``, which fills faster than ``str.format`` would."""
        self.fields = itemgetter(*fields)
        """The fields in the order the text uses them (some twice); always at least two (the
        id and more), so it gives a tuple."""
        self.converted = converted
        self.size = size
        """How many values an element of the shape has."""
        self.color = color
        """The position of the ``color`` attribute (nodes only)."""


def _attvalues(keys: Keys, scope: str, fields: list[tuple[str, type, int]]) -> list[str]:
    """The ``<attvalues>`` child for (name, type, field number) of each value, if any."""
    values = [
        f'          <attvalue for="{keys.id(scope, name, kind)}" value="{{{field}}}" />\n'
        for name, kind, field in fields
    ]
    return [element("        ", "<attvalues", "</attvalues>", values)] if values else []


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


def _gexf_node_template(keys: Keys, shape: Shape) -> _GexfTemplate:
    """Fields: 0 the id, 1 the colour's r, g and b, then the values."""
    names = shape[0]
    fields, converted = _gexf_fields(shape, 2)
    label = f"{{{2 + names.index('label')}}}" if "label" in names else "{0}"
    children = ['        <viz:color {1} a="1.0" />\n', *_attvalues(keys, "node", fields)]
    text = element("      ", f'<node id="{{0}}" label="{label}"', "</node>", children)
    return _GexfTemplate(text, len(names), converted, names.index("color"))


def _gexf_edge_template(keys: Keys, shape: Shape) -> _GexfTemplate:
    """Fields: 0-2 source, target and id, then the values; the id doubles as ``networkx_key``."""
    names = shape[0]
    fields, converted = _gexf_fields(shape, 3)
    fields = [(n, k, f) if n != "networkx_key" else (n, str, 2) for n, k, f in fields]
    if "networkx_key" not in names:
        fields.append(("networkx_key", str, 2))
    start = '<edge source="{0}" target="{1}" id="{2}"'
    if "label" in names:
        start += f' label="{{{3 + names.index("label")}}}"'
    text = element("      ", start, "</edge>", _attvalues(keys, "edge", fields))
    return _GexfTemplate(text, len(names), converted, -1)


def _gexf_elements(
    templates: list[_GexfTemplate],
    heads: list[str],
    attribute_lists: list[list[tuple[str, Value]]],
    shapes: list[int],
) -> bytes:
    """A GEXF element per attribute list, with ``heads`` (as many per element, escaped here)
    and the colour before its values, filled into its shape's template (``shapes`` numbers them).

    The templates are joined into one and filled by one ``%``, which saves a ``%`` and an
    encoding per element (GEXF at 100,000 records: ~3.6 -> ~2.0 s CPU with the bulk escaping).
    """
    texts = escape_all(list(map(str, map(_second, chain.from_iterable(attribute_lists)))), ATTRIBUTE_UTF8)
    escaped_heads = escape_all(heads, ATTRIBUTE_UTF8)
    width = len(heads) // len(attribute_lists)
    colors: dict[Value, bytes] = {}
    fields_used: list[tuple[bytes, ...]] = []
    at = head = 0
    for pairs, number in zip(attribute_lists, shapes, strict=True):
        template = templates[number]
        fields = escaped_heads[head : head + width]
        head += width
        if template.color >= 0:
            color = pairs[template.color][1]
            if color not in colors:
                colors[color] = b'r="%d" g="%d" b="%d"' % rgb(str(color))
            fields.append(colors[color])
        end = at + template.size
        fields += texts[at:end]
        at = end
        if template.converted:
            fields += [_gexf_value(pairs[i][1]).encode() for i in template.converted]
        fields_used.append(template.fields(fields))
    texts_used = map([template.text for template in templates].__getitem__, shapes)
    return b"".join(texts_used) % tuple(chain.from_iterable(fields_used))


def _numbered(attribute_lists: Iterable[list[tuple[str, Value]]]) -> _Shapes:
    distinct: dict[Shape, int] = {}
    numbers = [distinct.setdefault(shape_of(pairs), len(distinct)) for pairs in attribute_lists]
    return _Shapes(list(distinct), numbers)


def _node_shapes(graph: KnowledgeGraph) -> _Shapes:
    """The shapes of :func:`flat_nodes`, made once for GraphML and GEXF."""
    return _numbered(map(_last, shared(graph, flat_nodes)))


def _edge_shapes(graph: KnowledgeGraph) -> _Shapes:
    """The shapes of :func:`flat_edges`, made once for GraphML and GEXF."""
    return _numbered(map(_last, shared(graph, flat_edges)))


def gexf_chunks(graph: KnowledgeGraph) -> Iterator[bytes]:
    """The graph as GEXF 1.2 with ``viz:color`` per node, as Gephi opens it, made as it is read.

    The file carries no date and names hzkg as its creator, so the same graph always gives the
    same bytes. As for :func:`graphml_chunks`, everything but the elements' text is made here.
    """
    keys = Keys(str, by_type=False)
    flat_n, flat_e = shared(graph, flat_nodes), shared(graph, flat_edges)
    node_shapes, edge_shapes = shared(graph, _node_shapes), shared(graph, _edge_shapes)
    node_templates = [_gexf_node_template(keys, shape) for shape in node_shapes.distinct]
    edge_templates = [_gexf_edge_template(keys, shape) for shape in edge_shapes.distinct]
    declarations: list[Piece] = [
        element(
            "    ",
            f'<attributes mode="static" class="{scope}"',
            "</attributes>",
            [
                f'      <attribute id="{key}" title="{escape_attribute(name)}" '
                f'type="{keys.types[s, name, t]}" />\n'
                for (s, name, t), key in keys.ids.items()
                if s == scope
            ],
        ).encode()
        for scope in reversed(keys.scopes)
    ]
    nodes = (_gexf_elements(node_templates, *batch) for batch in _batches(flat_n, node_shapes))
    edges = (_gexf_elements(edge_templates, *batch) for batch in _batches(flat_e, edge_shapes))
    viz = 'xmlns:viz="http://www.gexf.net/1.2draft/viz" ' if flat_n else ""
    root = (
        f'<gexf {viz}xmlns="http://www.gexf.net/1.2draft" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
        'version="1.2"'
    )
    meta = b"  <meta>\n    <creator>hzkg</creator>\n  </meta>\n"
    graph_children = [
        *declarations,
        *container("    ", "<nodes", "</nodes>", [nodes] if flat_n else []),
        *container("    ", "<edges", "</edges>", [edges] if flat_e else []),
    ]
    graph_start = '<graph defaultedgetype="directed" mode="static" name="hzkg"'
    body = [meta, *container("  ", graph_start, "</graph>", graph_children)]
    return chunks([_DECLARATION.encode(), *container("", root, "</gexf>", body)])
