"""Pydantic's validation errors, said in the words of someone editing a YAML file."""

from __future__ import annotations

import difflib
import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

Loc = tuple[str | int, ...]


def _inner_types(annotation: Any) -> list[Any]:
    """The types inside list[X], X | None, Annotated[X, ...]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_types(typing.get_args(annotation)[0])
    if origin in (list, tuple, set, typing.Union, types.UnionType):
        found: list[Any] = []
        for arg in typing.get_args(annotation):
            found.extend(_inner_types(arg))
        return found
    return [annotation]


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    current: type[BaseModel] = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        nested = [t for t in _inner_types(info.annotation)
                  if isinstance(t, type) and issubclass(t, BaseModel)]
        if not nested:
            return None
        current = nested[0]
    return current


def _enum_at(model: type[BaseModel], loc: Loc) -> type[Enum] | None:
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return None
    parent = _model_at(model, loc[: max(i for i, p in enumerate(loc) if isinstance(p, str))])
    info = parent.model_fields.get(names[-1]) if parent else None
    if info is None:
        return None
    enums = [t for t in _inner_types(info.annotation) if isinstance(t, type) and issubclass(t, Enum)]
    return enums[0] if enums else None


def _description(model: type[BaseModel], loc: Loc) -> str | None:
    names = [i for i, p in enumerate(loc) if isinstance(p, str)]
    if not names:
        return None
    parent = _model_at(model, loc[: names[-1]])
    info = parent.model_fields.get(str(loc[names[-1]])) if parent else None
    return info.description if info else None


def dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the record"


def _did_you_mean(word: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


def describe_validation_error(
    exc: ValidationError, model: type[BaseModel]
) -> list[tuple[Loc, str, bool]]:
    """(where, message, point at the key rather than the value) for each error."""
    out: list[tuple[Loc, str, bool]] = []
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(error["loc"])
        kind = error["type"]
        value = error.get("input")
        field = dotted(loc)
        if kind == "extra_forbidden":
            parent = _model_at(model, loc[:-1])
            allowed = list(parent.model_fields) if parent else []
            name = str(loc[-1])
            hint = _did_you_mean(name, allowed) or (
                f"; allowed here: {', '.join(allowed)}" if allowed else ""
            )
            out.append((loc, f"unknown field '{name}'{hint}", True))
        elif kind == "missing":
            description = _description(model, loc)
            about = f" ({description})" if description else ""
            where = f" in {dotted(loc[:-1])}" if len(loc) > 1 else ""
            out.append((loc, f"missing required field '{loc[-1]}'{where}{about}", True))
        elif kind == "enum":
            enum = _enum_at(model, loc)
            choices = [str(m.value) for m in enum] if enum else []
            hint = _did_you_mean(str(value), choices)
            out.append((loc, f"{field}: '{value}' is not one of {', '.join(choices)}{hint}", False))
        elif kind == "string_pattern_mismatch":
            description = _description(model, loc) or "see the schema"
            out.append((loc, f"{field}: '{value}' does not have the expected form: {description}",
                        False))
        else:
            message = str(error["msg"])
            if message.startswith("Value error, "):
                message = message.removeprefix("Value error, ")
            shown = f" (found {value!r:.60})" if not isinstance(value, dict | list) else ""
            out.append((loc, f"{field}: {message}{shown}", False))
    return out
