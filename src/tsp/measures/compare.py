"""Where each authority stands on a measure: ranked by polarity, in quartile bands, beside
the register's region and England, with the change since the previous period and a trend.

Pure questions over a loaded register; the CLI and the report print the results. Symbols
are shown, never ranked; figures the disclosure rule withholds are shown as its symbol.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from tsp.authorities import resolve
from tsp.errors import NotFound, UsageError
from tsp.models.figures import CONFIDENTIAL, SYMBOLS, Figure
from tsp.models.measure import UNIT_LABELS, Measure, Polarity, RuleStatus
from tsp.places import NEIGHBOURS, Place, PlaceKind, Places, load_places, \
    read_reference_csv
from tsp.problems import suggest
from tsp.register import Register

SPARKS = "▁▂▃▄▅▆▇█"
BAND_NAMES: dict[Polarity, tuple[str, ...]] = {
    Polarity.HIGHER_IS_BETTER: ("best quarter", "second quarter", "third quarter",
                                "bottom quarter"),
    Polarity.LOWER_IS_BETTER: ("best quarter", "second quarter", "third quarter",
                               "bottom quarter"),
    Polarity.NEITHER: ("highest quarter", "second quarter", "third quarter",
                       "lowest quarter"),
}


@dataclass(frozen=True)
class Shown:
    """A figure as a reader may see it: the disclosure rule applied."""

    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    symbol: str  # DfE's symbol, the disclosure symbol, or "" for a number
    small: bool = False  # out of fewer than the rule's minimum denominator: shown, never ranked

    @property
    def is_number(self) -> bool:
        return self.value is not None


NO_FIGURE = Shown(None, None, None, "")


def disclose(measure: Measure, figure: Figure | None) -> Shown:
    """What of a figure may be shown: counts below the rule's threshold, and any value counted
    from them, become its symbol; a confidential figure shows only its symbol."""
    if figure is None:
        return NO_FIGURE
    if figure.symbol == CONFIDENTIAL:
        return Shown(None, None, None, CONFIDENTIAL)
    threshold = measure.disclosure.suppress_below
    numerator, denominator, value = figure.numerator, figure.denominator, figure.value
    symbol = figure.symbol
    if threshold is not None:
        small = measure.disclosure.symbol
        if numerator is not None and numerator < threshold:
            numerator, symbol = None, small
            value = None
        if denominator is not None and denominator < threshold:
            denominator, value, symbol = None, None, small
        if measure.scale is None and value is not None and value < threshold:
            value, symbol = None, small  # a count is itself a small number
    minimum = measure.disclosure.minimum_denominator
    too_few = (minimum is not None and value is not None and denominator is not None
               and denominator < minimum)
    return Shown(value, numerator, denominator, symbol if value is None else "", too_few)


SMALL_MARK = "\u2021"  # ‡: no Markdown meaning, and not the † that marks a reading


def small_note(measure: Measure) -> str:
    """The small-number rule in words, as the key to its mark."""
    return (f"{SMALL_MARK} counted out of fewer than "
            f"{measure.disclosure.minimum_denominator:,}, too few to compare: shown with its "
            "numerator and denominator, and not ranked")


def _whole(number: Decimal) -> str:
    return f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,}"


def format_value(measure: Measure, shown: Shown, *, unit: bool = False) -> str:
    if shown.value is None:
        return shown.symbol or "—"
    text = f"{shown.value:,.{measure.decimal_places}f}"
    label = UNIT_LABELS[measure.unit]
    if unit and label:
        text = f"{text}%" if label == "%" else f"{text} {label}"
    if shown.small and shown.numerator is not None and shown.denominator is not None:
        text += f" ({_whole(shown.numerator)} of {_whole(shown.denominator)}){SMALL_MARK}"
    return text


def format_change(measure: Measure, change: Decimal | None, *, ascii_only: bool = False
                  ) -> str:
    if change is None:
        return ""
    if ascii_only:  # for CSV: a plain number
        return f"{change:.{measure.decimal_places}f}"
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    return f"{sign}{abs(change):,.{measure.decimal_places}f}"


def sparkline(values: list[Decimal | None]) -> str:
    """A trend in block characters, one per period; a gap where there is no number."""
    numbers = [v for v in values if v is not None]
    if not numbers:
        return " " * len(values)
    low, high = min(numbers), max(numbers)
    span = high - low
    marks = []
    for value in values:
        if value is None:
            marks.append(" ")
        elif span == 0:
            marks.append(SPARKS[len(SPARKS) // 2])
        else:
            marks.append(SPARKS[int((value - low) / span * (len(SPARKS) - 1))])
    return "".join(marks)


@dataclass(frozen=True)
class Standing:
    place: Place
    shown: Shown
    previous: Shown
    change: Decimal | None
    rank: int | None
    band: int | None  # 1..4, 1 the best quarter by polarity (the highest for neither)
    trend: tuple[Shown, ...]
    spark: str
    is_focus: bool = False


@dataclass(frozen=True)
class NeighbourGroup:
    focus: Place
    rows: tuple[Standing, ...]  # the focus and its neighbours, ranked among themselves
    closeness: dict[str, str]
    place_among: int | None
    ranked: int


@dataclass
class Comparison:
    measure: Measure
    period: str
    previous_period: str | None
    periods: list[str]
    authorities: list[Standing]
    comparators: list[Standing]
    median: Decimal | None
    provisional: bool
    breakdown: str = ""
    neighbours: NeighbourGroup | None = None
    focus: str | None = None
    notes: list[str] = field(default_factory=list)
    median_over: int = 0  # how many authorities' figures the median is taken over


def periods_of(figures: list[Figure]) -> list[str]:
    return sorted({f.period for f in figures})


MIN_TO_BAND = 4  # fewer authorities with a figure than quarters: no band is honest


def quartile_band(rank: int, count: int) -> int | None:
    """The quarter of the ranked list a rank falls in, by the nearest-rank rule: rank r of
    n is in quarter ceil(4r / n), so the top quarter is ranks 1 to n/4 (with 19 authorities:
    1–4, 5–9, 10–14, 15–19). Tied figures share a rank, so they share a band. With fewer
    than four figures there is no quarter to be in: None."""
    if count < MIN_TO_BAND:
        return None
    return min(4, -(-4 * rank // count))


def _rank(standings: list[Standing], polarity: Polarity) -> list[Standing]:
    """Ranked by polarity (ties share a rank), then figures too small to rank, symbols and
    gaps in name order."""
    numbers = [s for s in standings if s.shown.value is not None and not s.shown.small]
    others = sorted((s for s in standings if s.shown.value is None or s.shown.small),
                    key=lambda s: s.place.name)
    descending = polarity is not Polarity.LOWER_IS_BETTER
    numbers.sort(key=lambda s: (-(s.shown.value or 0) if descending else (s.shown.value or 0),
                                s.place.name))
    ranked: list[Standing] = []
    count = len(numbers)
    previous_value: Decimal | None = None
    rank = 0
    for position, standing in enumerate(numbers, start=1):
        if standing.shown.value != previous_value:
            rank = position
            previous_value = standing.shown.value
        band = quartile_band(rank, count)
        ranked.append(Standing(standing.place, standing.shown, standing.previous,
                               standing.change, rank, band, standing.trend, standing.spark,
                               standing.is_focus))
    return ranked + others


def _standing(measure: Measure, place: Place, by_period: dict[str, Figure], period: str,
              previous: str | None, periods: list[str], focus: str | None) -> Standing:
    shown = disclose(measure, by_period.get(period))
    before = disclose(measure, by_period.get(previous)) if previous else NO_FIGURE
    change = (shown.value - before.value if shown.value is not None
              and before.value is not None and not shown.small and not before.small else None)
    upto = [p for p in periods if p <= period]
    trend = tuple(disclose(measure, by_period.get(p)) for p in upto)
    return Standing(place, shown, before, change, None, None, trend,
                    sparkline([t.value for t in trend]), place.id == focus)


def neighbours_of(repo: Register, places: Places, place: Place) -> list[tuple[str, str]]:
    """DfE's statistical neighbours of an authority, closest first: (place id, closeness)."""
    for row in read_reference_csv(repo.root, NEIGHBOURS):
        if row.get("old_la_code") == place.dfe_code:
            found = []
            for rank in range(1, 11):
                neighbour = places.by_dfe.get(row.get(f"SN_{rank}", ""))
                if neighbour is not None:
                    found.append((neighbour, row.get(f"SN_{rank}P", "").strip()))
            return found
    return []


def find_measure(repo: Register, measure_id: str) -> Measure:
    measure = repo.measures.get(measure_id)
    if measure is None:
        raise NotFound(f"No measure '{measure_id}' in data/measures/ (tsp measures lists "
                       "them).", suggest(measure_id, repo.measures))
    return measure


def compare(repo: Register, measure_id: str, *, period: str | None = None,
            la: str | None = None, breakdown: str = "") -> Comparison:
    """Every authority's figure on one rule in one period, ranked and banded, beside the
    region and England; with `la`, that authority among its statistical neighbours too."""
    measure = find_measure(repo, measure_id)
    table = repo.figures.get(measure.id)
    figures = [f for f in (table.rows if table else []) if f.breakdown == breakdown]
    periods = periods_of(figures)
    chosen = _chosen_period(measure, periods, period, breakdown)
    index = periods.index(chosen)
    previous = periods[index - 1] if index > 0 else None
    places = load_places(repo)
    focus = places.by_id[resolve(repo.authorities, la).id] if la is not None else None
    by_place: dict[str, dict[str, Figure]] = {}
    for figure in figures:
        by_place.setdefault(figure.authority, {})[figure.period] = figure
    focus_id = focus.id if focus else None

    def standing(place: Place) -> Standing:
        return _standing(measure, place, by_place.get(place.id, {}), chosen, previous,
                         periods, focus_id)

    authorities = _rank([standing(p) for p in places.authorities()], measure.polarity)
    comparators = [standing(p) for p in places.comparators]
    # The median is over the figures ranked: one too small to rank does not set the middle.
    values = [s.shown.value for s in authorities
              if s.shown.value is not None and not s.shown.small]
    median = Decimal(statistics.median(values)) if values else None
    comparison = Comparison(measure, chosen, previous, periods, authorities, comparators,
                            median, measure.status is RuleStatus.PROPOSED, breakdown,
                            focus=focus_id, median_over=len(values))
    if focus is not None:
        pairs = neighbours_of(repo, places, focus)
        group = _rank([standing(focus)] + [standing(places.by_id[p]) for p, _ in pairs],
                      measure.polarity)
        mine = next(s for s in group if s.place.id == focus.id)
        comparison.neighbours = NeighbourGroup(
            focus, tuple(group), dict(pairs), mine.rank,
            sum(1 for s in group if s.rank is not None))
    comparison.notes = _notes(measure, authorities + comparators, len(values))
    return comparison


def _chosen_period(measure: Measure, periods: list[str], period: str | None,
                   breakdown: str) -> str:
    """The period asked for, or the latest; UsageError where the rule has no figures."""
    if not periods:
        raise UsageError(f"{measure.id} has no figures yet"
                         f"{' for the breakdown ' + repr(breakdown) if breakdown else ''}: "
                         f"import them with tsp figures import FILE --measure {measure.id}.")
    chosen = period or periods[-1]
    if chosen not in periods:
        raise NotFound(f"{measure.id} has no figures for the period '{chosen}'; its periods "
                       f"are {', '.join(periods)}.", suggest(chosen, periods))
    return chosen


def _notes(measure: Measure, standings: list[Standing], ranked: int) -> list[str]:
    """What the symbols shown mean, the small-numbers rule where it applied, and why there
    are no quartile bands when too few authorities have a figure."""
    symbols = sorted({s.shown.symbol for s in standings if s.shown.symbol})
    notes = [f"{s}: {SYMBOLS.get(s, 'withheld under the disclosure rule')}" for s in symbols]
    if any(s.shown.small for s in standings):
        notes.append(small_note(measure))
    if 0 < ranked < MIN_TO_BAND:
        notes.append(
            f"No quartile bands: {ranked} authorit{'y has' if ranked == 1 else 'ies have'}"
            f" a figure, and banding needs at least {MIN_TO_BAND}.")
    return notes


def band_name(measure: Measure, band: int | None) -> str:
    return BAND_NAMES[measure.polarity][band - 1] if band else ""


def latest_period(repo: Register, measure_id: str) -> str | None:
    table = repo.figures.get(measure_id)
    periods = periods_of(table.rows) if table else []
    return periods[-1] if periods else None


__all__ = ["Comparison", "NeighbourGroup", "PlaceKind", "Shown", "Standing", "band_name",
           "compare", "disclose", "format_change", "format_value", "latest_period",
           "quartile_band", "sparkline"]
