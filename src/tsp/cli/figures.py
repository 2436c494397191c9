"""tsp figures import, fetch and template: the figures of the SEND data challenge's
measures, in data/figures/."""

# No `from __future__ import annotations`: Typer reads these annotations on every run.

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from tsp.cli import helptext
from tsp.cli.common import RepoOption, err, format_problem, open_register, out
from tsp.edits.atomic import write_atomic
from tsp.errors import ExitCode, UsageError
from tsp.edits.figures_import import import_figures as run_import
from tsp.edits.figures_fetch import fetch_figures as run_fetch
from tsp.models.figures import format_decimal
from tsp.edits.figures_return import import_return, template
from tsp.load import find_root


figures_app = typer.Typer(
    cls=helptext.Group, help="Figures of the SEND data challenge's measures, in data/figures/.",
    no_args_is_help=True, rich_markup_mode=None)


@figures_app.command("import", cls=helptext.Command)
def import_figures(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="An Explore Education "
                    "Statistics tidy CSV, or a return workbook (.xlsx) from tsp figures "
                    "template.", dir_okay=False, show_default=False)],
    measure: Annotated[str | None, typer.Option("--measure", "-m", help="The measure the "
                       "figures are counted by (a return workbook names its own).",
                       show_default=False)] = None,
    neighbours: Annotated[bool, typer.Option("--neighbours/--no-neighbours", help="Also "
                          "import the authorities' DfE statistical neighbours beyond the "
                          "region.")] = True,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would change; write "
                       "nothing.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when a row of the region "
                      "could not be matched to an authority.")] = False,
    repo: RepoOption = None,
) -> None:
    """Import DfE's published figures for a measure into data/figures/MEASURE.csv.

    Reads the columns and filter rows the measure's dfe_import names; matches authorities by
    GSS code, former code (Buckinghamshire's E10000002) or DfE number; keeps DfE's symbols
    as symbols. Importing the same file twice changes nothing. Rows of the region it cannot
    match are listed as file:line.

    Examples:

        tsp figures import timeliness_20_week.csv --measure ehcp-issued-within-20-weeks

        tsp figures import cla_number_and_rate_per_10k_children.csv -m children-looked-after-rate --dry-run

        tsp figures import return.xlsx
    """
    root = find_root(repo)
    repository = open_register(root)
    if file.suffix.lower() == ".xlsx":
        result = import_return(repository, file, measure, write=not dry_run)
        target = result.path.relative_to(root)
        out.print(escape(f"{result.read} rows read; {result.added} added, {result.changed} "
                         f"changed, {result.unchanged} unchanged; {result.withheld} kept as "
                         "the disclosure rule's symbol."))
        _say_written(target, result.written, len(result.rows), dry_run)
        return
    if measure is None:
        raise UsageError("Which measure are the figures counted by? Add --measure ID (tsp "
                         "measures lists them).")
    result = run_import(repository, file, measure, neighbours=neighbours, write=not dry_run)
    for problem in result.unmapped:
        err.print(escape(format_problem(problem, None)), soft_wrap=True)
    for (code, place), count in sorted(result.by_former_code.items()):
        out.print(f"Matched {count} row{'s' * (count != 1)} by the former code {code} "
                  f"({escape(place)}).")
    target = result.path.relative_to(root)
    summary = (f"{result.read} rows matched the measure's filters; {result.added} added, "
               f"{result.changed} changed, {result.unchanged} unchanged, {result.outside} "
               f"beyond the register, {len(result.unmapped)} not matched.")
    out.print(escape(summary))
    _say_written(target, result.written, len(result.rows), dry_run)
    if strict and result.unmapped:
        raise typer.Exit(int(ExitCode.DATA))


@figures_app.command("fetch", cls=helptext.Command)
def fetch_figures(
    measure: Annotated[str, typer.Argument(metavar="MEASURE", help="The measure's id (tsp "
                       "measures lists them).", show_default=False)],
    neighbours: Annotated[bool, typer.Option("--neighbours/--no-neighbours", help="Also "
                          "import the authorities' DfE statistical neighbours beyond the "
                          "region.")] = True,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would change; write "
                       "nothing.")] = False,
    repo: RepoOption = None,
) -> None:
    """Fetch a measure's figures from DfE's Explore Education Statistics API.

    Reads the latest published version of the data set the measure's dfe_import names
    (data_set_id), says what changed since the last fetch (a new data set version, new
    periods, revised figures) and writes through the same checks as tsp figures import.
    Without a network it says so and exits 2, writing nothing.

    Examples:

        tsp figures fetch ehcp-issued-within-20-weeks --dry-run

        tsp figures fetch ehcp-issued-within-20-weeks
    """
    root = find_root(repo)
    repository = open_register(root)
    result = run_fetch(repository, measure, write=not dry_run, neighbours=neighbours)
    imported = result.imported
    version = f"Data set {result.data_set}, version {result.version}"
    if result.new_version:
        version += (f": a new version (the rule reads {result.recorded_version}; set "
                    f"data_set_version in data/measures/{measure}.yaml once it is checked)")
    out.print(escape(version + "."), soft_wrap=True)
    if result.last_fetched:
        out.print(escape(f"Last fetched from version {', '.join(result.last_fetched)}."))
    if imported.new_periods:
        out.print(escape(f"New periods: {', '.join(imported.new_periods)}."))
    names = {a.id: a.name for a in repository.authorities.values()}
    for was, now in imported.revised[:10]:
        out.print(escape(f"Revised: {names.get(was.authority, was.authority)} {was.period}"
                         f"{' ' + was.breakdown if was.breakdown else ''}: "
                         f"{_shown(was)} → {_shown(now)}"), soft_wrap=True)
    if len(imported.revised) > 10:
        out.print(f"… and {len(imported.revised) - 10} more revised figures.")
    for problem in imported.unmapped:
        err.print(escape(format_problem(problem, None)), soft_wrap=True)
    target = imported.path.relative_to(root)
    out.print(escape(f"{imported.read} rows matched the measure's filters; {imported.added} "
                     f"added, {imported.changed} revised, {imported.unchanged} unchanged."))
    _say_written(target, imported.written, len(imported.rows), dry_run)


def _say_written(target: Path, written: bool, figures: int, dry_run: bool) -> None:
    """The last line of every figures import (a file, a return, a fetch): what became of
    the measure's file."""
    if dry_run:
        out.print(f"Dry run: {target} not written.")
    elif written:
        out.print(f"Wrote {target} ({figures} figures).")
    else:
        out.print(f"No change: {target} already holds these figures.")


def _shown(figure: Any) -> str:
    return format_decimal(figure.value) if figure.value is not None else figure.symbol


@figures_app.command("template", cls=helptext.Command)
def return_template(
    measure: Annotated[str, typer.Argument(metavar="MEASURE", help="The measure's id (tsp "
                       "measures lists them).", show_default=False)],
    la: Annotated[str, typer.Option("--la", help="The authority the return is for.",
                  show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The workbook to write "
                      "(.xlsx).", dir_okay=False, show_default=False)],
    repo: RepoOption = None,
) -> None:
    """Write a return workbook for one authority: its rows, the rule in words, checked cells.

    For measures DfE does not publish. The authority fills in the Return sheet and sends it
    back; tsp figures import return.xlsx reads it through the same checks, applying the
    measure's disclosure rule.

    Examples:

        tsp figures template ehcp-issued-within-20-weeks --la Reading -o reading-return.xlsx
    """
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"-o {output}: a return workbook is an .xlsx file.")
    repository = open_register(repo)
    data = template(repository, measure, la)
    if not output.parent.is_dir():
        raise UsageError(f"-o {output}: the folder {output.parent} does not exist.")
    write_atomic(output, data)
    out.print(escape(f"Wrote {output}: a return for {la} on {measure}."))
