"""A counting rule: what is counted out of what, how it is shown, where it comes from."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from tsp.models.common import PackageRef, Record, Slug, Text, YearRef


class Unit(StrEnum):
    PERCENTAGE = "percentage"
    RATE_PER_1000 = "rate-per-1000"
    RATE_PER_10000 = "rate-per-10000"
    RATE_PER_100000 = "rate-per-100000"
    COUNT = "count"
    DAYS = "days"
    WEEKS = "weeks"
    RATIO = "ratio"


# value = numerator / denominator * scale, for the units that are a ratio of two counts.
SCALE: dict[Unit, int] = {
    Unit.PERCENTAGE: 100,
    Unit.RATE_PER_1000: 1000,
    Unit.RATE_PER_10000: 10000,
    Unit.RATE_PER_100000: 100000,
    Unit.RATIO: 1,
}
UNIT_LABELS: dict[Unit, str] = {
    Unit.PERCENTAGE: "%",
    Unit.RATE_PER_1000: "per 1,000",
    Unit.RATE_PER_10000: "per 10,000",
    Unit.RATE_PER_100000: "per 100,000",
    Unit.COUNT: "",
    Unit.DAYS: "days",
    Unit.WEEKS: "weeks",
    Unit.RATIO: "",
}


class Polarity(StrEnum):
    HIGHER_IS_BETTER = "higher-is-better"
    LOWER_IS_BETTER = "lower-is-better"
    NEITHER = "neither"


class PeriodType(StrEnum):
    CALENDAR_YEAR = "calendar-year"
    ACADEMIC_YEAR = "academic-year"
    FINANCIAL_YEAR = "financial-year"
    SNAPSHOT = "snapshot"


PERIOD_PATTERNS: dict[PeriodType, str] = {
    PeriodType.CALENDAR_YEAR: r"^\d{4}$",
    PeriodType.SNAPSHOT: r"^\d{4}$",
    PeriodType.ACADEMIC_YEAR: r"^\d{4}-\d{2}$",
    PeriodType.FINANCIAL_YEAR: r"^\d{4}-\d{2}$",
}
PERIOD_EXAMPLES: dict[PeriodType, str] = {
    PeriodType.CALENDAR_YEAR: "2024",
    PeriodType.SNAPSHOT: "2025 (the year of the snapshot date)",
    PeriodType.ACADEMIC_YEAR: "2024-25",
    PeriodType.FINANCIAL_YEAR: "2024-25",
}


def period_fits(period: str, period_type: PeriodType) -> bool:
    """Whether a period is written as the measure's period type writes it."""
    if not re.match(PERIOD_PATTERNS[period_type], period):
        return False
    if "-" in period:
        start, end = period.split("-")
        return (int(start) + 1) % 100 == int(end)
    return True


class RuleStatus(StrEnum):
    PROPOSED = "proposed"
    AGREED = "agreed"
    RETIRED = "retired"


class SourceKind(StrEnum):
    PUBLICATION = "publication"
    LA_RETURN = "la-return"


class MeasureSource(Record):
    """Where the figures come from: a publication, or a return the authorities make."""

    kind: SourceKind = Field(description="publication (a published statistics release) or "
                             "la-return (figures the authorities supply)")
    publisher: Text | None = Field(None, description="Who publishes it, e.g. Department for "
                                   "Education")
    title: Text = Field(description="The publication or return, e.g. Education, health and "
                        "care plans")
    release: str | None = Field(None, description="Which release, e.g. 2025")
    url: Annotated[str, Field(pattern=r"^https://")] | None = Field(
        None, description="Its address (https://)"
    )
    file: str | None = Field(None, description="The data file the figures are read from")
    licence: str | None = Field(None, description="e.g. Open Government Licence v3.0")


class DisclosureRule(Record):
    """What may be shown of small numbers, in every report."""

    suppress_below: Annotated[int, Field(ge=1)] | None = Field(
        None, description="Counts below this are shown as the symbol, and so is any value "
        "counted from them; leave out when the source publishes figures unsuppressed"
    )
    symbol: Text = Field("c", description="What a suppressed figure shows, e.g. c")
    minimum_denominator: Annotated[int, Field(ge=1)] | None = Field(
        None, description="A figure counted out of fewer than this is too small to compare: "
        "reports show it with its numerator and denominator, marked, and never rank it or "
        "put it in a quarter (2 plans of 7 is 28.6%, and one plan moves it 14 points)"
    )
    text: Text = Field(description="The rule in plain words, e.g. DfE published these "
                       "figures without suppression")


class DfeImport(Record):
    """How `tsp figures import` reads an Explore Education Statistics tidy CSV: by column
    name, keeping only the rows whose filter columns hold the given values."""

    time_identifier: Text | None = Field(
        None, description="The time_identifier of the rows to read, e.g. Calendar year")
    filters: dict[str, str] = Field(
        default_factory=dict,
        description="Column: value pairs a row must match, e.g. breakdown_topic: All EHC "
        "plans issued")
    breakdown: str | None = Field(
        None, description="A column whose values become the figures' breakdown, if any")
    numerator: str | None = Field(None, description="The column holding the numerator")
    denominator: str | None = Field(None, description="The column holding the denominator")
    value: Text = Field(description="The column holding the published value")
    data_set_id: Annotated[str, Field(pattern=r"^[0-9A-Za-z-]{8,64}$")] | None = Field(
        None, description="The data set's id on DfE's Explore Education Statistics API "
        "(tsp figures fetch reads it), e.g. 019d431f-519e-7527-999a-8019a8016012")
    data_set_version: Annotated[str, Field(pattern=r"^\d+(\.\d+){0,2}$")] | None = Field(
        None, description="The data set version the rule reads, e.g. 2.0; tsp figures fetch "
        "says when DfE has published a newer one")
    csv_url: Annotated[str, Field(pattern=r"^https://")] | None = Field(
        None, description="Where DfE publishes the data set's CSV, for a data set not on "
        "the API")


class RuleChange(Record):
    version: Annotated[int, Field(ge=1)] = Field(description="The rule's version")
    status: RuleStatus = Field(description="The status it moved to")
    on: dt.date = Field(description="When")
    note: str | None = Field(None, description="What changed, or who agreed it and where")


class PriorityRef(Record):
    year: YearRef = Field(description="The programme year, e.g. 2026-27")
    priority: Slug = Field(description="A main area, priority group or item of that year, as "
                           "a slug of its words, e.g. strengthening-assurance")


class Measure(Record):
    """A counting rule of the SEND data challenge, proposed and agreed by pull request."""

    id: Slug = Field(description="Lowercase slug, equal to the file name")
    title: Text = Field(description="Short title, e.g. EHC plans issued within 20 weeks")
    area: Annotated[str, Field(pattern=r"^(send|childrens-social-care)$")] | None = Field(
        None, description="send or childrens-social-care")
    numerator: Text = Field(description="What is counted, in plain words")
    denominator: str | None = Field(None, description="Out of what, in plain words; leave "
                                    "out for a count")
    includes: list[Text] = Field(default_factory=list, description="What is counted in")
    excludes: list[Text] = Field(default_factory=list, description="What is left out")
    unit: Unit = Field(description="percentage, rate-per-10000, count, days …")
    polarity: Polarity = Field(description="higher-is-better, lower-is-better or neither")
    period_type: PeriodType = Field(description="calendar-year, academic-year, "
                                    "financial-year or snapshot")
    snapshot: str | None = Field(None, description="For a snapshot: the day it is taken, "
                                 "e.g. 31 March")
    decimal_places: Annotated[int, Field(ge=0, le=6)] = Field(
        description="How many decimal places a value has")
    source: MeasureSource = Field(description="Where the figures come from")
    disclosure: DisclosureRule = Field(description="What may be shown of small numbers")
    status: RuleStatus = Field(description="proposed, agreed or retired")
    version: Annotated[int, Field(ge=1)] = Field(description="The rule's current version")
    history: list[RuleChange] = Field(min_length=1, description="Dated changes of status "
                                      "and version, oldest first")
    serves: list[PriorityRef] = Field(default_factory=list, description="The programme "
                                      "priorities it serves")
    related: list[PackageRef] = Field(default_factory=list, description="Related packages")
    dfe_import: DfeImport | None = Field(None, description="How tsp figures import reads "
                                         "DfE's tidy CSV for it")
    series_breaks: list[Text] = Field(
        default_factory=list, description="Where the series is not comparable, in plain "
        "words, e.g. 2023: SEN2 moved to child-level returns")
    notes: str | None = Field(None, description="What the source leaves unclear, and how "
                              "the record reads it")

    @model_validator(mode="after")
    def _history_ends_at_status(self) -> Measure:
        last = self.history[-1]
        if last.status != self.status or last.version != self.version:
            raise ValueError(
                f"the last history entry (version {last.version}, {last.status}) must match "
                f"the rule's status and version ({self.version}, {self.status}); add a "
                "history entry for the change")
        return self

    @property
    def scale(self) -> int | None:
        return SCALE.get(self.unit)

    def expected_value(self, numerator: Decimal, denominator: Decimal) -> Decimal | None:
        """numerator ÷ denominator in the measure's unit, unrounded (None for a zero
        denominator or a unit that is no ratio)."""
        scale = self.scale
        if scale is None or denominator == 0:
            return None
        return numerator * scale / denominator

    def versions(self) -> set[int]:
        return {change.version for change in self.history}
