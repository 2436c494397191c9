"""tsp new measure: a proposed counting rule, checked before it is written."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from tsp.errors import RejectedChange
from tsp.models.measure import Measure
from tsp.problems import Problem, Severity

if TYPE_CHECKING:
    from tsp.register import Register as Repository

HEADER = "# yaml-language-server: $schema=../../schemas/measure.schema.json\n"


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def measure_yaml(fields: dict[str, Any]) -> str:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 100
    buffer = io.StringIO()
    yaml.dump(_clean(fields), buffer)
    return HEADER + f"# {fields.get('title', '')}\n" + buffer.getvalue()


def write_new_measure(repo: Repository, fields: dict[str, Any]) -> Path:
    """Write data/measures/ID.yaml, or raise RejectedChange naming what is wrong."""
    from tsp.edits.atomic import write_atomic

    measure_id = str(fields.get("id", ""))
    path = repo.root / "data" / "measures" / f"{measure_id}.yaml"
    try:
        Measure.model_validate(_clean(fields))
    except ValidationError as exc:
        from tsp.schema_messages import describe_validation_error

        problems = [Problem(path, 1, 1, Severity.ERROR, message, "schema")
                    for _, message, _ in describe_validation_error(exc, Measure)]
        raise RejectedChange(problems, "The measure was not written: fix the options "
                             "above.") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, measure_yaml(fields).encode("utf-8"), create=True)
    return path
