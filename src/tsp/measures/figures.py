"""The figures of one measure: a tidy CSV in data/figures/, read with every cell's position.

One row per authority × period × breakdown, so a pull request's diff stays one line per
figure. A row holds a number or one of DfE's symbols, never both; a symbol is never a zero.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

from tsp.problems import Problem, Severity

COLUMNS: tuple[str, ...] = (
    "authority", "period", "breakdown", "numerator", "denominator", "value", "symbol",
    "rule_version", "source",
)
REQUIRED: tuple[str, ...] = ("authority", "period", "value", "symbol", "rule_version")
# DfE's symbols (Explore Education Statistics conventions; ~ and : in older files).
SYMBOLS: dict[str, str] = {
    "x": "not available",
    "z": "not applicable",
    "c": "confidential",
    "low": "a small non-zero figure",
    "u": "low reliability",
    "~": "fewer than 5 (older files)",
    ":": "not available (older files)",
}
CONFIDENTIAL = "c"
# Columns that would hold data about a person. The register holds aggregates only.
PERSON_COLUMNS: frozenset[str] = frozenset({
    "name", "full_name", "first_name", "firstname", "forename", "forenames", "given_name",
    "surname", "last_name", "lastname", "family_name", "middle_name", "child_name",
    "date_of_birth", "dob", "birth_date", "birthdate", "date_of_death",
    "upn", "unique_pupil_number", "uln", "unique_learner_number", "nhs_number", "nhs_no",
    "ni_number", "national_insurance_number", "child_id", "person_id", "pupil_id",
    "case_id", "la_child_id", "address", "home_address", "postcode", "post_code", "email",
    "phone", "telephone",
})
MAX_FIGURES_BYTES = 20 * 1024 * 1024
# No count, rate or percentage comes near a thousand million million; a figure that does is a
# typing slip, and beyond 28 digits Decimal's arithmetic (quantize, ÷) raises instead of
# answering, which once crashed validate, list, compare and every report.
MAX_FIGURE_DIGITS = 15
_GROUPED = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def normalise_column(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name.strip().lower()).strip("_")


def person_columns(header: Iterable[str]) -> list[str]:
    """The columns of a header that would hold data about individual people."""
    return [name for name in header if normalise_column(name) in PERSON_COLUMNS]


class Figure(NamedTuple):
    """One published figure (or symbol) of a measure. A named tuple, not a dataclass: a
    figures file has thousands of rows, and a tuple is the cheapest thing to build."""

    authority: str
    period: str
    breakdown: str
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    symbol: str
    rule_version: int
    source: str
    line: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.authority, self.period, self.breakdown)

    @property
    def is_number(self) -> bool:
        return self.value is not None


@dataclass
class FigureTable:
    """The figures file of one measure, and its lines, to place a problem at its cell."""

    path: Path
    measure: str
    rows: list[Figure]
    header: list[str]
    lines: list[str]

    def at(self, index: int, column: str) -> tuple[int, int]:
        """Line and column of a row's cell (found only when a problem needs it)."""
        line = self.rows[index].line
        if column not in self.header or not 0 < line <= len(self.lines):
            return line, 1
        starts = _cell_columns(self.lines[line - 1])
        position = self.header.index(column)
        return line, starts[position] if position < len(starts) else 1


def _cell_columns(line: str) -> list[int]:
    """The 1-based character column where each field of a CSV line starts."""
    starts = [1]
    quoted = False
    for offset, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(offset + 2)
    return starts


def format_decimal(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def in_range(number: Decimal) -> bool:
    """A finite number small enough to be a figure (below 10**MAX_FIGURE_DIGITS)."""
    return number.is_finite() and (not number or number.adjusted() < MAX_FIGURE_DIGITS)


def parse_figure(text: str) -> Decimal | str:
    """A cell as a number, or the reason it is none: thousands separators are read
    ("1,100" is 1100, "1,10" is no number), words, infinities and absurd sizes are not."""
    cell = text.strip().replace(" ", "")
    if _GROUPED.fullmatch(cell):
        cell = cell.replace(",", "")
    try:
        number = Decimal(cell)
    except InvalidOperation:
        return "is not a number"
    if not number.is_finite():
        return "is not a number"
    if not in_range(number):
        return f"is too large to be a figure (more than {MAX_FIGURE_DIGITS} digits)"
    return number


Numbers = tuple[Decimal | None, Decimal | None, Decimal | None]


def _numbers(line: int, cells: tuple[str, str, str],
             problem: Callable[[int, int, str], None],
             where: Callable[[int, str], tuple[int, int]]) -> Numbers | None:
    """The slow path: numbers with spaces or thousands separators, and what is no number."""
    found: list[Decimal | None] = []
    bad = False
    for name, raw in zip(("numerator", "denominator", "value"), cells, strict=True):
        cell = raw.strip()
        parsed = parse_figure(cell) if cell else None
        if isinstance(parsed, str):
            hint = (f"; '{cell}' is a symbol: put it in the symbol column"
                    if cell in SYMBOLS else "")
            problem(*where(line, name), f"{name}: '{cell[:40]}' {parsed}{hint}")
            bad = True
            parsed = None
        found.append(parsed)
    return None if bad else (found[0], found[1], found[2])


def read_figures(path: Path, measure: str, raw: bytes | None = None
                 ) -> tuple[FigureTable | None, list[Problem]]:
    """The figures of one file, or the problems that stop them being read; a bad cell is a
    problem at its line and column, and the rest of the file is still read."""
    problems: list[Problem] = []

    def problem(line: int, column: int, message: str, code: str = "figures") -> None:
        problems.append(Problem(path, line, column, Severity.ERROR, message, code))

    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problem(1, 1, f"cannot read the file: {exc.strerror}", "io")
            return None, problems
    if len(raw) > MAX_FIGURES_BYTES:
        problem(1, 1, f"the file is {len(raw):,} bytes; a figures file may be at most "
                f"{MAX_FIGURES_BYTES:,}", "too-large")
        return None, problems
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem(line, 1, "the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel)",
                "encoding")
        return None, problems
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        problem(1, 1, "the file is empty; it should start with the header line "
                f"{','.join(COLUMNS)}", "empty")
        return None, problems
    header_columns = _cell_columns(lines[0]) if lines else [1]
    personal = person_columns(header)
    if personal:
        for name in personal:
            problem(1, header_columns[header.index(name)],
                    f"column '{name}' would hold data about individual people; the register "
                    "holds aggregate figures only: remove the column (and never commit "
                    "person-level data)", "person-level")
        return None, problems
    index_of: dict[str, int] = {}
    for position, name in enumerate(header):
        column = header_columns[position] if position < len(header_columns) else 1
        if name not in COLUMNS:
            from tsp.problems import did_you_mean

            problem(1, column, f"unknown column '{name}': the columns are "
                    f"{', '.join(COLUMNS)}{did_you_mean(name, COLUMNS)}")
        elif name in index_of:
            problem(1, column, f"column '{name}' appears twice")
        else:
            index_of[name] = position
    missing = [c for c in REQUIRED if c not in index_of]
    if missing:
        problem(1, 1, f"missing column{'s' * (len(missing) > 1)} {', '.join(missing)}; the "
                f"header should be {','.join(COLUMNS)}")
    if problems:
        return None, problems
    width = len(header)
    # A column the file leaves out reads as empty: index `width` of a row padded by one.
    at = [index_of.get(name, width) for name in COLUMNS]
    i_auth, i_period, i_break, i_num, i_den, i_value, i_symbol, i_version, i_source = at
    rows: list[Figure] = []

    def where(line: int, name: str) -> tuple[int, int]:
        starts = _cell_columns(lines[line - 1]) if line - 1 < len(lines) else [1]
        position = index_of.get(name, 0)
        return line, starts[position] if position < len(starts) else 1

    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problem(line, 1, f"cannot read this line as CSV: {exc}")
            break
        if len(cells) != width:
            if not cells or all(not c.strip() for c in cells):
                continue
            problem(line, 1, f"{len(cells)} cells where the header has {width}; a name "
                    "with a comma needs quotes")
            continue
        cells.append("")
        numerator, denominator, value = cells[i_num], cells[i_den], cells[i_value]
        # The common case, three plain numbers or blanks, costs three Decimals and no more.
        parsed: Numbers | None
        try:
            parsed = (Decimal(numerator) if numerator else None,
                      Decimal(denominator) if denominator else None,
                      Decimal(value) if value else None)
            bad = not all(d is None or in_range(d) for d in parsed)
        except InvalidOperation:
            bad = True
        if bad:
            parsed = _numbers(line, (numerator, denominator, value), problem, where)
            bad = parsed is None
        symbol = cells[i_symbol].strip()
        if symbol and symbol not in SYMBOLS:
            listed = ", ".join(f"{k} ({v})" for k, v in SYMBOLS.items())
            problem(*where(line, "symbol"), f"symbol: '{symbol}' is not one of DfE's "
                    f"symbols: {listed}")
            bad = True
        version = cells[i_version].strip()
        if not version.isdigit() or int(version) < 1:
            problem(*where(line, "rule_version"), f"rule_version: '{version}' is not a "
                    "version number (1, 2, …)")
            bad = True
        authority, period = cells[i_auth].strip(), cells[i_period].strip()
        if not authority or not period:
            for name, cell in (("authority", authority), ("period", period)):
                if not cell:
                    problem(*where(line, name), f"{name} is empty")
            bad = True
        if not bad and parsed is not None:
            rows.append(Figure(authority, period, cells[i_break].strip(), parsed[0],
                               parsed[1], parsed[2], symbol, int(version),
                               cells[i_source].strip(), line))
    return FigureTable(path, measure, rows, header, lines), problems


def figures_csv(rows: Iterable[Figure]) -> str:
    """Figures as the tidy CSV the register keeps: header, then one line per figure."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.authority, row.period, row.breakdown,
                         format_decimal(row.numerator), format_decimal(row.denominator),
                         format_decimal(row.value), row.symbol, row.rule_version, row.source])
    return buffer.getvalue()
