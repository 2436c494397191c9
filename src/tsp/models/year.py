"""A programme year: its source, themes, quotes, priorities and success measures."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator

from tsp.models.common import (
    SLUG_PATTERN,
    AuthorityRef,
    PackageRef,
    PartialDate,
    Record,
    Slug,
    Text,
    YearRef,
    slugify,
)
from tsp.models.funding import FundingRules


class Source(Record):
    title: Text = Field(description="The document's title")
    date: PartialDate | None = Field(None, description="When it was written")
    authors: list[Text] = Field(default_factory=list, description="Who wrote it")
    status: str | None = Field(None, description="e.g. draft")


class Event(Record):
    when: PartialDate = Field(description="YYYY, YYYY-MM or YYYY-MM-DD")
    what: Text = Field(description="What happened")


class PlanItem(Record):
    """One entry of a year's plan (a main area, priority item, success measure, principle)."""

    id: Slug = Field(description="A slug of the text, unique within the year; it stays when "
                     "the text is corrected, so packages keep pointing at it")
    text: Text = Field(description="The words, exactly as the source gives them")
    counting_rules: list[Slug] = Field(
        default_factory=list, description="For a success measure: the counting rules "
        "(data/measures/) whose figures show it, by id")


_SLUG_JSON: dict[str, Any] = {"type": "string", "pattern": SLUG_PATTERN}
_PLAN_ITEM_JSON: dict[str, Any] = {
    "anyOf": [
        {"type": "object", "additionalProperties": False, "required": ["id", "text"],
         "properties": {
             "id": {**_SLUG_JSON, "description": "A slug of the text, unique within the year"},
             "text": {"type": "string", "minLength": 1,
                      "description": "The words, exactly as the source gives them"},
             "counting_rules": {"type": "array", "items": _SLUG_JSON,
                                "description": "For a success measure: the counting rules "
                                "(data/measures/) whose figures show it, by id"}}},
        {"type": "string", "minLength": 1,
         "description": "The words alone; the id is then the slug of the text"},
    ],
}


def _plan_item(value: Any) -> Any:
    # Plain text is still read (files written before plan items had ids): its id is its slug.
    return {"id": slugify(value), "text": value} if isinstance(value, str) else value


PlanEntry = Annotated[PlanItem, BeforeValidator(_plan_item), WithJsonSchema(_PLAN_ITEM_JSON)]


def _id_from_title(data: Any) -> Any:
    if isinstance(data, dict) and "id" not in data and isinstance(data.get("title"), str):
        return {"id": slugify(data["title"]), **data}
    return data


def _id_optional(schema: dict[str, Any]) -> None:
    schema["required"] = [r for r in schema.get("required", []) if r != "id"]


class Titled(Record):
    """A heading and its paragraph (a learning theme)."""

    model_config = {**Record.model_config, "json_schema_extra": _id_optional}

    id: Slug = Field(description="A slug of the title, unique within the year (the slug of "
                     "the title when left out)")
    title: Text = Field(description="Heading")
    text: str | None = Field(None, description="The paragraph under it")

    _fill_id = model_validator(mode="before")(_id_from_title)


class PriorityGroup(Record):
    model_config = {**Record.model_config, "json_schema_extra": _id_optional}

    id: Slug = Field(description="A slug of the title, e.g. strengthening-assurance, unique "
                     "within the year (the slug of the title when left out)")
    title: Text = Field(description="The priority, e.g. Strengthening Assurance")
    items: list[PlanEntry] = Field(default_factory=list, description="What it involves")

    _fill_id = model_validator(mode="before")(_id_from_title)


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
    may_concern: list[PackageRef] = Field(
        default_factory=list,
        description="Packages the quote may be about, where the source does not say which: "
        "reports say so beside a status read as before any work",
    )
    note: str | None = Field(None, description="How the record reads an unclear source")


class ProgrammeYear(Record):
    """One programme year; longer narrative lives in the Markdown file beside it."""

    id: YearRef = Field(description="e.g. 2025-26, equal to the file name")
    label: Text = Field(description="e.g. Year 1")
    title: str | None = Field(None, description="Title of the year's report or proposal")
    source: Source | None = Field(None, description="The document these facts come from")
    timeline: list[Event] = Field(default_factory=list, description="Dated events")
    design_principles: list[PlanEntry] = Field(
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
    main_areas: list[PlanEntry] = Field(
        default_factory=list, description="Main areas of potential support"
    )
    priorities: list[PriorityGroup] = Field(default_factory=list, description="Priority groups")
    success_measures: list[PlanEntry] = Field(
        default_factory=list, description="What success will look like"
    )
    funding_proposals: list[Text] = Field(
        default_factory=list, description="Proposed changes to funding"
    )
    funding_rules: FundingRules | None = Field(
        None, description="How the year funds packages, e.g. a cap per package"
    )
    status_rule: str | None = Field(
        None,
        description="How the register reads a package's status from the source where the "
        "source does not state it: one rule for every package of the year, shown to readers "
        "beside the statuses it produced",
    )
    notes: str | None = Field(None, description="Anything a reader should know about the record")

    def plan(self) -> list[tuple[str, tuple[str | int, ...], str, str]]:
        """Every entry of the year's plan with an id: (kind, where in the file, id, text)."""
        out: list[tuple[str, tuple[str | int, ...], str, str]] = []
        for index, item in enumerate(self.main_areas):
            out.append(("main area", ("main_areas", index), item.id, item.text))
        for index, group in enumerate(self.priorities):
            out.append(("priority group", ("priorities", index), group.id, group.title))
            for sub, item in enumerate(group.items):
                out.append(("priority", ("priorities", index, "items", sub), item.id, item.text))
        for index, item in enumerate(self.success_measures):
            out.append(("success measure", ("success_measures", index), item.id, item.text))
        for index, theme in enumerate(self.learning_themes):
            out.append(("learning theme", ("learning_themes", index), theme.id, theme.title))
        for index, item in enumerate(self.design_principles):
            out.append(("design principle", ("design_principles", index), item.id, item.text))
        return out

    def priority_ids(self) -> dict[str, str]:
        """Group and item ids of the priorities, each with its text (groups: the title)."""
        ids: dict[str, str] = {}
        for group in self.priorities:
            ids.setdefault(group.id, group.title)
            for item in group.items:
                ids.setdefault(item.id, item.text)
        return ids

    def measure_ids(self) -> dict[str, str]:
        return {m.id: m.text for m in self.success_measures}

    def group_of(self, priority_id: str) -> PriorityGroup | None:
        """The group a priority id is, or belongs to."""
        for group in self.priorities:
            if group.id == priority_id or any(i.id == priority_id for i in group.items):
                return group
        return None
