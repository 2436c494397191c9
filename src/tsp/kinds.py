"""The kinds of record in a register, in one place: folder, model, schema and what tsp set may edit.

Code names a kind as `RecordKind.PACKAGE`, never as the string "packages", so a typo is a type
error. A new kind of record is five files: its member here (naming its model), its model (a
module of tsp.models), its cross-record checks (a module of tsp.checks) and the one line
that joins it to tsp.checks.rules, and its schema (schemas/NOUN.schema.json, which `tsp schema` writes). Nothing
else changes: the loader reads its folder, `tsp validate` checks it, `tsp changes` lists and
compares it, `tsp history` follows it.

A kind is a `str` whose value is its folder under data/, so it can be joined to a path and is
equal to the folder's name.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from pydantic import BaseModel

from tsp.models.authority import Authority
from tsp.models.common import Record, field_item_type
from tsp.models.measure import Measure
from tsp.models.package import Package
from tsp.models.year import ProgrammeYear

DATA_DIR = "data"
SCHEMA_DIR = "schemas"


class RecordKind(StrEnum):
    """A kind of record: its folder under data/ is its value."""

    noun: str
    plural_label: str
    model: type[Record]
    description: str
    editable: bool
    # Fields `tsp set` refuses because another command keeps them right, and what to use.
    set_elsewhere: Mapping[str, str]

    def __new__(cls, folder: str, noun: str, plural_label: str, model: type[Record],
                description: str, editable: bool,
                set_elsewhere: Mapping[str, str] | None = None) -> RecordKind:
        kind = str.__new__(cls, folder)
        kind._value_ = folder
        kind.noun = noun
        kind.plural_label = plural_label
        kind.model = model
        kind.description = description
        kind.editable = editable
        kind.set_elsewhere = MappingProxyType(dict(set_elsewhere or {}))
        return kind

    # Load order: authorities first, since packages and years refer to them.
    AUTHORITY = ("authorities", "authority", "Authorities", Authority,
                 "A local authority in data/authorities/ of a tsp repository", True)
    PACKAGE = ("packages", "package", "Packages", Package,
               "A package of targeted support in data/packages/ of a tsp repository", True,
               {"status": "use `tsp status ID NEW [--on DATE]` to change the status: it keeps "
                "status_history in step.",
                "status_history": "use `tsp status ID NEW [--on DATE]` to change the status: "
                "it keeps status_history in step.",
                "evidence": "use `tsp log ID TEXT --kind KIND [--measure ID] [--on DATE]` to "
                "add evidence; it checks the entry and keeps the rest of the file.",
                "funding": "use `tsp fund ID AMOUNT --status STATUS [--year YEAR]` to record "
                "funding; it checks the entry and keeps the rest of the file."})
    YEAR = ("years", "year", "Programme years", ProgrammeYear,
            "A programme year in data/years/ of a tsp repository", False)
    # The SEND data challenge's counting rules; their figures are CSV (tsp.load.figures).
    MEASURE = ("measures", "measure", "Measures", Measure,
               "A counting rule of the SEND data challenge in data/measures/ of a tsp "
               "repository", False)

    @property
    def folder(self) -> str:
        """The folder under data/ that holds records of this kind."""
        return self.value

    @property
    def schema(self) -> str:
        """The schema file's name under schemas/, e.g. package.schema.json."""
        return f"{self.noun}.schema.json"

    @property
    def schema_path(self) -> str:
        return f"{SCHEMA_DIR}/{self.schema}"

    @property
    def editable_fields(self) -> tuple[str, ...]:
        """The fields `tsp set` may change (none for a kind it does not edit).

        Not the id (it is the file name), nor fields another command keeps, nor structured
        entries, which are edited in the file."""
        if not self.editable:
            return ()
        return tuple(
            name for name, info in self.model.model_fields.items()
            if name != "id" and name not in self.set_elsewhere
            and not (isinstance(item := field_item_type(info.annotation), type)
                     and issubclass(item, BaseModel))
        )

    @classmethod
    def by_noun(cls, noun: str) -> RecordKind | None:
        """The kind named 'package', 'authority', 'year' (as `tsp schema --fields` takes)."""
        return next((k for k in cls if k.noun == noun), None)


KINDS: tuple[RecordKind, ...] = tuple(RecordKind)
EDITABLE_KINDS: tuple[RecordKind, ...] = tuple(k for k in RecordKind if k.editable)
