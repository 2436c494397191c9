"""tsp set: change one field of one record, keep everything else, check first.

An edit is built as new text (tsp.edits.document splices it into the file), then checked the way
`tsp validate` checks the repository: the record must load, and nothing it refers to may be
missing. Only problems the edit brings are held against it. Nothing is written until the whole
edit is known to be valid, and then atomically. tsp status (tsp.edits.status) makes its edits
the same way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import tempfile
import types
import typing
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from tsp.errors import DataError, NotFound, Problem, RejectedChange, UsageError
from tsp.models import Authority, Package, Record, slugify
from tsp.repository import Repository, load_record
from tsp.edits.document import (
    TopLevelEditor,
    folded,
    plain_or_quoted,
    read_for_edit,
    styled_like,
    write_atomic,
)

EDITABLE: dict[str, type[Record]] = {"packages": Package, "authorities": Authority}
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_ONLY = re.compile(r"^\d{4}$")
# Fields written as folded prose when they are new to a file; summaries are double-quoted.
_PROSE = {"notes"}
_QUOTED = {"summary"}
_AUTHORITY_REFS = {"recipients", "partners", "sme_lenders", "predecessors"}
_PACKAGE_REFS = {"related"}


@dataclass(frozen=True)
class Edit:
    """A checked change to one file, ready to write."""

    root: Path
    path: Path
    old_text: str
    new_text: str
    changes: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()
    bom: bool = False

    @property
    def relative_path(self) -> str:
        try:
            return str(self.path.relative_to(self.root))
        except ValueError:
            return str(self.path)

    def diff(self) -> str:
        return "".join(difflib.unified_diff(
            self.old_text.splitlines(keepends=True), self.new_text.splitlines(keepends=True),
            fromfile=f"a/{self.relative_path}", tofile=f"b/{self.relative_path}",
        ))

    def write(self) -> None:
        write_atomic(self.path, self.new_text, bom=self.bom)


# --- tsp set -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldShape:
    name: str
    is_list: bool
    item: Any  # str, dt.date, an Enum subclass or a model
    required: bool


def _unwrap(annotation: Any) -> list[Any]:
    """The types a field holds: list[X] → X, X | None → X, Annotated[X, …] → X."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)
                if t is not type(None)]
    return [annotation]


def field_shape(model: type[Record], name: str) -> FieldShape:
    """What a field holds, or UsageError (with did-you-mean) for a name the model lacks."""
    fields = model.model_fields
    key = name.replace("-", "_")
    if key not in fields:
        close = difflib.get_close_matches(key, list(fields), n=3, cutoff=0.5)
        raise NotFound(
            f"{model.__name__.lower()} records have no field '{name}'. Fields: "
            f"{', '.join(fields)}.", close)
    info: FieldInfo = fields[key]
    kinds = _unwrap(info.annotation)
    inner = kinds[0]
    is_list = typing.get_origin(inner) is list
    item = _unwrap(typing.get_args(inner)[0])[0] if is_list else inner
    return FieldShape(key, is_list, item, info.is_required())


def _refuse_uneditable(folder: str, shape: FieldShape) -> None:
    if shape.name == "id":
        raise UsageError("the id is the file name; to rename a record, rename the file and "
                         "change its id, and every reference to it, by hand.")
    if folder == "packages" and shape.name in ("status", "status_history"):
        raise UsageError("use `tsp status ID NEW [--on DATE]` to change the status: it keeps "
                         "status_history in step.")
    if isinstance(shape.item, type) and issubclass(shape.item, BaseModel):
        raise UsageError(f"{shape.name} holds structured entries; edit it in the file (your "
                         "editor completes its fields from the schema).")


def choose(enum: type[Enum], text: str) -> str:
    """An enum value from what someone typed: 'SEND', 'Children's social care', 'in delivery'."""
    def letters(value: str) -> str:
        return re.sub(r"[^a-z0-9]", "", value.lower())

    for member in enum:
        if letters(str(member.value)) == letters(text):
            return str(member.value)
    values = [str(m.value) for m in enum]
    close = difflib.get_close_matches(text.lower(), values, n=3, cutoff=0.5)
    raise NotFound(f"'{text}' is not one of: {', '.join(values)}.", close)


def partial_date_value(text: str) -> Any:
    # Written plainly, as the files do: 2026-03-12 (a date), 2026-01 (text), 2026 (a number).
    if _FULL_DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if _YEAR_ONLY.match(text):
        return int(text)
    return text


def _is_partial_date(model: type[Record], name: str) -> bool:
    from tsp.models import _date_to_text

    def walk(annotation: Any) -> bool:
        if typing.get_origin(annotation) is typing.Annotated:
            if any(getattr(m, "func", None) is _date_to_text
                   for m in typing.get_args(annotation)[1:]):
                return True
            return walk(typing.get_args(annotation)[0])
        return any(walk(a) for a in typing.get_args(annotation))

    info = model.model_fields[name]
    return walk(info.annotation) or any(getattr(m, "func", None) is _date_to_text
                                        for m in info.metadata)


def scalar_value(model: type[Record], shape: FieldShape, text: str, old: Any = None) -> Any:
    """The YAML value to write for `text` in a scalar field."""
    item = shape.item
    if isinstance(item, type) and issubclass(item, Enum):
        return styled_like(old, choose(item, text)) if old is not None else choose(item, text)
    if item is dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"{shape.name}: '{text}' is not a date; write YYYY-MM-DD, e.g. "
                             "2026-03-12.") from None
    if _is_partial_date(model, shape.name):
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

        if isinstance(old, DoubleQuotedScalarString | SingleQuotedScalarString):
            return styled_like(old, text)
        return partial_date_value(text)
    if old is not None:
        return styled_like(old, text)
    if shape.name in _PROSE:
        return folded(text)
    if shape.name in _QUOTED:
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        return DoubleQuotedScalarString(text)
    return plain_or_quoted(text)


def item_value(repo: Repository, shape: FieldShape, text: str,
               existing: list[Any] | None = None) -> Any:
    """The YAML value of one list item from what someone typed (names resolved to ids)."""
    from tsp.authorities import resolve
    from tsp.queries import find_package

    item = shape.item
    if shape.name in _AUTHORITY_REFS:
        return resolve(repo.authorities, text).id
    if shape.name in _PACKAGE_REFS:
        return find_package(repo, text).id
    if isinstance(item, type) and issubclass(item, Enum):
        return choose(item, text)
    if shape.name == "themes":
        return text if slugify(text) == text else slugify(text)
    if existing:
        return styled_like(existing[0], text)
    return plain_or_quoted(text)


def set_field(repo: Repository, folder: str, record_id: str, name: str, text: str) -> Edit:
    """Set a scalar field (title, summary, starts, notes, …) to a new value."""
    model = EDITABLE[folder]
    record = find_record(repo, folder, record_id)
    shape = field_shape(model, name)
    _refuse_uneditable(folder, shape)
    if shape.is_list:
        raise UsageError(f"{shape.name} is a list; add or remove items with --add or --remove, "
                         f"e.g. tsp set {record_id} {shape.name} --add VALUE.")
    path = repo.path_of(folder, record.id)
    old_text, bom = read_for_edit(path)
    editor = TopLevelEditor(old_text, list(model.model_fields))
    old = editor.doc.get(shape.name)
    value = scalar_value(model, shape, text, old)
    new_text = editor.set(shape.name, value)
    before = getattr(record, shape.name)
    change = f"{shape.name}: {_short(before)} → {_short(text)}"
    return checked_edit(repo, folder, record.id, path, new_text, (change,), bom,
                         old_text=old_text)


def unset_field(repo: Repository, folder: str, record_id: str, name: str) -> Edit:
    """Remove an optional field from the record."""
    model = EDITABLE[folder]
    record = find_record(repo, folder, record_id)
    shape = field_shape(model, name)
    _refuse_uneditable(folder, shape)
    path = repo.path_of(folder, record.id)
    old_text, bom = read_for_edit(path)
    editor = TopLevelEditor(old_text, list(model.model_fields))
    if shape.name not in editor.doc:
        raise UsageError(f"{record.id} has no {shape.name} to remove.")
    new_text = editor.delete(shape.name)
    return checked_edit(repo, folder, record.id, path, new_text,
                         (f"{shape.name}: removed",), bom, old_text=old_text)


def change_items(repo: Repository, folder: str, record_id: str, name: str,
                 add: list[str], remove: list[str]) -> Edit:
    """Add items to and remove items from a list field (partners, themes, aliases, …)."""
    model = EDITABLE[folder]
    record = find_record(repo, folder, record_id)
    shape = field_shape(model, name)
    _refuse_uneditable(folder, shape)
    if not shape.is_list:
        raise UsageError(f"{shape.name} holds one value, not a list; set it with "
                         f"tsp set {record_id} {shape.name} VALUE.")
    path = repo.path_of(folder, record.id)
    old_text, bom = read_for_edit(path)
    text = old_text
    order = list(model.model_fields)
    changes: list[str] = []
    for typed in remove:
        editor = TopLevelEditor(text, order)
        items = list(editor.doc.get(shape.name) or [])
        wanted = _match_item(repo, shape, typed, items)
        if wanted is None:
            held = ", ".join(str(i) for i in items) or "nothing"
            raise UsageError(f"'{typed}' is not in {shape.name} of {record.id} (it holds: "
                             f"{held}).")
        text = editor.remove(shape.name, wanted)
        changes.append(f"{shape.name}: − {items[wanted]}")
    for typed in add:
        editor = TopLevelEditor(text, order)
        items = list(editor.doc.get(shape.name) or [])
        value = item_value(repo, shape, typed, items)
        if str(value) in [str(i) for i in items]:
            raise UsageError(f"{shape.name} of {record.id} already holds '{value}'.")
        text = editor.append(shape.name, value)
        changes.append(f"{shape.name}: + {value}")
    return checked_edit(repo, folder, record.id, path, text, tuple(changes), bom,
                         old_text=old_text)


def _match_item(repo: Repository, shape: FieldShape, typed: str, items: list[Any]) -> int | None:
    texts = [str(i) for i in items]
    if typed in texts:
        return texts.index(typed)
    try:
        value = str(item_value(repo, shape, typed))
    except UsageError:
        value = typed
    if value in texts:
        return texts.index(value)
    folded_texts = [t.casefold() for t in texts]
    return folded_texts.index(typed.casefold()) if typed.casefold() in folded_texts else None


# --- finding records and checking edits ----------------------------------------------------


def find_record(repo: Repository, folder: str, text: str) -> Package | Authority:
    """A package by id, or an authority by id, name, alias or code."""
    records: dict[str, Package | Authority] = getattr(repo, folder)
    if text in records:
        return records[text]
    _broken_file(repo, folder, text)
    if folder == "authorities":
        from tsp.authorities import resolve

        return resolve(repo.authorities, text)
    from tsp.queries import find_package

    return find_package(repo, text)


def _broken_file(repo: Repository, folder: str, record_id: str) -> None:
    for suffix in (".yaml", ".yml"):
        path = repo.data_dir / folder / f"{record_id}{suffix}"
        problems = [p for p in repo.errors if p.path == path]
        if path.is_file() and problems:
            raise DataError(problems, f"{path.relative_to(repo.root)} has errors; fix them "
                            "first (tsp validate lists them all).")


def check_text(repo: Repository, folder: str, record_id: str, path: Path,
               text: str) -> list[Problem]:
    """The problems `text` would bring as the record `record_id` at `path`.

    Errors raise RejectedChange (nothing is written); warnings are returned. Problems the
    repository already had are not the edit's and are left out.
    """
    from tsp.checks import check_repository

    model = EDITABLE[folder]
    with tempfile.TemporaryDirectory(prefix="tsp-check-") as tmp:
        trial_path = Path(tmp) / path.name
        trial_path.write_bytes(text.encode("utf-8"))  # exactly these bytes, on any platform
        record, problems = load_record(trial_path, model)
        if record is not None:
            trial = dataclasses.replace(
                repo, paths={**repo.paths, (folder, record_id): trial_path}, problems=[])
            setattr(trial, folder, {**getattr(repo, folder), record_id: record})
            problems = problems + check_repository(trial)
    problems = [dataclasses.replace(p, path=path) if p.path == trial_path else p
                for p in problems]
    known = {(p.path, p.message) for p in repo.problems}
    new = sorted(p for p in problems if (p.path, p.message) not in known)
    errors = [p for p in new if p.is_error]
    if errors:
        relative = path.relative_to(repo.root) if path.is_relative_to(repo.root) else path
        raise RejectedChange(errors, f"Nothing was written: this would make {relative} "
                             "invalid.")
    return [p for p in new if not p.is_error]


def checked_edit(repo: Repository, folder: str, record_id: str, path: Path, new_text: str,
                  changes: tuple[str, ...], bom: bool, *, old_text: str) -> Edit:
    warnings = check_text(repo, folder, record_id, path, new_text)
    return Edit(repo.root, path, old_text, new_text, changes, tuple(warnings), bom)


def _short(value: Any, width: int = 60) -> str:
    if value is None:
        return "(none)"
    text = str(value.value if isinstance(value, Enum) else value)
    return text if len(text) <= width else text[: width - 1] + "…"
