"""Reading a tracker: each sheet's table found under its title rows, within limits.

A team's sheet has a title, a "last updated" line and blank rows above the header, and may have
cover or list sheets beside the table. The header is the first row where at least two known
column names appear (`--header-row` names it instead). Hidden sheets are skipped unless asked
for. The workbook is read in streaming mode, and its sizes are checked before anything is
inflated: a workbook whose parts would inflate beyond MAX_INFLATED, or a sheet that says it
has more rows than MAX_ROWS, is refused before memory is spent.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tsp.edits.tracker_xlsx import Formula, Workbook
from tsp.errors import UsageError
from tsp.problems import did_you_mean
from tsp.vocabulary import fold

Cell = str | int | float | dt.date | dt.datetime | None

MAX_ROWS = 20_000  # rows read from one sheet: a tracker has one row per package (tens a year)
MAX_COLUMNS = 500
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_FILE_BYTES = 256 * 1024 * 1024  # a CSV file, or a workbook's parts once inflated
MAX_SHARED_STRINGS = 64 * 1024 * 1024  # inflated: the reader holds them all in memory
HEADER_SCAN = 50  # rows searched for the header under titles and notes


class ImportFileError(UsageError):
    """The tracker file cannot be read."""


@dataclass(frozen=True)
class RowProblem:
    sheet: str
    row: int
    column: str  # the spreadsheet's column letter ("" for the whole row or sheet)
    message: str

    @property
    def where(self) -> str:
        return f"{self.sheet}:{self.row}" + (f":{self.column}" if self.column else "")

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Table:
    """One sheet's rows under its header, with the spreadsheet row number of each."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[Cell]]]
    header_row: int


@dataclass
class Reading:
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # sheets skipped, with why
    problems: list[RowProblem] = field(default_factory=list)  # sheets that could not be read


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))
    return str(cell).strip()


def read_tables(path: Path, known: frozenset[str], *, sheets: Sequence[str] = (),
                header_row: int | None = None, include_hidden: bool = False) -> Reading:
    """Every sheet's table (or the named sheets'), or the one table of a CSV file.

    `known` holds the folded column names that make a row a header."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFileError(f"{path} does not exist (or is not a file).")
    if suffix == ".csv":
        return _read_csv(path, known, header_row)
    if suffix in (".xlsx", ".xlsm"):
        return _read_workbook(path, known, sheets, header_row, include_hidden)
    raise ImportFileError(f"Cannot read {path.name}: tsp imports .xlsx workbooks and .csv "
                          "files.", hint="Save the tracker as .xlsx (or CSV UTF-8) first.")


def _read_csv(path: Path, known: frozenset[str], header_row: int | None) -> Reading:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFileError(f"{path.name} is larger than {MAX_FILE_BYTES // 2**20} MB: a "
                              "tracker is one row per package; split the file.")
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(f"{path} is not UTF-8 text: save it from the spreadsheet as "
                              "'CSV UTF-8', or export it as .xlsx.") from None
    # A field longer than a cell can be is refused on its row, not by the CSV reader.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
    reader = csv.reader(io.StringIO(content, newline=""))
    reading = Reading()
    rows: list[tuple[int, list[Cell]]] = []
    ended = 0  # the line the last record ended on: a quoted cell may span lines
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((ended + 1, [_unguarded(c) for c in cells]))
            ended = reader.line_num
            if len(rows) > MAX_ROWS + HEADER_SCAN:
                raise ImportFileError(_too_many(path.name))
    except csv.Error as exc:
        raise ImportFileError(f"{path.name}:{reader.line_num}: cannot be read as CSV "
                              f"({exc}).") from None
    _add_table(reading, path.name, rows, known, header_row, named=True)
    return reading


def _too_many(name: str) -> str:
    return (f"{name} has more than {MAX_ROWS:,} rows; tsp reads at most {MAX_ROWS:,} from "
            "one sheet (a tracker has one row per package): split it, or delete the rows "
            "that are not packages.")


_FORMULA = re.compile(r"=\s*[A-Za-z][A-Za-z0-9.]*\(")


def _unguarded(cell: str) -> str:
    """A CSV cell without the apostrophe tsp's CSV puts before '=', '+', '-' or '@' (so that
    Excel shows it as text, not a formula): what the cell said before it was guarded. An
    unguarded formula is marked as one: its text is not the value."""
    if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return cell[1:]
    return Formula(cell) if _FORMULA.match(cell) else cell


def _check_inflated(path: Path) -> None:
    """Refuse a workbook whose parts would inflate beyond the limits, from the sizes its
    zip directory declares (the reader never inflates a part beyond its declared size)."""
    from zipfile import BadZipFile, ZipFile

    try:
        with ZipFile(path) as archive:
            parts = archive.infolist()
    except (BadZipFile, OSError) as exc:
        raise ImportFileError(f"{path} is not an Excel workbook that can be read "
                              f"({exc}).") from None
    _check_inflated_sizes(path, parts)
    with ZipFile(path) as archive:
        for part in parts:
            name = part.filename
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                rows = _count_rows(archive, name)
                if rows > MAX_ROWS + HEADER_SCAN:
                    raise ImportFileError(
                        f"{path.name}: the sheet {_sheet_named(archive, name)} has "
                        f"{rows:,} rows; tsp reads at most {MAX_ROWS:,} from one sheet (a "
                        "tracker has one row per package). Nothing was read.",
                        hint="Delete the rows that are not packages, or save the tracker's "
                        "own sheet alone.")


def _check_inflated_sizes(path: Path, parts: list[Any]) -> None:
    total = sum(p.file_size for p in parts)
    strings = sum(p.file_size for p in parts if p.filename.lower().endswith("sharedstrings.xml"))
    if strings > MAX_SHARED_STRINGS or total > MAX_FILE_BYTES:
        raise ImportFileError(
            f"{path.name} would inflate to {total / 2**20:,.0f} MB ({strings / 2**20:,.0f} MB "
            f"of text); tsp reads workbooks up to {MAX_FILE_BYTES // 2**20} MB inflated, with "
            f"at most {MAX_SHARED_STRINGS // 2**20} MB of text. Nothing was read.",
            hint="A tracker of packages is far smaller: save only the tracker's sheet "
            "(or export it as CSV UTF-8).")


_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")


def _count_rows(archive: Any, name: str) -> int:
    """The <row> elements of a sheet, counted from its bytes as they stream (a sheet need not
    say its size, and openpyxl would parse all of it to find out)."""
    count, tail = 0, b""
    with archive.open(name) as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            # The last tag may be cut off by the chunk's end: it is read with the next one.
            cut = data.rfind(b"<")
            cut = len(data) if cut == -1 else cut
            count += len(_ROW.findall(data, 0, cut))
            tail = data[cut:]
    return count + len(_ROW.findall(tail))


def _sheet_named(archive: Any, part: str) -> str:
    """The name a sheet is shown by, from the workbook's own list; else its part name."""
    import xml.etree.ElementTree as ET

    try:
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): "xl/" + (r.get("Target") or "").lstrip("/").removeprefix("xl/")
                  for r in rels}
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        for sheet in book.iter():
            if sheet.tag.endswith("}sheet"):
                rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
                if target.get(rid) == part:
                    return f"'{sheet.get('name')}'"
    except (KeyError, ET.ParseError):
        pass
    return part


def _read_workbook(path: Path, known: frozenset[str], sheets: Sequence[str],
                   header_row: int | None, include_hidden: bool) -> Reading:
    import xml.etree.ElementTree as ET
    from zipfile import BadZipFile, ZipFile

    _check_inflated(path)
    reading = Reading()
    try:
        with ZipFile(path) as archive:
            book = Workbook(archive)
            names = [s.name for s in book.sheets]
            for wanted in sheets:
                if wanted not in names:
                    raise ImportFileError(f"--sheet '{wanted}': {path.name} has no such sheet"
                                          f"{did_you_mean(wanted, names) or ''}",
                                          hint=f"Its sheets: {', '.join(names)}.")
            for sheet in book.sheets:
                if sheets and sheet.name not in sheets:
                    continue
                if sheet.state != "visible" and not include_hidden and not sheets:
                    what = "very hidden" if sheet.state == "veryHidden" else "hidden"
                    reading.notes.append(f"{sheet.name}: a {what} sheet; not read "
                                         "(--include-hidden reads it).")
                    continue
                declared = book.declared_rows(sheet)
                if declared > MAX_ROWS + HEADER_SCAN:
                    reading.problems.append(RowProblem(sheet.name, 1, "", _too_many(
                        "the sheet") + f" (it says it has {declared:,})"))
                    continue
                try:
                    rows = _sheet_rows(book.rows(sheet, MAX_COLUMNS))
                except _TooMany:
                    reading.problems.append(RowProblem(sheet.name, 1, "",
                                                       _too_many("the sheet")))
                    continue
                _add_table(reading, sheet.name, rows, known, header_row, named=bool(sheets))
    except (BadZipFile, KeyError, ValueError, TypeError, OSError, ET.ParseError) as exc:
        raise ImportFileError(f"{path} is not an Excel workbook that can be read "
                              f"({exc}).") from None
    return reading


class _TooMany(Exception):
    pass


def _sheet_rows(source: Iterable[tuple[int, list[Any]]]) -> list[tuple[int, list[Cell]]]:
    rows: list[tuple[int, list[Cell]]] = []
    for number, values in source:
        if any(v is not None and v != "" for v in values):
            rows.append((number, [_cell(v) for v in values]))
            if len(rows) > MAX_ROWS + HEADER_SCAN:
                raise _TooMany
    return rows


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, (str, int, float, dt.date)):
        return value  # a bool is an int: shown as True/False
    return str(value)


def _add_table(reading: Reading, name: str, rows: list[tuple[int, list[Cell]]],
               known: frozenset[str], header_row: int | None, *, named: bool) -> None:
    """The table of one sheet into `reading`, or a note (an error when the sheet was named)
    that it holds none."""
    at = _header_at(rows, known, header_row)
    if at is None:
        if header_row is not None:
            message = f"row {header_row} is empty; --header-row names the row of column names"
        else:
            message = ("no table: no row names the columns (Title, Recipients, Status, …); "
                       "--header-row N names the header row, --map HEADER=FIELD a column")
        if named:
            reading.problems.append(RowProblem(name, header_row or 1, "", message))
        else:
            reading.notes.append(f"{name}: {message}.")
        return
    number, header_cells = rows[at]
    header = [text(c) for c in header_cells]
    reading.tables.append(Table(name, header, rows[at + 1:], number))


def _header_at(rows: list[tuple[int, list[Cell]]], known: frozenset[str],
               header_row: int | None) -> int | None:
    if header_row is not None:
        return next((i for i, (n, _) in enumerate(rows) if n == header_row), None)
    first_with_one = None
    for i, (_, cells) in enumerate(rows[:HEADER_SCAN]):
        hits = sum(1 for c in cells if isinstance(c, str) and fold(c) in known)
        if hits >= 2:
            return i
        if hits == 1 and first_with_one is None and i == 0:
            first_with_one = i
    return first_with_one
