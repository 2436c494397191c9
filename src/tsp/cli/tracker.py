"""tsp import: the team's spreadsheet tracker (one row per package) as package files."""

# No `from __future__ import annotations`, for the reason given in cli/query.py.

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tsp.cli.common import RepoOption, err, out
from tsp.errors import ExitCode


def import_tracker(
    tracker: Annotated[Path, typer.Argument(metavar="FILE", help="The tracker: an .xlsx "
                       "workbook (every sheet) or a .csv file, one row per package.",
                       dir_okay=False, show_default=False)],
    map_: Annotated[list[str] | None, typer.Option("--map", metavar="HEADER=FIELD",
                    help="Read a column whose header tsp does not know as this field, e.g. "
                    "\"Local authority=recipients\". Repeat for several.",
                    show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be written, and "
                       "write nothing.")] = False,
    repo: RepoOption = None,
) -> None:
    """Turn a tracker spreadsheet into package files in data/packages/.

    Columns are matched by their header: the ones tsp list --format xlsx writes (ID, Title,
    Year, Status, Area, Recipients, Partners, …) and common others (Local authority, LA,
    Start date). Authorities may be written by name, alias or code. A row with a problem is
    refused with sheet:row:column and the rest still import; an existing package is never
    overwritten, so importing the same sheet again writes nothing new.

    Examples:

        tsp import tracker.xlsx --dry-run

        tsp import tracker.csv --map "Local authority=recipients" --map "Support=kinds"
    """
    from tsp.edits.tracker_import import import_tables, parse_map, read_tables
    from tsp.repository import find_root, load_repository

    mapping = parse_map(map_ or [])
    repository = load_repository(find_root(repo))
    tables = read_tables(tracker)
    result = import_tables(repository, tables, mapping, dry_run=dry_run)
    for note in result.notes:
        where, _, said = note.partition(": ")  # "sheet:row:column: what", as validate says it
        err.print(escape(f"{where}: note: {said}"), soft_wrap=True)
    for problem in result.kept:
        # the severity after the place, as tsp validate prints it
        err.print(escape(f"{problem.sheet}:{problem.row}:{problem.column}: warning: "
                         f"{problem.message}"), soft_wrap=True)
    for problem in result.refused:
        err.print(escape(f"{problem.sheet}:{problem.row}:{problem.column}: error: "
                         f"{problem.message}"), soft_wrap=True)
    verb = "Would write" if dry_run else "Wrote"
    for path in result.written:
        shown = path.relative_to(repository.root) if path.is_relative_to(repository.root) \
            else path
        out.print(escape(f"{verb} {shown}"), soft_wrap=True)
    refused_rows = len({(p.sheet, p.row) for p in result.refused})
    summary = [f"{len(result.written)} {'to write' if dry_run else 'written'}",
               f"{len(result.unchanged)} already in the register",
               f"{len(result.kept)} differ and were not overwritten",
               f"{refused_rows} refused"]
    out.print(", ".join(summary) + ("; nothing was written (--dry-run)." if dry_run else "."),
              soft_wrap=True)
    if refused_rows:
        raise typer.Exit(int(ExitCode.DATA))
