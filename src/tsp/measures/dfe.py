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
import stat
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tsp.edits.atomic import FileChanged, FileExists, write_atomic
from tsp.errors import DataError, RejectedChange, UsageError
from tsp.measures.figures import (
    MAX_FIGURES_BYTES,
    SYMBOLS,
    Figure,
    FigureTable,
    figures_csv,
    parse_figure,
    person_columns,
    read_figures,
)
from tsp.measures.places import NEIGHBOURS, PlaceKind, Places, load_places, read_reference_csv
from tsp.models.measure import Measure, PeriodType
from tsp.problems import Problem, Severity, suggest
from tsp.programme import ENGLAND_CODE
from tsp.text_io import YamlProblem, read_bytes

if TYPE_CHECKING:
    from tsp.register import Register

MAX_IMPORT_BYTES = 200 * 1024 * 1024
ENGLAND = ENGLAND_CODE


@dataclass
class ImportResult:
    path: Path  # the figures file written (or that would be)
    rows: list[Figure]
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    kept: int = 0  # rows of the figures file the import did not touch
    read: int = 0  # rows of the DfE file that matched the measure's filters
    outside: int = 0  # of those, for places beyond the register's scope
    unmapped: list[Problem] = field(default_factory=list)
    by_former_code: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_dfe_number: Counter[tuple[str, str]] = field(default_factory=Counter)
    written: bool = False
    revised: list[tuple[Figure, Figure]] = field(default_factory=list)  # (was, is now)
    new_periods: list[str] = field(default_factory=list)
    previous_sources: set[str] = field(default_factory=set)  # of the figures it replaced
    withheld: int = 0  # of a local return: rows kept as the disclosure rule's symbol

    @property
    def changes(self) -> int:
        return self.added + self.changed


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
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UsageError(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"Cannot read {path}: it is not a regular file (a folder, FIFO, "
                             "socket or device); give the path of a CSV file.")
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
    measure = repo.measures.get(measure_id)
    if measure is None:
        from tsp.errors import NotFound

        raise NotFound(f"No measure '{measure_id}' in data/measures/ (tsp measures lists "
                       "them).", suggest(measure_id, repo.measures))
    rule = measure.dfe_import
    if rule is None:
        raise UsageError(f"Measure '{measure_id}' says nothing of how to read DfE's files: "
                         "add dfe_import (its columns and filters) to "
                         f"data/measures/{measure_id}.yaml.")
    header, rows = _read_tidy(source)
    personal = person_columns(header)
    if personal:
        raise DataError([Problem(source, 1, 1, Severity.ERROR, f"column '{name}' would hold data "
                                 "about individual people; tsp imports aggregate figures "
                                 "only", "person-level") for name in personal],
                        "Refused: the file holds person-level data; nothing was imported.")
    needed = ["time_period", "geographic_level", *rule.filters]
    needed += [c for c in (rule.numerator, rule.denominator, rule.value, rule.breakdown) if c]
    if rule.time_identifier:
        needed.append("time_identifier")
    missing = [c for c in dict.fromkeys(needed) if c not in header]
    if missing:
        import difflib

        close = list(dict.fromkeys(m for c in missing
                                   for m in difflib.get_close_matches(c, header, 1, 0.85)))
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
        raise UsageError(f"{source.name} has no column {', '.join(missing)}{hint}. Is it the "
                         f"file {measure_id} reads? Its columns: {', '.join(header)}.")
    col = {name: header.index(name) for name in header}
    places = load_places(repo)
    region = places.region
    region_code = region.gss_code if region else None
    wanted = neighbour_ids(repo, places) if neighbours else set()
    figures_path = repo.root / "data" / "figures" / f"{measure_id}.csv"
    result = ImportResult(figures_path, [])
    imported: dict[tuple[str, str, str], Figure] = {}
    first_line: dict[tuple[str, str, str], int] = {}
    duplicates: list[Problem] = []
    not_numbers: list[Problem] = []

    def cell(cells: list[str], name: str) -> str:
        index = col.get(name, len(cells))
        return cells[index].strip() if index < len(cells) else ""

    # The filters as (column index, value), checked first: most rows of a national file fail
    # them, and a row is then passed over at the cost of a few comparisons.
    wanted_cells = [(col[name], value) for name, value in rule.filters.items()]
    if rule.time_identifier:
        wanted_cells.insert(0, (col["time_identifier"], rule.time_identifier))
    width = len(header)
    for line, cells in rows:
        if not cells:
            continue
        if len(cells) >= width:
            if any(cells[i] != value and cells[i].strip() != value for i, value in wanted_cells):
                continue
        elif any(cell(cells, header[i]) != value for i, value in wanted_cells):
            continue
        result.read += 1
        level = cell(cells, "geographic_level")
        place_id: str | None
        if level == "National":
            place_id = "england" if cell(cells, "country_code") in ("", ENGLAND) else None
        elif level == "Regional":
            if region is None or cell(cells, "region_code") != region_code:
                result.outside += 1
                continue
            place_id = region.id
        elif level == "Local authority":
            gss = cell(cells, "new_la_code") if "new_la_code" in col else ""
            dfe = cell(cells, "old_la_code") if "old_la_code" in col else ""
            place_id = places.by_gss.get(gss)
            if place_id is None and gss in places.former:
                place_id = places.former[gss]
                result.by_former_code[(gss, places.name(place_id))] += 1
            if place_id is None and dfe in places.by_dfe:
                place_id = places.by_dfe[dfe]
                result.by_dfe_number[(dfe, places.name(place_id))] += 1
            if place_id is None and (region is None
                                     or cell(cells, "region_code") != region_code):
                result.outside += 1  # beyond the region, and no neighbour of it
                continue
            if place_id is None:
                name = cell(cells, "la_name") if "la_name" in col else ""
                result.unmapped.append(Problem(
                    source, line, 1, Severity.WARNING, f"not imported: no authority has GSS code "
                    f"'{gss}' or DfE number '{dfe}' ({name or 'no name'}); add it to "
                    "data/authorities/ (or its former_codes) if it belongs to the register",
                    "unmapped"))
                continue
        else:
            result.outside += 1
            continue
        if place_id is None:
            result.outside += 1
            continue
        place = places.by_id[place_id]
        if place.kind is PlaceKind.OTHER and place_id not in wanted:
            result.outside += 1
            continue
        period = dfe_period(cell(cells, "time_period"), measure.period_type)
        if period is None:
            result.unmapped.append(Problem(
                source, line, 1, Severity.WARNING, f"not imported: time_period "
                f"'{cell(cells, 'time_period')}' is not a {measure.period_type}", "unmapped"))
            continue
        value, symbol = _number(cell(cells, rule.value))
        if value is None and not symbol:
            symbol = "x"  # an empty cell is a figure not available, never a zero
        numbers: list[Decimal | None] = []
        for column in (rule.numerator, rule.denominator):
            number, text = _number(cell(cells, column)) if column else (None, "")
            if column and text and text not in SYMBOLS:
                not_numbers.append(_not_a_number(source, line, col[column], column, text))
            numbers.append(number)
        numerator, denominator = numbers
        if symbol and symbol not in SYMBOLS:
            not_numbers.append(_not_a_number(source, line, col[rule.value], rule.value, symbol))
            continue
        breakdown = cell(cells, rule.breakdown) if rule.breakdown else ""
        figure = Figure(place_id, period, breakdown, numerator, denominator, value, symbol,
                        measure.version, f"{label or source.name}:{line}")
        if figure.key in imported:
            duplicates.append(Problem(
                source, line, 1, Severity.ERROR, f"a second row for {place.name}, {period}"
                f"{', ' + breakdown if breakdown else ''}: line {first_line[figure.key]} has "
                "it too (a former and a current code in one period?)", "duplicate"))
            continue
        imported[figure.key] = figure
        first_line[figure.key] = line
    if not_numbers:
        raise DataError(not_numbers, "Cells that should hold a number hold something else; "
                        "nothing was imported.")
    if duplicates:
        raise DataError(duplicates, "The file has two rows for one figure; nothing was "
                        "imported.")
    return write_figures(repo, measure, places, imported, result, write=write)


def write_figures(repo: Register, measure: Measure, places: Places,
                  imported: dict[tuple[str, str, str], Figure], result: ImportResult, *,
                  write: bool = True) -> ImportResult:
    """Merge figures into data/figures/MEASURE.csv by (authority, period, breakdown), check
    the file as tsp validate would, and write it (atomically) unless `write` is False."""
    figures_path = result.path
    # Read, merge and write with a compare-and-swap: an import that finds the file changed
    # under it (another import of this measure wrote first) merges again from what is there
    # now, so two imports at once both land and neither loses the other's figures.
    for _ in range(MERGE_ATTEMPTS):
        raw = _current_figures(figures_path, measure.id)
        result = _merged(repo, measure, places, figures_path, raw, imported, result)
        if not write or not result.changes:
            return result
        figures_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if raw is None:
                write_atomic(figures_path, figures_csv(result.rows).encode("utf-8"),
                             create=True)
            else:
                write_atomic(figures_path, figures_csv(result.rows).encode("utf-8"),
                             expected=raw)
        except (FileChanged, FileExists):
            continue
        result.written = True
        return result
    raise UsageError(f"data/figures/{measure.id}.csv kept changing while tsp imported into "
                     "it (other imports running at once); nothing was written: run it again.")


MERGE_ATTEMPTS = 5


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


def _current_figures(path: Path, measure_id: str) -> bytes | None:
    """The figures file's bytes as they are now, or None where there is none yet."""
    try:
        return read_bytes(path, MAX_FIGURES_BYTES)
    except YamlProblem as exc:
        if not path.exists() and not path.is_symlink():
            return None
        raise DataError([Problem(path, 1, 1, Severity.ERROR, exc.message, exc.code)],
                        f"data/figures/{measure_id}.csv cannot be read; fix it first, "
                        "nothing was imported.") from None


def _merged(repo: Register, measure: Measure, places: Places, path: Path,
            raw: bytes | None, imported: dict[tuple[str, str, str], Figure],
            previous: ImportResult) -> ImportResult:
    """The figures file with the imported figures merged in by (authority, period,
    breakdown), checked as tsp validate would check it."""
    existing: list[Figure] = []
    if raw is not None:
        table, problems = read_figures(path, measure.id, raw)
        if table is None or any(p.is_error for p in problems):
            raise DataError(problems, f"data/figures/{measure.id}.csv cannot be read; fix it "
                            "first, nothing was imported.")
        existing = table.rows
    result = ImportResult(path, [], read=previous.read, outside=previous.outside,
                          unmapped=previous.unmapped, by_former_code=previous.by_former_code,
                          by_dfe_number=previous.by_dfe_number, withheld=previous.withheld)
    merged: dict[tuple[str, str, str], Figure] = {}
    for row in existing:
        merged[row.key] = row
    known_periods = {row.period for row in existing}
    result.new_periods = sorted({f.period for f in imported.values()} - known_periods)
    for key, figure in imported.items():
        old = merged.get(key)
        if old is not None:
            result.previous_sources.add(old.source.rsplit(":", 1)[0])
        if old is None:
            result.added += 1
        elif _same(old, figure):
            result.unchanged += 1
            continue  # keep the line as it is, source and all
        else:
            result.changed += 1
            result.revised.append((old, figure))
        merged[key] = figure
    result.kept = len(existing) - result.unchanged - result.changed
    result.rows = sorted(merged.values(), key=lambda r: (r.period, _place_order(places, r),
                                                         r.breakdown))
    _check_in_memory(repo, measure, path, figures_csv(result.rows))
    return result


def _place_order(places: Places, row: Figure) -> tuple[int, int, str]:
    """The register's authorities by id, then the region and England, then the rest."""
    place = places.by_id.get(row.authority)
    if place is None or place.kind is PlaceKind.OTHER:
        return (2, 0, row.authority)
    if place.kind is PlaceKind.COMPARATOR:
        return (1, [c.id for c in places.comparators].index(place.id), "")
    return (0, 0, row.authority)


def _same(old: Figure, new: Figure) -> bool:
    return (old.numerator, old.denominator, old.value, old.symbol, old.rule_version) == (
        new.numerator, new.denominator, new.value, new.symbol, new.rule_version)


def _check_in_memory(repo: Register, measure: Measure, path: Path, text: str) -> None:
    """The checks of tsp validate on the file as it would be written; errors refuse it."""
    import tempfile

    from tsp.checks.measures import check_table

    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / path.name
        trial.write_text(text, encoding="utf-8")
        table, problems = read_figures(trial, measure.id)
        problems = [Problem(path, p.line, p.column, p.severity, p.message, p.code)
                    for p in problems]
        if table is not None:
            table = FigureTable(path, table.measure, table.rows, table.header, table.lines)
            problems += check_table(repo, table)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise RejectedChange(errors, "The imported figures would not pass tsp validate; "
                             "nothing was written.")
