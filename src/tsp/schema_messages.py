"""Pydantic's validation errors, said in the words of someone editing a YAML file."""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from tsp.problems import did_you_mean
from tsp.models import PARTIAL_DATE_PATTERN
from tsp.models.common import REFERENCE_KEY, YEAR_PATTERN
from tsp.vocabulary import fold

Loc = tuple[str | int, ...]
# (data folder, text written) -> the id that text names, if any: how a message says
# "'Reading' is the name of an authority: write its id 'reading'".
References = Callable[[str, str], "str | None"]


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


def _field_info(model: type[BaseModel], loc: Loc) -> Any:
    names = [i for i, p in enumerate(loc) if isinstance(p, str)]
    if not names:
        return None
    parent = _model_at(model, loc[: names[-1]])
    return parent.model_fields.get(str(loc[names[-1]])) if parent else None


def _enum_at(model: type[BaseModel], loc: Loc) -> type[Enum] | None:
    info = _field_info(model, loc)
    if info is None:
        return None
    enums = [t for t in _inner_types(info.annotation) if isinstance(t, type) and issubclass(t, Enum)]
    return enums[0] if enums else None


def _description(model: type[BaseModel], loc: Loc) -> str | None:
    info = _field_info(model, loc)
    description = info.description if info else None
    return description if isinstance(description, str) else None


def _reference_folder(model: type[BaseModel], loc: Loc) -> str | None:
    """The data folder a reference field points into (tsp.models.common.REFERENCE_KEY)."""
    from pydantic.fields import FieldInfo

    info = _field_info(model, loc)
    if info is None:
        return None

    def walk(annotation: Any) -> str | None:
        for arg in typing.get_args(annotation):
            extra = getattr(arg, "json_schema_extra", None) if isinstance(arg, FieldInfo) \
                else None
            if isinstance(extra, dict) and isinstance(extra.get(REFERENCE_KEY), str):
                return str(extra[REFERENCE_KEY])
            found = walk(arg)
            if found:
                return found
        return None

    return walk(info.annotation)


def _folded_match(value: str, choices: list[str]) -> str | None:
    """The choice `value` means once case, spaces and punctuation are set aside ('SEND')."""
    return next((c for c in choices if fold(c) == fold(value)), None)


def dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the record"


def _did_you_mean(word: str, choices: list[str]) -> str:
    return did_you_mean(word, choices, n=1, cutoff=0.6)


def found(value: Any) -> str:
    """What a YAML value is, in an editor's words: 'a list', 'the number 2025.26'."""
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return f"the number {value!r:.40}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, str):
        return f"the text {value!r:.60}"
    return f"{type(value).__name__} {value!r:.40}"


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (one '- item' line per entry, or [a, b])",
    "dict_type": "a mapping of fields (key: value lines)",
    "model_type": "a mapping of fields (key: value lines)",
    "model_attributes_type": "a mapping of fields (key: value lines)",
    "date_type": "a date written YYYY-MM-DD",
    "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date written YYYY-MM-DD",
}


def describe_validation_error(
    exc: ValidationError, model: type[BaseModel], references: References | None = None,
    limit: int | None = None,
) -> list[tuple[Loc, str, bool]]:
    """(where, message, point at the key rather than the value) for each error (the first
    `limit` of them).

    `references` names the id a written name stands for, so a reference written as a name
    ("Reading") is answered with the id to write."""
    return [_describe(error, model, references) for error in exc.errors(include_url=False)[:limit]]


def _describe(error: Any, model: type[BaseModel], references: References | None
              ) -> tuple[Loc, str, bool]:
    """One error in the words of the file's writer."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    field = dotted(loc)
    if kind in _ABOUT_KEYS:
        return _ABOUT_KEYS[kind](model, loc, value)
    if kind == "enum":
        return loc, _not_a_choice(model, loc, value), False
    if kind == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern")
        return loc, _pattern_mismatch(model, loc, value, pattern, references), False
    if kind in ("string_too_short", "too_short") and not value:
        wanted = "a value" if kind == "string_too_short" else "at least one entry"
        return loc, f"{field} is empty; it needs {wanted}", False
    if kind == "string_type" and value is None:
        return loc, (f"{field} is empty; write a value (or delete the line if the field is "
                     "optional)"), False
    if kind in _EXPECTED:
        return loc, f"{field}: expected {_EXPECTED[kind]}, found {found(value)}", False
    message = str(error["msg"]).removeprefix("Value error, ")
    shown = "" if isinstance(value, dict | list) or str(value) in message else (
        f" (found {value!r:.60})")
    return loc, f"{field}: {message}{shown}", False


def _unknown_field(model: type[BaseModel], loc: Loc, value: Any) -> tuple[Loc, str, bool]:
    parent = _model_at(model, loc[:-1])
    allowed = list(parent.model_fields) if parent else []
    name = str(loc[-1])
    hint = _did_you_mean(name, allowed) or (
        f"; allowed here: {', '.join(allowed)}" if allowed else ""
    )
    return loc, f"unknown field '{name}'{hint}", True


def _invalid_key(model: type[BaseModel], loc: Loc, value: Any) -> tuple[Loc, str, bool]:
    # Pydantic names a None or tuple key by its repr; the input is the key itself.
    at: Loc = loc[:-1] + ((value,) if isinstance(value, str | int) else ())
    return (at, f"{'the record' if len(loc) == 1 else dotted(loc[:-1])} has a key that is "
            f"{found(value)}; keys are field names such as 'title'", True)


def _missing(model: type[BaseModel], loc: Loc, value: Any) -> tuple[Loc, str, bool]:
    description = _description(model, loc)
    about = f" ({description})" if description else ""
    where = f" in {dotted(loc[:-1])}" if len(loc) > 1 else ""
    return loc, f"missing required field '{loc[-1]}'{where}{about}", True


# Errors about a key, said at the key: (where, message, True).
_ABOUT_KEYS: dict[str, Callable[[type[BaseModel], Loc, Any], tuple[Loc, str, bool]]] = {
    "extra_forbidden": _unknown_field,
    "invalid_key": _invalid_key,
    "missing": _missing,
}


def _not_a_choice(model: type[BaseModel], loc: Loc, value: Any) -> str:
    field = dotted(loc)
    enum = _enum_at(model, loc)
    choices = [str(m.value) for m in enum] if enum else []
    if isinstance(value, str) and _folded_match(value, choices):
        return (f"{field}: '{value}' means '{_folded_match(value, choices)}': write it that "
                "way (lowercase, words joined by hyphens)")
    if isinstance(value, str):
        hint = _did_you_mean(value, choices)
        shown = f"'{value}' is not one of"
    else:
        hint, shown = "", f"found {found(value)}; expected one of"
    return f"{field}: {shown} {', '.join(choices)}{hint}"


def _pattern_mismatch(model: type[BaseModel], loc: Loc, value: Any, pattern: Any,
                      references: References | None) -> str:
    field = dotted(loc)
    if pattern == PARTIAL_DATE_PATTERN:
        # Said as the month check says it, not as the field's description ("When it
        # starts (YYYY[-MM[-DD]])"), which reads oddly after "expected form".
        return f"{field}: '{value}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"
    if isinstance(value, str) and (folder := _reference_folder(model, loc)) and (
            references is not None) and (meant := references(folder, value)):
        what = {"authorities": "an authority"}.get(folder, "a record")
        # a GSS code or a DfE number resolves as well as a name does: say which it is
        form = ("GSS code" if re.fullmatch(r"[EWSN]\d{8}", value.strip()) else
                "DfE number" if re.fullmatch(r"\d{3}", value.strip()) else "name")
        return f"{field}: '{value}' is the {form} of {what}: write its id '{meant}'"
    if isinstance(value, str) and " - " in value and isinstance(loc[-1], int):
        # "- reading" then "    - kent" one step further in: YAML reads one item.
        return (f"{field}: '{value}' reads as one item: a '- ' line indented further than the "
                "one above it joins that item; start every '- ' of the list at the same column")
    if pattern == YEAR_PATTERN:
        # The command line reads 2026/27, "Year 2" and 2; a file holds the id alone.
        years = re.fullmatch(r"\s*(\d{4})\s*[/–—-]\s*(\d{2}|\d{4})\s*", str(value))
        written = f"write '{years[1]}-{years[2][-2:]}'" if years else "write it as e.g. 2025-26"
        return (f"{field}: '{value}' is not a programme year as the files write it: "
                f"{written}")
    description = _description(model, loc) or "see the schema"
    return f"{field}: '{value}' does not have the expected form: {description}"
