"""Local returns: a workbook for one authority to fill in (tsp figures template), and reading
it back (tsp figures import return.xlsx) through the same checks as DfE's files.

For measures DfE does not publish (the region's own quarterly SEND measures). The workbook
has the authority's rows (its figures so far, and a row for the next period), the rule's
definition in words, and data validation in the cells. Read back, the disclosure rule is
applied before anything is stored (the register is public): a count below the rule's
threshold is kept as its symbol, never as the number. Person-level columns are refused.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tsp.authorities import resolve
from tsp.edits.figures_write import (
    FigureKey,
    ImportResult,
    figures_path,
    write_figures,
)
from tsp.edits.tracker_read import column_letter
from tsp.errors import DataError, UsageError
from tsp.measures.compare import find_measure
from tsp.measures.words import definition, source_line
from tsp.models.figures import SYMBOLS, Figure, parse_figure, person_columns
from tsp.models.measure import PERIOD_EXAMPLES, Measure, period_fits
from tsp.places import load_places
from tsp.problems import Problem, Severity
from tsp.safe_fs import NotRegular, open_regular, read_at_most

if TYPE_CHECKING:
    from tsp.register import Register

SHEET = "Return"
ABOUT = "About"
COLUMNS = ("period", "breakdown", "numerator", "denominator", "value", "symbol")
MAX_RETURN_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
# The About sheet says what the workbook is for, in cells tsp reads back (A: key, B: value).
KEYS = ("measure", "authority", "rule_version")


def _next_period(period: str) -> str:
    if "-" in period:
        start = int(period.split("-")[0]) + 1
        return f"{start}-{(start + 1) % 100:02d}"
    return str(int(period) + 1) if period.isdigit() else period


def template(repo: Register, measure_id: str, authority_name: str) -> bytes:
    """The return workbook for one authority, as bytes."""
    import xlsxwriter

    measure = find_measure(repo, measure_id)
    authority = resolve(repo.authorities, authority_name)
    table = repo.figures.get(measure.id)
    rows = sorted((r for r in table.rows if r.authority == authority.id),
                  key=lambda r: (r.period, r.breakdown)) if table else []
    periods = sorted({r.period for r in table.rows}) if table else []
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet(SHEET)
    for index, name in enumerate(COLUMNS):
        sheet.write_string(0, index, name, bold)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 1, 16)
    sheet.set_column(2, 5, 14)
    line = 1
    for row in rows:
        sheet.write_string(line, 0, row.period)
        sheet.write_string(line, 1, row.breakdown)
        for column, number in ((2, row.numerator), (3, row.denominator), (4, row.value)):
            if number is not None:
                sheet.write_number(line, column, float(number))
        sheet.write_string(line, 5, row.symbol)
        line += 1
    sheet.write_string(line, 0, _next_period(periods[-1]) if periods else
                       PERIOD_EXAMPLES[measure.period_type].split(" ")[0])
    last = max(line + 200, 500)
    sheet.data_validation(1, 2, last, 3, {
        "validate": "integer", "criteria": ">=", "value": 0,
        "error_title": "A count", "error_message": "A whole number, 0 or more; leave it "
        "empty and write a symbol where there is no figure."})
    sheet.data_validation(1, 4, last, 4, {
        "validate": "decimal", "criteria": "between", "minimum": -1e12, "maximum": 1e12,
        "error_title": "A value", "error_message": "A number; leave it empty where numerator "
        "and denominator give it, or where a symbol stands for it."})
    sheet.data_validation(1, 5, last, 5, {
        "validate": "list", "source": list(SYMBOLS),
        "error_title": "A symbol", "error_message": "One of DfE's symbols, or empty."})
    sheet.data_validation(1, 0, last, 0, {
        "validate": "length", "criteria": "between", "minimum": 4, "maximum": 7,
        "input_title": "Period", "input_message":
        f"As {PERIOD_EXAMPLES[measure.period_type]}"})
    about = book.add_worksheet(ABOUT)
    about.set_column(0, 0, 18)
    about.set_column(1, 1, 90)
    facts = [("measure", measure.id), ("authority", authority.id),
             ("rule_version", str(measure.version)), ("", ""),
             ("Counting rule", measure.title), ("Definition", " ".join(definition(measure))),
             ("Source", source_line(measure)), ("Small numbers", measure.disclosure.text),
             ("Periods", f"{measure.period_type}, written as {PERIOD_EXAMPLES[measure.period_type]}"),
             ("How", f"Fill in one row per period on the {SHEET} sheet for {authority.name}: "
              "the counts, or a symbol where there is no figure. Aggregate figures only: "
              "never a name, a date of birth or any other detail of a person. Send the "
              f"workbook back; tsp figures import reads it.")]
    for index, (key, value) in enumerate(facts):
        about.write_string(index, 0, key, bold)
        about.write_string(index, 1, value, wrap)
    book.close()
    return buffer.getvalue()


def _open_workbook(path: Path) -> Any:
    """The workbook, once it is known to be a regular file of a size tsp reads."""
    import openpyxl

    try:
        fd, info = open_regular(path)
    except NotRegular:
        raise UsageError(f"Cannot read {path}: it is not a regular file.") from None
    except OSError as exc:
        raise UsageError(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        if info.st_size > MAX_RETURN_BYTES:
            raise UsageError(f"{path} is {info.st_size:,} bytes; a return workbook may be at "
                             f"most {MAX_RETURN_BYTES:,}.")
        data = read_at_most(fd, MAX_RETURN_BYTES + 1)
    finally:
        os.close(fd)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is no workbook
        raise UsageError(f"{path} is not an Excel workbook (.xlsx) tsp can read.") from None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class _Return:
    """What the workbook holds: the measure and authority its About sheet names, and the
    Return sheet's header and rows (with their row numbers)."""

    measure: Measure
    authority: str
    header: list[str]
    rows: list[tuple[int, list[Any]]]


def import_return(repo: Register, path: Path, measure_id: str | None = None, *,
                  write: bool = True) -> ImportResult:
    """Read a return workbook back into data/figures/MEASURE.csv (see the module's doc)."""
    book = _read_return(repo, path, measure_id)
    _refuse_person_level(path, book.header)
    index = {name: book.header.index(name) for name in COLUMNS if name in book.header}
    missing = [c for c in ("period", "numerator", "value", "symbol") if c not in index]
    if missing:
        raise UsageError(f"{path.name}: the {SHEET} sheet has no column "
                         f"{', '.join(missing)}; its header is {', '.join(COLUMNS)}.")
    reader = _ReturnReader(path, book.measure, book.authority, index)
    for number, cells in book.rows:
        reader.read(number, cells)
    if reader.problems:
        raise DataError(reader.problems, "The return has cells tsp cannot read; nothing was "
                        "imported.")
    result = ImportResult(figures_path(repo, book.measure.id), [], read=len(reader.imported),
                          withheld=reader.withheld)
    return write_figures(repo, book.measure, load_places(repo), reader.imported, result,
                         write=write)


def _read_return(repo: Register, path: Path, measure_id: str | None) -> _Return:
    """The workbook's About facts and Return rows, once it is known to be a return for one
    of the register's authorities (and for `measure_id`, where one is given)."""
    book = _open_workbook(path)
    try:
        if SHEET not in book.sheetnames or ABOUT not in book.sheetnames:
            raise UsageError(f"{path.name} is not a return workbook: it has no '{SHEET}' and "
                             f"'{ABOUT}' sheets (tsp figures template writes one).")
        facts = {_text(row[0]): _text(row[1]) for row in
                 book[ABOUT].iter_rows(min_row=1, max_row=3, max_col=2, values_only=True)
                 if len(row) >= 2}
        wanted = facts.get("measure", "")
        if measure_id is not None and measure_id != wanted:
            raise UsageError(f"{path.name} is a return for '{wanted}', not '{measure_id}'.")
        measure = find_measure(repo, wanted)
        authority = facts.get("authority", "")
        if authority not in repo.authorities:
            raise UsageError(f"{path.name}: {ABOUT}!B2 names no authority of the register "
                             f"('{authority}').")
        header: list[str] = []
        rows: list[tuple[int, list[Any]]] = []
        for number, row in enumerate(book[SHEET].iter_rows(values_only=True), start=1):
            if number == 1:
                header = [_text(v) for v in row]
                continue
            if number > MAX_ROWS + 1:
                raise UsageError(f"{path.name}: the {SHEET} sheet has more than {MAX_ROWS:,} "
                                 "rows; a return holds one authority's figures.")
            rows.append((number, list(row)))
    finally:
        book.close()
    return _Return(measure, authority, header, rows)


def _refuse_person_level(path: Path, header: list[str]) -> None:
    personal = person_columns(header)
    if personal:
        raise DataError([Problem(path, 1, header.index(n) + 1, Severity.ERROR,
                                 f"{SHEET}!{column_letter(header.index(n))}1: column "
                                 f"'{n}' would hold data about individual people; the "
                                 "register holds aggregate figures only", "person-level")
                         for n in personal],
                        "Refused: the workbook holds person-level data; nothing was imported.")


@dataclass
class _ReturnReader:
    """The rows of one return as figures, the disclosure rule applied; what cannot be read
    is a problem naming its cell."""

    path: Path
    measure: Measure
    authority: str
    index: dict[str, int]  # column name: its position on the Return sheet
    imported: dict[FigureKey, Figure] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    withheld: int = 0

    def problem(self, row: int, column: int, message: str) -> None:
        where = f"{SHEET}!{column_letter(column - 1)}{row}"
        self.problems.append(Problem(self.path, row, column, Severity.ERROR,
                                     f"{where}: {message}", "return"))

    def read(self, number: int, cells: list[Any]) -> None:
        """Take one row: its figure, or the problem with it."""
        def get(name: str) -> Any:
            at = self.index.get(name)
            return cells[at] if at is not None and at < len(cells) else None

        period, breakdown = _text(get("period")), _text(get("breakdown"))
        found = {name: self._number(number, name, get(name))
                 for name in ("numerator", "denominator", "value")}
        symbol = _text(get("symbol"))
        if not period and not any(found.values()) and not symbol:
            return  # an empty row, such as the one left for the next period
        if not self._period_and_symbol_fit(number, period, symbol):
            return
        numerator, denominator, value, symbol = self._disclosed(
            found["numerator"], found["denominator"], found["value"], symbol)
        if value is not None and symbol:
            self.problem(number, self.index["symbol"] + 1,
                         "a row holds a figure or a symbol, not both")
            return
        if value is None and not symbol:
            self.problem(number, self.index["value"] + 1, "the row has no figure and no symbol")
            return
        figure = Figure(self.authority, period, breakdown, numerator, denominator, value,
                        symbol, self.measure.version, f"{self.path.name}:{SHEET}!{number}")
        if figure.key in self.imported:
            self.problem(number, 1, f"a second row for {period}"
                         f"{', ' + breakdown if breakdown else ''}")
            return
        self.imported[figure.key] = figure

    def _number(self, number: int, name: str, raw: Any) -> Decimal | None:
        """A count or value cell as a number; None for an empty cell, or (a problem listed)
        for one that holds no number."""
        if raw is None or _text(raw) == "":
            return None
        parsed = parse_figure(_text(raw)) if not isinstance(raw, bool) else "is not a number"
        if isinstance(parsed, str):
            self.problem(number, self.index[name] + 1, f"{name}: '{_text(raw)[:40]}' {parsed}; "
                         "write the figure in digits, or leave it empty and write a symbol")
            return None
        return parsed

    def _period_and_symbol_fit(self, number: int, period: str, symbol: str) -> bool:
        period_type = self.measure.period_type
        if not period_fits(period, period_type):
            self.problem(number, self.index["period"] + 1, f"period: '{period}' is not a "
                         f"{period_type} period; write it as e.g. "
                         f"{PERIOD_EXAMPLES[period_type]}")
            return False
        if symbol and symbol not in SYMBOLS:
            self.problem(number, self.index["symbol"] + 1, f"symbol: '{symbol}' is not one of "
                         f"DfE's symbols ({', '.join(SYMBOLS)})")
            return False
        return True

    def _disclosed(self, numerator: Decimal | None, denominator: Decimal | None,
                   value: Decimal | None, symbol: str
                   ) -> tuple[Decimal | None, Decimal | None, Decimal | None, str]:
        """The figure as it may be stored: its value worked out where the counts give it,
        and a count below the disclosure rule's threshold withheld as the rule's symbol."""
        measure = self.measure
        if value is None and numerator is not None and denominator is not None:
            expected = measure.expected_value(numerator, denominator)
            value = (round(expected, measure.decimal_places) if expected is not None
                     else None)
        if value is None and numerator is not None and measure.scale is None:
            value = numerator
        counts = ([numerator, denominator] if measure.scale is not None
                  else [numerator if numerator is not None else value])
        threshold = measure.disclosure.suppress_below
        if threshold is not None and any(n is not None and n < threshold for n in counts):
            self.withheld += 1
            return None, None, None, measure.disclosure.symbol
        return numerator, denominator, value, symbol
