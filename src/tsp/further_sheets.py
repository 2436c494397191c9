"""The further sheets of tsp's workbook: what the one-row-per-package table cannot hold.

`tsp list --format xlsx` writes the package table (tsp.tracker) and, beside it, one sheet per
part of a package that has several values or several fields of its own — its years, status
basis, status history, priorities, success measures, funding, evidence and SME
contributions — each row keyed by the package's id. `tsp import` reads them back
(tsp.edits.tracker_sheets), so a workbook tsp wrote imports to the same packages: into an
empty register it writes them again, into the same register it writes nothing. Here: the
sheets and their columns, and writing them.

A sheet is one of these only when its name is one below and its first header is "Package ID";
a team's own sheet of another shape is read as a tracker table, as before. Cells are written
as exactly as the record holds them: ids, not names; an amount as a number when it is whole
pounds or digits a spreadsheet keeps (2500.5), else as its text ("12500.50"), so its digits come
back as typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from tsp.models import Package
from tsp.xlsx import CellKind, Column, Sheet

KEY = "Package ID"
ValueKind = Literal["text", "date", "amount", "count", "ids", "flag"]


@dataclass(frozen=True)
class Part:
    """One column of a further sheet: the header, the key in the record, how it is held."""

    header: str
    key: str
    kind: ValueKind = "text"


@dataclass(frozen=True)
class FurtherSheet:
    name: str
    field: str  # the Package field it holds
    shape: Literal["value", "list", "records"]  # one value, a list of values, of records
    parts: tuple[Part, ...]


SHEETS: tuple[FurtherSheet, ...] = (
    FurtherSheet("Years", "years", "list", (Part("Year", "year"),)),
    FurtherSheet("Status basis", "status_basis", "value", (Part("Status basis", "status_basis"),)),
    FurtherSheet("Status history", "status_history", "records", (
        Part("Status", "status"), Part("On", "on", "date"), Part("Note", "note"))),
    FurtherSheet("Priorities", "priorities", "list", (Part("Priority", "priority"),)),
    FurtherSheet("Success measures", "success_measures", "list",
                 (Part("Success measure", "measure"),)),
    FurtherSheet("Funding", "funding", "records", (
        Part("Year", "year"), Part("Amount", "amount", "amount"), Part("Status", "status"),
        Part("Paid by", "paid_by"), Part("Paid to", "paid_to"), Part("Note", "note"))),
    FurtherSheet("Evidence", "evidence", "records", (
        Part("On", "on", "date"), Part("Kind", "kind"), Part("Text", "text"),
        Part("Success measures", "measures", "ids"), Part("Authorities", "authorities", "ids"),
        Part("Source", "source"), Part("Publish", "publish", "flag"),
        Part("Consent", "consent"))),
    FurtherSheet("SME contributions", "sme_contributions", "records", (
        Part("Authority", "authority"), Part("People", "people", "count"),
        Part("Days", "days", "amount"), Part("Note", "note"))),
)
BY_NAME = {s.name: s for s in SHEETS}
_CELL_KIND: dict[ValueKind, CellKind] = {"date": "date", "amount": "number", "count": "number"}


# --- writing -------------------------------------------------------------------------------


def _number(value: Decimal) -> int | float | str:
    """A number where the spreadsheet keeps its digits as written (12500, 2500.5); anything
    else as its exact text ("12500.50")."""
    sign, _, exponent = value.as_tuple()
    if exponent == 0 and not sign:
        return int(value)
    text = str(value)
    return float(text) if repr(float(text)) == text else text


def _cell(kind: ValueKind, value: Any) -> str | int | float | None:
    if value is None or value == [] or value is False:
        return None
    if kind == "amount":
        return _number(Decimal(value))
    if kind == "count":
        return int(value)
    if kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if kind == "ids":
        return ", ".join(value)
    if kind == "flag":
        return "yes"
    return str(value)


def sheets(packages: Iterable[Package]) -> list[Sheet]:
    """The further sheets for these packages (every sheet, even with no rows: its absence
    would otherwise read as 'not exported')."""
    packages = list(packages)
    out = []
    for spec in SHEETS:
        columns = [Column(KEY)] + [Column(p.header, _CELL_KIND.get(p.kind, "text"))
                                   for p in spec.parts]
        rows: list[Sequence[str | int | float | None]] = []
        for package in packages:
            value = getattr(package, spec.field)
            if spec.shape == "value":
                if value is not None:
                    rows.append([package.id, str(value)])
            elif spec.shape == "list":
                rows += [[package.id, str(v)] for v in value]
            else:
                rows += [[package.id, *(_cell(p.kind, getattr(record, p.key))
                                        for p in spec.parts)] for record in value]
        out.append(Sheet(spec.name, columns, rows))
    return out
