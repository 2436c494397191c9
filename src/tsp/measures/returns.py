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
import stat
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tsp.edits.tracker_read import column_letter
from tsp.errors import DataError, NotFound, UsageError
from tsp.measures.dfe import ImportResult, write_figures
from tsp.measures.figures import SYMBOLS, Figure, parse_figure, person_columns
from tsp.measures.places import load_places
from tsp.models.measure import PERIOD_EXAMPLES, Measure, period_fits
from tsp.problems import Problem, Severity, suggest

if TYPE_CHECKING:
    from tsp.register import Register

SHEET = "Return"
ABOUT = "About"
COLUMNS = ("period", "breakdown", "numerator", "denominator", "value", "symbol")
MAX_RETURN_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
# The About sheet says what the workbook is for, in cells tsp reads back (A: key, B: value).
KEYS = ("measure", "authority", "rule_version")


def _measure(repo: Register, measure_id: str) -> Measure:
    measure = repo.measures.get(measure_id)
    if measure is None:
        raise NotFound(f"No measure '{measure_id}' in data/measures/ (tsp measures lists "
                       "them).", suggest(measure_id, repo.measures))
    return measure


def _next_period(period: str) -> str:
    if "-" in period:
        start = int(period.split("-")[0]) + 1
        return f"{start}-{(start + 1) % 100:02d}"
    return str(int(period) + 1) if period.isdigit() else period


def template(repo: Register, measure_id: str, authority_name: str) -> bytes:
    """The return workbook for one authority, as bytes."""
    import xlsxwriter

    from tsp.authorities import resolve
    from tsp.measures.words import definition, source_line

    measure = _measure(repo, measure_id)
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

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UsageError(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"Cannot read {path}: it is not a regular file.")
        if info.st_size > MAX_RETURN_BYTES:
            raise UsageError(f"{path} is {info.st_size:,} bytes; a return workbook may be at "
                             f"most {MAX_RETURN_BYTES:,}.")
        data = os.read(fd, MAX_RETURN_BYTES + 1)
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


def import_return(repo: Register, path: Path, measure_id: str | None = None, *,
                  write: bool = True) -> ImportResult:
    """Read a return workbook back into data/figures/MEASURE.csv (see the module's doc)."""
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
        measure = _measure(repo, wanted)
        authority = facts.get("authority", "")
        if authority not in repo.authorities:
            raise UsageError(f"{path.name}: {ABOUT}!B2 names no authority of the register "
                             f"('{authority}').")
        sheet = book[SHEET]
        problems: list[Problem] = []
        header: list[str] = []
        cells_by_row: list[tuple[int, list[Any]]] = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number == 1:
                header = [_text(v) for v in row]
                continue
            if number > MAX_ROWS + 1:
                raise UsageError(f"{path.name}: the {SHEET} sheet has more than {MAX_ROWS:,} "
                                 "rows; a return holds one authority's figures.")
            cells_by_row.append((number, list(row)))
    finally:
        book.close()

    def problem(row: int, column: int, message: str) -> None:
        where = f"{SHEET}!{column_letter(column - 1)}{row}"
        problems.append(Problem(path, row, column, Severity.ERROR, f"{where}: {message}",
                                "return"))

    personal = person_columns(header)
    if personal:
        raise DataError([Problem(path, 1, header.index(n) + 1, Severity.ERROR,
                                 f"{SHEET}!{column_letter(header.index(n))}1: column "
                                 f"'{n}' would hold data about individual people; the "
                                 "register holds aggregate figures only", "person-level")
                         for n in personal],
                        "Refused: the workbook holds person-level data; nothing was imported.")
    index = {name: header.index(name) for name in COLUMNS if name in header}
    missing = [c for c in ("period", "numerator", "value", "symbol") if c not in index]
    if missing:
        raise UsageError(f"{path.name}: the {SHEET} sheet has no column "
                         f"{', '.join(missing)}; its header is {', '.join(COLUMNS)}.")
    threshold = measure.disclosure.suppress_below
    imported: dict[tuple[str, str, str], Figure] = {}
    withheld = 0
    for number, cells in cells_by_row:
        def get(name: str) -> Any:
            at = index.get(name)
            return cells[at] if at is not None and at < len(cells) else None

        period, breakdown = _text(get("period")), _text(get("breakdown"))
        found: dict[str, Decimal | None] = {}
        for name in ("numerator", "denominator", "value"):
            raw = get(name)
            if raw is None or _text(raw) == "":
                found[name] = None
                continue
            parsed = parse_figure(_text(raw)) if not isinstance(raw, bool) else "is not a number"
            if isinstance(parsed, str):
                problem(number, index[name] + 1, f"{name}: '{_text(raw)[:40]}' {parsed}; "
                        "write the figure in digits, or leave it empty and write a symbol")
                found[name] = None
            else:
                found[name] = parsed
        symbol = _text(get("symbol"))
        if not period and not any(found.values()) and not symbol:
            continue  # an empty row, such as the one left for the next period
        if not period_fits(period, measure.period_type):
            problem(number, index["period"] + 1, f"period: '{period}' is not a "
                    f"{measure.period_type} period; write it as e.g. "
                    f"{PERIOD_EXAMPLES[measure.period_type]}")
            continue
        if symbol and symbol not in SYMBOLS:
            problem(number, index["symbol"] + 1, f"symbol: '{symbol}' is not one of DfE's "
                    f"symbols ({', '.join(SYMBOLS)})")
            continue
        numerator, denominator, value = found["numerator"], found["denominator"], found["value"]
        if value is None and numerator is not None and denominator is not None:
            expected = measure.expected_value(numerator, denominator)
            value = (round(expected, measure.decimal_places) if expected is not None
                     else None)
        if value is None and numerator is not None and measure.scale is None:
            value = numerator
        counts = ([numerator, denominator] if measure.scale is not None
                  else [numerator if numerator is not None else value])
        small = threshold is not None and any(n is not None and n < threshold for n in counts)
        if small:
            numerator = denominator = value = None
            symbol = measure.disclosure.symbol
            withheld += 1
        if value is not None and symbol:
            problem(number, index["symbol"] + 1, "a row holds a figure or a symbol, not both")
            continue
        if value is None and not symbol:
            problem(number, index["value"] + 1, "the row has no figure and no symbol")
            continue
        figure = Figure(authority, period, breakdown, numerator, denominator, value, symbol,
                        measure.version, f"{path.name}:{SHEET}!{number}")
        if figure.key in imported:
            problem(number, 1, f"a second row for {period}"
                    f"{', ' + breakdown if breakdown else ''}")
            continue
        imported[figure.key] = figure
    if problems:
        raise DataError(problems, "The return has cells tsp cannot read; nothing was "
                        "imported.")
    result = ImportResult(repo.root / "data" / "figures" / f"{measure.id}.csv", [],
                          read=len(imported), withheld=withheld)
    return write_figures(repo, measure, load_places(repo), imported, result, write=write)
