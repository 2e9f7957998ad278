"""`kg accept`: turn the accepted proposals of a review file into curation, atomically.

Every accepted item is validated first, as the record it will become, and every problem is
reported at its line in the review file; if there is one, nothing is written. Otherwise new
records and changed records are written in canonical form (one atomic write per file),
rejections are remembered, the review file keeps only what is still pending, and the caller
runs the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kg.atomic import write_text_atomic
from kg.canonical import canonical_data, canonical_text
from kg.checks import PLACEHOLDER
from kg.errors import Problem
from kg.extract.inbox import SECTIONS, item_key, load_rejected, save_rejected, write_review
from kg.load import CURATION_DIR, Curation
from kg.schema import RECORD_TYPES, Record
from kg.validation import translate
from kg.yamlio import KeyPath, Located, read_yaml

__all__ = ["AcceptResult", "accept_review"]

_KIND_FIELD = {"district": "level", "port_route": "mode", "company": None, "person": None}
_STATUSES = ("pending", "accepted", "rejected")


@dataclass
class AcceptResult:
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    accepted: int = 0
    rejected: int = 0


def _view(located: Located, prefix: KeyPath) -> Located:
    view = Located(None)
    view.values = {k[len(prefix) :]: v for k, v in located.values.items() if k[: len(prefix)] == prefix}
    view.keys = {k[len(prefix) :]: v for k, v in located.keys.items() if k[: len(prefix)] == prefix}
    return view


def _record_data(item: dict[str, Any], curation: Curation) -> dict[str, Any]:
    label = str(item.get("type"))
    data: dict[str, Any] = {"id": item.get("id"), "name": item.get("name"), "name_en": item.get("name_en")}
    if item.get("aliases"):
        data["aliases"] = item["aliases"]
    kind_field = _KIND_FIELD.get(label, "kind")
    if kind_field:
        data[kind_field] = item.get("kind")
    data["sources"] = [item.get("citation")]
    if item.get("adcode") and "mca-adcodes-2024" in curation.sources:
        data["ids"] = {"adcode": item["adcode"], "source": "mca-adcodes-2024"}
    if item.get("part_of") and "mca-adcodes-2024" in curation.sources:
        data["relations"] = [
            {"rel": "part_of", "to": item["part_of"], "sources": [{"source": "mca-adcodes-2024"}]}
        ]
    return data


class _Acceptor:
    def __init__(self, curation: Curation, display: str, located: Located) -> None:
        self.curation = curation
        self.display = display
        self.located = located
        self.problems: list[Problem] = []
        self.new: dict[str, Record] = {}
        self.changed: dict[str, Record] = {}

    def problem(self, path: KeyPath, code: str, message: str) -> None:
        line, col = self.located.where(path)
        self.problems.append(Problem(self.display, line, col, code, message))

    def placeholders(self, path: KeyPath, item: dict[str, Any]) -> bool:
        found = False
        for key, value in item.items():
            if isinstance(value, str) and PLACEHOLDER in value:
                self.problem((*path, key), "KG111", f"fill in {key} before accepting (still {value!r})")
                found = True
        return found

    def record(self, record_id: str) -> Record | None:
        return self.changed.get(record_id) or self.new.get(record_id) or self.curation.records.get(record_id)

    def candidate(self, path: KeyPath, item: dict[str, Any]) -> None:
        if self.placeholders(path, item):
            return
        label = str(item.get("type"))
        model = RECORD_TYPES.get(label)
        if model is None:
            self.problem(
                (*path, "type"), "KG110", f"invalid type {label!r}: choose one of {', '.join(RECORD_TYPES)}"
            )
            return
        data = _record_data(item, self.curation)
        try:
            record = model.model_validate(data)
        except ValidationError as exc:
            view = _view(self.located, path)
            view.data = data
            self.problems += translate(exc, model, view, self.display)
            return
        if record.id in self.curation.records or record.id in self.new:
            self.problem((*path, "id"), "KG201", f"id {record.id!r} is already used; choose another")
            return
        self.new[record.id] = record

    def _update(self, path: KeyPath, record_id: str, field_name: str, value: dict[str, Any]) -> None:
        record = self.record(record_id)
        if record is None:
            self.problem(
                path, "KG202", f"unknown record {record_id!r}; accept its candidate too, or fix the id"
            )
            return
        data = canonical_data(record)
        data[field_name] = [*data.get(field_name, []), value]
        try:
            updated = type(record).model_validate(data)
        except ValidationError as exc:
            message = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            self.problem(path, "KG103", f"cannot add to {record_id!r}: {message}")
            return
        if record_id in self.new:
            self.new[record_id] = updated
        else:
            self.changed[record_id] = updated

    def relation(self, path: KeyPath, item: dict[str, Any]) -> None:
        target = str(item.get("object"))
        if self.record(target) is None:
            self.problem(
                (*path, "object"),
                "KG202",
                f"unknown record {target!r}; accept its candidate too, or fix the id",
            )
            return
        value = {"rel": item.get("rel"), "to": target}
        if item.get("role"):
            value["role"] = item["role"]
        value["sources"] = [item.get("citation")]
        self._update(path, str(item.get("subject")), "relations", value)

    def figure(self, path: KeyPath, item: dict[str, Any]) -> None:
        if not item.get("metric"):
            self.problem(path, "KG101", "missing required field 'metric' (see kg/schema/metrics.py)")
            return
        value = {k: item[k] for k in ("metric", "value", "unit", "period", "approx", "target") if item.get(k)}
        self._update(path, str(item.get("entity")), "indicators", value | {"sources": [item.get("citation")]})


def accept_review(path: Path, curation: Curation, display: str) -> AcceptResult:
    """Apply the accepted items of the review file at ``path`` to the curation of ``curation``."""
    result = AcceptResult()
    located, problems = read_yaml(path, display)
    data = located.data if located else None
    if located is None or not isinstance(data, dict) or not isinstance(data.get("source"), str):
        result.problems = problems or [
            Problem(
                display,
                1,
                1,
                "KG610",
                "not a review file: expected a mapping with source, candidates, relations, figures",
            )
        ]
        return result
    acceptor = _Acceptor(curation, display, located)
    handlers = {"candidates": acceptor.candidate, "relations": acceptor.relation, "figures": acceptor.figure}
    keep: dict[str, list[Any]] = {}
    rejected_keys: dict[str, list[str]] = {s: [] for s in SECTIONS}
    for section in SECTIONS:  # candidates first, so relations and figures may point at them
        items = data.get(section) or []
        keep[section] = []
        for index, item in enumerate(items if isinstance(items, list) else []):
            status = item.get("status") if isinstance(item, dict) else None
            if status not in _STATUSES:
                acceptor.problem(
                    (section, index, "status"),
                    "KG610",
                    f"status must be one of {', '.join(_STATUSES)}, not {status!r}",
                )
                continue
            if status == "accepted":
                handlers[section]((section, index), item)
                result.accepted += 1
            elif status == "rejected":
                rejected_keys[section].append(item_key(section, item))
                result.rejected += 1
            else:
                keep[section].append(item)
    if acceptor.problems:
        result.problems = sorted(acceptor.problems)
        return result
    root = curation.root
    for record in [*acceptor.new.values(), *acceptor.changed.values()]:
        target = root / CURATION_DIR / record.type / f"{record.id}.yaml"
        write_text_atomic(target, canonical_text(record))
        result.written.append(target)
    if result.rejected:
        remembered = load_rejected(root)
        sections = remembered.setdefault(data["source"], {s: [] for s in SECTIONS})
        for section, keys in rejected_keys.items():
            sections[section] = [*sections.get(section, []), *keys]
        save_rejected(root, remembered)
    write_review(path, {k: v for k, v in data.items() if k not in SECTIONS} | keep, display)
    return result
