"""The review as Markdown, ready to paste (or post from CI) as a pull-request comment.

Counts first, then the flags with their reasons, then source changes, then each changed record
keyed by id with its Chinese name beside it. Everything a curator typed is escaped.
"""

from __future__ import annotations

from kg.diff.describe import MARKDOWN, MARKS, md_escape, no_details
from kg.diff.model import FLAG_KINDS, RecordChange, Review

__all__ = ["review_markdown"]

_STYLE = MARKDOWN


def side_label(label: str, commit: str | None) -> str:
    """`main` (1a2b3c4); a revision given as a commit id is shown once."""
    if commit is None:
        return label
    return f"`{label}`" if commit.startswith(label) else f"`{label}` ({commit[:7]})"


def _record(change: RecordChange, flagged: set[str]) -> list[str]:
    what = f"renamed from `{change.old_id}`" if change.change == "renamed" else change.change
    warn = " ⚠️" if change.id in flagged else ""
    title = f"#### {MARKS[change.change]} {change.type} `{change.id}` {md_escape(change.name)} — {what}{warn}"
    lines = [f"- {_STYLE.field(f)}" for f in change.fields]
    lines += [f"- {_STYLE.relation(r)}" for r in change.relations]
    lines += [f"- {_STYLE.indicator(i)}" for i in change.indicators]
    return [title, "", *(lines or [f"- {no_details(change)}"]), ""]


def _summary(review: Review) -> list[str]:
    summary = review.summary()
    lines = ["| type | added | removed | changed | renamed |", "|---|---:|---:|---:|---:|"]
    for record_type, counts in summary["records"].items():
        lines.append(f"| {record_type} | " + " | ".join(str(n) for n in counts.values()) + " |")
    lines += ["", "| | added | removed | changed |", "|---|---:|---:|---:|"]
    for part in ("relations", "indicators", "sources"):
        lines.append(f"| {part} | " + " | ".join(str(n) for n in summary[part].values()) + " |")
    return [*lines, ""]


def _flags(review: Review) -> list[tuple[str, list[str]]]:
    blocks = [("", [f"### ⚠️ Flags ({len(review.flags)})", ""])]
    for kind, meaning in FLAG_KINDS.items():
        flags = [f for f in review.flags if f.kind == kind]
        if flags:
            blocks.append(("", [f"**{meaning}** ({len(flags)})", ""]))
        for number, flag in enumerate(flags, 1):
            where = f" `{flag.path}:{flag.line}`" if flag.path and flag.line else ""
            line = f"- `{flag.record}` {md_escape(flag.name)} — {md_escape(flag.reason)}{where}"
            blocks.append(("flag", [line, *([""] if number == len(flags) else [])]))
    return blocks


def _sources(review: Review) -> list[str]:
    lines = [f"### Sources ({len(review.sources)})", ""]
    for source in review.sources:
        details = [_STYLE.field(f) for f in source.fields] + (["text changed"] if source.text_changed else [])
        extra = f": {'; '.join(details)}" if details else ""
        title = md_escape(source.title)
        lines.append(f"- {MARKS[source.change]} `{source.id}` {title} — {source.change}{extra}")
    return [*lines, ""]


def review_markdown(review: Review, max_chars: int | None = None) -> str:
    """The review as Markdown. With ``max_chars`` the details are cut, with a note saying what
    was left out, so the comment fits; counts come first and flags before records, so they are
    the last to go."""
    base = side_label(review.base.label, review.base.commit)
    head = side_label(review.head.label, review.head.commit)
    lines = [f"### Curation diff: {base} → {head}", ""]
    if review.empty:
        return "\n".join([*lines, "No changes to the curation.", ""])
    lines += _summary(review)
    blocks = _flags(review) if review.flags else []
    if review.sources:
        blocks.append(("", _sources(review)))
    if review.records:
        blocks.append(("", [f"### Records ({len(review.records)})", ""]))
    flagged = {f.record for f in review.flags}
    blocks += [("record", _record(record, flagged)) for record in review.records]
    size = sum(len(line) + 1 for line in lines)
    for index, (_, block) in enumerate(blocks):
        block_size = sum(len(line) + 1 for line in block)
        if max_chars is not None and size + block_size > max_chars - 200:
            rest = [k for k, _ in blocks[index:]]
            left = [f"{n} {what}" for what in ("flag", "record") if (n := rest.count(what))]
            note = " and ".join(f"{text}{'s' * (not text.startswith('1 '))}" for text in left)
            gap = [""] if lines[-1] else []
            lines += [*gap, f"… {note} left out to fit; `kg diff --format json` has everything.", ""]
            break
        lines += block
        size += block_size
    return "\n".join(lines).rstrip("\n") + "\n"
