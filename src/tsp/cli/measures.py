"""tsp measures, tsp compare, tsp figures import, tsp new measure: the SEND data challenge."""

# No `from __future__ import annotations`: Typer reads these annotations on every run. json, csv
# and the measures' modules load inside the commands, so that registering them costs the other
# commands nothing.

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from tsp.cli import helptext
from tsp.cli.common import (AsOfOption, OutputOption, RepoOption, err, format_problem, handle_errors,
                             open_register, out, print_block)
from tsp.cli.reporters import MeasureComparison, MeasureListing, as_markdown, as_sheets, \
    as_table, as_text, comparison_table, emit, neighbour_table
from tsp.errors import ExitCode, UsageError


class TableFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    XLSX = "xlsx"


FormatOption = Annotated[TableFormat, typer.Option("--format", "-f", help="table, json, csv, "
                         "markdown or xlsx (an Excel workbook; with -o FILE.xlsx).")]


@handle_errors
def measures(
    output_format: FormatOption = TableFormat.TABLE,
    as_of: AsOfOption = None,
    output: OutputOption = None,
    repo: RepoOption = None,
) -> None:
    """List every measure of the SEND data challenge: status, version, latest period.

    A measure is a counting rule in data/measures/; its figures are in data/figures/.
    Figures counted under a proposed rule are provisional until a pull request agrees it.

    Examples:

        tsp measures

        tsp measures --format json

        tsp measures --format xlsx -o measures.xlsx

        tsp measures --as-of 2026-03-31
    """
    repository = open_register(repo, as_of=as_of)
    emit(MeasureListing(repository, sorted(repository.measures.values(), key=lambda m: m.id)),
         output_format, output)


TITLE_ROOM = 30  # the least width of the measures table's title column


@as_text.register
def _(result: MeasureListing) -> None:
    from rich.cells import cell_len

    table = as_table(result)
    if not table.rows:
        out.print("No measures: data/measures/ holds none (tsp new measure adds one).")
        return
    # Every column but the title whole (ids, units and numbers do not break well), and the
    # title at least TITLE_ROOM wide; a terminal narrower than that gets blocks instead.
    title = table.columns.index("title")
    widths = [max(cell_len(name), *(cell_len(row[i]) for row in table.rows))
              for i, name in enumerate(table.columns)]
    widths[title] = min(TITLE_ROOM, max(cell_len(row[title]) for row in table.rows))
    if out.width < sum(widths) + 3 * (len(widths) - 1) + 2:
        _stacked_measures(table)
        return
    shown = Table(title=f"Measures: {len(table.rows)}", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    for i, name in enumerate(table.columns):
        shown.add_column(name, no_wrap=i != title, min_width=widths[i] if i == title else None)
    for row in table.rows:
        shown.add_row(*map(Text, row))
    out.print(shown)


def _stacked_measures(table: Any) -> None:
    """The measures (their `as_table` rows) for a terminal too narrow for their table: ids
    run to ~50 characters and titles to ~60, so one block each (see print_block)."""
    out.print(f"[bold]Measures: {len(table.rows)}[/]")
    for cells in table.rows:
        row = dict(zip(table.columns, cells, strict=True))
        latest, count = row["latest period"], int(row["figures"])
        facts = [row["status"], f"version {row['version']}", row["unit"],
                 f"latest period {latest}" if latest else "no figures yet"]
        if count:
            facts.append(f"{count:,} figure{'s' if count != 1 else ''}")
        print_block(row["title"], row["id"], [" · ".join(facts)])


@as_markdown.register
def _(result: MeasureListing) -> str:
    from tsp.markdown import table

    shown = as_table(result)
    return table(shown.columns, shown.rows)


@as_sheets.register
def _(result: MeasureListing) -> list[Any]:
    from tsp.xlsx import Column, Sheet

    columns = [Column("ID"), Column("Title"), Column("Status"), Column("Version", "number"),
               Column("Unit"), Column("Latest period"), Column("Figures", "number")]
    rows: list[list[str | int | float | None]] = [
        [m.id, m.title, str(m.status), m.version, str(m.unit), result.latest_period(m),
         result.figures(m)] for m in result.measures]
    return [Sheet("Measures", columns, list(rows))]


@handle_errors
def compare(
    measure: Annotated[str, typer.Argument(metavar="MEASURE", help="The measure's id "
                       "(tsp measures lists them).", show_default=False)],
    period: Annotated[str | None, typer.Option("--period", "-p", help="The period, e.g. "
                      "2024 (default: the latest).", show_default=False)] = None,
    la: Annotated[str | None, typer.Option("--la", help="Add this authority's DfE "
                  "statistical neighbours and its place among them.", show_default=False)]
    = None,
    breakdown: Annotated[str, typer.Option("--breakdown", help="A breakdown of the figures, "
                         "where the measure has any.", show_default=False)] = "",
    output_format: FormatOption = TableFormat.TABLE,
    as_of: AsOfOption = None,
    output: OutputOption = None,
    repo: RepoOption = None,
) -> None:
    """Rank the authorities on a measure, beside the region and England.

    Ranked by the measure's polarity, in quartile bands, with the change since the previous
    period and a trend sparkline. Symbols (x, z, c, low …) are shown, never ranked; small
    numbers follow the measure's disclosure rule. Bands need at least four authorities with
    a figure; with fewer, none is shown.

    Examples:

        tsp compare ehcp-issued-within-20-weeks

        tsp compare ehcp-issued-within-20-weeks --period 2023 --la Reading

        tsp compare children-looked-after-rate --format csv

        tsp compare children-looked-after-rate --format xlsx -o compare.xlsx

        tsp compare ehcp-issued-within-20-weeks --as-of 2026-03-31
    """
    from tsp.measures.compare import compare as run_compare

    repository = open_register(repo, measure=measure, as_of=as_of)  # what a question about it needs
    comparison = run_compare(repository, measure, period=period, la=la, breakdown=breakdown)
    emit(MeasureComparison(comparison), output_format, output)


@as_markdown.register
def _(result: MeasureComparison) -> str:
    from tsp.markdown import table, text_cell

    comparison = result.comparison
    ranking = comparison_table(comparison, ascii_only=False)
    text = (f"**{text_cell(comparison.measure.title)}**, {comparison.period}"
            f"{' (provisional: the rule is proposed)' if comparison.provisional else ''}\n\n")
    text += table(ranking.columns, ranking.rows)
    if comparison.neighbours is not None:
        neighbours = neighbour_table(comparison)
        text += "\n" + table(neighbours.columns, neighbours.rows)
    return text


@as_text.register
def _(result: MeasureComparison) -> None:
    from tsp.measures.compare import Shown, format_value

    comparison = result.comparison
    m = comparison.measure
    ranking = comparison_table(comparison, ascii_only=False)
    status = (" — provisional: counted under a proposed rule" if comparison.provisional
              else "")
    out.print(escape(f"{m.title}, {comparison.period} ({m.unit}, {m.polarity}){status}"),
              soft_wrap=True)
    # Cells as Text, not markup to escape and parse: the same output, a sixth quicker.
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for index, name in enumerate(ranking.columns):
        table.add_column(name, justify="right" if index in (0, 2, 3) else "left")
    focus = comparison.focus
    for standing, row in zip(comparison.authorities + comparison.comparators, ranking.rows,
                             strict=True):
        style = "bold" if standing.place.id == focus else (
            "dim" if standing in comparison.comparators else None)
        if standing is comparison.comparators[0]:
            table.add_section()
        table.add_row(*map(Text, row), style=style)
    out.print(table)
    if comparison.median is not None:
        median = format_value(m, Shown(comparison.median, None, None, ""))
        out.print(f"Median of the {comparison.median_over} authorities ranked: {median}")
    for note in comparison.notes:
        out.print(escape(note))
    if comparison.neighbours is not None:
        neighbours = neighbour_table(comparison)
        group = comparison.neighbours
        table = Table(title=f"{group.focus.name} and its DfE statistical neighbours",
                      title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        for name in neighbours.columns:
            table.add_column(name)
        for standing, row in zip(group.rows, neighbours.rows, strict=True):
            table.add_row(*map(Text, row),
                          style="bold" if standing.place.id == group.focus.id else None)
        out.print(table)
        where = (f"{group.focus.name} is {group.place_among} of {group.ranked} with a figure."
                 if group.place_among else f"{group.focus.name} has no figure to rank.")
        out.print(escape(where))


def _figure(value: Any) -> float | int | None:
    return None if value is None else float(value) if value % 1 else int(value)


@as_sheets.register
def _(result: MeasureComparison) -> list[Any]:
    """The ranking, and with --la the neighbours: figures as numbers, a symbol as its text."""
    from tsp.measures.compare import band_name
    from tsp.xlsx import Column, Sheet

    comparison = result.comparison
    m = comparison.measure
    previous = comparison.previous_period

    def value(standing: Any) -> float | int | str | None:
        number = _figure(standing.shown.value)
        return standing.shown.symbol or None if number is None else number

    columns = [Column("Rank", "number"), Column("Authority"),
               Column(f"{comparison.period} ({m.unit})", "number"),
               Column(f"Change since {previous}" if previous else "Change", "number"),
               Column("Band"), Column("Trend")]
    rows: list[list[str | int | float | None]] = [
        [s.rank, s.place.name, value(s), _figure(s.change), band_name(m, s.band) or None,
         s.spark] for s in comparison.authorities + comparison.comparators]
    sheets = [Sheet("Ranking", columns, list(rows))]
    group = comparison.neighbours
    if group is not None:
        n_columns = [Column("Rank", "number"), Column("Authority"), Column("Closeness"),
                     Column(f"{comparison.period} ({m.unit})", "number"),
                     Column("Change", "number"), Column("Trend")]
        n_rows: list[list[str | int | float | None]] = [
            [s.rank, s.place.name,
             group.closeness.get(s.place.id, "(itself)" if s.place.id == group.focus.id
                                 else "") or None, value(s), _figure(s.change), s.spark]
            for s in group.rows]
        sheets.append(Sheet("Neighbours", n_columns, list(n_rows)))
    return sheets


figures_app = typer.Typer(
    help="Figures of the SEND data challenge's measures, in data/figures/.",
    no_args_is_help=True, rich_markup_mode=None)


@figures_app.command("import", cls=helptext.Command)
@handle_errors
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
    from tsp.edits.figures_import import import_figures as run_import
    from tsp.load import find_root

    root = find_root(repo)
    repository = open_register(root)
    if file.suffix.lower() == ".xlsx":
        from tsp.edits.figures_return import import_return

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
@handle_errors
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
    from tsp.edits.figures_fetch import fetch_figures as run_fetch
    from tsp.load import find_root

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
    from tsp.models.figures import format_decimal

    return format_decimal(figure.value) if figure.value is not None else figure.symbol


@figures_app.command("template", cls=helptext.Command)
@handle_errors
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
    from tsp.edits.atomic import write_atomic
    from tsp.edits.figures_return import template

    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"-o {output}: a return workbook is an .xlsx file.")
    repository = open_register(repo)
    data = template(repository, measure, la)
    if not output.parent.is_dir():
        raise UsageError(f"-o {output}: the folder {output.parent} does not exist.")
    write_atomic(output, data)
    out.print(escape(f"Wrote {output}: a return for {la} on {measure}."))


@handle_errors
def new_measure(
    measure_id: Annotated[str, typer.Argument(metavar="ID", help="The new measure's id, a "
                          "slug, e.g. ehcp-issued-within-20-weeks.", show_default=False)],
    title: Annotated[str, typer.Option("--title", help="Short title.", show_default=False)],
    numerator: Annotated[str, typer.Option("--numerator", help="What is counted.",
                         show_default=False)],
    unit: Annotated[str, typer.Option("--unit", help="percentage, rate-per-10000, count, "
                    "days …", show_default=False)],
    polarity: Annotated[str, typer.Option("--polarity", help="higher-is-better, "
                        "lower-is-better or neither.", show_default=False)],
    period_type: Annotated[str, typer.Option("--period-type", help="calendar-year, "
                           "academic-year, financial-year or snapshot.",
                           show_default=False)],
    source_title: Annotated[str, typer.Option("--source", help="The publication or return "
                            "the figures come from.", show_default=False)],
    denominator: Annotated[str | None, typer.Option("--denominator", help="Out of what.",
                           show_default=False)] = None,
    decimal_places: Annotated[int, typer.Option("--decimal-places", help="Decimal places of "
                              "a value.")] = 1,
    publisher: Annotated[str | None, typer.Option("--publisher", help="Who publishes the "
                         "source, e.g. Department for Education.", show_default=False)] = None,
    la_return: Annotated[bool, typer.Option("--la-return", help="The figures come from the "
                         "authorities' own returns, not a publication.")] = False,
    disclosure: Annotated[str, typer.Option("--disclosure", help="The disclosure rule in "
                          "plain words.")] = "Counts below 5 are shown as c.",
    suppress_below: Annotated[int | None, typer.Option("--suppress-below", help="Counts below "
                              "this are shown as c.", show_default=False)] = 5,
    repo: RepoOption = None,
) -> None:
    """Propose a new counting rule: writes data/measures/ID.yaml, status proposed, version 1.

    The record is checked as tsp validate checks it before it is written; then open a pull
    request so the region can review and agree it.

    Examples:

        tsp new measure ehcp-issued-within-20-weeks-draft --title "EHC plans issued within 20 weeks" --numerator "New EHC plans issued within 20 weeks" --denominator "New EHC plans issued" --unit percentage --polarity higher-is-better --period-type calendar-year --source "Education, health and care plans" --publisher "Department for Education"
    """
    from tsp.edits.new_measure import write_new_measure
    from tsp.load import find_root

    root = find_root(repo)
    repository = open_register(root)
    fields: dict[str, Any] = {
        "id": measure_id, "title": title, "numerator": numerator, "denominator": denominator,
        "unit": unit, "polarity": polarity, "period_type": period_type,
        "decimal_places": decimal_places,
        "source": {"kind": "la-return" if la_return else "publication",
                   "publisher": publisher, "title": source_title},
        "disclosure": {"suppress_below": suppress_below, "text": disclosure},
        "status": "proposed", "version": 1,
        "history": [{"version": 1, "status": "proposed", "on": dt.date.today().isoformat(),
                     "note": "Proposed."}],
    }
    path = write_new_measure(repository, fields)
    out.print(f"Wrote {path.relative_to(root)}: a proposed rule. Check it with tsp validate, "
              "then open a pull request so the region can agree it.")


__all__ = ["UsageError", "compare", "fetch_figures", "figures_app", "import_figures", "measures",
           "new_measure"]


def show_measure(repository: Any, measure_id: str, output_format: str) -> None:
    """`tsp show ID` of a measure: the counting rule in full, its definition in plain words
    and its figures' latest period."""
    from tsp.cli.common import print_bullets, print_field
    from tsp.kinds import RecordKind
    from tsp.measures.compare import latest_period
    from tsp.measures.words import definition, source_line, status_line

    m = repository.measures[measure_id]
    table = repository.figures.get(m.id)
    if output_format == "json":
        import json

        data = m.model_dump(mode="json", exclude_none=True)
        data["figures"] = len(table.rows) if table else 0
        data["latest_period"] = latest_period(repository, m.id)
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    out.print(f"[bold cyan]{escape(m.title)}[/]  [dim]({m.id})[/]")
    print_field("Status", status_line(m))
    print_field("Definition", " ".join(definition(m)))
    print_field("Source", source_line(m) + (f" {m.source.url}" if m.source.url else ""))
    print_field("Small numbers", m.disclosure.text)
    print_field("Figures", f"{len(table.rows)}, latest {latest_period(repository, m.id)}"
                if table and table.rows else "none yet")
    print_bullets("History", [f"{c.on}: version {c.version}, {c.status}"
                              + (f" — {c.note}" if c.note else "") for c in m.history])
    print_bullets("Serves", [f"{s.year}: {s.priority}" for s in m.serves])
    print_bullets("Related packages", [f"{r}: {repository.packages[r].title}"
                                       for r in m.related if r in repository.packages])
    print_bullets("Series breaks", m.series_breaks)
    print_field("Notes", m.notes)
    out.print(f"[dim]{repository.path_of(RecordKind.MEASURE, m.id).relative_to(repository.root)}"
              "[/]")
