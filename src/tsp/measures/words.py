"""A measure's counting rule in plain words: its definition, its source and its status, as the
data challenge report, `tsp measures show` and the return workbook all state them.

Readers never see field names or ids: a unit is words, a polarity a sentence.
"""

from __future__ import annotations

from tsp.dates import MONTHS
from tsp.models.measure import Measure, PeriodType, Polarity, RuleStatus, SourceKind, Unit

UNIT_WORDS: dict[Unit, str] = {
    Unit.PERCENTAGE: "a percentage",
    Unit.RATE_PER_1000: "a rate per 1,000",
    Unit.RATE_PER_10000: "a rate per 10,000",
    Unit.RATE_PER_100000: "a rate per 100,000",
    Unit.COUNT: "a count",
    Unit.DAYS: "a number of days",
    Unit.WEEKS: "a number of weeks",
    Unit.RATIO: "a ratio",
}
POLARITY_WORDS: dict[Polarity, str] = {
    Polarity.HIGHER_IS_BETTER: "A higher figure is better.",
    Polarity.LOWER_IS_BETTER: "A lower figure is better.",
    Polarity.NEITHER: "Neither a higher nor a lower figure is better in itself; the "
                      "quarters show where an authority sits, not how well it does.",
}
PERIOD_WORDS: dict[PeriodType, str] = {
    PeriodType.CALENDAR_YEAR: "Each figure covers one calendar year (January to December).",
    PeriodType.ACADEMIC_YEAR: "Each figure covers one academic year (September to August).",
    PeriodType.FINANCIAL_YEAR: "Each figure covers one financial year (April to March).",
    PeriodType.SNAPSHOT: "Each figure is taken on one day each year.",
}


def sentence(text: str) -> str:
    """`text` as a sentence: a capital first, a full stop last."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def definition(measure: Measure) -> tuple[str, ...]:
    """The counting rule in plain words, one sentence each."""
    counted = _lower_first(measure.numerator.strip().rstrip("."))
    what = (f"Counts {counted}, out of {_lower_first(measure.denominator.strip().rstrip('.'))}."
            if measure.denominator else f"Counts {counted}.")
    out = [what]
    if measure.includes:
        out.append("Includes: " + "; ".join(_lower_first(i.strip().rstrip("."))
                                            for i in measure.includes)
                   + ".")
    if measure.excludes:
        out.append("Leaves out: " + "; ".join(_lower_first(e.strip().rstrip("."))
                                              for e in measure.excludes)
                   + ".")
    places = measure.decimal_places
    out.append(f"Shown as {UNIT_WORDS[measure.unit]}, to {places} decimal place"
               f"{'s' * (places != 1)}." if places else
               f"Shown as {UNIT_WORDS[measure.unit]}, in whole numbers.")
    out.append(POLARITY_WORDS[measure.polarity])
    if measure.period_type is PeriodType.SNAPSHOT and measure.snapshot:
        out.append(f"Each figure is taken on one day each year: {measure.snapshot}.")
    else:
        out.append(PERIOD_WORDS[measure.period_type])
    return tuple(out)


def source_line(measure: Measure) -> str:
    source = measure.source
    if source.kind is SourceKind.LA_RETURN:
        return f"The authorities' own returns: {source.title}."
    parts = [p for p in (source.publisher, source.title) if p]
    line = ", ".join(parts)
    if source.release:
        line += f" ({source.release} release)"
    if source.licence:
        line += f", {source.licence}"
    return line + "."


def status_line(measure: Measure) -> str:
    last = measure.history[-1]
    day = f"{last.on.day} {MONTHS[last.on.month - 1]} {last.on.year}"
    if measure.status is RuleStatus.AGREED:
        return f"Agreed (version {measure.version}, {day})."
    if measure.status is RuleStatus.RETIRED:
        return f"Retired (version {measure.version}, {day})."
    return (f"Proposed (version {measure.version}, {day}); not yet agreed by the region, so "
            "its figures are provisional.")
