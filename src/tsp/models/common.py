"""Field types and settings shared by every kind of record."""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
YEAR_PATTERN = r"^\d{4}-\d{2}$"
PARTIAL_DATE_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"

# The JSON Schema (tsp schema) must accept what the models accept as other tools read the YAML:
# check-jsonschema and editors see 2026-01-15 as a string, but 2026 and 870 as integers.
_PARTIAL_DATE_JSON: dict[str, Any] = {
    "anyOf": [
        {"type": "string",
         "pattern": r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$"},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ],
    "description": "A date as precise as it is known: YYYY, YYYY-MM or YYYY-MM-DD",
}
_YEAR_JSON: dict[str, Any] = {
    "type": "string", "pattern": YEAR_PATTERN, "description": "A programme year, e.g. 2025-26",
}
_DFE_CODE_JSON: dict[str, Any] = {
    "anyOf": [{"type": "string", "pattern": r"^\d{3}$"},
              {"type": "integer", "minimum": 100, "maximum": 999}],
    "description": "DfE three-digit LA number, e.g. 870",
}


def _date_to_text(value: Any) -> Any:
    # YAML reads 2026-01-15 as a date and 2026 as an int; both are fine partial dates.
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _check_partial_date(value: str) -> str:
    parts = [int(p) for p in value.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        raise ValueError(f"month {parts[1]:02d} is not a month; write YYYY, YYYY-MM or YYYY-MM-DD")
    if len(parts) == 3:
        dt.date(*parts)  # raises ValueError("day is out of range for month")
    return value


def _check_year_id(value: str) -> str:
    start, end = value.split("-")
    if (int(start) + 1) % 100 != int(end):
        raise ValueError(f"'{value}' is not a programme year: write it as e.g. 2025-26")
    return value


Slug = Annotated[
    str,
    Field(pattern=SLUG_PATTERN, description="Lowercase words joined by hyphens, e.g. reading"),
]
# REFERENCE_KEY marks a reference in the JSON Schema; tsp.schema replaces it with the ids the
# register holds (an enum), so editors complete and check them.
REFERENCE_KEY = "x-tsp-reference"
AuthorityRef = Annotated[
    str,
    Field(pattern=SLUG_PATTERN, description="The id of an authority in data/authorities/",
          json_schema_extra={REFERENCE_KEY: "authorities"}),
]
PackageRef = Annotated[
    str,
    Field(pattern=SLUG_PATTERN, description="The id of a package in data/packages/"),
]
YearRef = Annotated[
    str,
    BeforeValidator(_date_to_text),
    Field(pattern=YEAR_PATTERN, description="A programme year, e.g. 2025-26"),
    AfterValidator(_check_year_id),
    WithJsonSchema(_YEAR_JSON),
]
PartialDate = Annotated[
    str,
    BeforeValidator(_date_to_text),
    Field(
        pattern=PARTIAL_DATE_PATTERN,
        description="A date as precise as it is known: YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    AfterValidator(_check_partial_date),
    WithJsonSchema(_PARTIAL_DATE_JSON),
]
Text = Annotated[str, Field(min_length=1)]


class Record(BaseModel):
    """Common settings: unknown keys are errors, so a typo never passes silently."""

    # defer_build: a model's validator is built when a file first needs validating, not on
    # import, so a run whose records all come from the cache (tsp.load.cache) never builds one.
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False,
                              defer_build=True)


def slugify(text: str) -> str:
    text = text.lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def field_types(annotation: Any) -> list[Any]:
    """The types a field holds: list[X] stays list[X], X | None → X, Annotated[X, …] → X."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return field_types(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in field_types(arg)
                if t is not type(None)]
    return [annotation]


def field_item_type(annotation: Any) -> Any:
    """What one value of a field is: the X of list[X], X | None or Annotated[X, …]."""
    inner = field_types(annotation)[0]
    if typing.get_origin(inner) is list:
        return field_types(typing.get_args(inner)[0])[0]
    return inner
