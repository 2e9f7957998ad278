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
from collections.abc import Callable
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
_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
_TYPE_NAMES: dict[type, str] = {str: "string", bool: "boolean", int: "long", float: "double"}
"""XML attribute types by Python type, as GraphML and GEXF name them."""


def _text(value: str) -> str:
    """Escaped element text; CR as ``&#13;``, since XML readers turn a raw CR into LF."""
    if _TEXT_SPECIAL.search(value) is None:
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attribute(value: str) -> str:
    """An escaped attribute value; CR, LF and tab as character references, so they survive."""
    if _ATTRIBUTE_SPECIAL.search(value) is None:
        return value
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return value.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


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


def _edge_start(source: str, target: str, identifier: str) -> str:
    return f'<edge source="{_attribute(source)}" target="{_attribute(target)}" id="{_attribute(identifier)}"'


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
        self._known: dict[tuple[str, str, type], str] = {}
        """(scope, name, Python type of the value) → key id: the lookup of every value."""

    def id(self, scope: str, name: str, value: Value) -> str:
        kind = type(value)
        found = self._known.get((scope, name, kind))
        if found is not None:
            return found
        type_name = _TYPE_NAMES[kind]
        lookup = (scope, name, type_name if self._by_type else "")
        found = self.ids.get(lookup)
        if found is None:
            found = self.ids[lookup] = self._number(len(self.ids))
            self.types[lookup] = type_name
            if scope not in self.scopes:
                self.scopes.append(scope)
        self._known[scope, name, kind] = found
        return found


def graphml_bytes(graph: KnowledgeGraph) -> bytes:
    """The graph as GraphML; edge ids are :func:`edge_id`, so parallel edges stay apart."""
    keys = _Keys(lambda n: f"d{n}", by_type=True)

    def data(scope: str, attributes: list[tuple[str, Value]]) -> list[str]:
        return [
            f'      <data key="{keys.id(scope, k, v)}">{_text(str(v))}</data>\n'
            if v != ""
            else f'      <data key="{keys.id(scope, k, v)}" />\n'
            for k, v in attributes
        ]

    elements: list[bytes] = []
    for node_id, attributes in shared(graph, flat_nodes):
        start = f'<node id="{_attribute(node_id)}"'
        elements.append(_element("    ", start, "</node>", data("node", attributes)).encode())
    for source, target, identifier, attributes in shared(graph, flat_edges):
        start = _edge_start(source, target, identifier)
        elements.append(_element("    ", start, "</edge>", data("edge", attributes)).encode())
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
    body = declarations + _container("  ", '<graph edgedefault="directed"', "</graph>", elements)
    return b"".join([_DECLARATION.encode(), *_container("", root, "</graphml>", body)])


def _gexf_value(value: Value) -> str:
    if type(value) is str:
        return value if _ATTRIBUTE_SPECIAL.search(value) is None else _attribute(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(value, float):
        return {"inf": "INF", "-inf": "-INF", "nan": "NaN"}.get(text, text)
    return _attribute(text)


def _attvalues(keys: _Keys, scope: str, attributes: list[tuple[str, Value]]) -> str:
    values = [
        f'          <attvalue for="{keys.id(scope, name, value)}" value="{_gexf_value(value)}" />\n'
        for name, value in attributes
    ]
    return _element("        ", "<attvalues", "</attvalues>", values) if values else ""


def gexf_bytes(graph: KnowledgeGraph) -> bytes:
    """The graph as GEXF 1.2 with ``viz:color`` per node, as Gephi opens it.

    The file carries no date and names hzkg as its creator, so the same graph always gives the
    same bytes.
    """
    keys = _Keys(str, by_type=False)
    nodes: list[bytes] = []
    for node_id, attributes in shared(graph, flat_nodes):
        values = dict(attributes)
        label = values.pop("label", node_id)
        r, g, b = rgb(str(values["color"]))
        children = [f'        <viz:color r="{r}" g="{g}" b="{b}" a="1.0" />\n']
        children.append(_attvalues(keys, "node", list(values.items())))
        start = f'<node id="{_attribute(node_id)}" label="{_attribute(str(label))}"'
        nodes.append(_element("      ", start, "</node>", [c for c in children if c]).encode())
    edges: list[bytes] = []
    for source, target, identifier, attributes in shared(graph, flat_edges):
        values = dict(attributes)
        start = (
            f'<edge source="{_attribute(source)}" target="{_attribute(target)}" id="{_attribute(identifier)}"'
        )
        if "label" in values:
            start += f' label="{_attribute(str(values.pop("label")))}"'
        values["networkx_key"] = identifier
        attvalues = _attvalues(keys, "edge", list(values.items()))
        edges.append(_element("      ", start, "</edge>", [attvalues] if attvalues else []).encode())
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
        *_container("    ", "<nodes", "</nodes>", nodes),
        *_container("    ", "<edges", "</edges>", edges),
    ]
    graph_start = '<graph defaultedgetype="directed" mode="static" name="hzkg"'
    body = [meta, *_container("  ", graph_start, "</graph>", graph_children)]
    return b"".join([_DECLARATION.encode(), *_container("", root, "</gexf>", body)])
