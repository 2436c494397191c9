"""Tables as an Excel workbook: one sheet per table, for people who live in spreadsheets.

A CSV loses what a spreadsheet guesses (0012 becomes 12, 1/2 a date, the byte-order mark is
ignored by LibreOffice); a workbook says what each cell is. Text is written as text, so a
title starting with '=' is never a formula; full dates are real dates; the header row is
frozen and filtered, and each column is as wide as its content (within reason).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

CellKind = Literal["text", "date", "number"]

MIN_WIDTH = 6
MAX_WIDTH = 60
_BAD_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Column:
    header: str
    kind: CellKind = "text"


@dataclass
class Sheet:
    """One table: a name (Excel allows 31 characters), its columns and rows of cell text."""

    name: str
    columns: Sequence[Column]
    rows: list[Sequence[str | int | float | None]] = field(default_factory=list)


def sheet_name(name: str) -> str:
    cleaned = _BAD_SHEET_CHARACTERS.sub(" ", name).strip("' ") or "Sheet"
    return cleaned[:31]


def _width(values: Sequence[str]) -> int:
    # The longest line of a cell, not the whole cell: multi-line cells wrap at their breaks.
    longest = max((len(line) for v in values for line in v.split("\n")), default=0)
    return max(MIN_WIDTH, min(MAX_WIDTH, longest + 2))


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The .xlsx file's bytes (written in memory, so a failure never leaves half a file)."""
    import xlsxwriter  # here: only xlsx output pays for importing it

    buffer = io.BytesIO()
    # A fixed creation time: the same data gives the same file, as reports do.
    book = xlsxwriter.Workbook(buffer, {"in_memory": True,
                                        "strings_to_numbers": False,
                                        "strings_to_formulas": False,
                                        "strings_to_urls": False})
    book.set_properties({"created": dt.datetime(2000, 1, 1)})
    header = book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    text = book.add_format({"text_wrap": True, "valign": "top", "num_format": "@"})
    date = book.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "align": "left"})
    number = book.add_format({"valign": "top"})
    used: set[str] = set()
    for sheet in sheets:
        name = sheet_name(sheet.name)
        while name.lower() in used:
            name = sheet_name(name[:28] + f" {len(used) + 1}")
        used.add(name.lower())
        ws = book.add_worksheet(name)
        for c, column in enumerate(sheet.columns):
            ws.write_string(0, c, column.header, header)
        for r, row in enumerate(sheet.rows, start=1):
            for c, (column, value) in enumerate(zip(sheet.columns, row)):
                if value is None or value == "":
                    continue
                shown = str(value)
                if column.kind == "date" and _FULL_DATE.match(shown):
                    ws.write_datetime(r, c, dt.datetime.fromisoformat(shown), date)
                elif column.kind == "number" and isinstance(value, (int, float)):
                    ws.write_number(r, c, value, number)
                else:
                    # A partial date (2026-01) stays text: as a date it would gain a day.
                    ws.write_string(r, c, shown, text)
        for c, column in enumerate(sheet.columns):
            values = [column.header] + [str(row[c]) for row in sheet.rows
                                        if c < len(row) and row[c] is not None]
            ws.set_column(c, c, 12 if column.kind == "date" else _width(values))
        ws.freeze_panes(1, 0)
        # Printed, a sheet is one page wide, landscape, with its header on every page: the
        # packages sheet printed as 13 portrait pages of one column each (issue 22).
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        ws.autofilter(0, 0, max(len(sheet.rows), 1), max(len(sheet.columns) - 1, 0))
    book.close()
    return buffer.getvalue()
