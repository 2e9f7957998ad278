"""Record types, the relation and metric vocabularies, and JSON Schema generation."""

from __future__ import annotations

import json
from typing import Any

from kg.schema.base import Citation, Indicator, Record, Relation
from kg.schema.company import Company
from kg.schema.district import District
from kg.schema.industry_chain import IndustryChain
from kg.schema.infrastructure import Infrastructure
from kg.schema.metrics import METRICS, Metric
from kg.schema.organization import Organization
from kg.schema.park import Park
from kg.schema.person import Person
from kg.schema.policy import Policy
from kg.schema.port_route import PortRoute
from kg.schema.project import Project
from kg.schema.relations import PREDICATES, Predicate
from kg.schema.sources import Source

__all__ = [
    "METRICS",
    "PREDICATES",
    "RECORD_TYPES",
    "SCHEMA_VERSION",
    "Citation",
    "Indicator",
    "Metric",
    "Predicate",
    "Record",
    "Relation",
    "Source",
    "json_schemas",
]

SCHEMA_VERSION = "1.0"
"""Bumped when a change to the models changes what a valid record is."""

RECORD_TYPES: dict[str, type[Record]] = {
    cls.type: cls
    for cls in (
        District,
        Company,
        IndustryChain,
        Policy,
        PortRoute,
        Organization,
        Park,
        Infrastructure,
        Project,
        Person,
    )
}
"""Type name (also the curation folder name) → model."""


def json_schemas() -> dict[str, str]:
    """File name → JSON Schema text, for every record type and the source registry."""
    out: dict[str, str] = {}
    models: dict[str, Any] = {**RECORD_TYPES, "sources": Source}
    for name, model in sorted(models.items()):
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://hzkg.example/schemas/{name}.json"
        if name == "sources":
            schema = {
                "$schema": schema.pop("$schema"),
                "$id": schema.pop("$id"),
                "title": "Source registry",
                "type": "array",
                "items": schema,
            }
        out[f"{name}.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out
