"""The further sheets of tsp's workbook: what the one-row-per-package table cannot hold.

`tsp list --format xlsx` writes the package table (tsp.tracker) and, beside it, one sheet per
part of a package that has several values or several fields of its own — its years, status
basis, status history, priorities, success measures, funding, evidence and SME
contributions — each row keyed by the package's id. `tsp import` reads them back
(`split`, then `FurtherSheets.fields`), so a workbook tsp wrote imports to the same packages:
into an empty register it writes them again, into the same register it writes nothing.

A sheet is one of these only when its name is one below and its first header is "Package ID";
a team's own sheet of another shape is read as a tracker table, as before. Cells are written
as exactly as the record holds them: ids, not names; an amount as a number when it is whole
pounds or digits a spreadsheet keeps (2500.5), else as its text ("12500.50"), so its digits come
back as typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from tsp.dates import parse_date
from tsp.edits.document import plain_or_quoted
from tsp.edits.tracker_read import Table, column_letter
from tsp.errors import ExitCode, TspError, UsageError
from tsp.models import Package
from tsp.models.funding import to_money
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
_BY_NAME = {s.name: s for s in SHEETS}
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


# --- reading -------------------------------------------------------------------------------


class FurtherRowsError(TspError):
    """A package whose rows on the further sheets cannot all be read: not imported, since
    it would come in without them."""

    exit_code = ExitCode.DATA


class CellError(ValueError):
    """A cell of a further sheet that cannot be what its column holds."""


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _yaml_number(cell: Any) -> Any:
    """An amount as the file should hold it: an int for whole pounds typed without pence, a
    plain number where YAML reads the digits back as they are (2500.5), else the digits
    quoted (YAML would read 12500.50 as 12500.5)."""
    if isinstance(cell, bool):
        raise CellError("an amount is a number of pounds, not true or false")
    if isinstance(cell, int):
        return cell
    text = repr(cell) if isinstance(cell, float) else _text(cell).strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CellError(f"'{text}' is not a number") from None
    if text.isdigit():
        return int(text)
    if value.is_finite() and repr(float(text)) == text:
        return float(text)
    return DoubleQuotedScalarString(text)


def _yaml_value(kind: ValueKind, cell: Any) -> Any:
    if kind == "amount":
        number = _yaml_number(cell)
        try:
            to_money(str(number))  # refused here, on its own row, not later on the package's
        except ValueError as exc:
            raise CellError(str(exc)) from None
        return number
    if kind == "count":
        number = _yaml_number(cell)
        if not isinstance(number, int):
            raise CellError(f"'{_text(cell)}' is not a whole number")
        return number
    text = _text(cell)
    if kind == "date":
        try:
            return parse_date(text.strip())
        except UsageError as exc:
            raise CellError(str(exc)) from None
    if kind == "ids":
        return CommentedSeq([i.strip() for i in text.split(",") if i.strip()])
    if kind == "flag":
        if text.strip().lower() in ("yes", "true", "y"):
            return True
        if text.strip().lower() in ("no", "false", "n"):
            return False
        raise CellError(f"'{text}' is not yes or no")
    return plain_or_quoted(text)


@dataclass(frozen=True)
class SheetProblem:
    sheet: str
    row: int
    column: str
    message: str
    package_id: str = ""

    def __str__(self) -> str:
        return f"{self.sheet}:{self.row}:{self.column}: {self.message}"


@dataclass
class FurtherSheets:
    """What the further sheets of a workbook say, by package id."""

    present: list[str] = field(default_factory=list)  # the field of each sheet found
    values: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> field -> value
    rows: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # id -> (sheet, row)
    problems: list[SheetProblem] = field(default_factory=list)

    def fields(self, package_id: str, history: Sequence[tuple[Any, ...]] | None = None
               ) -> dict[str, Any]:
        """The package's fields from the further sheets, as the file should hold them: every
        field of a sheet that is there (a package with no row on it has none of that field).

        `history`: the package table's Status history column, as read ((status, on, note)
        each). The sheet holds it exactly (a note may hold a line break); where the column
        says otherwise someone changed one of them, and which one is meant is not guessed."""
        bad = [f"{p.sheet}:{p.row}:{p.column}" for p in self.problems
               if p.package_id == package_id]
        if bad:
            raise FurtherRowsError(f"not imported: its rows on tsp's further sheets have problems "
                            f"({', '.join(bad)})")
        found = self.values.get(package_id, {})
        if "status_history" in self.present and history is not None:
            def same(entries: Iterable[tuple[Any, ...]]) -> list[tuple[str, str, str]]:
                return [(str(s), str(on), " ".join(str(n or "").split()))
                        for s, on, n in entries]
            sheet = [(c["status"], c["on"], c.get("note"))
                     for c in found.get("status_history", [])]
            if same(history) != same(sheet):
                raise FurtherRowsError(
                    "the Status history column and the Status history sheet say different "
                    "things; make them agree (the sheet is read exactly) and import again")
        out: dict[str, Any] = {}
        for name in self.present:
            spec = next(s for s in SHEETS if s.field == name)
            value = found.get(name)
            out[name] = (value if value is not None else
                         None if spec.shape == "value" else CommentedSeq())
        years = out.get("years")
        if years is not None and len(years) < 2:
            out.pop("years")  # one year is written `year:`, from the package table
        return out

    def unknown(self, package_ids: set[str]) -> list[SheetProblem]:
        """Rows keyed by an id the package table does not hold."""
        return [SheetProblem(sheet, row, "A", f"no package '{package_id}' in the package "
                             "table; this row was not imported")
                for package_id, places in sorted(self.rows.items())
                if package_id not in package_ids for sheet, row in places]


def is_further(table: Table) -> bool:
    return table.name in _BY_NAME and table.header[:1] == [KEY]


def split(tables: Sequence[Table]) -> tuple[list[Table], FurtherSheets]:
    """The package tables, and what tsp's further sheets among them say."""
    found = FurtherSheets()
    rest: list[Table] = []
    for table in tables:
        if not is_further(table):
            rest.append(table)
            continue
        spec = _BY_NAME[table.name]
        found.present.append(spec.field)
        index = {h: i for i, h in enumerate(table.header)}
        for number, cells in table.rows:
            package_id = _text(cells[0]).strip() if cells else ""
            if not package_id:
                continue
            found.rows.setdefault(package_id, []).append((table.name, number))
            record = CommentedMap()
            for part in spec.parts:
                column = index.get(part.header)
                cell = cells[column] if column is not None and column < len(cells) else None
                if cell is None or _text(cell) == "":
                    continue
                try:
                    record[part.key] = _yaml_value(part.kind, cell)
                except CellError as exc:
                    found.problems.append(SheetProblem(
                        table.name, number, column_letter(column or 0), str(exc), package_id))
            values = found.values.setdefault(package_id, {})
            if spec.shape == "value":
                values[spec.field] = next(iter(record.values()), None)
            elif spec.shape == "list":
                values.setdefault(spec.field, CommentedSeq()).extend(record.values())
            else:
                values.setdefault(spec.field, CommentedSeq()).append(record)
    return rest, found
