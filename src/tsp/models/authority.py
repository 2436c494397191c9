"""An authority: a local authority with children's services responsibility."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BeforeValidator, Field, WithJsonSchema

from tsp.models.common import _DFE_CODE_JSON, AuthorityRef, PartialDate, Record, Slug, Text


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
    source: str | None = Field(
        None, description="Where the facts come from, in words a reader can follow (reports "
        "show it beside the reorganisation)"
    )


class ProposedReorganisation(Record):
    """A reorganisation proposed but not yet decided: it has no end date and no successors
    until it is decided (then it becomes the authority's `reorganisation`)."""

    proposal: Text = Field(
        description="The area of the proposal as its source names it, e.g. Hampshire & Solent"
    )
    consulted: Text | None = Field(
        None, description="When the proposal was consulted on, as its source writes it, "
        "e.g. 2025-26"
    )
    expected_from: PartialDate | None = Field(
        None, description="When new councils are expected, as precise as the source says: "
        "YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2028-04"
    )
    note: str | None = Field(
        None, description="Anything readers should know about the proposal (reports show it)"
    )
    source: str | None = Field(
        None, description="Where the facts come from, in words a reader can follow (reports "
        "show it beside the proposal)"
    )


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
    region: str | None = Field(None, description="ONS region, e.g. London")
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
    proposed_reorganisation: ProposedReorganisation | None = Field(
        None, description="A reorganisation proposed but not yet decided: the area of the "
        "proposal, when it was consulted on, when new councils are expected; leave it out once "
        "one is decided (set reorganisation instead)"
    )
    notes: str | None = Field(None, description="Anything a reader should know about the record")

    def active_on(self, day: dt.date) -> bool:
        if self.starts_on is not None and day < self.starts_on:
            return False
        return self.reorganisation is None or day <= self.reorganisation.ends_on
