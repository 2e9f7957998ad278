"""The canonical text of a record: fixed key order, defaults left out, the editor schema line.

Every command that writes a record goes through :func:`canonical_text`, so a diff of two
curation files shows only what changed, and two curators who state the same facts write the same
bytes. Lists whose order carries no meaning are sorted (see :func:`canonical_data`); lists a
curator orders on purpose keep their order.
"""

from __future__ import annotations

from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from kg.schema import METRICS, PREDICATES, Record
from kg.schema.base import DateFact
from kg.schema.relations import QUALIFIERS
from kg.yamlio import dump_yaml

__all__ = ["ORDERED_PREDICATES", "canonical_data", "canonical_text", "schema_header"]

ORDERED_PREDICATES = frozenset({"via"})
"""Predicates whose relations keep the curator's order: a route's stops, in travel order."""

_PREDICATE_RANK = {name: rank for rank, name in enumerate(PREDICATES)}
_METRIC_RANK = {name: rank for rank, name in enumerate(METRICS)}
_EVENT_RANK = {name: rank for rank, name in enumerate(get_args(DateFact.model_fields["event"].annotation))}


def schema_header(record_type: str) -> str:
    """The comment that points editors (yaml-language-server) at the type's JSON Schema."""
    return f"# yaml-language-server: $schema=../../schemas/{record_type}.json"


@cache
def _defaults(model: type[BaseModel]) -> dict[str, Any]:
    """Each field's default, made once per model: asking pydantic for a default made by a factory
    inspects the factory's signature every time, and leaves garbage for the cycle collector."""
    return {name: info.get_default(call_default_factory=True) for name, info in model.model_fields.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        defaults = _defaults(type(value))
        return {
            name: _plain(getattr(value, name))
            for name, default in defaults.items()
            if getattr(value, name) != default
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _text(value: Any) -> tuple[bool, str]:
    """Sort key for an optional text: absent values first, then by the text."""
    return (value is not None, "" if value is None else str(value))


def _relation_key(relation: dict[str, Any]) -> tuple[Any, ...]:
    rank = _PREDICATE_RANK.get(relation["rel"], len(_PREDICATE_RANK))
    if relation["rel"] in ORDERED_PREDICATES:
        return (rank,)
    return (rank, relation["to"], *(_text(relation.get(q)) for q in QUALIFIERS))


def _indicator_key(indicator: dict[str, Any]) -> tuple[Any, ...]:
    return (
        _METRIC_RANK.get(indicator["metric"], len(_METRIC_RANK)),
        _text(indicator.get("about")),
        _text(indicator.get("period")),
        indicator.get("target", False),
        _text(indicator.get("reported_by")),
    )


def _date_key(date: dict[str, Any]) -> tuple[Any, ...]:
    return (date["date"], _EVENT_RANK.get(date["event"], len(_EVENT_RANK)))


def _sorted_lists(data: dict[str, Any]) -> dict[str, Any]:
    """Sort the lists that are sets of facts; ties keep the order they were written in."""
    if "relations" in data:
        data["relations"] = sorted(data["relations"], key=_relation_key)
    if "indicators" in data:
        data["indicators"] = sorted(data["indicators"], key=_indicator_key)
    if "dates" in data:
        data["dates"] = sorted(data["dates"], key=_date_key)
    if "distinct_from" in data:
        data["distinct_from"] = sorted(data["distinct_from"], key=lambda d: d["id"])
    if "stock" in data.get("ids", {}):
        data["ids"]["stock"] = sorted(data["ids"]["stock"])
    return data


def canonical_data(record: Record) -> dict[str, Any]:
    """The record as plain data in canonical order, without fields left at their default.

    Keys follow :meth:`Record.field_order`. Relations are sorted by predicate (in vocabulary
    order) and then by target and qualifiers, except ``via`` stops, which keep their order;
    indicators by metric (vocabulary order), ``about``, period and target; dates by date;
    ``distinct_from`` by id; stock codes alphabetically. Aliases, citations and products keep
    the curator's order, which is the order readers see them in (``kg show``, the views).
    """
    data = _sorted_lists(_plain(record))
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
