"""Exports that other tools open: node-link JSON, GraphML, GEXF, Neo4j CSV, Cypher, Turtle, CSV.

Each format turns the graph into bytes, file by file, each file as a run of chunks that the
format may make while they are written (at 100,000 records a file is hundreds of megabytes,
and memory that is written once and let go is cheaper than memory that is held);
:func:`write_export` writes them atomically, and :func:`write_all` writes every format under
``build/`` for ``kg build``. Same graph, same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

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


def write_export(
    graph: KnowledgeGraph,
    fmt: str,
    path: Path,
    *,
    only: Collection[str] | None = None,
    skip: Collection[str] = (),
) -> list[Path]:
    """Write one format at ``path`` (a file, or a folder for multi-file formats); return the paths.

    Each file is written chunk by chunk as the format makes it (:func:`write_chunks_atomic`).
    A folder format's files can be picked: ``only`` these (all by default), none of ``skip``.
    """
    spec = _known(fmt)
    files = spec.make(graph)
    if spec.is_folder:
        if path.exists() and not path.is_dir():
            raise UsageError(f"{path} is a file; the {fmt} export is a folder of files")
        targets = {
            path / name: data
            for name, data in files.items()
            if (only is None or name in only) and name not in skip
        }
    else:
        if path.is_dir():
            raise UsageError(f"{path} is a folder; give the file to write, such as {path / spec.build_path}")
        (data,) = files.values()
        targets = {path: data}
    for target, chunks in targets.items():
        write_chunks_atomic(target, chunks)
    return list(targets)


class _Job(NamedTuple):
    """Formats one process writes in a row; of a folder format, ``only`` these files (all by
    default), none of ``skip``."""

    formats: tuple[str, ...]
    only: tuple[str, ...] | None = None
    skip: tuple[str, ...] = ()


_WITHOUT_ROWS = _Job(("turtle", "json"))
"""Formats made from the graph alone: a helper process forked before the shared rows are made
writes them meanwhile (at 100,000 records ~6.5 s of the ~24 s of CPU the exports take)."""

_FROM_ROWS = (
    _Job(("graphml", "gexf")),  # both cut from the flat graph, made once by whichever writes them
    _Job(("neo4j-csv", "cypher")),  # both from the Neo4j tables
    _Job(("csv",), skip=("citations.csv",)),
    _Job(("csv",), only=("citations.csv",)),  # the spreadsheet set in two: the sides end together
)
"""The formats cut from the shared rows, as jobs that this process and one forked after the
rows are made take in turns (:func:`kg.parallel.share_out`), longest first (~6.6, ~5.9, ~1.8
and ~1.5 s at 100,000 records)."""

SPLIT_FROM = 2000
"""Below this many records, starting helper processes costs more than it saves."""


def write_all(graph: KnowledgeGraph, out: Path, jobs: int | None = None) -> list[Path]:
    """Write every format under ``out`` (the build folder); return the paths, in format order,
    each format's files by name.

    The rows that most formats share are made once, here. When there are several cores and the
    graph is large, three processes share two cores: a forked helper writes the formats made
    from the graph alone while this one makes the rows; then this one and a second helper
    forked after it take the other formats in turns. Every core stays busy until the last file,
    and the files are the same either way. A format's error is raised after every other format
    is written, the first in format order.
    """
    from kg.export.shared import sharing
    from kg.parallel import Beside, collector_paused, job_count, share_out

    def write(job: _Job) -> dict[str, list[Path] | ExportError]:
        """Paths written by format; a format's error is kept, to be raised in format order."""
        done: dict[str, list[Path] | ExportError] = {}
        for name in job.formats:
            try:
                path = out / FORMATS[name].build_path
                done[name] = write_export(graph, name, path, only=job.only, skip=job.skip)
            except ExportError as error:
                done[name] = error
        return done

    with sharing(graph), collector_paused():
        if job_count(jobs) < 2 or graph.nx.number_of_nodes() < SPLIT_FROM:
            _make_shared_rows(graph)
            parts = [write(_Job(tuple(FORMATS)))]
        else:
            without_rows = Beside(lambda: write(_WITHOUT_ROWS))
            try:
                _make_shared_rows(graph)
                parts = share_out(_FROM_ROWS, write)
            except BaseException:
                without_rows.stop()
                raise
            parts.append(without_rows.result())
    return _paths_by_format(parts)


def _paths_by_format(parts: Iterable[dict[str, list[Path] | ExportError]]) -> list[Path]:
    """The paths each part wrote, in format order, each format's by name; a format's error
    (the first in format order) is raised instead."""
    done: dict[str, list[Path]] = {}
    errors: dict[str, ExportError] = {}
    for part in parts:
        for name, written in part.items():
            if isinstance(written, ExportError):
                errors.setdefault(name, written)
            else:
                done.setdefault(name, []).extend(written)
    for name in FORMATS:
        if name in errors:
            raise errors[name]
    return [path for name in FORMATS for path in sorted(done[name])]


def _make_shared_rows(graph: KnowledgeGraph) -> None:
    """Make the rows that the jobs of :data:`_FROM_ROWS` cut their files from, before the
    helper that takes turns with this process is forked. The citations as JSON text are among
    them: the GraphML and the Neo4j jobs both need them, and usually run on different sides.
    """
    from kg.export.jsontext import edge_citations_json, graph_numbers_alike, node_citations_json
    from kg.export.shared import shared
    from kg.export.tables import entity_rows, indicator_rows, relation_rows

    for make in (
        entity_rows,
        relation_rows,
        indicator_rows,
        node_citations_json,
        edge_citations_json,
        graph_numbers_alike,
    ):
        shared(graph, make)
