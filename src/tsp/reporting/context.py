"""Build the view model (views.py) from the Register: every list, count and grouping a
report shows is computed here, because templates hold wording and layout only."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from tsp import counting
from tsp.models import (
    AREA_LABELS,
    BEFORE_WORK,
    LIFECYCLE,
    Authority,
    Kind,
    Package,
    ProgrammeYear,
    ReadField,
    Status,
    StatusBasis,
)
from tsp.queries import authorities_in_year, authority_profile, engaged_authority_ids, headline
from tsp.repository import Register
from tsp.reporting.escape import Markdown, escape_text, missing_or, narrative_markdown
from tsp.reporting.labels import date_label, kind_label, status_label, year_span
from tsp.reporting.plan_context import published_evidence
from tsp.reporting.views import (
    AuthorityGroup,
    AuthorityReport,
    AuthorityView,
    Count,
    Coverage,
    CoverageRow,
    EventView,
    Figures,
    Lender,
    NarrativeSection,
    PackageNote,
    PackageView,
    Packages,
    Partner,
    PriorityView,
    QuoteView,
    Reciprocity,
    Section,
    Sections,
    SourceView,
    SummaryRow,
    Theme,
    YearView,
)

STATUS_ORDER: tuple[Status, ...] = (*LIFECYCLE, Status.WITHDRAWN)
NO_AREA = "Area not recorded"
# The programme's words on take-up: what an authority with no package is offered.
TAKE_UP = re.compile(r"(?i)\btake[- ]?up\b|\btaken up\b")


def _year_spans(text: str) -> str:
    """'2025-26' → '2025–26' wherever a programme-style year appears in a source's words."""
    return re.sub(r"\b(\d{4})-(\d{2})\b(?!-)", "\\1\u2013\\2", text)


def paragraphs(text: str | None) -> tuple[str, ...]:
    """Markdown paragraphs: separated by a blank line (a single newline only wraps)."""
    if not text:
        return ()
    return tuple(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())


def note_paragraphs(text: str | None) -> tuple[str, ...]:
    """Paragraphs of a YAML note: a folded scalar (`>-`) turns each blank line between
    paragraphs into a single newline, so there every newline ends a paragraph."""
    if not text:
        return ()
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def sentences(text: str) -> tuple[str, ...]:
    """A paragraph's sentences, as written (each ends with its own full stop)."""
    return tuple(part for part in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", text.strip()) if part)


def names_year(text: str, year_id: str) -> bool:
    """Whether `text` names the programme year, as a programme's document writes it:
    2026-27, 2026–27 or 2026/27 (and 2026/7, as the source also writes)."""
    start, end = year_id[:4], year_id[5:]
    return re.search(rf"\b{start}\s*[-\u2013/]\s*(?:{end}|{end[-1:]})\b", text) is not None


# --- builders ------------------------------------------------------------------------------


def _name(repo: Register, authority_id: str) -> str:
    authority = repo.authorities.get(authority_id)
    return authority.name if authority else authority_id


def _names(repo: Register, ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(_name(repo, i) for i in ids)


def _sorted_names(repo: Register, ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(_names(repo, set(ids))))


def _year_label(repo: Register, year_id: str) -> str:
    year = repo.years.get(year_id)
    return year.label if year else year_span(year_id)


def status_basis(p: Package) -> str:
    """stated, dated, reading or recorded: a dated change to the current status outranks
    what the record says of an earlier reading."""
    if p.status_history and p.status_history[-1].status == p.status:
        return "dated"
    if p.status_basis is StatusBasis.STATED:
        return "stated"
    if p.status_basis is StatusBasis.READING:
        return "reading"
    return "recorded"


def _around_title(title: str, summary: str) -> tuple[str, str, str]:
    """(lead, tail, rest): a summary that holds the title is shown around it, so the title
    appears once; one that only repeats the title adds nothing and is dropped."""
    text = summary.strip()
    if text.rstrip(".").strip() == title.strip():
        return "", "", ""
    at = text.find(title)
    if at >= 0:
        return text[:at], text[at + len(title):], ""
    return "", "", text


def package_view(repo: Register, p: Package, internal: bool = False) -> PackageView:
    related = tuple(repo.packages[r].title if r in repo.packages else r for r in p.related)
    related_with = tuple(
        f"{repo.packages[r].title} ({' and '.join(_names(repo, repo.packages[r].recipients))})"
        for r in p.related if r in repo.packages)
    lead, tail, rest = _around_title(p.title, p.summary or "")
    basis = status_basis(p)
    return PackageView(
        # A package over several years: 'Year 1 and Year 2: 2025–26 and 2026–27'.
        id=p.id, title=p.title, year=" and ".join(year_span(y) for y in p.years),
        year_label=" and ".join(dict.fromkeys(
            _year_label(repo, y) for y in p.years if y in repo.years)) or year_span(p.year),
        status=status_label(p.status), status_id=str(p.status),
        status_basis=basis, reading=basis == "reading",
        changes=tuple(EventView(date_label(c.on.isoformat()), status_label(c.status))
                      for c in p.status_history),
        lead=lead, tail=tail,
        areas=tuple(AREA_LABELS[a] for a in p.areas), kinds=tuple(kind_label(k) for k in p.kinds),
        themes=tuple(p.themes),
        summary=rest if p.summary else missing_or("", internal, f"{p.id} has no summary"),
        when=missing_or(date_label(p.starts), internal, f"{p.id} has no starts date"),
        starts=missing_or(date_label(p.starts), internal, f"{p.id} has no starts date"),
        ends=missing_or(date_label(p.ends), internal, f"{p.id} has no ends date"),
        recipients=_names(repo, p.recipients), partners=_names(repo, p.partners),
        sme_lenders=_names(repo, p.sme_lenders), delivered_by=tuple(p.delivered_by),
        outputs=tuple(p.outputs), outcomes=tuple(p.outcomes), related=related,
        notes=(p.notes or "") if internal else "", evidence=published_evidence(repo, p),
        related_with=related_with,
        readings=tuple(str(f) for f in p.readings),
        quote_may_concern=basis == "reading" and p.status in BEFORE_WORK and any(
            q.publish is True and p.id in q.may_concern
            for y in p.years if y in repo.years for q in repo.years[y].quotes),
    )


def read_fields(views: Iterable[PackageView]) -> tuple[str, ...]:
    """The kinds of reading the packages carry besides their status, in the key's order."""
    shown = list(views)
    found = {f for v in shown for f in v.readings} | (
        {"quote"} if any(v.quote_may_concern for v in shown) else set())
    return tuple(f for f in ("title", "recipients", "areas", "quote") if f in found)


def has_impact(p: PackageView) -> bool:
    return bool(p.outputs or p.outcomes or p.changes or p.evidence)


def demote(text: str) -> Markdown:
    """A narrative section as Markdown a report prints: its own '### ' headings one level down,
    under the template's '### heading', and everything else made unable to forge structure
    (tsp.reporting.escape.narrative_markdown)."""
    parts: list[str] = []
    chunk: list[str] = []
    for line in text.splitlines():
        match = re.match(r"^(#{3,5}) (.+)$", line)
        if match:
            parts.append(narrative_markdown("\n".join(chunk)))
            chunk = []
            # inside a heading "1. Priority" cannot start a list: no escape before its dot
            heading = re.sub(r"^(\d+)\\([.)])", r"\1\2", escape_text(match.group(2)))
            parts.append(f"#{match.group(1)} {heading}")
        else:
            chunk.append(line)
    parts.append(narrative_markdown("\n".join(chunk)))
    return Markdown("\n".join(parts))


def _order(p: Package) -> tuple[str, str, str]:
    return (p.starts or "9999", p.title.lower(), p.id)


def source_order(repo: Register, packages: Iterable[Package]) -> list[Package]:
    """Packages in their source's order: by programme year, then where the year's narrative
    (the programme's words) first gives the package's summary or title; packages the
    narrative does not give follow, by start and title. One rule for every list a reader
    sees beside the programme's words (Table 2, an authority's packages)."""
    texts: dict[str, str] = {}

    def place(p: Package) -> tuple[str, int, tuple[str, str, str]]:
        if p.year not in texts:
            texts[p.year] = "\n\n".join(repo.narratives.get(p.year, {}).values())
        text = texts[p.year]
        found = [text.find(words) for words in (p.summary or "", p.title) if words.strip()]
        found = [at for at in found if at >= 0]
        return (p.year, min(found) if found else len(text) + 1, _order(p))

    return sorted(packages, key=place)


def published_quotes(repo: Register, year: ProgrammeYear,
                     authority_id: str | None = None) -> tuple[QuoteView, ...]:
    """The year's quotes cleared for publication (about one authority, if given); no other
    quote ever reaches a report."""
    return tuple(
        QuoteView(id=q.id, text=q.text, speaker=q.speaker or "",
                  authorities=_names(repo, q.authorities),
                  packages=tuple(repo.packages[i].title if i in repo.packages else i
                                 for i in q.packages),
                  year=year_span(year.id), year_label=year.label)
        for q in year.quotes
        if q.publish is True and (authority_id is None or authority_id in q.authorities)
    )


def _counts(labels: Iterable[str], order: Iterable[str]) -> tuple[Count, ...]:
    found = list(labels)
    return tuple(Count(label, found.count(label)) for label in order if label in found)


def year_view(repo: Register, year: ProgrammeYear, internal: bool = False) -> YearView:
    """The year as a report sees it; record notes only when `internal` (the team's report).
    A package over several years belongs to each of them."""
    packages = source_order(repo, (p for p in repo.packages.values() if year.id in p.years))
    views = {p.id: package_view(repo, p, internal) for p in packages}
    head = headline(repo, year.id)
    in_year = authorities_in_year(repo, year.id)
    lenders = set(year.sme_lending_authorities) | {a for p in packages for a in p.sme_lenders}

    joint = tuple(views[p.id] for p in packages if len(p.recipients) > 1)
    alone: dict[str, list[PackageView]] = {}
    for p in packages:
        if len(p.recipients) == 1:
            alone.setdefault(p.recipients[0], []).append(views[p.id])
    groups = tuple(AuthorityGroup(_name(repo, a), tuple(v))
                   for a, v in sorted(alone.items(), key=lambda kv: _name(repo, kv[0])))

    summary = tuple(sorted(
        (SummaryRow(_name(repo, r), views[p.id]) for p in packages for r in p.recipients),
        key=lambda row: (row.authority, _order(repo.packages[row.package.id])),
    ))

    # One pass over the packages, not one per authority: a national register has 153
    # authorities and thousands of packages.
    # Expressions of interest are counted apart from packages (tsp.counting), as everywhere.
    received = counting.received(packages)
    read_received = counting.received(
        p for p in packages if ReadField.RECIPIENTS in p.readings)
    partnered = counting.partnered(packages)
    lent_to: dict[str, list[PackageView]] = {}
    partner_of: dict[str, list[PackageView]] = {}
    for p in packages:
        for a in dict.fromkeys(p.sme_lenders):
            lent_to.setdefault(a, []).append(views[p.id])
        for a in dict.fromkeys(p.partners):
            partner_of.setdefault(a, []).append(views[p.id])
    engaged_ids = engaged_authority_ids(repo, year.id)  # as headline() counts them
    coverage = Coverage(
        total=len(in_year), engaged=head.engaged, not_engaged=head.not_engaged,
        rows=tuple(CoverageRow(a.name, received[a.id], partnered[a.id], a.id in lenders,
                               a.id in engaged_ids, read_received[a.id]) for a in in_year),
    )

    recipient_ids = set(received)
    reciprocity = Reciprocity(
        received=_sorted_names(repo, recipient_ids),
        lent=tuple(sorted(
            (Lender(_name(repo, a), tuple(lent_to.get(a, ())), received[a]) for a in lenders),
            key=lambda lender: lender.authority)),
        received_and_lent=_sorted_names(repo, recipient_ids & lenders),
        lent_only=_sorted_names(repo, lenders - recipient_ids),
        received_only=_sorted_names(repo, recipient_ids - lenders),
        partners=tuple(sorted(
            (Partner(_name(repo, a), tuple(v)) for a, v in partner_of.items()),
            key=lambda partner: partner.authority)),
        lender_packages_recorded=bool(lent_to),
    )

    support = counting.packages_of_support(packages)
    area_labels = [AREA_LABELS[a] for p in support for a in p.areas]
    area_labels += [NO_AREA for p in support if not p.areas]
    interests = len(counting.expressions_of_interest(packages))
    quotes = published_quotes(repo, year)
    figures = Figures(
        packages=len(packages) - interests, interests=interests,
        readings=sum(v.reading for v in views.values()),
        with_impact=sum(has_impact(v) for v in views.values()), quotes=len(quotes),
        authorities=head.authorities, engaged=len(head.engaged),
        not_engaged=len(head.not_engaged), recipients=len(head.recipients),
        sme_lenders=len(head.sme_lenders),
        by_status=tuple(
            Count(status_label(s), len(found), sum(views[p.id].reading for p in found))
            for s in STATUS_ORDER if s is not Status.INTEREST
            for found in [[p for p in packages if p.status is s]] if found),
        by_area=tuple(Count(c.label, c.value, sum(
            ReadField.AREAS in p.readings for p in support
            for a in p.areas if AREA_LABELS[a] == c.label))
            for c in _counts(area_labels, [*AREA_LABELS.values(), NO_AREA])),
        by_kind=_counts((kind_label(k) for p in support for k in p.kinds),
                        (kind_label(k) for k in Kind)),
        per_authority=tuple(Count(a.name, received[a.id], read_received[a.id])
                            for a in in_year),
    )

    source = year.source
    sections = repo.narratives.get(year.id, {})
    earlier = [y for y in repo.years.values() if y.id < year.id]
    before = max(earlier, key=lambda y: y.id) if earlier else None
    headings = repo.narrative_headings.get(year.id, {})
    return YearView(
        id=year.id, span=year_span(year.id), label=year.label, title=year.title or "",
        source=SourceView(source.title, date_label(source.date), tuple(source.authors),
                          source.status or "") if source else None,
        timeline=tuple(EventView(date_label(e.when), e.what) for e in year.timeline),
        design_principles=tuple(i.text for i in year.design_principles),
        approach=tuple(year.approach),
        sme_lending_authorities=_sorted_names(repo, lenders),
        learning_themes=tuple(Theme(t.title, t.text or "") for t in year.learning_themes),
        limitations=tuple(year.limitations), quotes=quotes,
        national_context=tuple(year.national_context),
        main_areas=tuple(i.text for i in year.main_areas),
        priorities=tuple(PriorityView(g.title, tuple(i.text for i in g.items))
                         for g in year.priorities),
        success_measures=tuple(i.text for i in year.success_measures),
        funding_proposals=tuple(year.funding_proposals),
        notes=note_paragraphs(year.notes) if internal else (),
        narrative=Sections({slug.replace("-", "_"): Section(narrative_markdown(text),
                                                                  tuple(map(narrative_markdown,
                                                                            paragraphs(text))))
                            for slug, text in sections.items()}),
        sections=tuple(NarrativeSection(slug, headings.get(slug, ""), demote(text))
                       for slug, text in sections.items()),
        status_rule=year.status_rule or "",
        figures=figures,
        packages=Packages(all=tuple(views.values()), joint=joint, by_authority=groups),
        impact=tuple(v for v in views.values() if has_impact(v)),
        package_notes=tuple(PackageNote(p.id, p.title, note_paragraphs(p.notes))
                            for p in packages if p.notes) if internal else (),
        summary=summary, coverage=coverage, reciprocity=reciprocity,
        read_fields=read_fields(views.values()),
        due=tuple(sentence for text in (before.limitations if before else ())
                  for sentence in sentences(text) if names_year(sentence, year.id)),
    )


def _day(day: dt.date) -> str:
    """'31 March 2027': a date as the report writes every other (its title block, its footer)."""
    return date_label(day.isoformat())


def _reorganisation(repo: Register, a: Authority, today: dt.date) -> str:
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


def authority_report(repo: Register, a: Authority, today: dt.date,
                     internal: bool = False) -> AuthorityReport:
    """One authority's engagement: `today` decides the tense of its reorganisation; record
    notes only when `internal`."""
    profile = authority_profile(repo, a)
    # A decided reorganisation supersedes a proposal (tsp validate refuses a record with both).
    proposed = None if a.reorganisation else a.proposed_reorganisation
    registered_successors = [s.name for s in profile.successors_of]
    named_successors = [_name(repo, s) for s in (a.reorganisation.successors
                                                 if a.reorganisation else [])]
    view = AuthorityView(
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
        predecessors=_names(repo, a.predecessors),
        reorganisation=_reorganisation(repo, a, today),
        reorganisation_note=(a.reorganisation.note if a.reorganisation
                             else proposed.note if proposed else None) or "",
        successors=tuple(dict.fromkeys([*named_successors, *registered_successors])),
        notes=note_paragraphs(a.notes) if internal else (),
        proposal=proposed.proposal if proposed else "",
        proposal_consulted=_year_spans(proposed.consulted or "") if proposed else "",
        proposal_expected=date_label(proposed.expected_from) if proposed else "",
        reorganisation_source=(a.reorganisation.source if a.reorganisation
                               else proposed.source if proposed else None) or "",
    )
    involved = [*profile.received, *profile.partnered, *profile.smes_lent_to]
    rules = tuple(dict.fromkeys(
        repo.years[p.year].status_rule or "" for p in involved
        if status_basis(p) == "reading" and p.year in repo.years))
    quotes = tuple(q for year in sorted(repo.years.values(), key=lambda y: y.id)
                   for q in published_quotes(repo, year, a.id))
    # Quotes naming no authority that may be about its packages: a status beside says so, so
    # the quote is shown, as the source's, and said to be uncertain.
    own = {p.id for p in profile.received}
    named = {q.id for q in quotes}
    may_be = tuple(
        q for year in sorted(repo.years.values(), key=lambda y: y.id)
        for q, record in zip(published_quotes(repo, year),
                             [r for r in year.quotes if r.publish is True], strict=True)
        if q.id not in named and own & {*record.may_concern, *record.packages})
    received = tuple(package_view(repo, p, internal)
                     for p in source_order(repo, profile.received))
    partnered = tuple(package_view(repo, p, internal)
                      for p in source_order(repo, profile.partnered))
    years = sorted(repo.years.values(), key=lambda y: y.id)
    planned = [y for y in years if y.priorities]
    return AuthorityReport(
        authority=view,
        interests=tuple(v for v in received if v.status_id == "interest"),
        take_up=tuple(QuoteView(id="", text=text, speaker="", authorities=(), packages=(),
                                year=year_span(y.id), year_label=y.label)
                      for y in years for text in y.limitations if TAKE_UP.search(text)),
        priorities=tuple(PriorityView(g.title, tuple(i.text for i in g.items))
                         for g in planned[-1].priorities) if planned else (),
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
        quotes_may_be_about=may_be,
        engaged=profile.engaged,
        status_rules=tuple(r for r in rules if r),
    )
