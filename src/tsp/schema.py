"""JSON Schema for editors and other tools, generated from the models (never written by hand).

`tsp schema` writes schemas/{authority,package,year}.schema.json; `tsp schema --check` and a
test fail when the committed files differ from what the models generate, so the schema an
editor checks against is always the one `tsp validate` uses.

A reference to an authority lists the ids the register holds (an enum), so an editor completes
`recipients: [rea` and flags `recipients: [narnia]`. `tsp new authority` rewrites the schemas
so the new id is known at once; an authority added by hand needs `tsp schema` (CI's
`tsp schema --check` says so). Package ids are not listed: packages arrive with every pull
request, and the schema must not go stale with each one (`tsp validate` checks them).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Known = Mapping[str, Sequence[str]]  # data folder -> the ids of its records

from tsp.edits.atomic import write_atomic
from tsp.errors import UsageError
from tsp.kinds import KINDS, SCHEMA_DIR, RecordKind
from tsp.load import load
from tsp.markdown import table_cell
from tsp.models.common import REFERENCE_KEY
from tsp.proposal import FORM_PATH, issue_form
from tsp.safe_fs import Unsafe, check_contained, read_bytes

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# The files are named for the record they describe (tsp.kinds); the data folders they apply
# to are mapped in .vscode/settings.json and named by each data file's first line.
# Keys that lead each schema object, in this order; the rest follow alphabetically, except
# the fields of a record (`properties`), which keep the models' order: the order of the files.
_FIRST = ("$schema", "$id", "title", "description", "type")


@dataclass(frozen=True)
class SchemaFile:
    name: str
    relative: str
    text: str


def _ordered(value: Any, *, keep_order: bool = False) -> Any:
    if isinstance(value, dict):
        if keep_order:
            keys = list(value)
        else:
            keys = [k for k in _FIRST if k in value] + sorted(k for k in value if k not in _FIRST)
        return {k: _ordered(value[k], keep_order=(k == "properties" and not keep_order))
                for k in keys}
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    return value


def _references(value: Any, known: Known | None) -> Any:
    """The schema with each reference marker turned into the ids the register holds."""
    if isinstance(value, dict):
        node = {k: _references(v, known) for k, v in value.items() if k != REFERENCE_KEY}
        folder = value.get(REFERENCE_KEY)
        if isinstance(folder, str) and known is not None and known.get(folder):
            node["enum"] = sorted(known[folder])
        return node
    if isinstance(value, list):
        return [_references(v, known) for v in value]
    return value


# What an editor says when a value does not match a pattern. JSON Schema has no keyword for
# it; VS Code's JSON and Red Hat's YAML language servers read `patternErrorMessage` (without
# it they show "String does not match the pattern of "^\\d{4}(?:-…""), and other tools
# ignore a keyword they do not know. Said once per pattern; a pattern not listed here is
# explained by its field's description.
_PATTERN_MESSAGES = {
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": "An id: lowercase words joined by hyphens, e.g. "
                                   "reading-annual-review-mapping",
    r"^\d{4}-\d{2}$": "A programme year written like 2025-26",
    r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$":
        "A date written YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2026, 2026-03 or 2026-03-12",
    r"^\d{1,9}(?:\.\d{1,2})?$": "An amount in pounds, e.g. 12500 or 12500.50 (pence at most, "
                                "up to 999999999.99)",
    r"^[EWSN]\d{8}$": "An ONS GSS code: a capital letter and eight digits, e.g. E06000038",
    r"^\d{3}$": "A DfE LA number: three digits in quotes, e.g. \"870\"",
    r"^[A-Z]{3}$": "A three-letter register code in capitals, e.g. RDG",
    r"^https://": "A web address starting https://",
    r"^(send|childrens-social-care)$": "send or childrens-social-care",
}


def _readable_patterns(value: Any, about: str | None = None) -> Any:
    """The schema with a readable `patternErrorMessage` beside each `pattern`: the message
    above for a pattern it lists, else the nearest description (a field's, for the pattern
    inside its anyOf)."""
    if isinstance(value, dict):
        described = value.get("description")
        about = described if isinstance(described, str) else about
        node = {k: _readable_patterns(v, about) for k, v in value.items()}
        pattern = value.get("pattern")
        if isinstance(pattern, str) and "patternErrorMessage" not in node:
            message = _PATTERN_MESSAGES.get(pattern) or (f"Expected: {about}" if about else None)
            if message is not None:
                node["patternErrorMessage"] = message
        return node
    if isinstance(value, list):
        return [_readable_patterns(v, about) for v in value]
    return value


def known_ids(root: Path) -> dict[str, list[str]]:
    """The ids a schema lists: the authorities of the register at root (those that load)."""
    register = load(root)
    return {"authorities": sorted(register.authorities)}


def schema_for(kind: RecordKind, known: Known | None = None) -> dict[str, Any]:
    name, description = kind.noun, kind.description
    generated = _readable_patterns(_references(kind.model.model_json_schema(), known))
    generated.pop("title", None)
    schema = {
        "$schema": DRAFT,
        "$id": f"urn:tsp:schema:{name}",
        "title": f"tsp {name} record",
        **generated,
        "description": f"{description}. {generated.get('description', '')}".strip(),
    }
    ordered: dict[str, Any] = _ordered(schema)
    return ordered


def generate(known: Known | None = None) -> list[SchemaFile]:
    """Every schema file as the models make it: stable key order, UTF-8, a final newline;
    with `known`, references list those ids."""
    return [
        SchemaFile(kind.noun, kind.schema_path,
                   json.dumps(schema_for(kind, known), indent=2, ensure_ascii=False) + "\n")
        for kind in KINDS
    ]


def stale(root: Path) -> list[SchemaFile]:
    """The schema files under root that are missing or differ from what the models and the
    register's ids generate."""
    _check_folder(root)
    out = []
    for schema in [*generate(known_ids(root)), *_issue_form(root)]:
        path = root / schema.relative
        try:
            # Through tsp.safe_fs: a schema linked out of the repository, or a FIFO, is
            # neither read nor waited on; it is out of date, and `tsp schema` replaces it.
            current: str | None = read_bytes(path, root, 4 * len(schema.text)).decode("utf-8")
        except (FileNotFoundError, UnicodeDecodeError, Unsafe):
            current = None
        if current != schema.text:
            out.append(schema)
    return out


def _issue_form(root: Path) -> list[SchemaFile]:
    """The 'Propose a package' issue form (tsp.proposal), in a repository on GitHub (one
    with a .github folder): its choices come from the register, so it is kept like a schema."""
    if not (root / ".github").is_dir():
        return []
    return [SchemaFile("issue form", FORM_PATH, issue_form(load(root)))]


def _check_folder(root: Path) -> None:
    try:
        check_contained(root / SCHEMA_DIR, root, "folder")
    except Unsafe as exc:
        raise UsageError(f"{SCHEMA_DIR}/: {exc.message}") from None


def write(root: Path) -> list[SchemaFile]:
    """Write the schema files that are missing or out of date; return those written."""
    written = stale(root)
    for schema in written:
        (root / schema.relative).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(root / schema.relative, schema.text)
    return written


def field_table(kind: RecordKind) -> str:
    """The fields of a record as a Markdown table, for CONTRIBUTING.md and other docs."""
    import typing
    from enum import Enum

    model = kind.model

    def values(annotation: Any) -> list[str]:
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            return [str(m.value) for m in annotation]
        for arg in typing.get_args(annotation):
            found = values(arg)
            if found:
                return found
        return []

    def described(annotation: Any) -> str | None:
        # Types such as `gss_code` carry their description inside Annotated[...].
        for arg in typing.get_args(annotation):
            found = getattr(arg, "description", None) or described(arg)
            if isinstance(found, str):
                return found
        return None

    rows = ["| Field | Required | What it holds |", "|---|---|---|"]
    for field_name, info in model.model_fields.items():
        about = info.description or described(info.annotation) or ""
        choices = values(info.annotation)
        if choices:
            about += f" — one of: {', '.join(f'`{c}`' for c in choices)}"
        rows.append(f"| `{field_name}` | {'yes' if info.is_required() else ''} | "
                    f"{table_cell(about)} |")
    return "\n".join(rows) + "\n"
