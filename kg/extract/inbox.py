"""Review files under curation/inbox/: writing them, and remembering what reviewers rejected.

A review file is YAML a person edits: each candidate, relation and figure has ``status:
pending``; the reviewer sets ``accepted`` or ``rejected`` (and fills in ``name_en`` and
anything else marked ``TODO(kg new)``), then runs `kg accept`. Rejections are kept in
``curation/inbox/rejected.yaml`` by source, so extracting the same article again does not
propose them again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.atomic import write_text_atomic
from kg.extract.review import Review
from kg.yamlio import dump_yaml, read_yaml

__all__ = ["REJECTED_FILE", "SECTIONS", "item_key", "load_rejected", "review_data", "save_rejected"]

REJECTED_FILE = Path("curation") / "inbox" / "rejected.yaml"
SECTIONS = ("candidates", "relations", "figures")

HEADER = """\
# Proposals from `kg extract` for review. For each item under candidates, relations and figures,
# set status to accepted or rejected (leave pending to decide later), fill in every TODO(kg new),
# and correct what is wrong (type, id, name, kind, metric, period). Then run:
#     kg accept {path}
# Accepted items become curation records, relations and figures, with their citations;
# rejected ones are remembered and not proposed again for this source."""


def item_key(section: str, item: dict[str, Any]) -> str:
    """What identifies a proposal across extractions of the same article."""
    if section == "candidates":
        return f"{item.get('type')}:{item.get('name')}"
    if section == "relations":
        return f"{item.get('subject_name')}|{item.get('rel')}|{item.get('object_name')}"
    return f"{item.get('entity_name')}|{item.get('text')}|{(item.get('citation') or {}).get('quote')}"


def load_rejected(root: Path) -> dict[str, dict[str, list[str]]]:
    """Rejected proposal keys by source and section; empty when there is no file yet."""
    path = root / REJECTED_FILE
    if not path.is_file():
        return {}
    located, _ = read_yaml(path, str(REJECTED_FILE))
    data = located.data if located else None
    if not isinstance(data, dict):
        return {}
    return {
        str(source): {s: [str(k) for k in (sections or {}).get(s, [])] for s in SECTIONS}
        for source, sections in data.items()
        if isinstance(sections, dict)
    }


def save_rejected(root: Path, rejected: dict[str, dict[str, list[str]]]) -> None:
    data = {
        source: {s: sorted(set(keys)) for s, keys in sorted(sections.items()) if keys}
        for source, sections in sorted(rejected.items())
    }
    header = "# Proposals reviewers rejected, by source; `kg extract` does not propose them again."
    write_text_atomic(root / REJECTED_FILE, dump_yaml({k: v for k, v in data.items() if v}, header=header))


def review_data(review: Review, file: str, rejected: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The review as plain data, in the order a reviewer reads it; rejected items left out."""
    rejected = rejected or {}
    sections: dict[str, list[dict[str, Any]]] = {
        "candidates": sorted(review.candidates.values(), key=lambda c: (c["line"], c["col"], c["name"])),
        "relations": review.relations,
        "figures": review.figures,
    }
    for section, items in sections.items():
        skip = set(rejected.get(section, []))
        sections[section] = [_clean(i) for i in items if item_key(section, i) not in skip]
    data: dict[str, Any] = {"source": review.source, "file": file}
    if review.damage:
        data["damage"] = review.damage
    left_out = {k: v for k, v in review.left_out.items() if v}
    if left_out:
        data["left_out"] = left_out
    data["known"] = sorted(review.known.values(), key=lambda k: (k["line"], k["col"]))
    return data | sections


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in item.items() if v is not None and v != [] and v is not False}
    if isinstance(out.get("value"), float) and out["value"].is_integer():
        out["value"] = int(out["value"])
    return out


def keep_decisions(path: Path, data: dict[str, Any]) -> int:
    """Carry a reviewer's work over from the review file already at ``path`` into ``data``.

    An item someone has marked accepted or rejected, or edited, replaces the fresh proposal
    with the same key, so extracting again never throws a review away. Returns how many were
    kept.
    """
    if not path.is_file():
        return 0
    located, _ = read_yaml(path, str(path))
    old = located.data if located else None
    if not isinstance(old, dict):
        return 0
    kept = 0
    for section in SECTIONS:
        previous = {
            item_key(section, item): item
            for item in old.get(section) or []
            if isinstance(item, dict) and item.get("status") in ("accepted", "rejected")
        }
        fresh = data.get(section, [])
        for index, item in enumerate(fresh):
            reviewed = previous.pop(item_key(section, item), None)
            if reviewed is not None:
                fresh[index] = reviewed
                kept += 1
        fresh += previous.values()  # decided items the new extraction no longer proposes
        kept += len(previous)
    return kept


def write_review(path: Path, data: dict[str, Any], shown: str) -> None:
    write_text_atomic(path, dump_yaml(data, header=HEADER.format(path=shown)))


__all__ += ["HEADER", "keep_decisions", "write_review"]
