"""Exports that other tools open: node-link JSON, GraphML, GEXF, Neo4j CSV, Cypher, Turtle, CSV.

Each format turns the graph into bytes, file by file, each file as a run of chunks that the
format may make while they are written (at 100,000 records a file is hundreds of megabytes,
and memory that is written once and let go is cheaper than memory that is held);
:func:`write_export` writes them atomically, and :func:`write_all` writes every format under
``build/`` for ``kg build``. Same graph, same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.atomic import write_chunks_atomic
from kg.errors import ExportError, UsageError

if TYPE_CHECKING:
    from kg.query import KnowledgeGraph

__all__ = ["FORMATS", "SPLIT_FROM", "Files", "Format", "export_files", "write_all", "write_export"]

Files = dict[str, Iterable[bytes]]
"""File name → its bytes as chunks, joined in order; a chunk run may be a generator, made once."""


@dataclass(frozen=True)
class Format:
    """One export format: what it is for, where ``kg build`` puts it, how to make it."""

    name: str
    summary: str
    build_path: str
    """File (or folder, for a multi-file format) under build/."""
    make: Callable[[KnowledgeGraph], Files]
    """Graph → file name → chunks; a single-file format returns one file named ``build_path``."""

    @property
    def is_folder(self) -> bool:
        return "." not in self.build_path


def _json(graph: KnowledgeGraph) -> Files:
    from kg.export.nodelink import graph_json_chunks

    return {"graph.json": graph_json_chunks(graph)}


def _graphml(graph: KnowledgeGraph) -> Files:
    from kg.export.graphxml import graphml_chunks

    return {"graph.graphml": graphml_chunks(graph)}


def _gexf(graph: KnowledgeGraph) -> Files:
    from kg.export.graphxml import gexf_chunks

    return {"graph.gexf": gexf_chunks(graph)}


def _neo4j(graph: KnowledgeGraph) -> Files:
    from kg.export.neo4j import neo4j_files

    return neo4j_files(graph)


def _cypher(graph: KnowledgeGraph) -> Files:
    from kg.export.cypher import cypher_script

    return {"graph.cypher": cypher_script(graph)}


def _turtle(graph: KnowledgeGraph) -> Files:
    from kg.export.rdf import turtle_chunks

    return {"graph.ttl": turtle_chunks(graph)}


def _csv(graph: KnowledgeGraph) -> Files:
    from kg.export.spreadsheet import spreadsheet_files

    return spreadsheet_files(graph)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in [
        Format("json", "networkx node-link JSON with the schema version", "graph.json", _json),
        Format("graphml", "GraphML for Gephi, yEd, Cytoscape, igraph", "graph.graphml", _graphml),
        Format("gexf", "GEXF for Gephi: labels, types and colours", "graph.gexf", _gexf),
        Format("neo4j-csv", "CSV for neo4j-admin database import, with import.sh", "neo4j", _neo4j),
        Format("cypher", "Cypher script of idempotent MERGE statements", "graph.cypher", _cypher),
        Format("turtle", "RDF Turtle with PROV-O citations", "graph.ttl", _turtle),
        Format("csv", "spreadsheet CSV set (UTF-8 with BOM) for Excel", "csv", _csv),
    ]
}
"""Every export format by name, in the order ``kg build`` writes them."""


def export_files(graph: KnowledgeGraph, fmt: str) -> dict[str, bytes]:
    """File name → bytes of one format; an unknown name raises :class:`UsageError`."""
    return {name: b"".join(chunks) for name, chunks in _known(fmt).make(graph).items()}


def _known(fmt: str) -> Format:
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    return FORMATS[fmt]


def write_export(graph: KnowledgeGraph, fmt: str, path: Path) -> list[Path]:
    """Write one format at ``path`` (a file, or a folder for multi-file formats); return the paths.

    Each file is written chunk by chunk as the format makes it (:func:`write_chunks_atomic`).
    """
    spec = _known(fmt)
    files = spec.make(graph)
    if spec.is_folder:
        if path.exists() and not path.is_dir():
            raise UsageError(f"{path} is a file; the {fmt} export is a folder of files")
        targets = {path / name: data for name, data in files.items()}
    else:
        if path.is_dir():
            raise UsageError(f"{path} is a folder; give the file to write, such as {path / spec.build_path}")
        (data,) = files.values()
        targets = {path: data}
    for target, chunks in targets.items():
        write_chunks_atomic(target, chunks)
    return list(targets)


_THERE = ("graphml", "gexf", "csv")
"""The formats :func:`write_all` hands to its helper process (it writes the others itself):
about half of the work each (at 100,000 records ~15 s there, ~16 s here). Formats that cut
their files from the same pieces (the flat graph; the Neo4j tables) stay on one side, so the
pieces are made once."""

SPLIT_FROM = 2000
"""Below this many records, starting a helper process costs more than it saves."""


def write_all(graph: KnowledgeGraph, out: Path, jobs: int | None = None) -> list[Path]:
    """Write every format under ``out`` (the build folder); return the paths written.

    The rows that most formats share are made once, here; then, when there are several cores
    and the graph is large, a forked helper process writes half of the formats while this one
    writes the others (:func:`kg.parallel.run_beside`). The files are the same either way.
    """
    from kg.export.shared import sharing
    from kg.parallel import collector_paused, job_count, run_beside

    def write(names: Sequence[str]) -> dict[str, list[Path] | ExportError]:
        """Paths written by format; a format's error is kept, and raised in format order below."""
        done: dict[str, list[Path] | ExportError] = {}
        for name in names:
            try:
                done[name] = write_export(graph, name, out / FORMATS[name].build_path)
            except ExportError as error:
                done[name] = error
        return done

    here = [name for name in FORMATS if name not in _THERE]
    there = [name for name in FORMATS if name in _THERE]
    with sharing(graph), collector_paused():
        _make_shared_rows(graph)
        if job_count(jobs) < 2 or graph.nx.number_of_nodes() < SPLIT_FROM:
            done = write(list(FORMATS))
        else:
            mine, theirs = run_beside(lambda: write(here), lambda: write(there))
            done = {**mine, **theirs}
    paths = []
    for name in FORMATS:
        written = done[name]
        if isinstance(written, ExportError):
            raise written
        paths += written
    return paths


def _make_shared_rows(graph: KnowledgeGraph) -> None:
    """Make the rows that formats on both sides of the fork cut their files from, before it.

    The records' citations as JSON text (for Neo4j here, GraphML and GEXF there) are made on
    each side instead: making them before the fork would wait as long.
    """
    from kg.export.jsontext import graph_numbers_alike
    from kg.export.shared import shared
    from kg.export.tables import entity_rows, indicator_rows, relation_rows

    for make in (entity_rows, relation_rows, indicator_rows, graph_numbers_alike):
        shared(graph, make)
