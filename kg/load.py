"""Load a curation tree: the source registry and one record per file, every problem collected.

Layout: ``curation/<type>/<id>.yaml`` (``curation/inbox/`` holds extraction proposals and is
never loaded as truth) and ``seeds/sources.yaml``. Every file is read and checked even after
another fails; a file that does not validate is reported, never skipped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from kg.errors import Problem, UsageError
from kg.schema import RECORD_TYPES, Record, Source
from kg.validation import field_path, translate
from kg.yamlio import Located, read_yaml

__all__ = ["Curation", "Document", "find_root", "load_curation", "load_record", "load_sources"]

CURATION_DIR = "curation"
INBOX_DIR = "inbox"
SOURCES_FILE = Path("seeds") / "sources.yaml"
MAX_SOURCES_BYTES = 16 * 1024 * 1024


@dataclass
class Document:
    """One curation file: where it is, what it says, and where each value sits in it."""

    path: Path
    display: str
    type: str
    located: Located | None
    record: Record | None


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
    document = Document(path, display, record_type, located, None)
    if located is None:
        return document, problems
    data = located.data
    if not isinstance(data, dict):
        return document, [
            *problems,
            Problem(display, 1, 1, "KG008", f"a record file holds one mapping, not a {type(data).__name__}"),
        ]
    if isinstance(data.get("id"), str) and data["id"] != path.stem:
        line, col = located.where(("id",))
        problems.append(
            Problem(
                display,
                line,
                col,
                "KG009",
                f"id {data['id']!r} differs from the file name {path.name!r}; rename one so they match",
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
        if source.file and not (path.parent / source.file).is_file():
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
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    if not base.is_dir():
        return found, problems
    for path in sorted(base.rglob("*")):
        relative = path.relative_to(base)
        if path.is_dir() or relative.parts[0] == INBOX_DIR or any(p.startswith(".") for p in relative.parts):
            continue
        display = _display(path, root)
        folder = relative.parts[0] if len(relative.parts) == 2 else None
        if folder not in RECORD_TYPES or path.suffix != ".yaml":
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "KG010",
                    f"expected curation/<type>/<id>.yaml with type one of {', '.join(sorted(RECORD_TYPES))}",
                )
            )
            continue
        found.append((path, folder))
    return found, problems


def load_curation(root: Path) -> Curation:
    """Load every source and record under ``root``; problems are collected, not raised."""
    curation = Curation(root=root)
    curation.sources, curation.sources_located, problems = load_sources(root)
    curation.problems.extend(problems)
    files, problems = record_files(root)
    curation.problems.extend(problems)
    for path, record_type in files:
        document, problems = load_record(path, record_type, _display(path, root))
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
    return curation


__all__ += ["field_path", "record_files"]
