"""tsp set: change one field of one record, keep everything else, check first.

The new text is spliced into the file (tsp.edits.document), then checked in memory
(tsp.edits.check): nothing is written until the whole edit is known to be valid, and then
atomically.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from pydantic.fields import FieldInfo
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from tsp.authorities import resolve
from tsp.dates import parse_date, partial_date_value
from tsp.edits.check import Edit, checked_edit, find_record
from tsp.edits.document import TopLevelEditor, folded, plain_or_quoted, read_for_edit, styled_like
from tsp.errors import NotFound, UsageError
from tsp.kinds import RecordKind
from tsp.models import Record, _date_to_text, slugify
from tsp.models.common import field_types
from tsp.problems import suggest
from tsp.queries import find_package
from tsp.register import Register
from tsp.vocabulary import parse_choice

# Fields written as folded prose when they are new to a file; summaries are double-quoted.
_PROSE = {"notes"}
_QUOTED = {"summary"}
_AUTHORITY_REFS = {"recipients", "partners", "sme_lenders", "predecessors"}
_PACKAGE_REFS = {"related"}


@dataclass(frozen=True)
class FieldShape:
    name: str
    is_list: bool
    item: Any  # str, dt.date, an Enum subclass or a model
    required: bool


def field_shape(model: type[Record], name: str) -> FieldShape:
    """What a field holds, or UsageError (with did-you-mean) for a name the model lacks."""
    fields = model.model_fields
    key = name.replace("-", "_")
    if key not in fields:
        close = suggest(key, fields)
        raise NotFound(
            f"{model.__name__.lower()} records have no field '{name}'. Fields: "
            f"{', '.join(fields)}.", close)
    info: FieldInfo = fields[key]
    inner = field_types(info.annotation)[0]
    is_list = typing.get_origin(inner) is list
    item = field_types(typing.get_args(inner)[0])[0] if is_list else inner
    return FieldShape(key, is_list, item, info.is_required())


def _refuse_uneditable(kind: RecordKind, shape: FieldShape) -> None:
    """UsageError, saying what to do instead, unless tsp set may edit the field (the kind's
    editable_fields)."""
    if not kind.editable:
        raise UsageError(f"tsp set does not edit {kind.noun} records; edit the file in "
                         f"data/{kind.folder}/.")
    if shape.name in kind.editable_fields:
        return
    if shape.name == "id":
        raise UsageError("the id is the file name; to rename a record, rename the file and "
                         "change its id, and every reference to it, by hand.")
    if shape.name in kind.set_elsewhere:
        raise UsageError(kind.set_elsewhere[shape.name])
    raise UsageError(f"{shape.name} holds structured entries; edit it in the file (your "
                     "editor completes its fields from the schema).")


def _is_partial_date(model: type[Record], name: str) -> bool:
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
    if isinstance(item, type) and issubclass(item, StrEnum):
        value = parse_choice(item, text).value
        return styled_like(old, value) if old is not None else value
    if item is dt.date:
        return parse_date(text, shape.name)
    if _is_partial_date(model, shape.name):
        if isinstance(old, DoubleQuotedScalarString | SingleQuotedScalarString):
            return styled_like(old, text)
        return partial_date_value(text)
    if old is not None:
        return styled_like(old, text)
    if shape.name in _PROSE:
        return folded(text)
    if shape.name in _QUOTED:
        return DoubleQuotedScalarString(text)
    return plain_or_quoted(text)


def item_value(register: Register, shape: FieldShape, text: str,
               existing: list[Any] | None = None) -> Any:
    """The YAML value of one list item from what someone typed (names resolved to ids)."""
    item = shape.item
    if shape.name in _AUTHORITY_REFS:
        return resolve(register.authorities, text).id
    if shape.name in _PACKAGE_REFS:
        return find_package(register, text).id
    if isinstance(item, type) and issubclass(item, StrEnum):
        return parse_choice(item, text).value
    if shape.name == "themes":
        return text if slugify(text) == text else slugify(text)
    if existing:
        return styled_like(existing[0], text)
    return plain_or_quoted(text)


def set_field(register: Register, kind: RecordKind, record_id: str, name: str, text: str) -> Edit:
    """Set a scalar field (title, summary, starts, notes, …) to a new value."""
    model = kind.model
    record = find_record(register, kind, record_id)
    shape = field_shape(model, name)
    _refuse_uneditable(kind, shape)
    if shape.is_list:
        raise UsageError(f"{shape.name} is a list; add or remove items with --add or --remove, "
                         f"e.g. tsp set {record_id} {shape.name} --add VALUE.")
    record_id = str(getattr(record, "id"))
    path = register.path_of(kind, record_id)
    old_text, bom = read_for_edit(path)
    editor = TopLevelEditor(old_text, list(model.model_fields), path.name)
    old = editor.doc.get(shape.name)
    value = scalar_value(model, shape, text, old)
    new_text = editor.set(shape.name, value)
    before = getattr(record, shape.name)
    change = f"{shape.name}: {_short(before)} → {_short(text)}"
    return checked_edit(register, kind, record_id, path, new_text, (change,), bom,
                         old_text=old_text)


def unset_field(register: Register, kind: RecordKind, record_id: str, name: str) -> Edit:
    """Remove an optional field from the record."""
    model = kind.model
    record = find_record(register, kind, record_id)
    shape = field_shape(model, name)
    _refuse_uneditable(kind, shape)
    record_id = str(getattr(record, "id"))
    path = register.path_of(kind, record_id)
    old_text, bom = read_for_edit(path)
    editor = TopLevelEditor(old_text, list(model.model_fields), path.name)
    if shape.name not in editor.doc:
        raise UsageError(f"{record_id} has no {shape.name} to remove.")
    new_text = editor.delete(shape.name)
    return checked_edit(register, kind, record_id, path, new_text,
                         (f"{shape.name}: removed",), bom, old_text=old_text)


def change_items(register: Register, kind: RecordKind, record_id: str, name: str,
                 add: list[str], remove: list[str]) -> Edit:
    """Add items to and remove items from a list field (partners, themes, aliases, …)."""
    model = kind.model
    record = find_record(register, kind, record_id)
    shape = field_shape(model, name)
    _refuse_uneditable(kind, shape)
    if not shape.is_list:
        raise UsageError(f"{shape.name} holds one value, not a list; set it with "
                         f"tsp set {record_id} {shape.name} VALUE.")
    record_id = str(getattr(record, "id"))
    path = register.path_of(kind, record_id)
    old_text, bom = read_for_edit(path)
    text = old_text
    order = list(model.model_fields)
    changes: list[str] = []
    if kind is RecordKind.PACKAGE and shape.name == "years" and add:
        text = _year_to_years(text, order, changes)
    for typed in remove:
        editor = TopLevelEditor(text, order, path.name)
        items = list(editor.doc.get(shape.name) or [])
        wanted = _match_item(register, shape, typed, items)
        if wanted is None:
            held = ", ".join(str(i) for i in items) or "nothing"
            raise UsageError(f"'{typed}' is not in {shape.name} of {record_id} (it holds: "
                             f"{held}).")
        text = editor.remove(shape.name, wanted)
        changes.append(f"{shape.name}: − {items[wanted]}")
    for typed in add:
        editor = TopLevelEditor(text, order, path.name)
        items = list(editor.doc.get(shape.name) or [])
        value = item_value(register, shape, typed, items)
        if str(value) in [str(i) for i in items]:
            raise UsageError(f"{shape.name} of {record_id} already holds '{value}'.")
        text = editor.append(shape.name, value)
        changes.append(f"{shape.name}: + {value}")
    return checked_edit(register, kind, record_id, path, text, tuple(changes), bom,
                         old_text=old_text)


def _year_to_years(text: str, order: list[str], changes: list[str]) -> str:
    """A package written with `year:` that gains a year is rewritten with `years:` (a package
    has one or the other), its first year kept."""
    editor = TopLevelEditor(text, order)
    if "year" not in editor.doc or "years" in editor.doc:
        return text
    first = str(editor.doc["year"])
    text = editor.delete("year")
    changes.append(f"year: {first} → years: [{first}, …]")
    return TopLevelEditor(text, order).set("years", CommentedSeq([first]))


def _match_item(register: Register, shape: FieldShape, typed: str, items: list[Any]) -> int | None:
    texts = [str(i) for i in items]
    if typed in texts:
        return texts.index(typed)
    try:
        value = str(item_value(register, shape, typed))
    except UsageError:
        value = typed
    if value in texts:
        return texts.index(value)
    folded_texts = [t.casefold() for t in texts]
    return folded_texts.index(typed.casefold()) if typed.casefold() in folded_texts else None


def _short(value: Any, width: int = 60) -> str:
    if value is None:
        return "(none)"
    text = str(value.value if isinstance(value, Enum) else value)
    return text if len(text) <= width else text[: width - 1] + "…"
