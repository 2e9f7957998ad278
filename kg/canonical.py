"""The canonical text of a record: fixed key order, defaults left out, the editor schema line.

Every command that writes a record goes through :func:`canonical_text`, so a diff of two
curation files shows only what changed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from kg.schema import Record
from kg.yamlio import dump_yaml

__all__ = ["canonical_data", "canonical_text", "schema_header"]


def schema_header(record_type: str) -> str:
    """The comment that points editors (yaml-language-server) at the type's JSON Schema."""
    return f"# yaml-language-server: $schema=../../schemas/{record_type}.json"


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return {
            name: _plain(getattr(value, name))
            for name, info in type(value).model_fields.items()
            if getattr(value, name) != info.get_default(call_default_factory=True)
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def canonical_data(record: Record) -> dict[str, Any]:
    """The record as plain data in canonical key order, without fields left at their default."""
    data = _plain(record)
    return {name: data[name] for name in record.field_order() if name in data}


def canonical_text(record: Record) -> str:
    """The one text a record file should have.

    >>> from kg.schema import RECORD_TYPES
    >>> record = RECORD_TYPES["district"].model_validate({
    ...     "id": "linping", "name": "临平区", "name_en": "Linping District", "level": "district",
    ...     "sources": [{"source": "s", "quote": "临平区"}]})
    >>> print(canonical_text(record), end="")
    # yaml-language-server: $schema=../../schemas/district.json
    id: linping
    name: 临平区
    name_en: Linping District
    level: district
    sources:
      - source: s
        quote: 临平区
    """
    return dump_yaml(canonical_data(record), header=schema_header(record.type))
