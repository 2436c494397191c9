"""A package: one piece of targeted support, or one engagement with an authority."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from tsp.models.common import PackageRef, PartialDate, Record, Slug, Text, YearRef, AuthorityRef


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
    status_basis: StatusBasis | None = Field(
        None,
        description="stated (the source says so) or reading (the register reads it from the "
        "source; say how in notes); leave out when the status was recorded as it happened",
    )
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
