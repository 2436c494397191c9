"""tsp's further sheets read back (tsp import): a workbook `tsp list --format xlsx` wrote
imports to the same packages.

`split` takes the further sheets (tsp.further_sheets names them and their columns) out of a
workbook's tables; `FurtherSheets.fields` gives each package's fields from them, as the file
should hold them. A cell that cannot be what its column holds is a `SheetProblem` at its
sheet, row and column, and its package is not imported without it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from tsp.dates import parse_date
from tsp.edits.document import plain_or_quoted
from tsp.edits.tracker_read import Table, column_letter
from tsp.errors import ExitCode, TspError, UsageError
from tsp.further_sheets import BY_NAME, KEY, SHEETS, ValueKind
from tsp.models.funding import to_money


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
    return table.name in BY_NAME and table.header[:1] == [KEY]


def split(tables: Sequence[Table]) -> tuple[list[Table], FurtherSheets]:
    """The package tables, and what tsp's further sheets among them say."""
    found = FurtherSheets()
    rest: list[Table] = []
    for table in tables:
        if not is_further(table):
            rest.append(table)
            continue
        spec = BY_NAME[table.name]
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
