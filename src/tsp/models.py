"""The records of the register: authorities, packages and programme years.

The models are the one home of the schema: the JSON Schema for editors, the scaffolds of
`tsp new` and the field lists in the docs are all generated from them.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
YEAR_PATTERN = r"^\d{4}-\d{2}$"
PARTIAL_DATE_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"

# The JSON Schema (tsp schema) must accept what the models accept as other tools read the YAML:
# check-jsonschema and editors see 2026-01-15 as a string, but 2026 and 870 as integers.
_PARTIAL_DATE_JSON: dict[str, Any] = {
    "anyOf": [
        {"type": "string",
         "pattern": r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$"},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ],
    "description": "A date as precise as it is known: YYYY, YYYY-MM or YYYY-MM-DD",
}
_YEAR_JSON: dict[str, Any] = {
    "type": "string", "pattern": YEAR_PATTERN, "description": "A programme year, e.g. 2025-26",
}
_DFE_CODE_JSON: dict[str, Any] = {
    "anyOf": [{"type": "string", "pattern": r"^\d{3}$"},
              {"type": "integer", "minimum": 100, "maximum": 999}],
    "description": "DfE three-digit LA number, e.g. 870",
}


def _date_to_text(value: Any) -> Any:
    # YAML reads 2026-01-15 as a date and 2026 as an int; both are fine partial dates.
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _check_partial_date(value: str) -> str:
    parts = [int(p) for p in value.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        raise ValueError(f"month {parts[1]:02d} is not a month; write YYYY, YYYY-MM or YYYY-MM-DD")
    if len(parts) == 3:
        dt.date(*parts)  # raises ValueError("day is out of range for month")
    return value


def _check_year_id(value: str) -> str:
    start, end = value.split("-")
    if (int(start) + 1) % 100 != int(end):
        raise ValueError(f"'{value}' is not a programme year: write it as e.g. 2025-26")
    return value


Slug = Annotated[
    str,
    Field(pattern=SLUG_PATTERN, description="Lowercase words joined by hyphens, e.g. reading"),
]
AuthorityRef = Annotated[
    str,
    Field(pattern=SLUG_PATTERN, description="The id of an authority in data/authorities/"),
]
PackageRef = Annotated[
    str,
    Field(pattern=SLUG_PATTERN, description="The id of a package in data/packages/"),
]
YearRef = Annotated[
    str,
    BeforeValidator(_date_to_text),
    Field(pattern=YEAR_PATTERN, description="A programme year, e.g. 2025-26"),
    AfterValidator(_check_year_id),
    WithJsonSchema(_YEAR_JSON),
]
PartialDate = Annotated[
    str,
    BeforeValidator(_date_to_text),
    Field(
        pattern=PARTIAL_DATE_PATTERN,
        description="A date as precise as it is known: YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    AfterValidator(_check_partial_date),
    WithJsonSchema(_PARTIAL_DATE_JSON),
]
Text = Annotated[str, Field(min_length=1)]


class Record(BaseModel):
    """Common settings: unknown keys are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


# --- authorities ---------------------------------------------------------------------------


class AuthorityType(StrEnum):
    UNITARY = "unitary"
    COUNTY = "county"
    METROPOLITAN_DISTRICT = "metropolitan-district"
    LONDON_BOROUGH = "london-borough"


class FormerCode(Record):
    gss_code: Annotated[str, Field(pattern=r"^[EWSN]\d{8}$", description="A retired ONS GSS code")]
    ended_on: dt.date | None = Field(None, description="The last day the code was in use")


class Reorganisation(Record):
    """Local government reorganisation: when the authority ends and what succeeds it."""

    ends_on: dt.date = Field(description="The authority's last day")
    decided_on: dt.date | None = Field(None, description="When the reorganisation was decided")
    successors: list[Text] = Field(
        default_factory=list,
        description="The councils that succeed it: authority ids where they are registered, "
        "else their names",
    )
    note: str | None = Field(None, description="Anything the record should say about it")


class Authority(Record):
    """A local authority with children's services responsibility."""

    id: Slug = Field(description="Lowercase slug, equal to the file name, e.g. brighton-and-hove")
    name: Text = Field(description="Official name, e.g. Brighton and Hove")
    # Descriptions sit on the field, not inside Annotated: an optional field's inner description
    # reaches neither the JSON Schema property nor the validator's messages.
    gss_code: Annotated[str, Field(pattern=r"^[EWSN]\d{8}$")] | None = Field(
        None, description="ONS GSS code, e.g. E06000038"
    )
    dfe_la_code: Annotated[
        str,
        # Unquoted 085 reads as the number 85 in YAML; the code is three digits, so pad it.
        BeforeValidator(
            lambda v: f"{v:03d}" if isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 1000
            else v
        ),
        Field(pattern=r"^\d{3}$"),
        WithJsonSchema(_DFE_CODE_JSON),
    ] | None = Field(None, description="DfE three-digit LA number, e.g. 870")
    type: AuthorityType = Field(description="unitary or county (or another type of authority)")
    region: str | None = Field(None, description="ONS region, e.g. South East")
    register_code: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = Field(
        None, description="Three-letter register code, e.g. RDG"
    )
    aliases: list[Text] = Field(
        default_factory=list,
        description="Other names that mean this authority and no other, e.g. Bucks",
    )
    shared_abbreviations: list[Text] = Field(
        default_factory=list,
        description="Abbreviations also used for other authorities (e.g. SCC); they never "
        "resolve to one authority alone",
    )
    starts_on: dt.date | None = Field(None, description="First day, for a new council")
    predecessors: list[AuthorityRef] = Field(
        default_factory=list, description="Authorities this one succeeds"
    )
    former_codes: list[FormerCode] = Field(default_factory=list, description="Retired GSS codes")
    reorganisation: Reorganisation | None = Field(
        None, description="Set when the authority is to end through reorganisation"
    )
    notes: str | None = Field(None, description="Anything a reader should know about the record")

    def active_on(self, day: dt.date) -> bool:
        if self.starts_on is not None and day < self.starts_on:
            return False
        return self.reorganisation is None or day <= self.reorganisation.ends_on


# --- packages ------------------------------------------------------------------------------


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


class Package(Record):
    """One package of targeted support, or one engagement with an authority."""

    id: Slug = Field(description="Lowercase slug, equal to the file name")
    title: Text = Field(description="Short title, e.g. Annual Review process mapping")
    year: YearRef = Field(description="The programme year it belongs to, e.g. 2025-26")
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
    source: str | None = Field(None, description="Where the facts come from")
    notes: str | None = Field(
        None, description="What the source leaves unclear, and how the record reads it"
    )

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


# --- programme years -----------------------------------------------------------------------


class Source(Record):
    title: Text = Field(description="The document's title")
    date: PartialDate | None = Field(None, description="When it was written")
    authors: list[Text] = Field(default_factory=list, description="Who wrote it")
    status: str | None = Field(None, description="e.g. draft")


class Event(Record):
    when: PartialDate = Field(description="YYYY, YYYY-MM or YYYY-MM-DD")
    what: Text = Field(description="What happened")


class Titled(Record):
    title: Text = Field(description="Heading")
    text: str | None = Field(None, description="The paragraph under it")


class PriorityGroup(Record):
    title: Text = Field(description="The priority, e.g. Strengthening Assurance")
    items: list[Text] = Field(default_factory=list, description="What it involves")


class Quote(Record):
    id: Slug = Field(description="Short slug, unique within the year")
    text: Text = Field(description="The words, exactly as given")
    publish: bool = Field(
        False, description="True only where the speaker has cleared the quote for publication"
    )
    consent: str | None = Field(None, description="How publication was cleared")
    speaker: str | None = Field(None, description="Who said it, as far as the source says")
    authorities: list[AuthorityRef] = Field(
        default_factory=list, description="Authorities the quote names or is about"
    )
    packages: list[PackageRef] = Field(
        default_factory=list, description="Packages the quote is about"
    )
    note: str | None = Field(None, description="How the record reads an unclear source")


class ProgrammeYear(Record):
    """One programme year; longer narrative lives in the Markdown file beside it."""

    id: YearRef = Field(description="e.g. 2025-26, equal to the file name")
    label: Text = Field(description="e.g. Year 1")
    title: str | None = Field(None, description="Title of the year's report or proposal")
    source: Source | None = Field(None, description="The document these facts come from")
    timeline: list[Event] = Field(default_factory=list, description="Dated events")
    design_principles: list[Text] = Field(
        default_factory=list, description="What the programme was designed to do"
    )
    approach: list[Text] = Field(
        default_factory=list, description="What the approach enabled local partnerships to do"
    )
    sme_lending_authorities: list[AuthorityRef] = Field(
        default_factory=list, description="Authorities whose staff served as SMEs that year"
    )
    learning_themes: list[Titled] = Field(default_factory=list, description="Key learning")
    limitations: list[Text] = Field(default_factory=list, description="Limitations, reflections")
    quotes: list[Quote] = Field(default_factory=list, description="Participant quotes")
    national_context: list[Text] = Field(
        default_factory=list, description="National drivers and decisions"
    )
    main_areas: list[Text] = Field(
        default_factory=list, description="Main areas of potential support"
    )
    priorities: list[PriorityGroup] = Field(default_factory=list, description="Priority groups")
    success_measures: list[Text] = Field(
        default_factory=list, description="What success will look like"
    )
    funding_proposals: list[Text] = Field(
        default_factory=list, description="Proposed changes to funding"
    )
    notes: str | None = Field(None, description="Anything a reader should know about the record")


MODELS: dict[str, type[Record]] = {
    "authorities": Authority,
    "packages": Package,
    "years": ProgrammeYear,
}


def slugify(text: str) -> str:
    text = text.lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
