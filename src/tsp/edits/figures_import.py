"""Import figures from DfE's Explore Education Statistics "tidy" CSV (tsp figures import).

Columns are read by name (their order differs between publications); the measure's
`dfe_import` says which columns and filter values it uses. Places are matched on the
register's codes, then its former codes (Buckinghamshire's E10000002), then the DfE number.
Symbols stay symbols. Importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tsp.edits.figures_write import (
    FigureKey,
    ImportResult,
    figures_path,
    write_figures,
)
from tsp.errors import DataError, UsageError
from tsp.measures.compare import find_measure
from tsp.models.figures import SYMBOLS, Figure, parse_figure, person_columns
from tsp.models.measure import DfeImport, Measure, PeriodType
from tsp.places import (
    NEIGHBOURS,
    PlaceKind,
    Places,
    load_places,
    read_reference_csv,
)
from tsp.problems import Problem, Severity, suggest
from tsp.safe_fs import NotRegular, open_regular
from tsp.programme import ENGLAND_CODE

if TYPE_CHECKING:
    from tsp.register import Register

MAX_IMPORT_BYTES = 200 * 1024 * 1024
ENGLAND = ENGLAND_CODE


def neighbour_ids(repo: Register, places: Places) -> set[str]:
    """The places that are DfE statistical neighbours of the register's authorities."""
    wanted: set[str] = set()
    own = {p.dfe_code for p in places.authorities() if p.dfe_code}
    for row in read_reference_csv(repo.root, NEIGHBOURS):
        if row.get("old_la_code") not in own:
            continue
        for rank in range(1, 11):
            place = places.by_dfe.get(row.get(f"SN_{rank}", ""))
            if place is not None:
                wanted.add(place)
    return wanted


def dfe_period(time_period: str, period_type: PeriodType) -> str | None:
    """DfE's 2024 or 202425 as the register writes a period: 2024 or 2024-25."""
    text = time_period.strip()
    if period_type in (PeriodType.ACADEMIC_YEAR, PeriodType.FINANCIAL_YEAR):
        if len(text) == 6 and text.isdigit():
            return f"{text[:4]}-{text[4:]}"
        return None
    return text if len(text) == 4 and text.isdigit() else None


def _number(text: str) -> tuple[Decimal | None, str]:
    """A cell as a number, or as a symbol (never a zero); what is neither comes back as its
    text, for the caller to refuse."""
    text = text.strip()
    if text in SYMBOLS or not text:
        return None, text
    parsed = parse_figure(text)
    return (parsed, "") if isinstance(parsed, Decimal) else (None, text)


def _open_tidy(path: Path) -> io.FileIO:
    """The file, opened only once it is known to be a regular file of a size tsp reads: a
    FIFO would hang the reader and /dev/zero would fill the memory. Opened without blocking
    and checked on the open file, so nothing swapped in after a check slips through."""
    try:
        fd, info = open_regular(path)
    except NotRegular:
        raise UsageError(f"Cannot read {path}: it is not a regular file (a folder, FIFO, "
                         "socket or device); give the path of a CSV file.") from None
    except OSError as exc:
        raise UsageError(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        if info.st_size > MAX_IMPORT_BYTES:
            raise UsageError(f"{path} is {info.st_size:,} bytes; tsp imports files up to "
                             f"{MAX_IMPORT_BYTES:,} bytes.")
        return io.FileIO(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _read_tidy(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and, lazily, each row with its line: DfE's national files run to hundreds
    of megabytes, and only the rows the measure's filters keep are held."""
    handle = _open_tidy(path)
    text = io.TextIOWrapper(io.BufferedReader(_Capped(handle, MAX_IMPORT_BYTES), 1 << 20),
                            encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        text.close()
        raise UsageError(f"{path} is empty.") from None
    except UnicodeDecodeError:
        text.close()
        raise UsageError(f"{path} is not UTF-8 text; DfE's CSV files are UTF-8.") from None
    except csv.Error as exc:
        text.close()
        raise UsageError(f"{path}:1: cannot read the header as CSV: {exc}.") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        with text:
            try:
                while True:
                    start = reader.line_num + 1
                    try:
                        cells = next(reader)
                    except StopIteration:
                        return
                    yield start, cells
            except csv.Error as exc:
                raise UsageError(f"{path}:{reader.line_num}: cannot read this line as CSV: "
                                 f"{exc}.") from None
            except UnicodeDecodeError:
                raise UsageError(f"{path}:{reader.line_num + 1}: the file is not UTF-8 text "
                                 "here; DfE's CSV files are UTF-8.") from None
            except _TooLarge:
                raise UsageError(f"{path} grew past {MAX_IMPORT_BYTES:,} bytes while tsp "
                                 "read it; nothing was imported.") from None

    return header, rows()


class _TooLarge(Exception):
    """The file grew past the limit while it was read."""


class _Capped(io.RawIOBase):
    """A binary stream that refuses to go past `limit` bytes (a file growing as it is read)."""

    def __init__(self, handle: io.FileIO, limit: int) -> None:
        self._handle = handle
        self._left = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        got = self._handle.readinto(buffer) or 0
        self._left -= got
        if self._left < 0:
            raise _TooLarge
        return got

    def close(self) -> None:
        self._handle.close()
        super().close()


def import_figures(repo: Register, source: Path, measure_id: str, *,
                   neighbours: bool = True, write: bool = True,
                   label: str | None = None) -> ImportResult:
    """Read a DfE tidy CSV into data/figures/MEASURE.csv (atomically), merging by
    (authority, period, breakdown); rows for the same place and period are replaced."""
    measure = find_measure(repo, measure_id)
    rule = measure.dfe_import
    if rule is None:
        raise UsageError(f"Measure '{measure_id}' says nothing of how to read DfE's files: "
                         "add dfe_import (its columns and filters) to "
                         f"data/measures/{measure_id}.yaml.")
    header, rows = _read_tidy(source)
    _refuse_person_level(source, header)
    _require_columns(source, header, rule, measure_id)
    places = load_places(repo)
    reader = _TidyReader(source, label or source.name, measure, rule, header, places,
                         neighbour_ids(repo, places) if neighbours else set(),
                         ImportResult(figures_path(repo, measure_id), []))
    for line, cells in rows:
        reader.read(line, cells)
    if reader.not_numbers:
        raise DataError(reader.not_numbers, "Cells that should hold a number hold something "
                        "else; nothing was imported.")
    if reader.duplicates:
        raise DataError(reader.duplicates, "The file has two rows for one figure; nothing was "
                        "imported.")
    return write_figures(repo, measure, places, reader.imported, reader.result, write=write)


def _refuse_person_level(source: Path, header: list[str]) -> None:
    personal = person_columns(header)
    if personal:
        raise DataError([Problem(source, 1, 1, Severity.ERROR, f"column '{name}' would hold data "
                                 "about individual people; tsp imports aggregate figures "
                                 "only", "person-level") for name in personal],
                        "Refused: the file holds person-level data; nothing was imported.")


def _require_columns(source: Path, header: list[str], rule: DfeImport, measure_id: str) -> None:
    """UsageError naming the columns the rule reads that the file lacks (and the closest)."""
    needed = ["time_period", "geographic_level", *rule.filters]
    needed += [c for c in (rule.numerator, rule.denominator, rule.value, rule.breakdown) if c]
    if rule.time_identifier:
        needed.append("time_identifier")
    missing = [c for c in dict.fromkeys(needed) if c not in header]
    if missing:
        close = list(dict.fromkeys(m for c in missing
                                   for m in suggest(c, header, n=1, cutoff=0.85)))
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
        raise UsageError(f"{source.name} has no column {', '.join(missing)}{hint}. Is it the "
                         f"file {measure_id} reads? Its columns: {', '.join(header)}.")


@dataclass
class _TidyReader:
    """One import's reading of the rows: which pass the rule's filters, the place and period
    each is for, its figure; and what it could not take (unmapped places, cells that are no
    number, a second row for one figure)."""

    source: Path
    label: str
    measure: Measure
    rule: DfeImport
    header: list[str]
    places: Places
    neighbours: set[str]  # the other English authorities wanted, as statistical neighbours
    result: ImportResult
    imported: dict[FigureKey, Figure] = field(default_factory=dict)
    first_line: dict[FigureKey, int] = field(default_factory=dict)
    duplicates: list[Problem] = field(default_factory=list)
    not_numbers: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.col = {name: self.header.index(name) for name in self.header}
        # The filters as (column index, value), checked first: most rows of a national file
        # fail them, and a row is then passed over at the cost of a few comparisons.
        self.wanted_cells = [(self.col[name], value) for name, value in self.rule.filters.items()]
        if self.rule.time_identifier:
            self.wanted_cells.insert(0, (self.col["time_identifier"], self.rule.time_identifier))
        region = self.places.region
        self.region_code = region.gss_code if region else None

    def cell(self, cells: list[str], name: str) -> str:
        index = self.col.get(name, len(cells))
        return cells[index].strip() if index < len(cells) else ""

    def read(self, line: int, cells: list[str]) -> None:
        """Take one row of the file: its figure, or the reason it is left out."""
        if not cells or not self._passes_filters(cells):
            return
        self.result.read += 1
        place_id = self._place(line, cells)
        if place_id is None:
            return
        figure = self._figure(line, cells, place_id)
        if figure is None:
            return
        if figure.key in self.imported:
            breakdown = figure.breakdown
            self.duplicates.append(Problem(
                self.source, line, 1, Severity.ERROR, f"a second row for "
                f"{self.places.by_id[place_id].name}, {figure.period}"
                f"{', ' + breakdown if breakdown else ''}: line {self.first_line[figure.key]} "
                "has it too (a former and a current code in one period?)", "duplicate"))
            return
        self.imported[figure.key] = figure
        self.first_line[figure.key] = line

    def _passes_filters(self, cells: list[str]) -> bool:
        if len(cells) >= len(self.header):
            return not any(cells[i] != value and cells[i].strip() != value
                           for i, value in self.wanted_cells)
        return not any(self.cell(cells, self.header[i]) != value
                       for i, value in self.wanted_cells)

    def _in_region(self, cells: list[str]) -> bool:
        return self.region_code is not None and self.cell(cells, "region_code") == self.region_code

    def _place(self, line: int, cells: list[str]) -> str | None:
        """The place the row is for; None for a row left out (counted as outside the
        register's scope, or listed as unmapped)."""
        level = self.cell(cells, "geographic_level")
        place_id: str | None = None
        if level == "National":
            place_id = "england" if self.cell(cells, "country_code") in ("", ENGLAND) else None
        elif level == "Regional" and self.places.region is not None and self._in_region(cells):
            place_id = self.places.region.id
        elif level == "Local authority":
            place_id = self._authority(cells)
            if place_id is None and self._in_region(cells):
                self._unmapped_authority(line, cells)
                return None
        if place_id is None or (self.places.by_id[place_id].kind is PlaceKind.OTHER
                                and place_id not in self.neighbours):
            self.result.outside += 1  # beyond the region, and no neighbour of it
            return None
        return place_id

    def _authority(self, cells: list[str]) -> str | None:
        """An authority by its GSS code, then its former codes, then its DfE number."""
        places = self.places
        gss, dfe = self.cell(cells, "new_la_code"), self.cell(cells, "old_la_code")
        place_id = places.by_gss.get(gss)
        if place_id is None and gss in places.former:
            place_id = places.former[gss]
            self.result.by_former_code[(gss, places.name(place_id))] += 1
        if place_id is None and dfe in places.by_dfe:
            place_id = places.by_dfe[dfe]
            self.result.by_dfe_number[(dfe, places.name(place_id))] += 1
        return place_id

    def _unmapped_authority(self, line: int, cells: list[str]) -> None:
        gss, dfe = self.cell(cells, "new_la_code"), self.cell(cells, "old_la_code")
        name = self.cell(cells, "la_name")
        self.result.unmapped.append(Problem(
            self.source, line, 1, Severity.WARNING, f"not imported: no authority has GSS code "
            f"'{gss}' or DfE number '{dfe}' ({name or 'no name'}); add it to "
            "data/authorities/ (or its former_codes) if it belongs to the register",
            "unmapped"))

    def _figure(self, line: int, cells: list[str], place_id: str) -> Figure | None:
        """The row's figure; None (and the reason listed) for a row that cannot be one."""
        measure, rule = self.measure, self.rule
        period = dfe_period(self.cell(cells, "time_period"), measure.period_type)
        if period is None:
            self.result.unmapped.append(Problem(
                self.source, line, 1, Severity.WARNING, f"not imported: time_period "
                f"'{self.cell(cells, 'time_period')}' is not a {measure.period_type}",
                "unmapped"))
            return None
        value, symbol = _number(self.cell(cells, rule.value))
        if value is None and not symbol:
            symbol = "x"  # an empty cell is a figure not available, never a zero
        numerator = self._count(line, cells, rule.numerator)
        denominator = self._count(line, cells, rule.denominator)
        if symbol and symbol not in SYMBOLS:
            self.not_numbers.append(_not_a_number(self.source, line, self.col[rule.value],
                                                  rule.value, symbol))
            return None
        breakdown = self.cell(cells, rule.breakdown) if rule.breakdown else ""
        return Figure(place_id, period, breakdown, numerator, denominator, value, symbol,
                      measure.version, f"{self.label}:{line}")

    def _count(self, line: int, cells: list[str], column: str | None) -> Decimal | None:
        """The numerator or denominator; a cell that is neither number nor symbol is listed."""
        if not column:
            return None
        number, text = _number(self.cell(cells, column))
        if text and text not in SYMBOLS:
            self.not_numbers.append(_not_a_number(self.source, line, self.col[column], column,
                                                  text))
        return number


def _not_a_number(source: Path, line: int, index: int, column: str, text: str) -> Problem:
    shown = text if len(text) <= 40 else text[:40] + "…"
    reason = parse_figure(text)
    if isinstance(reason, str) and "too large" in reason:
        message = f"'{shown}' {reason}; check the cell"
    else:
        message = (f"'{shown}' is neither a number nor one of DfE's symbols; write the "
                   "figure in digits (1100 or 1,100) or the symbol (x, c, z …)")
    return Problem(source, line, index + 1, Severity.ERROR,
                   f"column {column} (cell {index + 1}): {message}", "not-a-number")
