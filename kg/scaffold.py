"""`kg new`: a new record file with every required field, holding placeholders to fill in.

Each placeholder starts with :data:`~kg.validation.PLACEHOLDER` and says what belongs there, so
``kg check`` refuses the file (KG111, one line per blank) until the curator has filled it in.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo

from kg.atomic import write_text_atomic
from kg.canonical import schema_header
from kg.checks import name_key
from kg.errors import UsageError
from kg.load import CURATION_DIR, parse_record
from kg.schema import RECORD_TYPES
from kg.schema.base import SLUG_PATTERN, did_you_mean
from kg.validation import PLACEHOLDER
from kg.yamlio import dump_yaml

__all__ = ["new_record", "record_template", "similar_records"]

_HINTS = {
    "name": "canonical Simplified Chinese name",
    "name_en": "English name",
    "source": "id of a source in seeds/sources.yaml",
    "quote": "the exact words of the source that name this record",
}


def _blank(name: str, info: FieldInfo) -> str:
    choices = typing.get_args(info.annotation) if typing.get_origin(info.annotation) is typing.Literal else ()
    hint = f"one of {', '.join(choices)}" if choices else _HINTS.get(name, info.description or name)
    return f"{PLACEHOLDER}: {hint}"


def record_template(record_type: str, record_id: str, name: str | None = None) -> str:
    """The text of a new record: its required fields in canonical order, blanks to fill in.

    >>> print(record_template("project", "hualanwei-data-base", "华澜微数据智造基地"), end="")
    # yaml-language-server: $schema=../../schemas/project.json
    id: hualanwei-data-base
    name: 华澜微数据智造基地
    name_en: 'TODO(kg new): English name'
    kind: 'TODO(kg new): one of project, product, platform, facility, programme, other'
    sources:
      - source: 'TODO(kg new): id of a source in seeds/sources.yaml'
        quote: 'TODO(kg new): the exact words of the source that name this record'
    """
    model = RECORD_TYPES[record_type]
    data: dict[str, Any] = {}
    for field in model.field_order():
        info = model.model_fields[field]
        if not info.is_required():
            continue
        if field == "id":
            data[field] = record_id
        elif field == "name" and name:
            data[field] = name
        elif field == "sources":
            data[field] = [{"source": _blank("source", info), "quote": _blank("quote", info)}]
        else:
            data[field] = _blank(field, info)
    return dump_yaml(data, header=schema_header(record_type))


def _existing(root: Path, record_id: str) -> Path | None:
    for path in sorted((root / CURATION_DIR).glob(f"*/{record_id}.yaml")):
        if path.parent.name in RECORD_TYPES:
            return path
    return None


def similar_records(root: Path, name: str) -> list[tuple[str, str]]:
    """(path, name) of records whose name or an alias has the same key as ``name`` (士兰微 and
    杭州士兰微电子股份有限公司 differ; 萧山 and 萧山区 do not). Only files that contain the key
    are parsed, so this stays quick on a large tree."""
    key = name_key(name)
    needle = key.encode("utf-8")
    found = []
    for path in sorted((root / CURATION_DIR).glob("*/*.yaml")):
        if path.parent.name not in RECORD_TYPES:
            continue
        data = path.read_bytes()
        if needle not in data.lower():
            continue
        document, _ = parse_record(data, path.parent.name, str(path.relative_to(root)), path)
        record = document.record
        if record is not None and any(name_key(n) == key for n in (record.name, *record.aliases)):
            found.append((document.display, record.name))
    return found


def new_record(root: Path, record_type: str, record_id: str, name: str | None = None) -> Path:
    """Write curation/<type>/<id>.yaml from :func:`record_template`; never overwrite a record."""
    if record_type not in RECORD_TYPES:
        raise UsageError(f"unknown type {record_type!r}{did_you_mean(record_type, RECORD_TYPES)}")
    if not re.match(SLUG_PATTERN, record_id):
        slug = re.sub(r"[^a-z0-9]+", "-", record_id.lower()).strip("-")
        hint = f" (try {slug!r})" if slug else ""
        raise UsageError(
            f"invalid id {record_id!r}: use lowercase ASCII letters, digits and single hyphens{hint}"
        )
    taken = _existing(root, record_id)
    if taken is not None:
        shown = taken.relative_to(root)
        raise UsageError(f"id {record_id!r} is taken by {shown}; ids are never reused, so edit that file")
    path = root / CURATION_DIR / record_type / f"{record_id}.yaml"
    write_text_atomic(path, record_template(record_type, record_id, name))
    return path
