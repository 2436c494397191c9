"""The rows of a workbook's sheets, streamed from the zip with ElementTree's C parser.

openpyxl's read-only mode builds Python objects for every cell it parses (~40 µs a cell: 4 s
of a 10,000-row tracker) and, for a sheet that does not state its size, parses the whole sheet
before the first row. What a tracker import needs is less: each sheet's name and visibility,
and its rows as values. Dates and number formats are read with openpyxl's own helpers.
Cells of formulas give the value Excel saved with them; error cells give their text (#N/A).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO
from zipfile import ZipFile

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

Value = str | int | float | dt.date | None


class Formula(str):
    """A cell that holds a formula (=SUM(G5:G17)) where its value should be: a CSV cell
    written unguarded, or a workbook's formula saved without its value."""


@dataclass(frozen=True)
class SheetPart:
    name: str
    state: str  # visible, hidden or veryHidden
    part: str  # its path in the zip


class Workbook:
    """An open workbook: its sheets, and the shared strings and date styles rows need."""

    def __init__(self, archive: ZipFile) -> None:
        self.archive = archive
        names = set(archive.namelist())
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        rels_name = "xl/_rels/workbook.xml.rels"
        targets: dict[str, str] = {}
        if rels_name in names:
            for rel in ET.fromstring(archive.read(rels_name)).iter(f"{RELS}Relationship"):
                target = rel.get("Target") or ""
                targets[rel.get("Id") or ""] = target.lstrip("/") if target.startswith("/") \
                    else "xl/" + target
        pr = book.find(f"{MAIN}workbookPr")
        self.epoch_1904 = pr is not None and pr.get("date1904") in ("1", "true")
        self.sheets = [SheetPart(s.get("name") or "", s.get("state") or "visible",
                                 targets.get(s.get(OFFICE_ID) or "", ""))
                       for s in book.iter(f"{MAIN}sheet")]
        self.sheets = [s for s in self.sheets if s.part in names]
        self.shared = _shared_strings(archive, names)
        self.date_styles = _date_styles(archive, names)

    def declared_rows(self, sheet: SheetPart) -> int:
        """The rows the sheet's <dimension> says it has (0 when it says nothing)."""
        with self.archive.open(sheet.part) as stream:
            for _, element in ET.iterparse(stream, events=("start",)):
                if element.tag == f"{MAIN}dimension":
                    last = (element.get("ref") or "").split(":")[-1]
                    digits = "".join(c for c in last if c.isdigit())
                    return int(digits) if digits else 0
                if element.tag == f"{MAIN}sheetData":
                    return 0
        return 0

    def rows(self, sheet: SheetPart, columns: int) -> Iterator[tuple[int, list[Value]]]:
        """(row number, values) of each row that has a cell, at most `columns` wide."""
        with self.archive.open(sheet.part) as stream:
            yield from self._rows(stream, columns)

    def _rows(self, stream: IO[bytes], columns: int) -> Iterator[tuple[int, list[Value]]]:
        row_tag, cell_tag = f"{MAIN}row", f"{MAIN}c"
        number = 0
        context = ET.iterparse(stream, events=("end",))
        for _, element in context:
            if element.tag != row_tag:
                continue
            number = int(element.get("r") or number + 1)
            values: list[Value] = []
            for index, cell in enumerate(element.iter(cell_tag)):
                ref = cell.get("r")
                column = _column(ref) if ref else index
                if column >= columns:
                    continue
                if column >= len(values):
                    values.extend([None] * (column + 1 - len(values)))
                values[column] = self._value(cell)
            element.clear()
            yield number, values

    def _value(self, cell: ET.Element) -> Value:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            found = cell.find(f"{MAIN}is")
            return _text_of(found) if found is not None else None
        raw = cell.findtext(f"{MAIN}v")
        if not raw:
            formula = cell.findtext(f"{MAIN}f")
            # A formula saved without its value (as openpyxl and some exports save them):
            # its text is not its value, so the cell is marked, never read as text.
            return Formula("=" + formula) if formula else None
        if kind == "s":
            index = int(raw)
            return self.shared[index] if 0 <= index < len(self.shared) else None
        if kind in ("str", "e"):
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            return _iso_date(raw)
        try:
            number: int | float = int(raw) if raw.lstrip("-").isdigit() else float(raw)
        except ValueError:
            return raw
        if int(cell.get("s", "0") or 0) in self.date_styles:
            from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900
            from openpyxl.utils.datetime import from_excel

            try:
                when = from_excel(number, CALENDAR_MAC_1904 if self.epoch_1904
                                  else CALENDAR_WINDOWS_1900)
            except (ValueError, OverflowError):
                return number
            if isinstance(when, dt.date):
                return when
        return number


def _column(ref: str) -> int:
    index = 0
    for char in ref:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            index = index * 26 + ord(char) - 96
        else:
            break
    return index - 1


def _text_of(element: ET.Element) -> str:
    """The text of a string item: its <t>, or its runs' <t>s, never phonetic guides."""
    direct = element.find(f"{MAIN}t")
    if direct is not None:
        return direct.text or ""
    return "".join(run.findtext(f"{MAIN}t") or "" for run in element.iter(f"{MAIN}r"))


def _shared_strings(archive: ZipFile, names: set[str]) -> list[str]:
    part = next((n for n in names if n.lower() == "xl/sharedstrings.xml"), None)
    if part is None:
        return []
    strings: list[str] = []
    with archive.open(part) as stream:
        for _, element in ET.iterparse(stream, events=("end",)):
            if element.tag == f"{MAIN}si":
                strings.append(_text_of(element))
                element.clear()
    return strings


def _date_styles(archive: ZipFile, names: set[str]) -> frozenset[int]:
    """The cell styles (indexes of cellXfs) whose number format shows a date."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    if "xl/styles.xml" not in names:
        return frozenset()
    styles = ET.fromstring(archive.read("xl/styles.xml"))
    formats: dict[int, str] = dict(BUILTIN_FORMATS)
    for fmt in styles.iter(f"{MAIN}numFmt"):
        try:
            formats[int(fmt.get("numFmtId") or -1)] = fmt.get("formatCode") or ""
        except ValueError:
            continue
    xfs = styles.find(f"{MAIN}cellXfs")
    found = set()
    for index, xf in enumerate(xfs if xfs is not None else []):
        try:
            code = formats.get(int(xf.get("numFmtId") or 0), "")
        except ValueError:
            continue
        if code and is_date_format(code):
            found.add(index)
    return frozenset(found)


def _iso_date(raw: str) -> Value:
    try:
        return dt.datetime.fromisoformat(raw.rstrip("Z"))
    except ValueError:
        return raw
