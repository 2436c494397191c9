"""The data challenge report's view: definitions in plain words (tsp.measures.words), where
each authority stands, and the trends — computed here, worded in templates/data.md.j2; and
an authority's figures beside its packages, for its own report.

Readers never see field names, ids or file names: a measure is its title, a unit is words,
and every figure has passed the measure's disclosure rule (tsp.measures.compare.disclose).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from decimal import Decimal

from tsp.measures.compare import (
    SMALL_MARK,
    Comparison,
    Shown,
    Standing,
    band_name,
    compare,
    format_change,
    format_value,
    small_note,
)
from tsp.measures.words import definition, sentence, source_line, status_line
from tsp.models.figures import SYMBOLS
from tsp.models.measure import Measure, RuleStatus, Unit
from tsp.places import load_places
from tsp.register import Register


@dataclass(frozen=True)
class Cell:
    """One figure as a reader sees it, with the quarter it falls in (1 the best)."""

    text: str
    band: int | None
    band_name: str
    symbol: str
    small: bool = False  # under the small-number rule: shown, never ranked
    brief: str = ""  # the figure alone, for a picture's tight space (the text adds "2 of 7")


@dataclass(frozen=True)
class StandingRow:
    rank: str
    name: str
    value: str
    change: str
    band: str
    cell: Cell


@dataclass(frozen=True)
class TrendRow:
    period: str
    region: str  # "—" where the register names no region
    england: str
    median: str
    median_over: int = 0  # how many authorities' figures
    new_series: bool = False  # the first period after a series break: not comparable before


@dataclass(frozen=True)
class MeasureView:
    key: str  # for charts only; never shown
    title: str
    status: str
    provisional: bool
    definition: tuple[str, ...]
    source: str
    url: str | None
    disclosure: str
    series_breaks: tuple[str, ...]
    period: str
    previous_period: str | None
    unit_label: str
    authorities: tuple[StandingRow, ...]
    comparators: tuple[StandingRow, ...]
    median: str
    trend: tuple[TrendRow, ...]
    periods: tuple[str, ...]
    polarity: str
    median_over: int = 0  # how many authorities' figures the median is taken over
    notes: tuple[str, ...] = ()  # the key to its symbols and marks
    region_name: str = ""  # the register's region, beside England; "" where it names none


@dataclass(frozen=True)
class RugRow:
    name: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class DataView:
    measures: tuple[MeasureView, ...]
    agreed: tuple[MeasureView, ...]
    proposed: tuple[MeasureView, ...]
    rug_columns: tuple[str, ...]
    rug: tuple[RugRow, ...]
    rug_comparators: tuple[RugRow, ...]
    symbols: tuple[str, ...]
    programme_words: tuple[str, ...]
    authorities: int


UNIT_LABELS: dict[Unit, str] = {
    Unit.PERCENTAGE: "%", Unit.RATE_PER_1000: "per 1,000", Unit.RATE_PER_10000: "per 10,000",
    Unit.RATE_PER_100000: "per 100,000", Unit.COUNT: "number", Unit.DAYS: "days",
    Unit.WEEKS: "weeks", Unit.RATIO: "ratio",
}


NOT_RANKED = "not ranked"
# What a dash in a measure's tables stands for (the template prints one for an empty cell).
DASH_NOTE = ("—: nothing to show (no figure, no earlier figure to compare with, or no "
             "quarter)",)


def _cell(measure: Measure, standing: Standing) -> Cell:
    shown = standing.shown
    brief = format_value(measure, Shown(shown.value, None, None, shown.symbol)) + (
        SMALL_MARK if shown.small else "")
    return Cell(format_value(measure, shown), standing.band,
                band_name(measure, standing.band), shown.symbol, shown.small, brief)


def _row(measure: Measure, standing: Standing) -> StandingRow:
    return StandingRow(str(standing.rank) if standing.rank else "", standing.place.name,
                       format_value(measure, standing.shown),
                       format_change(measure, standing.change),
                       NOT_RANKED if standing.shown.small else
                       band_name(measure, standing.band), _cell(measure, standing))


def disclosure_words(measure: Measure) -> str:
    """The rule for small numbers as reports state it: the measure's words, and its minimum
    denominator where it has one."""
    words = sentence(measure.disclosure.text)
    minimum = measure.disclosure.minimum_denominator
    if minimum is not None:
        words += (f" A figure counted out of fewer than {minimum:,} is too few to compare: it "
                  f"is shown with its numerator and denominator, marked {SMALL_MARK}, and is "
                  "not ranked or put in a quarter.")
    return words


_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")


def break_periods(measure: Measure, periods: list[str]) -> set[str]:
    """The periods that start a new series: for each series break whose words name a year
    ("In 2023 the SEN2 return moved…"), the first period of that year, unless it is the
    first period of all (there is nothing before it to break from)."""
    found = set()
    for words in measure.series_breaks:
        year = _YEAR.search(words)
        first = next((p for p in periods if year and p.startswith(year.group(1))), None)
        if first is not None and first != periods[0]:
            found.add(first)
    return found


def _trend(repo: Register, comparison: Comparison) -> tuple[TrendRow, ...]:
    measure = comparison.measure
    breaks = break_periods(measure, comparison.periods)
    rows = []
    for index, period in enumerate(comparison.periods):
        if period > comparison.period:
            break
        shown = [s.trend[index] if index < len(s.trend) else Shown(None, None, None, "")
                 for s in comparison.comparators]
        region, england = (shown[0] if len(shown) > 1 else None), shown[-1]
        values = [v for s in comparison.authorities
                  if index < len(s.trend) and (v := s.trend[index].value) is not None
                  and not s.trend[index].small]
        median = (format_value(measure, Shown(Decimal(statistics.median(values)), None, None,
                                              "")) if values else "—")
        rows.append(TrendRow(period, format_value(measure, region) if region else "—",
                             format_value(measure, england), median, len(values),
                             period in breaks))
    return tuple(rows)


def measure_view(repo: Register, measure: Measure, period: str | None) -> MeasureView | None:
    table = repo.figures.get(measure.id)
    if table is None or not table.rows:
        return None
    periods = {r.period for r in table.rows if not r.breakdown}
    chosen = period if period in periods else None
    comparison = compare(repo, measure.id, period=chosen)
    median = (format_value(measure, Shown(comparison.median, None, None, ""))
              if comparison.median is not None else "—")
    return MeasureView(
        measure.id, measure.title, status_line(measure),
        measure.status is RuleStatus.PROPOSED, definition(measure), source_line(measure),
        measure.source.url, disclosure_words(measure),
        tuple(sentence(b) for b in measure.series_breaks), comparison.period,
        comparison.previous_period, UNIT_LABELS[measure.unit],
        tuple(_row(measure, s) for s in comparison.authorities),
        tuple(_row(measure, s) for s in comparison.comparators), median,
        _trend(repo, comparison), tuple(p for p in comparison.periods
                                        if p <= comparison.period),
        str(measure.polarity), comparison.median_over,
        tuple(n.rstrip(".") for n in comparison.notes) + DASH_NOTE,
        _region_name(comparison))


def _region_name(comparison: Comparison) -> str:
    return comparison.comparators[0].place.name if len(comparison.comparators) > 1 else ""


def _programme_words(repo: Register) -> tuple[str, ...]:
    """The programme's own words about data, as its source wrote them, in its order."""
    found: list[str] = []
    for year in sorted(repo.years.values(), key=lambda y: y.id):
        texts = [area.text for area in year.main_areas]
        for group in year.priorities:
            texts += [item.text for item in group.items]
        found += [t for t in texts if re.search(r"\bdata\b", t, re.IGNORECASE)]
    return tuple(found)


def _rug(views: list[MeasureView], names: list[str]) -> list[RugRow]:
    """Each authority's cell on each measure ("—" where it has no figure), by name."""
    rug = []
    for name in names:
        cells = []
        for view in views:
            row = next((r for r in view.authorities if r.name == name), None)
            cells.append(row.cell if row else Cell("—", None, "", ""))
        rug.append(RugRow(name, tuple(cells)))
    return rug


def _key(repo: Register, views: list[MeasureView], rows: list[RugRow]) -> tuple[str, ...]:
    """The key to the rug: each symbol its cells show, the dash, and each rule for small
    numbers the figures shown fall under (one line per rule)."""
    cells = [c for r in rows for c in r.cells]
    symbols = sorted({c.symbol for c in cells if c.symbol})
    legend = [f"{s}: {SYMBOLS.get(s, 'withheld under the disclosure rule')}" for s in symbols]
    if any(c.text == "—" for c in cells):
        legend.append("—: the register holds no figure")
    for note in dict.fromkeys(small_note(repo.measures[v.key]) for v in views
                              if any(r.cell.small for r in v.authorities + v.comparators)):
        legend.append(note)
    return tuple(legend)


def data_view(repo: Register, period: str | None = None) -> DataView:
    """Every measure that is not retired, agreed ones first, at `period` where it has figures
    for it (else its latest)."""
    order = {RuleStatus.AGREED: 0, RuleStatus.PROPOSED: 1}
    measures = sorted((m for m in repo.measures.values() if m.status is not RuleStatus.RETIRED),
                      key=lambda m: (order[m.status], m.title))
    views = [v for m in measures if (v := measure_view(repo, m, period)) is not None]
    names = sorted(a.name for a in repo.authorities.values())
    rug = _rug(views, names)
    comparators = [RugRow(place.name, tuple(v.comparators[index].cell for v in views))
                   for index, place in enumerate(load_places(repo).comparators)]
    return DataView(
        tuple(views), tuple(v for v in views if not v.provisional),
        tuple(v for v in views if v.provisional),
        tuple(f"{v.title} ({v.period})" for v in views), tuple(rug), tuple(comparators),
        _key(repo, views, rug + comparators), _programme_words(repo), len(names))


@dataclass(frozen=True)
class ContextRow:
    """One figure beside an authority's packages: context, never the effect of a package."""

    title: str
    period: str
    value: str
    median: str
    england: str
    provisional: bool
    packages: tuple[str, ...]
    note: str = ""  # the small-number rule in words, where the figure falls under it


def authority_context(repo: Register, authority_id: str,
                      every: bool = False) -> tuple[ContextRow, ...]:
    """The authority's figures on the measures linked (`related`) to packages it takes part
    in (with `every`, on every measure: for an authority with no package), beside the median
    of the region's authorities and England, at each one's latest period; the disclosure
    rule applies."""
    involved = {p.id: p.title for p in repo.packages.values()
                if authority_id in p.authority_ids()}
    rows = []
    for measure in sorted(repo.measures.values(), key=lambda m: m.title):
        linked = tuple(involved[p] for p in measure.related if p in involved)
        if not (linked or every) or measure.status is RuleStatus.RETIRED:
            continue
        table = repo.figures.get(measure.id)
        if table is None or not any(not r.breakdown for r in table.rows):
            continue
        comparison = compare(repo, measure.id)
        mine = next((s for s in comparison.authorities if s.place.id == authority_id), None)
        if mine is None:
            continue
        # Each figure in the row with its unit: "28.6%" beside "42.2%", not beside "42.2".
        median = (format_value(measure, Shown(comparison.median, None, None, ""), unit=True)
                  if comparison.median is not None else "—")
        if comparison.median is not None:
            median += f" (of {comparison.median_over})"
        rows.append(ContextRow(measure.title, comparison.period,
                               format_value(measure, mine.shown, unit=True), median,
                               format_value(measure, comparison.comparators[-1].shown,
                                            unit=True),
                               measure.status is RuleStatus.PROPOSED, linked,
                               small_note(measure) if mine.shown.small else ""))
    return tuple(rows)
