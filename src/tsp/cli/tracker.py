"""tsp import: the team's spreadsheet tracker (one row per package) as package files."""

# No `from __future__ import annotations`, for the reason given in cli/query.py.

import re
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tsp.cli.common import Part, RepoOption, err, open_register, out
from tsp.edits.tracker_cells import status as status_of_cell
from tsp.edits.tracker_import import Options, import_tables, known_headers, parse_map
from tsp.edits.tracker_read import read_tables
from tsp.errors import ExitCode, UsageError
from tsp.queries import find_year

# What a cell or a sheet name may hold that a terminal would obey rather than show: C0 and
# C1 controls (ESC starts a colour, a title, a cursor move; a line feed forges a new line)
# and the bidirectional overrides. Shown as escapes instead.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """`text` safe to print: controls as \\x1b-style escapes, Rich markup escaped."""
    return escape(_CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                else f"\\u{ord(m.group()):04x}", text))


def import_tracker(
    tracker: Annotated[Path, typer.Argument(metavar="FILE", help="The tracker: an .xlsx "
                       "workbook (every visible sheet) or a .csv file, one row per package.",
                       dir_okay=False, show_default=False)],
    map_: Annotated[list[str] | None, typer.Option("--map", metavar="HEADER=FIELD",
                    help="Read a column whose header tsp does not know as this field, e.g. "
                    "\"Local authority=recipients\". Repeat for several.",
                    show_default=False)] = None,
    year: Annotated[str | None, typer.Option("--year", metavar="YEAR", help="The programme "
                    "year of every row that gives none, e.g. 2025-26 (else a row's year is "
                    "read from its start date, or the row is refused).",
                    show_default=False)] = None,
    status: Annotated[str | None, typer.Option("--status", metavar="STATUS", help="The "
                      "status of every row that gives none, e.g. scoping (else the row is "
                      "refused).", show_default=False)] = None,
    sheet: Annotated[list[str] | None, typer.Option("--sheet", metavar="NAME", help="Read "
                     "only this sheet (repeat for several); hidden ones too.",
                     show_default=False)] = None,
    header_row: Annotated[int | None, typer.Option("--header-row", metavar="N", min=1,
                          help="The row that holds the column names (else the first row "
                          "where known names appear).", show_default=False)] = None,
    include_hidden: Annotated[bool, typer.Option("--include-hidden", help="Read hidden "
                              "sheets too (skipped by default, with a note).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be written, and "
                       "write nothing.")] = False,
    repo: RepoOption = None,
) -> None:
    """Turn a tracker spreadsheet into package files in data/packages/.

    Each sheet's table is found under its title rows; columns are matched by their header:
    the ones tsp list --format xlsx writes (ID, Title, Year, Status, Area, Recipients, …)
    and common others (Local authority, LA, Start date, Budget). A field the sheet does not
    give is never made up: give --year or --status, or the row is refused. Rows that differ
    only in the authority become one package. A row with a problem is refused with
    sheet:row:column and the rest still import; an existing package is never overwritten, so
    importing the same sheet again writes nothing new. Exit 0 only when every row was written
    or was already there.

    Examples:

        tsp import tracker.xlsx --dry-run

        tsp import tracker.csv --map "Local authority=recipients" --year 2025-26
    """
    mapping = parse_map(map_ or [])
    repository = open_register(repo, part=Part.CHECKED)
    options = Options(mapping,
                      find_year(repository, year).id if year else None,
                      _status_option(status) if status else None)
    reading = read_tables(tracker, known_headers(mapping), sheets=sheet or (),
                          header_row=header_row, include_hidden=include_hidden)
    result = import_tables(repository, reading, options, dry_run=dry_run)
    for note in result.notes:
        err.print(shown(f"note: {note}"), soft_wrap=True)
    for problem in result.kept:
        err.print(shown(f"{problem.where}: warning: {problem.message}"), soft_wrap=True)
    for problem in result.refused:
        err.print(shown(f"{problem.where}: error: {problem.message}"), soft_wrap=True)
    verb = "Would write" if dry_run else "Wrote"
    if result.written:  # one print: Rich takes ~0.1 ms a call, and a tracker has thousands
        out.print("\n".join(shown(f"{verb} {_relative(path, repository.root)}")
                            for path in result.written), soft_wrap=True)
    if result.write_failed:
        err.print(shown(f"error: {result.write_failed}; the {len(result.written)} file(s) "
                        "named above were written, no other."), soft_wrap=True)
    for label, rows in result.from_command_line.items():
        out.print(shown(f"From the command line: {label} for {rows} row(s) that give none."),
                  soft_wrap=True)
    for year_id, where in result.derived_years.items():
        listed = ", ".join(where[:8]) + (f" and {len(where) - 8} more" if len(where) > 8
                                         else "")
        out.print(shown(f"Read from the start date (programme years run April to March): "
                        f"year {year_id} for {len(where)} row(s): {listed}."), soft_wrap=True)
    refused_rows = len({(p.sheet, p.row) for p in result.refused})
    summary = [f"{len(result.written)} {'to write' if dry_run else 'written'}",
               f"{len(result.unchanged)} already in the register",
               f"{len(result.kept)} not written (see the warnings)",
               f"{refused_rows} refused"]
    out.print(", ".join(summary) + ("; nothing was written (--dry-run)." if dry_run else "."),
              soft_wrap=True)
    if result.rows_read == 0 and not result.refused:
        err.print("error: no row of the tracker could be read as a package.")
    if not result.ok:
        raise typer.Exit(int(ExitCode.DATA))


def _relative(path: Path, root: Path) -> Path:
    return path.relative_to(root) if path.is_relative_to(root) else path


def _status_option(text: str) -> str:
    try:
        return status_of_cell(text)
    except UsageError as exc:
        raise UsageError(f"--status: {exc}", hint=exc.hint) from None
