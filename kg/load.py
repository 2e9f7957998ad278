"""Load a curation tree: the source registry and one record per file, every problem collected.

Layout: ``curation/<type>/<id>.yaml`` (``curation/inbox/`` holds extraction proposals and is
never loaded as truth) and ``seeds/sources.yaml``. Every file is read and checked even after
another fails; a file that does not validate is reported, never skipped silently.

A tree is read from a folder (:func:`load_curation`) or from bytes already in memory
(:func:`load_tree`, :func:`parse_record`, :func:`parse_sources`), such as the blobs of a git
revision; both give the same records and the same problems for the same content.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from kg.errors import Problem, UsageError
from kg.schema import RECORD_TYPES, Record, Source
from kg.validation import field_path, translate
from kg.yamlio import MAX_RECORD_BYTES, Located, parse_yaml, read_yaml

__all__ = [
    "Curation",
    "Document",
    "file_name",
    "find_root",
    "load_curation",
    "load_record",
    "load_sources",
    "load_tree",
    "parse_record",
    "parse_sources",
]

CURATION_DIR = "curation"
INBOX_DIR = "inbox"
SOURCES_FILE = Path("seeds") / "sources.yaml"
MAX_SOURCES_BYTES = 16 * 1024 * 1024


class Document:
    """One curation file: where it is, what it says, and where each value sits in it."""

    __slots__ = ("_path", "display", "located", "record", "type")

    def __init__(
        self, path: Path | str, display: str, type: str, located: Located | None, record: Record | None
    ) -> None:
        self._path = path
        self.display = display
        self.type = type
        self.located = located
        self.record = record

    @property
    def path(self) -> Path:
        """Where the file is; made a ``Path`` when first asked for (a check of 100,000 files
        never asks, and making one costs a few microseconds)."""
        if isinstance(self._path, str):
            self._path = Path(self._path)
        return self._path

    def __repr__(self) -> str:
        return (
            f"Document(path={self.path!r}, display={self.display!r}, type={self.type!r}, "
            f"located={self.located!r}, record={self.record!r})"
        )


@dataclass
class Curation:
    """Everything read from a tree, valid or not, with the problems found while reading."""

    root: Path
    records: dict[str, Record] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    sources_located: Located | None = None
    problems: list[Problem] = field(default_factory=list)
    all_documents: list[Document] = field(default_factory=list)


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding ``seeds/sources.yaml`` or ``curation/``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / SOURCES_FILE).is_file() or (folder / CURATION_DIR).is_dir():
            return folder
    raise UsageError(f"no curation found at or above {start} (expected curation/ or {SOURCES_FILE})")


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def load_record(path: Path, record_type: str, display: str) -> tuple[Document, list[Problem]]:
    """Read, parse and validate one record file."""
    located, problems = read_yaml(path, display)
    return _validate(path, record_type, display, located, problems)


def parse_record(
    data: bytes, record_type: str, display: str, path: Path | str | None = None
) -> tuple[Document, list[Problem]]:
    """Parse and validate one record file given as bytes; ``path`` defaults to ``display``."""
    if len(data) > MAX_RECORD_BYTES:
        message = f"file is {len(data):,} bytes; the limit is {MAX_RECORD_BYTES:,}"
        problem = Problem(display, 1, 1, "KG002", message)
        return Document(path or display, display, record_type, None, None), [problem]
    located, problems = parse_yaml(data, display)
    return _validate(path or display, record_type, display, located, problems)


def file_name(path: Path | str) -> tuple[str, str]:
    """The name and the stem of a file, as ``Path(path).name`` and ``.stem`` give them, without
    making a ``Path`` of a string.

    >>> file_name("curation/company/silan-micro.yaml"), file_name("a/.yaml"), file_name("a/b.")
    (('silan-micro.yaml', 'silan-micro'), ('.yaml', '.yaml'), ('b.', 'b.'))
    """
    if not isinstance(path, str) or os.sep != "/" or path.endswith("/") or "/." in path or path[:1] == ".":
        # the rare shapes that Path reads other than by splitting at the last slash
        path = Path(path)
        return path.name, path.stem
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return name, name[:dot] if 0 < dot < len(name) - 1 else name


def _validate(
    path: Path | str, record_type: str, display: str, located: Located | None, problems: list[Problem]
) -> tuple[Document, list[Problem]]:
    document = Document(path, display, record_type, located, None)
    if located is None:
        return document, problems
    data = located.data
    if not isinstance(data, dict):
        return document, [
            *problems,
            Problem(display, 1, 1, "KG008", f"a record file holds one mapping, not a {type(data).__name__}"),
        ]
    record_id = data.get("id")
    name, stem = file_name(path)
    if isinstance(record_id, str) and record_id != stem:
        line, col = located.where(("id",))
        problems.append(
            Problem(
                display,
                line,
                col,
                "KG009",
                f"id {record_id!r} differs from the file name {name!r}; rename one so they match",
            )
        )
    model = RECORD_TYPES[record_type]
    try:
        document.record = model.model_validate(data)
    except ValidationError as exc:
        problems.extend(translate(exc, model, located, display))
    return document, problems


def load_sources(root: Path) -> tuple[dict[str, Source], Located | None, list[Problem]]:
    """Read seeds/sources.yaml: a list of source entries, ids unique."""
    path = root / SOURCES_FILE
    display = str(SOURCES_FILE)
    if not path.is_file():
        return {}, None, [Problem(display, 1, 1, "KG401", "source registry is missing")]
    located, problems = read_yaml(path, display, MAX_SOURCES_BYTES)
    return _registry(located, problems, lambda name: (path.parent / name).is_file())


def parse_sources(
    data: bytes | None, has_file: Callable[[str], bool]
) -> tuple[dict[str, Source], Located | None, list[Problem]]:
    """Parse a registry given as bytes (None when there is none); ``has_file`` says whether a
    file name exists in seeds/."""
    display = str(SOURCES_FILE)
    if data is None:
        return {}, None, [Problem(display, 1, 1, "KG401", "source registry is missing")]
    if len(data) > MAX_SOURCES_BYTES:
        message = f"file is {len(data):,} bytes; the limit is {MAX_SOURCES_BYTES:,}"
        return {}, None, [Problem(display, 1, 1, "KG002", message)]
    located, problems = parse_yaml(data, display)
    return _registry(located, problems, has_file)


def _registry(
    located: Located | None, problems: list[Problem], has_file: Callable[[str], bool]
) -> tuple[dict[str, Source], Located | None, list[Problem]]:
    display = str(SOURCES_FILE)
    if located is None:
        return {}, None, problems
    if not isinstance(located.data, list):
        wrong = Problem(display, 1, 1, "KG401", "the registry must be a list of sources")
        return {}, located, [*problems, wrong]
    sources: dict[str, Source] = {}
    for index, entry in enumerate(located.data):
        try:
            source = Source.model_validate(entry)
        except ValidationError as exc:
            for problem in translate(exc, Source, _shifted(located, index), display):
                code = problem.code if problem.code != "KG103" else "KG401"
                problems.append(
                    Problem(
                        problem.path, problem.line, problem.col, code, f"sources[{index}]: {problem.message}"
                    )
                )
            continue
        if source.id in sources:
            line, col = located.where((index, "id"))
            problems.append(Problem(display, line, col, "KG401", f"duplicate source id {source.id!r}"))
            continue
        if source.file and not has_file(source.file):
            line, col = located.where((index, "file"))
            problems.append(
                Problem(
                    display,
                    line,
                    col,
                    "KG303",
                    f"source {source.id!r}: file {source.file!r} not found in seeds/",
                )
            )
        sources[source.id] = source
    return sources, located, problems


def _shifted(located: Located, index: int) -> Located:
    """A view of one list entry, so field paths are relative to the entry."""
    prefix = (index,)
    view = Located(located.data[index])
    view.values = {k[1:]: v for k, v in located.values.items() if k[:1] == prefix}
    view.keys = {k[1:]: v for k, v in located.keys.items() if k[:1] == prefix}
    return view


def record_files(root: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Every curation file with its type, sorted; misplaced files are problems."""
    base = root / CURATION_DIR
    if not base.is_dir():
        return [], []
    files = (path for path in sorted(base.rglob("*")) if not path.is_dir())
    typed, problems = classify(PurePosixPath(path.relative_to(root).as_posix()) for path in files)
    return [(root / relative, record_type) for relative, record_type in typed], problems


def classify(relatives: Iterable[PurePosixPath]) -> tuple[list[tuple[PurePosixPath, str]], list[Problem]]:
    """Sort paths (relative to the project folder) under curation/ into record files with their
    type, ignoring the inbox and hidden files; anything else there is a KG010 problem."""
    found: list[tuple[PurePosixPath, str]] = []
    problems: list[Problem] = []
    for relative in sorted(relatives):
        kind = path_kind(relative.as_posix())
        if kind is None:
            continue
        if not kind:
            problems.append(
                Problem(
                    str(relative),
                    1,
                    1,
                    "KG010",
                    f"expected curation/<type>/<id>.yaml with type one of {', '.join(sorted(RECORD_TYPES))}",
                )
            )
            continue
        found.append((relative, kind))
    return found, problems


def path_kind(relative: str) -> str | None:
    """The record type a POSIX path relative to the project folder holds: the type for
    ``curation/<type>/<id>.yaml``, '' for a misplaced file under curation/, None for anything
    that is no record file (outside curation/, in the inbox, hidden).

    >>> path_kind("curation/company/silan-micro.yaml"), path_kind("curation/x.yaml"), path_kind("seeds/a.txt")
    ('company', '', None)
    """
    parts = relative.split("/")
    if len(parts) < 2 or parts[0] != CURATION_DIR:
        return None
    inner = parts[1:]
    if inner[0] == INBOX_DIR or any(part.startswith(".") for part in inner):
        return None
    if len(inner) == 2 and inner[0] in RECORD_TYPES and inner[1].endswith(".yaml"):
        return inner[0]
    return ""


def load_curation(root: Path) -> Curation:
    """Load every source and record under ``root``; problems are collected, not raised."""
    curation = Curation(root=root)
    curation.sources, curation.sources_located, problems = load_sources(root)
    curation.problems.extend(problems)
    files, problems = record_files(root)
    curation.problems.extend(problems)
    _add_documents(curation, (load_record(path, kind, _display(path, root)) for path, kind in files))
    return curation


def load_tree(files: Mapping[str, bytes], root: Path) -> Curation:
    """Load a tree given as bytes, keyed by POSIX path relative to the project folder
    (``curation/company/silan-micro.yaml``, ``seeds/sources.yaml``); ``root`` is where it would
    live, for messages. Same records and problems as :func:`load_curation` on those files.
    """
    curation = Curation(root=root)
    seeds = PurePosixPath(SOURCES_FILE.parent.as_posix())
    registry = files.get(SOURCES_FILE.as_posix())
    curation.sources, curation.sources_located, problems = parse_sources(
        registry, lambda name: (seeds / name).as_posix() in files
    )
    curation.problems.extend(problems)
    typed, problems = classify(PurePosixPath(name) for name in files)
    curation.problems.extend(problems)
    _add_documents(
        curation,
        (parse_record(files[str(rel)], kind, str(rel), root / str(rel)) for rel, kind in typed),
    )
    return curation


def _add_documents(curation: Curation, loaded: Iterable[tuple[Document, list[Problem]]]) -> None:
    for document, problems in loaded:
        curation.problems.extend(problems)
        curation.all_documents.append(document)
        record = document.record
        if record is None:
            continue
        if record.id in curation.records:
            first = curation.documents[record.id]
            line, col = document.located.where(("id",)) if document.located else (1, 1)
            curation.problems.append(
                Problem(
                    document.display, line, col, "KG201", f"id {record.id!r} is also used by {first.display}"
                )
            )
            continue
        curation.records[record.id] = record
        curation.documents[record.id] = document


__all__ += ["classify", "field_path", "path_kind", "record_files"]
