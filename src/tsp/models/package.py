"""A package: one piece of targeted support, or one engagement with an authority."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, field_validator, model_validator

from tsp.models.common import PackageRef, PartialDate, Record, Slug, Text, YearRef, AuthorityRef
from tsp.models.evidence import Evidence, SmeContribution
from tsp.models.funding import Funding


class Status(StrEnum):
    """The package lifecycle, in order, plus withdrawn."""

    INTEREST = "interest"
    SCOPING = "scoping"
    AGREED = "agreed"
    IN_DELIVERY = "in-delivery"
    DELIVERED = "delivered"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


LIFECYCLE: tuple[Status, ...] = (
    Status.INTEREST,
    Status.SCOPING,
    Status.AGREED,
    Status.IN_DELIVERY,
    Status.DELIVERED,
    Status.CLOSED,
)


class ReadField(StrEnum):
    """A field besides the status that can be the register's reading of its source."""

    TITLE = "title"
    RECIPIENTS = "recipients"
    AREAS = "areas"


# Statuses before any work has taken place: a reading at one of them cannot stand beside a
# participant's quote about the package.
BEFORE_WORK: tuple[Status, ...] = (Status.INTEREST, Status.SCOPING, Status.AGREED)


class StatusBasis(StrEnum):
    """Where a package's status comes from, when it is not a dated change."""

    STATED = "stated"  # the source states it in so many words
    READING = "reading"  # the register reads it from the source, by the year's stated rule


class Area(StrEnum):
    SEND = "send"
    CHILDRENS_SOCIAL_CARE = "childrens-social-care"


class Kind(StrEnum):
    """The kind of support a package gives."""

    DIAGNOSTIC = "diagnostic"
    PROCESS_MAPPING = "process-mapping"
    MAPPING = "mapping"
    WORKSHOP = "workshop"
    PEER_REVIEW = "peer-review"
    COACHING_MENTORING = "coaching-mentoring"
    CO_DELIVERY = "co-delivery"
    REVIEW = "review"
    COLLABORATION = "collaboration"
    SHARING_LEARNING = "sharing-learning"
    INTELLIGENCE_SHARING = "intelligence-sharing"


class Role(StrEnum):
    """How an authority takes part in a package."""

    RECIPIENT = "recipient"
    PARTNER = "partner"
    SME_LENDER = "sme-lender"


AREA_LABELS: dict[Area, str] = {
    Area.SEND: "SEND",
    Area.CHILDRENS_SOCIAL_CARE: "Children's social care",
}


class StatusChange(Record):
    status: Status = Field(description="The status the package moved to")
    on: dt.date = Field(description="When")
    note: str | None = Field(None, description="Why, or anything else worth keeping")


def _period_text(value: Any) -> Any:
    # baseline: 2023 unquoted reads as a number in YAML; a period is text.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class MeasureLink(Record):
    """A counting rule the package aims to move, and the period its figures are read from."""

    measure: Slug = Field(description="The counting rule's id in data/measures/, e.g. "
                          "ehcp-issued-within-20-weeks")
    baseline: Annotated[str, BeforeValidator(_period_text)] = Field(
        min_length=1, description="The period before the package, as the rule writes its "
        "periods, e.g. \"2023\" or \"2023-24\"")


def _year_or_years(schema: dict[str, Any]) -> None:
    # One of the two is required; the model fills the other.
    schema["required"] = [r for r in schema.get("required", []) if r != "year"]
    schema["properties"]["year"].pop("default", None)
    schema["oneOf"] = [{"required": ["year"]}, {"required": ["years"]}]


class Package(Record):
    """One package of targeted support, or one engagement with an authority."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False,
                              json_schema_extra=_year_or_years)

    id: Slug = Field(description="Lowercase slug, equal to the file name")
    title: Text = Field(description="Short title, e.g. Annual Review process mapping")
    # `year` or `years` is written in the file; the model holds both: `years` every year the
    # package runs in, `year` the first of them (code that knows one year keeps working).
    year: YearRef = Field("", description="The programme year it belongs to, e.g. 2025-26")
    years: list[YearRef] = Field(
        default_factory=list,
        description="Every programme year it runs in, oldest first, for a package that spans "
        "several, e.g. [2026-27, 2027-28]; a package has year or years, not both",
    )
    status: Status = Field(description="Where it is in its lifecycle")
    areas: list[Area] = Field(
        default_factory=list,
        description="send, childrens-social-care, or both; leave empty where the source "
        "does not say (and say so in notes)",
    )
    recipients: list[AuthorityRef] = Field(
        min_length=1, description="Authorities that receive the support"
    )
    partners: list[AuthorityRef] = Field(
        default_factory=list, description="Authorities that work on it with the recipients"
    )
    sme_lenders: list[AuthorityRef] = Field(
        default_factory=list,
        description="Authorities whose staff took part as subject matter experts",
    )
    kinds: list[Kind] = Field(default_factory=list, description="The kinds of support")
    themes: list[Slug] = Field(default_factory=list, description="Topics, e.g. annual-reviews")
    summary: str | None = Field(None, description="What the package is, in a paragraph")
    starts: PartialDate | None = Field(None, description="When it starts (YYYY[-MM[-DD]])")
    ends: PartialDate | None = Field(None, description="When it ends (YYYY[-MM[-DD]])")
    status_history: list[StatusChange] = Field(
        default_factory=list, description="Dated status changes, oldest first"
    )
    delivered_by: list[Text] = Field(
        default_factory=list,
        description="Who delivers it, where not an authority, e.g. regional subject matter experts",
    )
    outputs: list[Text] = Field(default_factory=list, description="What it produced")
    outcomes: list[Text] = Field(default_factory=list, description="What changed because of it")
    related: list[PackageRef] = Field(default_factory=list, description="Related packages")
    priorities: list[Slug] = Field(
        default_factory=list,
        description="Ids of the priority groups or items of its year's plan it serves",
    )
    success_measures: list[Slug] = Field(
        default_factory=list,
        description="Ids of the success measures of its year's plan it works towards",
    )
    measures: list[MeasureLink] = Field(
        default_factory=list,
        description="Counting rules it aims to move, each with its baseline period; reports "
        "show each recipient's figures since then, as context, never as the package's effect",
    )
    funding: list[Funding] = Field(
        default_factory=list, description="Money for it, one entry per year, payer and status"
    )
    evidence: list[Evidence] = Field(
        default_factory=list,
        description="Dated evidence of impact: outputs, outcomes, feedback, milestones "
        "(tsp log adds entries)",
    )
    sme_contributions: list[SmeContribution] = Field(
        default_factory=list,
        description="Staff lent by authorities in sme_lenders, where the numbers are known",
    )
    status_basis: StatusBasis | None = Field(
        None,
        description="stated (the source says so) or reading (the register reads it from the "
        "source; say how in notes); leave out when the status was recorded as it happened",
    )
    readings: list[ReadField] = Field(
        default_factory=list,
        description="Fields besides the status that are the register's reading of the source, "
        "not what it states: title (the register's words, where the source gives no title), "
        "recipients (the source names no authority), areas (the source names no area); "
        "say how in notes. Reports mark each",
    )
    source: str | None = Field(None, description="Where the facts come from")
    notes: str | None = Field(
        None, description="What the source leaves unclear, and how the record reads it"
    )

    @model_validator(mode="before")
    @classmethod
    def _one_year_field(cls, data: Any) -> Any:
        if isinstance(data, dict):
            if "year" in data and "years" in data:
                raise ValueError("give year (one programme year) or years (several), not both")
            if "year" not in data and "years" not in data:
                raise ValueError("a package needs its programme year: year: 2026-27, or "
                                 "years: [2026-27, 2027-28] for one that spans several")
        return data

    @field_validator("years")
    @classmethod
    def _years_in_order(cls, years: list[str]) -> list[str]:
        if not years:
            raise ValueError("list at least one programme year, e.g. [2026-27, 2027-28]")
        for before, after in zip(years, years[1:]):
            if after <= before:
                raise ValueError(f"{after} is listed after {before}: list each year once, oldest first")
        return years

    @model_validator(mode="after")
    def _fill_years(self) -> Package:
        # The model is frozen; this runs while it is being built, before anyone holds it.
        if not self.years:
            object.__setattr__(self, "years", [self.year])
        else:
            object.__setattr__(self, "year", self.years[0])
        return self

    @property
    def span(self) -> str:
        """Its years as written for people: '2026-27' or '2026-27, 2027-28'."""
        return ", ".join(self.years)

    def runs_in(self, year_id: str) -> bool:
        return year_id in self.years

    def funding_for(self, year_id: str | None = None) -> list[Funding]:
        return [f for f in self.funding if year_id is None or f.year == year_id]

    def roles_of(self, authority_id: str) -> list[Role]:
        roles = []
        if authority_id in self.recipients:
            roles.append(Role.RECIPIENT)
        if authority_id in self.partners:
            roles.append(Role.PARTNER)
        if authority_id in self.sme_lenders:
            roles.append(Role.SME_LENDER)
        return roles

    def authority_ids(self) -> list[str]:
        return list(dict.fromkeys([*self.recipients, *self.partners, *self.sme_lenders]))
