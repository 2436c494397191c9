"""tsp new measure: a proposed counting rule, checked before it is written."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from ruamel.yaml import YAML

from tsp.checks.measures import unit_problems
from tsp.edits.atomic import write_atomic
from tsp.errors import RejectedChange
from tsp.models.measure import Measure
from tsp.problems import Problem, Severity
from tsp.schema_messages import describe_validation_error

if TYPE_CHECKING:
    from tsp.register import Register

HEADER = "# yaml-language-server: $schema=../../schemas/measure.schema.json\n"


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


# Fields a report shows on one line; a line break in one is a slip (or an attempt to write a
# second key into the file).
ONE_LINE: tuple[tuple[str, ...], ...] = (("title",), ("numerator",), ("denominator",),
                                         ("source", "title"), ("source", "publisher"))


def _has_line_break(fields: dict[str, Any], name: tuple[str, ...]) -> bool:
    value: Any = fields
    for key in name:
        value = value.get(key) if isinstance(value, dict) else None
    return isinstance(value, str) and any(c in value for c in "\n\r\v\f\x85\u2028\u2029")


def measure_yaml(fields: dict[str, Any]) -> str:
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 100
    buffer = io.StringIO()
    yaml.dump(_clean(fields), buffer)
    title = " ".join(str(fields.get("title", "")).split())  # a comment is one line
    return HEADER + f"# {title}\n" + buffer.getvalue()


def write_new_measure(repo: Register, fields: dict[str, Any]) -> Path:
    """Write data/measures/ID.yaml, or raise RejectedChange naming what is wrong."""
    measure_id = str(fields.get("id", ""))
    path = repo.root / "data" / "measures" / f"{measure_id}.yaml"
    problems = [Problem(path, 1, 1, Severity.ERROR, f"{'.'.join(name)}: a {' '.join(name)} "
                        "is one line; take out the line break", "schema")
                for name in ONE_LINE if _has_line_break(fields, name)]
    if not problems:
        try:
            measure = Measure.model_validate(_clean(fields))
        except ValidationError as exc:
            problems = [Problem(path, 1, 1, Severity.ERROR, message, "schema")
                        for _, message, _ in describe_validation_error(exc, Measure)]
        else:
            problems = [Problem(path, 1, 1, Severity.ERROR, message, "schema")
                        for _, message in unit_problems(measure)]
    if problems:
        raise RejectedChange(problems, "The measure was not written: fix the options "
                             "above.")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, measure_yaml(fields).encode("utf-8"), create=True)
    return path
