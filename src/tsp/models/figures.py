"""The figures of a measure as values: one `Figure` per row of its tidy CSV in data/figures/.

One row per authority × period × breakdown, so a pull request's diff stays one line per
figure. A row holds a number or one of DfE's symbols, never both; a symbol is never a zero.
Reading the CSV, with every cell's position, is tsp.load.figures; this module is what the
figures are once read, so that checks, edits and measures can use them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple


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
        starts = cell_columns(self.lines[line - 1])
        position = self.header.index(column)
        return line, starts[position] if position < len(starts) else 1


def cell_columns(line: str) -> list[int]:
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
