"""Read data/figures/*.csv into the register: one table per measure, with each file's problems.

The measures themselves are records (tsp.kinds.RecordKind.MEASURE), loaded with every other
kind; what a figure is once read is tsp.models.figures; the checks across figures and
measures are tsp.checks.measures. A bad cell is a problem at its line and column, and the
rest of the file is still read.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from tsp.models.figures import (
    COLUMNS,
    REQUIRED,
    SYMBOLS,
    Figure,
    FigureTable,
    cell_columns,
    in_range,
    parse_figure,
    person_columns,
)
from tsp.problems import Problem, Severity, did_you_mean
from tsp.register import Register
from tsp.safe_fs import odd_name, shown, where_it_leads

FIGURES = "figures"
MAX_FIGURES_BYTES = 20 * 1024 * 1024

Numbers = tuple[Decimal | None, Decimal | None, Decimal | None]


@dataclass
class _File:
    """One figures file being read: its lines, its header, and the problems found so far."""

    path: Path
    lines: list[str] = field(default_factory=list)
    index_of: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, column: int, message: str, code: str = "figures") -> None:
        self.problems.append(Problem(self.path, line, column, Severity.ERROR, message, code))

    def at(self, line: int, name: str) -> tuple[int, int]:
        """Line and column of a row's cell, by its column's name."""
        starts = cell_columns(self.lines[line - 1]) if line - 1 < len(self.lines) else [1]
        position = self.index_of.get(name, 0)
        return line, starts[position] if position < len(starts) else 1


def read_figures(path: Path, measure: str, raw: bytes | None = None
                 ) -> tuple[FigureTable | None, list[Problem]]:
    """The figures of one file, or the problems that stop them being read."""
    file = _File(path)
    text = _text(file, raw)
    if text is None:
        return None, file.problems
    file.lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""))
    header = _header(file, reader)
    if header is None:
        return None, file.problems
    rows = list(_rows(file, reader, len(header)))
    return FigureTable(path, measure, rows, header, file.lines), file.problems


def _text(file: _File, raw: bytes | None) -> str | None:
    """The file's text (its bytes read if not given), or None with the reason in its problems."""
    if raw is None:
        try:
            raw = file.path.read_bytes()
        except OSError as exc:
            file.problem(1, 1, f"cannot read the file: {exc.strerror}", "io")
            return None
    if len(raw) > MAX_FIGURES_BYTES:
        file.problem(1, 1, f"the file is {len(raw):,} bytes; a figures file may be at most "
                     f"{MAX_FIGURES_BYTES:,}", "too-large")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        file.problem(line, 1, "the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in "
                     "Excel)", "encoding")
        return None


def _header(file: _File, reader: Iterator[list[str]]) -> list[str] | None:
    """The header line, with each known column's position in file.index_of; None (and the
    reasons) when the file has none tsp can read by."""
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        file.problem(1, 1, "the file is empty; it should start with the header line "
                     f"{','.join(COLUMNS)}", "empty")
        return None
    columns = cell_columns(file.lines[0]) if file.lines else [1]
    personal = person_columns(header)
    for name in personal:
        file.problem(1, columns[header.index(name)],
                     f"column '{name}' would hold data about individual people; the register "
                     "holds aggregate figures only: remove the column (and never commit "
                     "person-level data)", "person-level")
    if personal:
        return None
    for position, name in enumerate(header):
        column = columns[position] if position < len(columns) else 1
        if name not in COLUMNS:
            file.problem(1, column, f"unknown column '{name}': the columns are "
                         f"{', '.join(COLUMNS)}{did_you_mean(name, COLUMNS)}")
        elif name in file.index_of:
            file.problem(1, column, f"column '{name}' appears twice")
        else:
            file.index_of[name] = position
    missing = [c for c in REQUIRED if c not in file.index_of]
    if missing:
        file.problem(1, 1, f"missing column{'s' * (len(missing) > 1)} {', '.join(missing)}; "
                     f"the header should be {','.join(COLUMNS)}")
    return None if file.problems else header


def _rows(file: _File, reader: Any, width: int) -> Iterator[Figure]:
    """Each row that reads as a figure (`reader`: the file's csv.reader, past the header);
    the problems of the others go to file.problems."""
    # A column the file leaves out reads as empty: index `width` of a row padded by one.
    at = [file.index_of.get(name, width) for name in COLUMNS]
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            file.problem(line, 1, f"cannot read this line as CSV: {exc}")
            return
        if len(cells) != width:
            if cells and any(c.strip() for c in cells):
                file.problem(line, 1, f"{len(cells)} cells where the header has {width}; a "
                             "name with a comma needs quotes")
            continue
        cells.append("")
        figure = _figure(file, line, [cells[i] for i in at])
        if figure is not None:
            yield figure


def _figure(file: _File, line: int, cells: list[str]) -> Figure | None:
    """One row's cells (in the order of COLUMNS) as a figure, or None with its problems."""
    authority, period, breakdown, numerator, denominator, value, symbol, version, source = cells
    parsed = _plain_numbers(numerator, denominator, value)
    if parsed is None:
        parsed = _numbers(file, line, (numerator, denominator, value))
    bad = parsed is None
    symbol = symbol.strip()
    if symbol and symbol not in SYMBOLS:
        listed = ", ".join(f"{k} ({v})" for k, v in SYMBOLS.items())
        file.problem(*file.at(line, "symbol"), f"symbol: '{symbol}' is not one of DfE's "
                     f"symbols: {listed}")
        bad = True
    version = version.strip()
    if not version.isdigit() or int(version) < 1:
        file.problem(*file.at(line, "rule_version"), f"rule_version: '{version}' is not a "
                     "version number (1, 2, …)")
        bad = True
    authority, period = authority.strip(), period.strip()
    for name, cell in (("authority", authority), ("period", period)):
        if not cell:
            file.problem(*file.at(line, name), f"{name} is empty")
            bad = True
    if bad or parsed is None:
        return None
    return Figure(authority, period, breakdown.strip(), parsed[0], parsed[1], parsed[2],
                  symbol, int(version), source.strip(), line)


def _plain_numbers(numerator: str, denominator: str, value: str) -> Numbers | None:
    """The common case, three plain numbers or blanks, for three Decimals and no more; None
    when a cell needs the slow path."""
    try:
        parsed = (Decimal(numerator) if numerator else None,
                  Decimal(denominator) if denominator else None,
                  Decimal(value) if value else None)
    except InvalidOperation:
        return None
    return parsed if all(d is None or in_range(d) for d in parsed) else None


def _numbers(file: _File, line: int, cells: tuple[str, str, str]) -> Numbers | None:
    """The slow path: numbers with spaces or thousands separators, and what is no number."""
    found: list[Decimal | None] = []
    bad = False
    for name, raw in zip(("numerator", "denominator", "value"), cells, strict=True):
        cell = raw.strip()
        parsed = parse_figure(cell) if cell else None
        if isinstance(parsed, str):
            hint = (f"; '{cell}' is a symbol: put it in the symbol column"
                    if cell in SYMBOLS else "")
            file.problem(*file.at(line, name), f"{name}: '{cell[:40]}' {parsed}{hint}")
            bad = True
            parsed = None
        found.append(parsed)
    return None if bad else (found[0], found[1], found[2])


def figures_files(root: Path) -> tuple[list[Path], list[Problem]]:
    """The CSV files of data/figures/, and what in it tsp will not read.

    Through tsp.safe_fs's rules: nothing outside the repository or inside .git/ is read, and
    only regular files are (a FIFO would hang CI)."""
    folder = root / "data" / FIGURES
    problems: list[Problem] = []
    files: list[Path] = []
    leads = where_it_leads(folder, root) if os.path.lexists(folder) else None
    if leads is not None:
        problems.append(Problem(folder, 1, 1, Severity.ERROR, f"this is {leads}; tsp does not "
                                "follow it (put the folder itself here)", "layout"))
        return files, problems
    if not folder.is_dir():
        return files, problems
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name == "README.md":
            continue
        problem = _unread(path, root)
        if problem is None:
            files.append(path)
        else:
            problems.append(problem)
    return files, problems


def _unread(path: Path, root: Path) -> Problem | None:
    """Why tsp does not read this entry of data/figures/; None for a figures file it reads."""
    odd = odd_name(path.name)
    leads = where_it_leads(path, root) if path.is_symlink() else None
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        regular = False
    if odd is not None:
        return Problem(path, 1, 1, Severity.ERROR, f"'{shown(path.name)}' {odd}; tsp does not "
                       "read it (rename it)", "name")
    if leads is not None:
        return Problem(path, 1, 1, Severity.ERROR, f"this is {leads}; tsp does not follow it "
                       "(put the file itself here)", "layout")
    if path.suffix == ".csv" and regular:
        return None
    if path.suffix == ".csv" and not path.is_dir():
        return Problem(path, 1, 1, Severity.ERROR, "not a regular file (a FIFO, socket or "
                       "device); tsp reads only regular files", "layout")
    return Problem(path, 1, 1, Severity.WARNING, "not read: data/figures/ holds one "
                   "MEASURE.csv per measure", "layout")


def load_figures(register: Register, problems: list[Problem],
                 files: Mapping[str, bytes] | None = None,
                 only: Collection[str] | None = None,
                 read: Callable[[str], bytes | None] | None = None) -> None:
    """Fill register.figures, adding each file's problems to `problems`. `files` holds the
    data in memory (path relative to the root: data/figures/X.csv) instead of on disk;
    `only`, the measures whose figures are wanted (None: every file's); `read`, a file's
    bytes by its path (the loader's: the bytes its cache hashed), else the file is read."""
    if files is not None:
        for name in sorted(files):
            path = Path(name)
            if only is not None and path.stem not in only:
                continue
            if path.parent.as_posix() == f"data/{FIGURES}" and path.suffix == ".csv":
                _add(register, problems, register.root / path, files[name])
        return
    csvs, odd = figures_files(register.root)
    problems.extend(odd)
    for path in csvs:
        if only is None or path.stem in only:
            _add(register, problems, path, read(str(path)) if read else None)


def _add(register: Register, problems: list[Problem], path: Path, raw: bytes | None) -> None:
    register.files_read += 1
    table, found = read_figures(path, path.stem, raw)
    problems.extend(found)
    if table is not None:
        register.figures[path.stem] = table
