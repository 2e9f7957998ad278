"""GraphML and GEXF: the XML graph formats that Gephi, yEd, Cytoscape and igraph open.

Both carry every node with a ``label`` (the Chinese name), its ``type`` and a ``color`` per
type, and every edge with its predicate as ``label``. Lists are joined with ``"; "`` and
structured facts (figures, citations) travel as JSON text, because neither format has lists.
networkx writes the XML, so ``<``, ``&`` and quotes are escaped by ElementTree; characters
that XML 1.0 cannot carry at all are refused with an :class:`~kg.errors.ExportError`.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element, tostring

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriter

from kg.errors import ExportError
from kg.export.naming import edge_id
from kg.export.tables import entity_rows, relation_rows
from kg.palette import TYPE_COLORS, rgb

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["flat_graph", "gexf_bytes", "graphml_bytes"]

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
_CR = "\ue00d"
"""Stands in for a carriage return until the XML text is made: ElementTree writes CR raw in
element text, and XML readers turn a raw CR into LF, so it must become ``&#13;``."""


def _document(root: Element) -> bytes:
    """Indented UTF-8 XML with a declaration; Chinese stays readable, not character references."""
    from xml.etree.ElementTree import indent

    indent(root, space="  ")
    text = tostring(root, encoding="unicode").replace(_CR, "&#13;")
    return (_DECLARATION + text + "\n").encode("utf-8")


def _xml_value(value: Any, where: str) -> Any:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        bad = _NOT_XML.search(value) or re.search(_CR, value)
        if bad:
            raise ExportError(
                f"{where} holds the character U+{ord(bad.group()):04X}, which GraphML and GEXF cannot carry: "
                f"{value!r} (remove it from the curation file)"
            )
        value = value.replace("\r", _CR)
    return value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def flat_graph(graph: KnowledgeGraph) -> nx.MultiDiGraph[str]:
    """A copy of the graph whose attributes are all strings, numbers or booleans."""
    flat: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for row in entity_rows(graph):
        node = graph.nx.nodes[row["id"]]
        attributes: dict[str, Any] = {
            "label": row["name"],
            "type": row["type"],
            "color": TYPE_COLORS.get(row["type"], "#999999"),
            **{k: v for k, v in row.items() if k not in ("id", "type") and v not in (None, [])},
            "indicators": _json(node["indicators"]),
            "citations": _json(node["sources"]),
        }
        flat.add_node(
            row["id"], **{k: _xml_value(v, f"record {row['id']!r}: {k}") for k, v in attributes.items()}
        )
    for row in relation_rows(graph):
        data = graph.nx.edges[row["source"], row["target"], row["key"]]
        where = f"relation {row['source']} --{row['rel']}--> {row['target']}"
        attributes = {
            "label": row["label"],
            "label_zh": row["label_zh"],
            "rel": row["rel"],
            **{k: row[k] for k in ("stage", "tier", "role", "period", "note") if row[k] is not None},
            "citations": _json(data["sources"]),
        }
        flat.add_edge(
            row["source"],
            row["target"],
            key=edge_id(row["source"], row["key"], row["target"]),
            **{k: _xml_value(v, f"{where}: {k}") for k, v in attributes.items()},
        )
    return flat


def graphml_bytes(graph: KnowledgeGraph) -> bytes:
    """The graph as GraphML; edge ids are :func:`edge_id`, so parallel edges stay apart."""
    flat = flat_graph(graph)
    writer = GraphMLWriter(encoding="utf-8", prettyprint=False)
    writer.add_graph_element(flat)
    return _document(writer.xml)


def gexf_bytes(graph: KnowledgeGraph) -> bytes:
    """The graph as GEXF 1.2 with ``viz:color`` per node, as Gephi opens it.

    networkx stamps the file with today's date and its own version; both are replaced so the
    same graph always gives the same bytes.
    """
    flat = flat_graph(graph)
    for _, data in flat.nodes(data=True):
        r, g, b = rgb(data["color"])
        data["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}
    for _, _, key, data in flat.edges(keys=True, data=True):
        data["id"] = key
    flat.graph["name"] = "hzkg"
    writer = GEXFWriter(encoding="utf-8", prettyprint=False, version="1.2draft")
    writer.add_graph(flat)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
        creator = meta.find("creator")
        if creator is not None:
            creator.text = "hzkg"
    return _document(writer.xml)
