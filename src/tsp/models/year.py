"""A programme year: its source, themes, quotes, priorities and success measures."""

from __future__ import annotations

from pydantic import Field

from tsp.models.common import AuthorityRef, PackageRef, PartialDate, Record, Slug, Text, YearRef


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
    status_rule: str | None = Field(
        None,
        description="How the register reads a package's status from the source where the "
        "source does not state it: one rule for every package of the year, shown to readers "
        "beside the statuses it produced",
    )
    notes: str | None = Field(None, description="Anything a reader should know about the record")
