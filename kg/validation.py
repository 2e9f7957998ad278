"""Translate Pydantic validation errors into ``path:line:col: CODE message`` problems.

A raw ``ValidationError`` never reaches a user: each error becomes one problem that names the
field path (``relations[0].to``), shows the bad value, and suggests the nearest valid name.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from kg.errors import Problem
from kg.schema.base import did_you_mean
from kg.yamlio import KeyPath, Located

__all__ = ["PLACEHOLDER", "field_path", "placeholder_message", "translate"]

PLACEHOLDER = "TODO(kg new)"
"""Marker `kg new` writes into fields a curator must fill in. ``kg check`` reports every value
that still holds it (KG111), and only that: the placeholder is not also a wrong value."""

_PLAIN = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "list_type": "must be a list",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
    "model_attributes_type": "must be a mapping",
    "string_too_short": "must not be empty",
}


def placeholder_message(path: KeyPath, value: str) -> str:
    """The KG111 message for a placeholder still at ``path``."""
    return f"fill in {field_path(path) or 'value'} (still {value!r})"


def field_path(path: KeyPath) -> str:
    """``("relations", 0, "to")`` → ``relations[0].to``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _data_path(data: Any, loc: tuple[Any, ...]) -> KeyPath:
    """The part of ``loc`` that exists in ``data``, dropping union-member tags like 'float'."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_mapping = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_mapping or in_list:
            node = node[part]
            path.append(part)
    return tuple(path)


def _is_tag(part: Any) -> bool:
    return isinstance(part, str) and ("[" in part or part in {"float", "int", "str", "bool"})


def _model_at(model: type[BaseModel], path: KeyPath) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in path:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        current = inner_model(info.annotation) if info else None
    return current


def inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return inner_model(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = inner_model(arg)
            if found:
                return found
    return None


def translate(exc: ValidationError, model: type[BaseModel], located: Located, display: str) -> list[Problem]:
    """One problem per distinct field in ``exc``, placed at the field's line and column."""
    problems: list[Problem] = []
    seen: set[KeyPath] = set()
    for error in exc.errors(include_url=False):
        kind = error["type"]
        path = _data_path(located.data, tuple(error["loc"]))
        if kind == "missing":
            name = str(error["loc"][-1])
            line, col = located.where(path)
            where = f" in {field_path(path)}" if path else ""
            problems.append(Problem(display, line, col, "KG101", f"missing required field {name!r}{where}"))
            continue
        if path in seen:
            continue
        seen.add(path)
        shown = field_path(path) or "record"
        value = error.get("input")
        if isinstance(value, str) and PLACEHOLDER in value:
            # A blank left by `kg new` is one problem, "fill it in", not also a wrong value.
            line, col = located.where(path)
            problems.append(Problem(display, line, col, "KG111", placeholder_message(path, value)))
            continue
        if kind == "extra_forbidden":
            parent = _model_at(model, path[:-1])
            fields = list(parent.model_fields) if parent else []
            line, col = located.where(path, key=True)
            hint = did_you_mean(str(path[-1]), fields)
            problems.append(
                Problem(display, line, col, "KG102", f"unknown field {path[-1]!r}{_where(path[:-1])}{hint}")
            )
            continue
        line, col = located.where(path)
        if re.fullmatch(r"KG\d{3}", kind):
            message = error["msg"]
            hint = str((error.get("ctx") or {}).get("hint", ""))
            if hint and message.endswith(hint):
                message = message[: -len(hint)]
            where = f" in {shown}" if path else ""
            problems.append(Problem(display, line, col, kind, f"{message}{where}{hint}"))
        elif kind in ("literal_error", "enum"):
            expected = str((error.get("ctx") or {}).get("expected", ""))
            choices = re.findall(r"'([^']*)'", expected)
            problems.append(
                Problem(
                    display,
                    line,
                    col,
                    "KG110",
                    f"invalid {shown} {value!r}: choose one of {', '.join(choices)}"
                    f"{did_you_mean(str(value), choices)}",
                )
            )
        elif kind == "too_short" and isinstance(value, list):
            problems.append(Problem(display, line, col, "KG103", f"{shown} must not be empty"))
        else:
            text = _PLAIN.get(kind, error["msg"][0].lower() + error["msg"][1:])
            problems.append(Problem(display, line, col, "KG103", f"{shown} {text}, got {value!r}"))
    return problems


def _where(path: KeyPath) -> str:
    return f" in {field_path(path)}" if path else ""
