"""The catalogue of problem codes: one stable code per kind of problem.

The README's error-code table is generated from :data:`CODES`, and a test fails when the two
drift apart. Codes are grouped by hundreds: 0xx files and YAML, 1xx record shape, 2xx references
between records, 3xx quotes and sources, 4xx the source registry, 5xx warnings, 6xx extraction
(articles, review files, gold files).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import Severity

__all__ = ["CODES", "Code"]


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    summary: str


_TABLE: list[tuple[str, Severity, str]] = [
    ("KG001", "error", "file is not UTF-8 text (binary or another encoding)"),
    ("KG002", "error", "file is larger than the size limit for one record"),
    ("KG003", "error", "file is empty"),
    ("KG004", "error", "YAML syntax error"),
    ("KG005", "error", "a mapping has the same key twice"),
    ("KG006", "error", "YAML anchors and aliases are not allowed"),
    ("KG007", "error", "YAML tags are not allowed"),
    ("KG008", "error", "a record file must hold one mapping"),
    ("KG009", "error", "file name differs from the record's id"),
    ("KG010", "error", "file is not in a folder named after a record type, or not *.yaml"),
    ("KG101", "error", "a required field is missing"),
    ("KG102", "error", "unknown field"),
    ("KG103", "error", "a field has the wrong type or an invalid value"),
    ("KG104", "error", "invalid id: use lowercase ASCII letters, digits and single hyphens"),
    ("KG105", "error", "unknown relation predicate"),
    ("KG106", "error", "unknown indicator metric"),
    ("KG107", "error", "invalid external identifier (adcode, USCC, stock code, Wikidata QID)"),
    ("KG108", "error", "invalid date or period"),
    ("KG109", "error", "unit does not fit the metric"),
    ("KG110", "error", "value is not one of the allowed choices"),
    ("KG111", "error", "placeholder left from `kg new`"),
    ("KG201", "error", "two records share one id"),
    ("KG202", "error", "reference to an id that no record has"),
    ("KG203", "error", "relation not allowed from a record of this type (domain)"),
    ("KG204", "error", "relation not allowed to a record of this type (range)"),
    ("KG205", "error", "cycle in a part_of / segment_of chain"),
    ("KG206", "error", "adcode does not start with the parent district's adcode prefix"),
    ("KG207", "error", "unknown source id"),
    ("KG208", "error", "a record relates to itself"),
    ("KG209", "error", "qualifier not allowed for this predicate"),
    ("KG210", "error", "external ids must cite a reference source"),
    ("KG301", "error", "quote not found in the source's normalised text"),
    ("KG302", "error", "a citation of a text source needs a quote"),
    ("KG303", "error", "source text file is missing or unreadable"),
    ("KG401", "error", "invalid entry in seeds/sources.yaml"),
    ("KG501", "warning", "possible duplicate: two records share a name or alias"),
    ("KG502", "warning", "the same relation is stated twice"),
    ("KG503", "warning", "source text has damage that normalisation cannot repair"),
    ("KG504", "warning", "quote is very short and may match by accident"),
    ("KG601", "error", "article file is empty"),
    ("KG602", "error", "article file is missing, binary, or not UTF-8 or GB18030 text"),
    ("KG603", "error", "article file is not registered in seeds/sources.yaml, so proposals cannot cite it"),
    ("KG604", "warning", "article file is not registered; its mentions are printed but cannot be cited"),
    ("KG605", "warning", "article file mixes encodings; bytes that are not UTF-8 were replaced"),
    ("KG610", "error", "invalid review file or item status (kg accept)"),
    ("KG611", "error", "invalid gold file (kg eval)"),
]

CODES: dict[str, Code] = {code: Code(code, sev, summary) for code, sev, summary in _TABLE}
