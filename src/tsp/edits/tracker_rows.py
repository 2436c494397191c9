"""One row of a tracker as the answers `tsp new package` collects (tsp import).

Each cell is read as its field's value (tsp.edits.tracker_cells reads the cell itself): names
resolved like --la, choices read as tsp reads them everywhere, dates and amounts as typed.
A field the row lacks is taken from the command line (--year, --status), or, the year only,
read from the row's start date; otherwise the row is refused naming what is missing. Every
problem of a row is a `RowProblem` at its sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tsp.authorities import resolve
from tsp.dates import ends_before_starts
from tsp.edits import tracker_cells as cells_of
from tsp.edits.questions import MAX_ID_LENGTH
from tsp.edits.tracker_read import Cell, RowProblem, Table, column_letter
from tsp.edits.tracker_read import text as read_text
from tsp.edits.tracker_sheets import FurtherSheets
from tsp.errors import TspError, UsageError
from tsp.models import Kind, Status, slugify
from tsp.queries import find_package, find_year
from tsp.register import Register
from tsp.tracker import LINE_LISTS
from tsp.vocabulary import fold, parse_choice


@dataclass(frozen=True)
class Options:
    """What the command line gives: --map, and the values for fields the sheet lacks."""

    mapping: Mapping[str, str] = field(default_factory=dict)
    year: str | None = None  # --year, as a year id
    status: str | None = None  # --status, as a status value


_HISTORY = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+([A-Za-z -]+?)\s*(?:[—:-]+\s*(.*))?$")
_TOTAL = frozenset({"total", "totals", "grandtotal", "subtotal"})


def items(text: str, by_line: bool, extra: str = "") -> list[str]:
    parts = text.splitlines() if by_line else re.split(f"[,;\n{extra}]", text)
    return [p.strip() for p in parts if p.strip()]


class RowContext:
    """The register and the options, with the look-ups a thousand rows repeat."""

    def __init__(self, repo: Register, options: Options,
                 further: FurtherSheets | None = None) -> None:
        self.repo = repo
        self.options = options
        # tsp's own further sheets (funding, evidence, …), read back into the packages.
        self.further = further or FurtherSheets()
        self._resolved: dict[str, Any] = {}

    def authority(self, text: str) -> str:
        if text not in self._resolved:
            try:
                self._resolved[text] = resolve(self.repo.authorities, text).id
            except TspError as exc:
                self._resolved[text] = exc
        found = self._resolved[text]
        if isinstance(found, TspError):
            raise found
        return str(found)


def _value(ctx: RowContext, name: str, cell: Cell, text: str) -> Any:
    """The answer for one field from a cell's text; UsageError saying what is wrong."""
    repo = ctx.repo
    if name == "id" and len(text) > MAX_ID_LENGTH:
        raise UsageError(f"the id is {len(text):,} characters; an id is the file name and may "
                         f"have at most {MAX_ID_LENGTH}")
    if name == "year":
        return find_year(repo, text).id
    if name == "status":
        return cells_of.status(text)
    if name == "areas":
        return list(dict.fromkeys(a for i in items(text, False, "/&+") for a in
                                  cells_of.area(i)))
    if name == "kinds":
        return [parse_choice(Kind, i, "kind of support").value for i in items(text, False)]
    if name in ("recipients", "partners", "sme_lenders"):
        return list(dict.fromkeys(ctx.authority(i) for i in items(text, False)))
    if name == "themes":
        return list(dict.fromkeys(slugify(i) for i in items(text, False) if slugify(i)))
    if name == "related":
        return [find_package(repo, i).id for i in items(text, False)]  # ids, as written
    if name in ("starts", "ends"):
        return cells_of.partial_date(cell, text)
    if name == "funding":
        return cells_of.amount(cell, text)
    if name == "status_history":
        return _history(text)
    if name in LINE_LISTS:
        return items(text, True)
    return text


def _history(text: str) -> list[tuple[str, Any, str | None]]:
    history = []
    for line in items(text, True):
        match = _HISTORY.match(line)
        if not match:
            raise UsageError(f"'{line}' is not a status change: write one per line as "
                             "YYYY-MM-DD status — note, e.g. 2026-03-12 delivered.")
        status = parse_choice(Status, match.group(2), "status").value
        try:
            on = dt.date.fromisoformat(match.group(1))
        except ValueError:
            raise UsageError(f"'{match.group(1)}' is not a date that exists.") from None
        history.append((status, on, match.group(3) or None))
    return history


def column_for(columns: Mapping[str, int], name: str | None) -> str:
    if name is not None and name in columns:
        return column_letter(columns[name])
    return ""


def message_of(exc: TspError) -> str:
    return str(exc) + (f" ({exc.hint})" if exc.hint else "")


@dataclass
class RowAnswers:
    table: Table
    numbers: list[int]
    columns: dict[str, int]
    values: dict[str, Any]
    origins: dict[str, str]  # field -> "option" or "derived"


def is_total_row(cells: list[Cell], columns: Mapping[str, int]) -> bool:
    first = next((c for c in cells if read_text(c)), None)
    title = cells[columns["title"]] if columns["title"] < len(cells) else None
    return any(isinstance(c, str) and fold(c) in _TOTAL for c in (first, title))


def row_answers(ctx: RowContext, table: Table, number: int, cells: list[Cell],
             columns: Mapping[str, int], sheet_ids: set[str]
             ) -> tuple[RowAnswers, list[RowProblem]]:
    answers: dict[str, Any] = {}
    origins: dict[str, str] = {}
    problems: list[RowProblem] = []
    for name, index in columns.items():
        cell = cells[index] if index < len(cells) else None
        try:
            text = cells_of.cell_text(cell)
            if not text:
                continue
            if name == "related":
                # A package further down the sheet is fine: it is checked with the others.
                answers[name] = [i if i in sheet_ids else _value(ctx, name, None, i)[0]
                                 for i in items(text, False)]
            else:
                answers[name] = _value(ctx, name, cell, text)
        except TspError as exc:
            problems.append(RowProblem(table.name, number, column_letter(index), message_of(exc)))
    starts, ends = answers.get("starts"), answers.get("ends")
    if starts and ends and ends_before_starts(starts, ends):
        # Said here with the row's other problems, not in a later run (the register's
        # checks would say it too, once the rest is right).
        problems.append(RowProblem(table.name, number, column_letter(columns["ends"]),
                                   f"ends ({ends}) is before starts ({starts})"))
    bad = {p.column for p in problems}
    _fill(ctx, answers, origins, columns, bad, table, number, problems)
    for name, what in (("title", "title"), ("recipients", "recipient")):
        column = column_for(columns, name)
        if name not in answers and column not in bad:
            problems.append(RowProblem(table.name, number, column,
                                       f"the row has no {what}; a package needs one"))
    if "funding" in answers and "year" in answers:
        answers["funding"] = [(answers["year"], answers["funding"])]
    return RowAnswers(table, [number], dict(columns), answers, origins), problems


def _fill(ctx: RowContext, answers: dict[str, Any], origins: dict[str, str],
          columns: Mapping[str, int], bad: set[str], table: Table, number: int,
          problems: list[RowProblem]) -> None:
    """Year and status where the row has none: from the command line, or (the year only)
    read from the row's dates; else the row is refused naming what is missing."""
    options = ctx.options
    if "status" not in answers and column_for(columns, "status") not in bad:
        if options.status:
            answers["status"], origins["status"] = options.status, "option"
        else:
            has = "its Status cell is blank" if "status" in columns else "the sheet has no " \
                "Status column"
            problems.append(RowProblem(table.name, number, column_for(columns, "status"),
                                       f"the row has no status ({has}): fill it in, or give "
                                       "--status for every row that has none, e.g. --status "
                                       "scoping"))
    if "year" in answers or column_for(columns, "year") in bad:
        return
    if options.year:
        answers["year"], origins["year"] = options.year, "option"
        return
    dated = answers.get("starts") or answers.get("ends")
    if dated and len(dated) >= 7:
        year = cells_of.programme_year(dated)
        if year in ctx.repo.years:
            answers["year"], origins["year"] = year, "derived"
            return
        problems.append(RowProblem(table.name, number, column_for(
            columns, "starts" if answers.get("starts") else "ends"),
            f"{dated} falls in programme year {year}, which the register does not have; "
            "give the row a Year, or --year"))
        return
    has = "its Year cell is blank" if "year" in columns else "the sheet has no Year column"
    problems.append(RowProblem(table.name, number, column_for(columns, "year"),
                               f"the row has no programme year ({has}, nor a start date to "
                               "read it from): fill it in, or give --year, e.g. --year "
                               "2025-26"))
