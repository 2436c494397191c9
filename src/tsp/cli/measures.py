"""tsp measures, tsp compare: the SEND data challenge's measures, and where each authority
stands on one."""

# No `from __future__ import annotations`: Typer reads these annotations on every run.

from dataclasses import dataclass
from typing import Annotated, Any, Literal

import typer
from rich import box
from rich.cells import cell_len
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from tsp.cli.common import AsOfOption, OutputOption, RepoOption, open_register, out, print_block
from tsp.cli.reporters import Format, as_json, as_markdown, as_sheets, as_table, as_text, emit
from tsp.cli.reporters import Table as Rows
from tsp.cli.reporters import format_option
from tsp.markdown import table as markdown_table
from tsp.markdown import text_cell
from tsp.measures.compare import (Comparison, Shown, Standing, band_name, format_change,
                                  format_value, latest_period)
from tsp.measures.compare import compare as run_compare
from tsp.models.measure import Measure
from tsp.register import Register
from tsp.xlsx import Column, Sheet


@dataclass(eq=False, repr=False)
class MeasureListing:
    """`tsp measures`: every measure of the data challenge, by id."""

    register: Register
    measures: list[Measure]

    def latest_period(self, measure: Measure) -> str | None:
        return latest_period(self.register, measure.id)

    def figures(self, measure: Measure) -> int:
        table = self.register.figures.get(measure.id)
        return len(table.rows) if table else 0


@dataclass(eq=False, repr=False)
class MeasureComparison:
    """`tsp compare MEASURE`: where each authority stands on a measure in a period."""

    comparison: Comparison


# What `tsp measures` and `tsp compare` can write.
TableFormat = Literal[Format.TABLE, Format.JSON, Format.CSV, Format.MARKDOWN, Format.XLSX]
FormatOption = Annotated[TableFormat, format_option(TableFormat)]


def measures(
    output_format: FormatOption = Format.TABLE,
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
         output_format, output, offered=TableFormat)


TITLE_ROOM = 30  # the least width of the measures table's title column


@as_text.register
def _(result: MeasureListing) -> None:
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
    shown = as_table(result)
    return markdown_table(shown.columns, shown.rows)


@as_sheets.register
def _(result: MeasureListing) -> list[Sheet]:
    columns = [Column("ID"), Column("Title"), Column("Status"), Column("Version", "number"),
               Column("Unit"), Column("Latest period"), Column("Figures", "number")]
    rows: list[list[str | int | float | None]] = [
        [m.id, m.title, str(m.status), m.version, str(m.unit), result.latest_period(m),
         result.figures(m)] for m in result.measures]
    return [Sheet("Measures", columns, list(rows))]


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
    output_format: FormatOption = Format.TABLE,
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
    repository = open_register(repo, measure=measure, as_of=as_of)  # what a question about it needs
    comparison = run_compare(repository, measure, period=period, la=la, breakdown=breakdown)
    emit(MeasureComparison(comparison), output_format, output, offered=TableFormat)


@as_markdown.register
def _(result: MeasureComparison) -> str:
    comparison = result.comparison
    ranking = comparison_table(comparison, ascii_only=False)
    text = (f"**{text_cell(comparison.measure.title)}**, {comparison.period}"
            f"{' (provisional: the rule is proposed)' if comparison.provisional else ''}\n\n")
    text += markdown_table(ranking.columns, ranking.rows)
    if comparison.neighbours is not None:
        neighbours = neighbour_table(comparison)
        text += "\n" + markdown_table(neighbours.columns, neighbours.rows)
    return text


@as_text.register
def _(result: MeasureComparison) -> None:
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
def _(result: MeasureComparison) -> list[Sheet]:
    """The ranking, and with --la the neighbours: figures as numbers, a symbol as its text."""
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


# --- JSON and CSV ----------------------------------------------------------------------------


@as_json.register
def _(result: MeasureListing) -> Any:
    return [{"id": m.id, "title": m.title, "status": str(m.status), "version": m.version,
             "unit": str(m.unit), "latest_period": result.latest_period(m),
             "figures": result.figures(m)} for m in result.measures]


def _number(value: Any) -> Any:
    return None if value is None else float(value) if value % 1 else int(value)


def standing_json(comparison: Comparison, standing: Standing) -> dict[str, Any]:
    """One place on a measure as JSON (docs/json.md, "Comparisons")."""
    shown = standing.shown
    return {
        "id": standing.place.id, "name": standing.place.name, "kind": str(standing.place.kind),
        "value": _number(shown.value), "symbol": shown.symbol or None,
        "numerator": _number(shown.numerator), "denominator": _number(shown.denominator),
        "change": _number(standing.change), "rank": standing.rank,
        "band": standing.band, "band_name": band_name(comparison.measure, standing.band)
        or None,
        "trend": [{"period": p, "value": _number(t.value), "symbol": t.symbol or None}
                  for p, t in zip(comparison.periods, standing.trend)],
    }


@as_json.register
def _(result: MeasureComparison) -> Any:
    comparison = result.comparison
    m = comparison.measure
    payload: dict[str, Any] = {
        "measure": m.id, "title": m.title, "unit": str(m.unit),
        "polarity": str(m.polarity), "status": str(m.status), "version": m.version,
        "provisional": comparison.provisional, "period": comparison.period,
        "previous_period": comparison.previous_period,
        "median": None if comparison.median is None else float(comparison.median),
        "authorities": [standing_json(comparison, s) for s in comparison.authorities],
        "comparators": [standing_json(comparison, s) for s in comparison.comparators],
    }
    if comparison.neighbours is not None:
        group = comparison.neighbours
        payload["neighbours"] = {
            "of": group.focus.id, "place": group.place_among, "ranked": group.ranked,
            "rows": [dict(standing_json(comparison, s),
                          closeness=group.closeness.get(s.place.id) or None)
                     for s in group.rows],
        }
    return payload


MEASURE_COLUMNS = ["id", "title", "status", "version", "unit", "latest period", "figures"]


@as_table.register
def _(result: MeasureListing) -> Rows:
    return Rows(MEASURE_COLUMNS, [
        [m.id, m.title, str(m.status), str(m.version), str(m.unit),
         result.latest_period(m) or "", str(result.figures(m))] for m in result.measures],
        numeric=frozenset({"version", "figures"}))


def comparison_table(comparison: Comparison, *, ascii_only: bool = True) -> Rows:
    """The ranking: authorities, then the region and England. `ascii_only` writes a
    change as a plain number (-10.0), for CSV; otherwise signed as people read it (−10.0)."""
    measure = comparison.measure
    previous = comparison.previous_period
    columns = ["rank", "authority", comparison.period,
               f"change since {previous}" if previous else "change", "band", "trend"]
    rows = [[str(s.rank) if s.rank else "", s.place.name, format_value(measure, s.shown),
             format_change(measure, s.change, ascii_only=ascii_only),
             band_name(measure, s.band), s.spark]
            for s in comparison.authorities + comparison.comparators]
    return Rows(columns, rows, numeric=frozenset(columns[:1] + columns[2:4]))


def neighbour_table(comparison: Comparison) -> Rows:
    """With --la: the authority and its DfE statistical neighbours, ranked among themselves."""
    group = comparison.neighbours
    assert group is not None
    columns = ["rank", "authority", "closeness", comparison.period, "change", "trend"]
    rows = [[str(s.rank) if s.rank else "", s.place.name,
             group.closeness.get(s.place.id, "(itself)" if s.place.id == group.focus.id
                                 else ""),
             format_value(comparison.measure, s.shown),
             format_change(comparison.measure, s.change), s.spark] for s in group.rows]
    return Rows(columns, rows, numeric=frozenset(["rank", comparison.period, "change"]))


@as_table.register
def _(result: MeasureComparison) -> Rows:
    return comparison_table(result.comparison)
