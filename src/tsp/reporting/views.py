"""The view model a report template sees: frozen dataclasses of strings, numbers and tuples.

Templates get these, never the Pydantic records, so that a sandboxed template has nothing to
call but the fields. context.py and authority_view.py compute them from the Register;
templates/README.md documents every field for template authors (a test keeps it complete).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Count:
    label: str
    value: int
    readings: int = 0  # how many of them are the register's reading (statuses only)


@dataclass(frozen=True)
class Section:
    """One `## Heading` section of a year's narrative Markdown."""

    text: str
    paragraphs: tuple[str, ...]


class Sections:
    """Narrative sections by slug with underscores: `year.narrative.what_year_1_achieved`.

    Not a dict, so that a section named like a dict method (items, keys) is still reachable;
    a missing section is an AttributeError, which StrictUndefined turns into an error at the
    template's line.
    """

    __slots__ = ("_sections",)

    def __init__(self, sections: dict[str, Section]) -> None:
        self._sections = sections

    def __getattr__(self, name: str) -> Section:
        try:
            return self._sections[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Section:
        return self._sections[name.replace("-", "_")]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.replace("-", "_") in self._sections

    def __iter__(self) -> Iterator[str]:
        return iter(self._sections)


@dataclass(frozen=True)
class NarrativeSection:
    """One section of a year's narrative, the programme's own words as its source wrote them:
    `heading` as written ('' for the text before the first heading), `text` Markdown whose
    own sub-headings sit one level below a template's `### heading`."""

    slug: str
    heading: str
    text: str


@dataclass(frozen=True)
class EventView:
    when: str
    what: str


@dataclass(frozen=True)
class PackageView:
    id: str
    title: str
    year: str
    year_label: str
    status: str
    status_id: str
    # Where the status comes from: "stated" by the source, a "dated" change, the register's
    # "reading" of the source, or "recorded" as it happened with no date.
    status_basis: str
    reading: bool
    changes: tuple[EventView, ...]  # dated status changes, oldest first
    # The summary around the title where the summary already contains it (the title is shown
    # once, in place); otherwise lead and tail are "" and `summary` is the rest, or "" when it
    # only repeats the title.
    lead: str
    tail: str
    areas: tuple[str, ...]
    kinds: tuple[str, ...]
    themes: tuple[str, ...]
    summary: str
    when: str
    starts: str
    ends: str
    recipients: tuple[str, ...]
    partners: tuple[str, ...]
    sme_lenders: tuple[str, ...]
    delivered_by: tuple[str, ...]
    outputs: tuple[str, ...]
    outcomes: tuple[str, ...]
    related: tuple[str, ...]
    notes: str
    # Published evidence (tsp.reporting.plan_context.EvidenceView), oldest first.
    evidence: tuple[Any, ...] = ()
    # Related packages as "Title (Recipient)", so a line that says "see below" has a below.
    related_with: tuple[str, ...] = ()
    # The fields besides the status that are the register's reading (title, recipients,
    # areas): a report marks each where it shows it.
    readings: tuple[str, ...] = ()
    # A status read as before any work, while a published quote may be about this package
    # (the source does not say which): a report says so beside the status.
    quote_may_concern: bool = False


@dataclass(frozen=True)
class AuthorityGroup:
    """One authority and the packages it receives alone (joint packages are listed apart)."""

    authority: str
    packages: tuple[PackageView, ...]


@dataclass(frozen=True)
class Packages:
    all: tuple[PackageView, ...]
    joint: tuple[PackageView, ...]
    by_authority: tuple[AuthorityGroup, ...]


@dataclass(frozen=True)
class SummaryRow:
    """One package as seen from one recipient: a joint package has a row per recipient."""

    authority: str
    package: PackageView


@dataclass(frozen=True)
class CoverageRow:
    authority: str
    received: int
    partnered: int
    lent_smes: bool
    engaged: bool
    received_readings: int = 0  # of `received`, packages whose recipients are a reading


@dataclass(frozen=True)
class Coverage:
    total: int
    engaged: tuple[str, ...]
    not_engaged: tuple[str, ...]
    rows: tuple[CoverageRow, ...]


@dataclass(frozen=True)
class Lender:
    authority: str
    packages: tuple[PackageView, ...]
    received: int


@dataclass(frozen=True)
class Partner:
    authority: str
    packages: tuple[PackageView, ...]


@dataclass(frozen=True)
class Reciprocity:
    received: tuple[str, ...]
    lent: tuple[Lender, ...]
    received_and_lent: tuple[str, ...]
    lent_only: tuple[str, ...]
    received_only: tuple[str, ...]
    partners: tuple[Partner, ...]
    lender_packages_recorded: bool  # does any package name the authorities that lent SMEs?


@dataclass(frozen=True)
class Figures:
    packages: int  # packages of support: expressions of interest are counted apart
    interests: int
    readings: int  # packages whose status is the register's reading
    with_impact: int  # packages with an output, outcome, evidence or dated status change
    quotes: int
    authorities: int
    engaged: int
    not_engaged: int
    recipients: int
    sme_lenders: int
    by_status: tuple[Count, ...]
    by_area: tuple[Count, ...]
    by_kind: tuple[Count, ...]
    per_authority: tuple[Count, ...]


@dataclass(frozen=True)
class QuoteView:
    id: str
    text: str
    speaker: str
    authorities: tuple[str, ...]
    packages: tuple[str, ...]
    year: str
    year_label: str


@dataclass(frozen=True)
class SourceView:
    title: str
    date: str
    authors: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class Theme:
    title: str
    text: str


@dataclass(frozen=True)
class PriorityView:
    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class PackageNote:
    """For --internal reports only: how the register reads the source for one package."""

    id: str
    title: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class YearView:
    id: str
    span: str
    label: str
    title: str
    source: SourceView | None
    timeline: tuple[EventView, ...]
    design_principles: tuple[str, ...]
    approach: tuple[str, ...]
    sme_lending_authorities: tuple[str, ...]
    learning_themes: tuple[Theme, ...]
    limitations: tuple[str, ...]
    quotes: tuple[QuoteView, ...]
    national_context: tuple[str, ...]
    main_areas: tuple[str, ...]
    priorities: tuple[PriorityView, ...]
    success_measures: tuple[str, ...]
    funding_proposals: tuple[str, ...]
    notes: tuple[str, ...]  # empty unless the report is --internal
    narrative: Sections
    sections: tuple[NarrativeSection, ...]  # the narrative in its source's order
    status_rule: str
    figures: Figures
    packages: Packages
    impact: tuple[PackageView, ...]  # packages with outputs, outcomes, evidence or dated changes
    package_notes: tuple[PackageNote, ...]  # empty unless the report is --internal
    summary: tuple[SummaryRow, ...]
    coverage: Coverage
    reciprocity: Reciprocity
    # The previous year's own sentences (its limitations) on work due in this year, as written.
    due: tuple[str, ...] = ()
    # Which readings the report's packages carry besides statuses (title, recipients, areas,
    # and "quote" where a quote may concern a package read as before any work): the key
    # explains only those.
    read_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuthorityView:
    id: str
    name: str
    type: str
    gss_code: str
    dfe_la_code: str
    register_code: str
    region: str
    aliases: tuple[str, ...]
    shared_abbreviations: tuple[str, ...]
    former_codes: tuple[str, ...]
    starts_on: str
    predecessors: tuple[str, ...]
    reorganisation: str
    reorganisation_note: str  # the decided reorganisation's note, else the proposal's
    successors: tuple[str, ...]
    notes: tuple[str, ...]
    # A reorganisation proposed, not decided (empty where none is, or one is decided): its
    # area, when it was consulted on (e.g. 2025–26) and when new councils are expected.
    proposal: str = ""
    proposal_consulted: str = ""
    proposal_expected: str = ""
    reorganisation_source: str = ""  # where the reorganisation or proposal comes from


@dataclass(frozen=True)
class AuthorityReport:
    authority: AuthorityView
    received: tuple[PackageView, ...]
    partnered: tuple[PackageView, ...]
    smes_lent_to: tuple[PackageView, ...]
    sme_lending_years: tuple[str, ...]
    quotes: tuple[QuoteView, ...]
    engaged: bool
    status_rules: tuple[str, ...]  # the rule of each year whose reading a status here is
    # received and partnered packages with outputs, outcomes, evidence or dated changes
    impact: tuple[PackageView, ...] = ()
    interests: tuple[PackageView, ...] = ()  # expressions of interest, apart from `received`
    # The programme's own words on take-up and its open offer (each year's limitations that
    # speak of take-up), and the latest year's priorities: what a page for an authority with
    # no package can say.
    take_up: tuple[QuoteView, ...] = ()
    priorities: tuple[PriorityView, ...] = ()
    priorities_year: str = ""
    read_fields: tuple[str, ...] = ()  # as YearView.read_fields, for this report's packages
    # Published quotes naming no authority that may be about its packages (the source does
    # not say which work they are about).
    quotes_may_be_about: tuple[QuoteView, ...] = ()
