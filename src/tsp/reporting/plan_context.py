"""What a report shows of the plan and of evidence: "Progress against the plan" for a year's
report, and each package's published evidence. Computed by tsp.plan; templates get frozen
dataclasses of strings and numbers (the habit of views.py), never the records.

Only evidence a report may publish reaches these views: outputs, outcomes and milestones
(facts), and feedback whose giver agreed to its publication.
"""

from __future__ import annotations

from dataclasses import dataclass

from tsp.counting import is_package
from tsp.models import Package, ProgrammeYear, Status
from tsp.plan import Plan, Totals, build_plan, money
from tsp.register import Register
from tsp.reporting.labels import date_label, status_label, year_span
from tsp.reporting.views import Count

KIND_LABELS = {"output": "Output", "outcome": "Outcome", "feedback": "Feedback",
               "milestone": "Milestone"}


@dataclass(frozen=True)
class EvidenceView:
    """One published entry of a package's evidence log."""

    when: str  # e.g. 15 September 2026
    kind: str  # Output, Outcome, Feedback or Milestone
    text: str
    is_feedback: bool
    source: str
    package: str  # the package's title
    authorities: tuple[str, ...]


@dataclass(frozen=True)
class PriorityProgress:
    """A priority group: how many of its items a package serves, and which packages."""

    title: str
    packages: tuple[str, ...]  # titles of the packages serving the group or its items
    items: int
    items_served: int
    unserved: tuple[str, ...]  # the texts of its items no package serves yet


@dataclass(frozen=True)
class MeasureProgress:
    text: str
    packages: int  # packages working towards it
    evidence: tuple[EvidenceView, ...]  # its published evidence, oldest first


@dataclass(frozen=True)
class MoneyRow:
    label: str  # a year (2026–27) or an authority
    proposed: str
    committed: str
    spent: str
    total: str


@dataclass(frozen=True)
class LenderProgress:
    authority: str
    packages: tuple[str, ...]
    people: str  # "" where no record says
    days: str
    also_received: bool


@dataclass(frozen=True)
class PlanProgress:
    """"Progress against the plan", as the register's figures."""

    year: str  # 2026–27
    packages: int
    groups: tuple[PriorityProgress, ...]
    items: int
    items_served: int
    in_several_groups: bool  # whether a package serves more than one group
    untied: tuple[str, ...]  # titles of packages tied to no priority
    measures: tuple[MeasureProgress, ...]
    by_status: tuple[Count, ...]  # packages of support: expressions of interest apart
    interests: int  # expressions of interest, counted apart from packages (as the figures do)
    funding_by_year: tuple[MoneyRow, ...]
    funded: bool  # whether any package of the year records money
    lenders: tuple[LenderProgress, ...]


def _money_row(label: str, t: Totals) -> MoneyRow:
    return MoneyRow(label, money(t.proposed), money(t.committed), money(t.spent), money(t.total))


def evidence_view(register: Register, package: Package, index: int) -> EvidenceView:
    e = package.evidence[index]
    return EvidenceView(
        when=date_label(e.on.isoformat()), kind=KIND_LABELS[str(e.kind)], text=e.text,
        is_feedback=str(e.kind) == "feedback", source=e.source or "", package=package.title,
        authorities=tuple(register.authorities[a].name if a in register.authorities else a
                          for a in e.authorities))


def published_evidence(register: Register, package: Package) -> tuple[EvidenceView, ...]:
    """The package's evidence a report may show, oldest first."""
    order = sorted(range(len(package.evidence)), key=lambda i: package.evidence[i].on)
    return tuple(evidence_view(register, package, i) for i in order
                 if package.evidence[i].published)


def _groups(plan: Plan, unserved: set[str]) -> tuple[PriorityProgress, ...]:
    """Each priority group: the packages serving it, and how many of its items are served."""
    groups = []
    rows = plan.priorities
    for index, row in enumerate(rows):
        if not row.is_group:
            continue
        items = [r for r in rows[index + 1:] if not r.is_group and r.group == row.id]
        groups.append(PriorityProgress(
            title=row.text, packages=tuple(p.title for p in row.packages if is_package(p)),
            items=len(items),
            items_served=sum(1 for r in items if r.id not in unserved),
            unserved=tuple(r.text for r in items if r.id in unserved)))
    return tuple(groups)


def _measures(register: Register, plan: Plan) -> tuple[MeasureProgress, ...]:
    """Each success measure: how many packages work towards it, and its published evidence."""
    measures = []
    for m in plan.measures:
        published = sorted(
            ((p, i) for p in plan.packages for i, e in enumerate(p.evidence)
             if m.id in e.measures and e.published),
            key=lambda pi: (pi[0].evidence[pi[1]].on, pi[0].id))
        measures.append(MeasureProgress(
            m.text, sum(1 for p in plan.packages if m.id in p.success_measures),
            tuple(evidence_view(register, p, i) for p, i in published)))
    return tuple(measures)


def _lenders(register: Register, plan: Plan) -> tuple[LenderProgress, ...]:
    """The authorities lending staff, by name: to which packages, how many people and days."""
    recipients = {a for p in plan.packages for a in p.recipients}
    names = {a.id: a.name for a in register.authorities.values()}
    lenders = (
        LenderProgress(names.get(s.authority, s.authority), tuple(p.title for p in s.packages),
                       str(s.people) if s.people is not None else "",
                       f"{s.days.normalize():f}" if s.days is not None else "",
                       s.authority in recipients)
        for s in plan.sme)
    return tuple(sorted(lenders, key=lambda lender: lender.authority))


def plan_progress(register: Register, year: ProgrammeYear) -> PlanProgress:
    """The year's plan (tsp.plan.build_plan) as its report shows it."""
    plan: Plan = build_plan(register, year)
    unserved = {r.id for r in plan.uncovered}  # expressions of interest serve no priority
    groups = _groups(plan, unserved)
    all_items = [r for r in plan.priorities if not r.is_group]
    return PlanProgress(
        year=year_span(year.id), packages=len(plan.support), groups=groups,
        items=len(all_items), items_served=sum(1 for r in all_items if r.id not in unserved),
        in_several_groups=sum(len(g.packages) for g in groups) > len(
            {p for g in groups for p in g.packages}),
        untied=tuple(p.title for p in plan.untied), measures=_measures(register, plan),
        by_status=tuple(Count(status_label(s), n) for s, n in plan.by_status
                        if isinstance(s, Status) and s is not Status.INTEREST),
        interests=sum(n for s, n in plan.by_status if s is Status.INTEREST),
        funding_by_year=tuple(_money_row(year_span(y), t) for y, t in plan.funding_by_year),
        funded=any(p.funding for p in plan.packages),
        lenders=_lenders(register, plan),
    )
