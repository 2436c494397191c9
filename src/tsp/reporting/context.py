"""Build the view model (views.py) from the Register: every list, count and grouping a
report shows is computed here, because templates hold wording and layout only.

Here: a package as a report shows it (`package_view`), the order packages are listed in, the
published quotes, and a year's report (`year_view`, one helper per part of it). An
authority's report (authority_view.py) is built from the same package views.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from tsp import counting
from tsp.escape import Markdown, escape_text, missing_or, narrative_markdown
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
from tsp.queries import Headline, authorities_in_year, engaged_authority_ids, headline
from tsp.register import Register
from tsp.reporting.labels import date_label, kind_label, status_label, year_span
from tsp.reporting.plan_context import published_evidence
from tsp.reporting.views import (
    AuthorityGroup,
    Count,
    Coverage,
    CoverageRow,
    EventView,
    Figures,
    Lender,
    NarrativeSection,
    PackageNote,
    Packages,
    PackageView,
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


def authority_name(repo: Register, authority_id: str) -> str:
    authority = repo.authorities.get(authority_id)
    return authority.name if authority else authority_id


def authority_names(repo: Register, ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(authority_name(repo, i) for i in ids)


def _sorted_names(repo: Register, ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(authority_names(repo, set(ids))))


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


def _related_with(repo: Register, p: Package) -> tuple[str, ...]:
    """Each related package the register holds, with the authorities receiving it."""
    return tuple(
        f"{repo.packages[r].title} "
        f"({' and '.join(authority_names(repo, repo.packages[r].recipients))})"
        for r in p.related if r in repo.packages)


def _quote_may_concern(repo: Register, p: Package, basis: str) -> bool:
    """Whether a published quote may concern a package whose status is read as before any
    work: the key says the quote may tell otherwise."""
    return basis == "reading" and p.status in BEFORE_WORK and any(
        q.publish is True and p.id in q.may_concern
        for y in p.years if y in repo.years for q in repo.years[y].quotes)


def package_view(repo: Register, p: Package, internal: bool = False) -> PackageView:
    """A package as every report and the site show it; its notes only when `internal`."""
    related = tuple(repo.packages[r].title if r in repo.packages else r for r in p.related)
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
        recipients=authority_names(repo, p.recipients),
        partners=authority_names(repo, p.partners),
        sme_lenders=authority_names(repo, p.sme_lenders), delivered_by=tuple(p.delivered_by),
        outputs=tuple(p.outputs), outcomes=tuple(p.outcomes), related=related,
        notes=(p.notes or "") if internal else "", evidence=published_evidence(repo, p),
        related_with=_related_with(repo, p),
        readings=tuple(str(f) for f in p.readings),
        quote_may_concern=_quote_may_concern(repo, p, basis),
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
    (tsp.escape.narrative_markdown)."""
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
                  authorities=authority_names(repo, q.authorities),
                  packages=tuple(repo.packages[i].title if i in repo.packages else i
                                 for i in q.packages),
                  year=year_span(year.id), year_label=year.label)
        for q in year.quotes
        if q.publish is True and (authority_id is None or authority_id in q.authorities)
    )


def priority_views(year: ProgrammeYear) -> tuple[PriorityView, ...]:
    """The year's priorities: each group's title and its items' texts."""
    return tuple(PriorityView(g.title, tuple(i.text for i in g.items)) for g in year.priorities)


def _counts(labels: Iterable[str], order: Iterable[str]) -> tuple[Count, ...]:
    found = list(labels)
    return tuple(Count(label, found.count(label)) for label in order if label in found)


@dataclass(frozen=True)
class _Year:
    """What every part of a year's view is made from, each computed once: one pass over the
    packages, not one per authority (a national register has 153 authorities and thousands
    of packages). A package over several years belongs to each of them."""

    repo: Register
    year: ProgrammeYear
    packages: list[Package]  # in their source's order
    views: dict[str, PackageView]
    head: Headline
    in_year: list[Authority]
    lenders: set[str]  # the year's SME lending authorities, named by the year or a package
    # Expressions of interest are counted apart from packages (tsp.counting), as everywhere.
    received: Counter[str]
    read_received: Counter[str]  # where the recipients are the register's reading


def _year_data(repo: Register, year: ProgrammeYear, internal: bool) -> _Year:
    packages = source_order(repo, (p for p in repo.packages.values() if year.id in p.years))
    return _Year(
        repo, year, packages, {p.id: package_view(repo, p, internal) for p in packages},
        headline(repo, year.id), authorities_in_year(repo, year.id),
        set(year.sme_lending_authorities) | {a for p in packages for a in p.sme_lenders},
        counting.received(packages),
        counting.received(p for p in packages if ReadField.RECIPIENTS in p.readings))


def _packages(y: _Year) -> Packages:
    """Every package; the joint ones; and the rest under the one authority receiving each."""
    alone: dict[str, list[PackageView]] = {}
    for p in y.packages:
        if len(p.recipients) == 1:
            alone.setdefault(p.recipients[0], []).append(y.views[p.id])
    groups = tuple(AuthorityGroup(authority_name(y.repo, a), tuple(v)) for a, v in
                   sorted(alone.items(), key=lambda kv: authority_name(y.repo, kv[0])))
    joint = tuple(y.views[p.id] for p in y.packages if len(p.recipients) > 1)
    return Packages(all=tuple(y.views.values()), joint=joint, by_authority=groups)


def _summary(y: _Year) -> tuple[SummaryRow, ...]:
    """One row per package and authority receiving it, by authority."""
    return tuple(sorted(
        (SummaryRow(authority_name(y.repo, r), y.views[p.id])
         for p in y.packages for r in p.recipients),
        key=lambda row: (row.authority, _order(y.repo.packages[row.package.id])),
    ))


def _coverage(y: _Year) -> Coverage:
    """Each authority of the year: what it received, partnered and lent, and whether engaged."""
    partnered = counting.partnered(y.packages)
    engaged_ids = engaged_authority_ids(y.repo, y.year.id)  # as headline() counts them
    return Coverage(
        total=len(y.in_year), engaged=y.head.engaged, not_engaged=y.head.not_engaged,
        rows=tuple(CoverageRow(a.name, y.received[a.id], partnered[a.id], a.id in y.lenders,
                               a.id in engaged_ids, y.read_received[a.id]) for a in y.in_year),
    )


def _reciprocity(y: _Year) -> Reciprocity:
    """Who received support, who lent staff to it, and who did both or one only."""
    repo = y.repo
    lent_to: dict[str, list[PackageView]] = {}
    partner_of: dict[str, list[PackageView]] = {}
    for p in y.packages:
        for a in dict.fromkeys(p.sme_lenders):
            lent_to.setdefault(a, []).append(y.views[p.id])
        for a in dict.fromkeys(p.partners):
            partner_of.setdefault(a, []).append(y.views[p.id])
    recipient_ids = set(y.received)
    return Reciprocity(
        received=_sorted_names(repo, recipient_ids),
        lent=tuple(sorted(
            (Lender(authority_name(repo, a), tuple(lent_to.get(a, ())), y.received[a])
             for a in y.lenders),
            key=lambda lender: lender.authority)),
        received_and_lent=_sorted_names(repo, recipient_ids & y.lenders),
        lent_only=_sorted_names(repo, y.lenders - recipient_ids),
        received_only=_sorted_names(repo, recipient_ids - y.lenders),
        partners=tuple(sorted(
            (Partner(authority_name(repo, a), tuple(v)) for a, v in partner_of.items()),
            key=lambda partner: partner.authority)),
        lender_packages_recorded=bool(lent_to),
    )


def _by_status(y: _Year) -> tuple[Count, ...]:
    """Packages of support by status, in the lifecycle's order, with how many are readings."""
    return tuple(
        Count(status_label(s), len(found), sum(y.views[p.id].reading for p in found))
        for s in STATUS_ORDER if s is not Status.INTEREST
        for found in [[p for p in y.packages if p.status is s]] if found)


def _by_area(support: list[Package]) -> tuple[Count, ...]:
    """Packages of support by area (one with none under NO_AREA), with how many are readings."""
    area_labels = [AREA_LABELS[a] for p in support for a in p.areas]
    area_labels += [NO_AREA for p in support if not p.areas]
    return tuple(Count(c.label, c.value, sum(
        ReadField.AREAS in p.readings for p in support
        for a in p.areas if AREA_LABELS[a] == c.label))
        for c in _counts(area_labels, [*AREA_LABELS.values(), NO_AREA]))


def _figures(y: _Year, quotes: int) -> Figures:
    """The year's counts, as its report's figures and charts give them."""
    support = counting.packages_of_support(y.packages)
    interests = len(counting.expressions_of_interest(y.packages))
    views = y.views.values()
    return Figures(
        packages=len(y.packages) - interests, interests=interests,
        readings=sum(v.reading for v in views),
        with_impact=sum(has_impact(v) for v in views), quotes=quotes,
        authorities=y.head.authorities, engaged=len(y.head.engaged),
        not_engaged=len(y.head.not_engaged), recipients=len(y.head.recipients),
        sme_lenders=len(y.head.sme_lenders),
        by_status=_by_status(y),
        by_area=_by_area(support),
        by_kind=_counts((kind_label(k) for p in support for k in p.kinds),
                        (kind_label(k) for k in Kind)),
        per_authority=tuple(Count(a.name, y.received[a.id], y.read_received[a.id])
                            for a in y.in_year),
    )


def _source(year: ProgrammeYear) -> SourceView | None:
    source = year.source
    return SourceView(source.title, date_label(source.date), tuple(source.authors),
                      source.status or "") if source else None


def _narrative(sections: dict[str, str]) -> Sections:
    """The year's narrative sections by slug, each whole and in paragraphs."""
    return Sections({slug.replace("-", "_"): Section(narrative_markdown(text),
                                                     tuple(map(narrative_markdown,
                                                               paragraphs(text))))
                     for slug, text in sections.items()})


def _due(repo: Register, year: ProgrammeYear) -> tuple[str, ...]:
    """The previous year's sentences (its limitations) on work due in this year."""
    earlier = [y for y in repo.years.values() if y.id < year.id]
    before = max(earlier, key=lambda y: y.id) if earlier else None
    return tuple(sentence for text in (before.limitations if before else ())
                 for sentence in sentences(text) if names_year(sentence, year.id))


def _internal(y: _Year) -> tuple[tuple[str, ...], tuple[PackageNote, ...]]:
    """The team's report only: the year's notes and each package's."""
    return note_paragraphs(y.year.notes), tuple(
        PackageNote(p.id, p.title, note_paragraphs(p.notes)) for p in y.packages if p.notes)


def year_view(repo: Register, year: ProgrammeYear, internal: bool = False) -> YearView:
    """The year as a report sees it; record notes only when `internal` (the team's report).
    A package over several years belongs to each of them."""
    y = _year_data(repo, year, internal)
    quotes = published_quotes(repo, year)
    sections = repo.narratives.get(year.id, {})
    headings = repo.narrative_headings.get(year.id, {})
    notes, package_notes = _internal(y) if internal else ((), ())
    return YearView(
        id=year.id, span=year_span(year.id), label=year.label, title=year.title or "",
        source=_source(year),
        timeline=tuple(EventView(date_label(e.when), e.what) for e in year.timeline),
        design_principles=tuple(i.text for i in year.design_principles),
        approach=tuple(year.approach),
        sme_lending_authorities=_sorted_names(repo, y.lenders),
        learning_themes=tuple(Theme(t.title, t.text or "") for t in year.learning_themes),
        limitations=tuple(year.limitations), quotes=quotes,
        national_context=tuple(year.national_context),
        main_areas=tuple(i.text for i in year.main_areas),
        priorities=priority_views(year),
        success_measures=tuple(i.text for i in year.success_measures),
        funding_proposals=tuple(year.funding_proposals),
        notes=notes,
        narrative=_narrative(sections),
        sections=tuple(NarrativeSection(slug, headings.get(slug, ""), demote(text))
                       for slug, text in sections.items()),
        status_rule=year.status_rule or "",
        figures=_figures(y, len(quotes)),
        packages=_packages(y),
        impact=tuple(v for v in y.views.values() if has_impact(v)),
        package_notes=package_notes,
        summary=_summary(y), coverage=_coverage(y), reciprocity=_reciprocity(y),
        read_fields=read_fields(y.views.values()),
        due=_due(repo, year),
    )
