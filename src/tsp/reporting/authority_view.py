"""One authority's report as a template sees it (views.AuthorityReport): who it is, its
reorganisation, the packages it received, partnered and lent staff to, and the quotes about
it. Built from the same package views as a year's report (context.py)."""

from __future__ import annotations

import datetime as dt
import re

from tsp.escape import missing_or
from tsp.models import Authority, Package, ProgrammeYear
from tsp.queries import AuthorityProfile, authority_profile
from tsp.register import Register
from tsp.reporting.context import (
    authority_names,
    has_impact,
    note_paragraphs,
    package_view,
    priority_views,
    published_quotes,
    read_fields,
    source_order,
    status_basis,
)
from tsp.reporting.labels import date_label, year_span, year_spans
from tsp.reporting.views import AuthorityReport, AuthorityView, PackageView, QuoteView

# The programme's words on take-up: what an authority with no package is offered.
TAKE_UP = re.compile(r"(?i)\btake[- ]?up\b|\btaken up\b")


def _day(day: dt.date) -> str:
    """'31 March 2027': a date as the report writes every other (its title block, its footer)."""
    return date_label(day.isoformat())


def _reorganisation(a: Authority, today: dt.date) -> str:
    if a.starts_on and today < a.starts_on:
        return f"starts on {_day(a.starts_on)}"
    reorg = a.reorganisation
    if reorg is None:
        return ""
    verb = "ended" if today > reorg.ends_on else "ends"
    text = f"{verb} on {_day(reorg.ends_on)}"
    if reorg.decided_on:
        text += f" (decided {_day(reorg.decided_on)})"
    return text


def _authority_view(repo: Register, a: Authority, profile: AuthorityProfile, today: dt.date,
                    internal: bool) -> AuthorityView:
    """Who the authority is, and its reorganisation, decided or proposed: `today` decides
    the tense; the team's report says which codes the record lacks, and adds its notes."""
    # A decided reorganisation supersedes a proposal (tsp validate refuses a record with both).
    decided = a.reorganisation
    proposed = None if decided else a.proposed_reorganisation
    said = decided or proposed
    successors = [*authority_names(repo, decided.successors if decided else []),
                  *(s.name for s in profile.successors_of)]
    return AuthorityView(
        id=a.id, name=a.name, type=str(a.type).replace("-", " "),
        gss_code=missing_or(a.gss_code or "", internal, f"{a.id} has no gss_code"),
        dfe_la_code=missing_or(a.dfe_la_code or "", internal, f"{a.id} has no dfe_la_code"),
        register_code=missing_or(a.register_code or "", internal,
                                 f"{a.id} has no register_code"),
        region=missing_or(a.region or "", internal, f"{a.id} has no region"),
        aliases=tuple(a.aliases),
        shared_abbreviations=tuple(a.shared_abbreviations),
        former_codes=tuple(c.gss_code + (f" (until {_day(c.ended_on)})" if c.ended_on
                                         else "") for c in a.former_codes),
        starts_on=_day(a.starts_on) if a.starts_on else "",
        predecessors=authority_names(repo, a.predecessors),
        reorganisation=_reorganisation(a, today),
        reorganisation_note=(said.note if said else None) or "",
        successors=tuple(dict.fromkeys(successors)),
        notes=note_paragraphs(a.notes) if internal else (),
        proposal=proposed.proposal if proposed else "",
        proposal_consulted=year_spans(proposed.consulted or "") if proposed else "",
        proposal_expected=date_label(proposed.expected_from) if proposed else "",
        reorganisation_source=(said.source if said else None) or "",
    )


def _quotes_may_be_about(repo: Register, years: list[ProgrammeYear],
                         profile: AuthorityProfile, quotes: tuple[QuoteView, ...]
                         ) -> tuple[QuoteView, ...]:
    """Quotes naming no authority that may be about its packages: a status beside says so,
    so the quote is shown, as the source's, and said to be uncertain."""
    own = {p.id for p in profile.received}
    named = {q.id for q in quotes}
    return tuple(
        q for year in years
        for q, record in zip(published_quotes(repo, year),
                             [r for r in year.quotes if r.publish is True], strict=True)
        if q.id not in named and own & {*record.may_concern, *record.packages})


def _take_up(years: list[ProgrammeYear]) -> tuple[QuoteView, ...]:
    """The programme's own sentences on take-up, from each year's limitations."""
    return tuple(QuoteView(id="", text=text, speaker="", authorities=(), packages=(),
                           year=year_span(y.id), year_label=y.label)
                 for y in years for text in y.limitations if TAKE_UP.search(text))


def _status_rules(repo: Register, profile: AuthorityProfile) -> tuple[str, ...]:
    """The rule each year states for reading a status, where a package of its is read so."""
    involved = [*profile.received, *profile.partnered, *profile.smes_lent_to]
    rules = dict.fromkeys(
        repo.years[p.year].status_rule or "" for p in involved
        if status_basis(p) == "reading" and p.year in repo.years)
    return tuple(r for r in rules if r)


def _views(repo: Register, packages: list[Package], internal: bool) -> tuple[PackageView, ...]:
    return tuple(package_view(repo, p, internal) for p in source_order(repo, packages))


def authority_report(repo: Register, a: Authority, today: dt.date,
                     internal: bool = False) -> AuthorityReport:
    """One authority's engagement: `today` decides the tense of its reorganisation; record
    notes only when `internal`."""
    profile = authority_profile(repo, a)
    years = sorted(repo.years.values(), key=lambda y: y.id)
    quotes = tuple(q for year in years for q in published_quotes(repo, year, a.id))
    received = _views(repo, profile.received, internal)
    partnered = _views(repo, profile.partnered, internal)
    planned = [y for y in years if y.priorities]
    return AuthorityReport(
        authority=_authority_view(repo, a, profile, today, internal),
        interests=tuple(v for v in received if v.status_id == "interest"),
        take_up=_take_up(years),
        priorities=priority_views(planned[-1]) if planned else (),
        priorities_year=f"{planned[-1].label} ({year_span(planned[-1].id)})" if planned else "",
        received=tuple(v for v in received if v.status_id != "interest"),
        # an authority's package lines show no area, so the key leaves areas out
        read_fields=tuple(f for f in read_fields((*received, *partnered)) if f != "areas"),
        partnered=partnered,
        impact=tuple(v for v in (*received, *partnered) if has_impact(v)),
        smes_lent_to=tuple(package_view(repo, p, internal) for p in profile.smes_lent_to),
        sme_lending_years=tuple(f"{y.label} ({year_span(y.id)})"
                                for y in profile.sme_lending_years),
        quotes=quotes,
        quotes_may_be_about=_quotes_may_be_about(repo, years, profile, quotes),
        engaged=profile.engaged,
        status_rules=_status_rules(repo, profile),
    )
