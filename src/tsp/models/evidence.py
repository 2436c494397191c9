"""Evidence of impact on a package, and the staff other authorities lent to it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from tsp.models.common import AuthorityRef, Record, Slug, Text


class EvidenceKind(StrEnum):
    """What an evidence entry records."""

    OUTPUT = "output"
    OUTCOME = "outcome"
    FEEDBACK = "feedback"
    MILESTONE = "milestone"


class Evidence(Record):
    """One dated entry of a package's evidence log."""

    on: dt.date = Field(description="When it happened or was reported, YYYY-MM-DD")
    kind: EvidenceKind = Field(description="output, outcome, feedback or milestone")
    text: Text = Field(description="What was produced, changed, said or reached")
    measures: list[Slug] = Field(
        default_factory=list,
        description="Ids of the success measures of the package's year it is evidence for",
    )
    authorities: list[AuthorityRef] = Field(
        default_factory=list, description="Authorities it concerns"
    )
    source: str | None = Field(None, description="Where it comes from, e.g. a feedback form")
    publish: bool = Field(
        False,
        description="Feedback only: true where the person has agreed to its publication; "
        "other kinds are facts and appear in reports",
    )
    consent: str | None = Field(None, description="Feedback only: how publication was agreed")

    @property
    def published(self) -> bool:
        """Whether a report may show it: feedback only when cleared, every other kind always."""
        return self.publish if self.kind is EvidenceKind.FEEDBACK else True


class SmeContribution(Record):
    """Staff an authority lent to a package as subject matter experts, as far as known."""

    authority: AuthorityRef = Field(description="The authority that lent staff")
    people: int | None = Field(None, ge=1, description="How many people, where known")
    days: Decimal | None = Field(None, ge=0, description="How many days in all, where known")
    note: str | None = Field(None, description="Anything worth keeping about it")
