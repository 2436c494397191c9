"""Pure questions about a year's plan: which packages serve each priority, what evidence each
success measure has, and what money is proposed, committed and spent. Nothing here prints.

`tsp plan`, `tsp list --priority/--measure/--funded`, `tsp changes` and the Year 2 report's
"Progress against the plan" all ask these questions, so they give the same answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tsp.counting import (expressions_of_interest, packages_of_support,
                          priorities_with_no_package, sort_key)
from tsp.errors import NotFound
from tsp.models import Evidence, FundingStatus, Package, ProgrammeYear, Status
from tsp.problems import suggest

if TYPE_CHECKING:
    from tsp.register import Register

ZERO = Decimal("0")


def money(amount: Decimal) -> str:
    """£12,500.00: pounds and pence, with thousands separated."""
    return f"£{amount:,.2f}"


@dataclass(frozen=True)
class Totals:
    """Money by status; `total` is all three together."""

    proposed: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.proposed + self.committed + self.spent

    def __add__(self, other: Totals) -> Totals:
        return Totals(self.proposed + other.proposed, self.committed + other.committed,
                      self.spent + other.spent)

    def as_dict(self) -> dict[str, str]:
        return {"proposed": str(self.proposed), "committed": str(self.committed),
                "spent": str(self.spent), "total": str(self.total)}


def totals(package: Package, year_id: str | None = None) -> Totals:
    """The package's funding (in one year, if given), by status."""
    amounts: dict[FundingStatus, Decimal] = {s: ZERO for s in FundingStatus}
    for entry in package.funding_for(year_id):
        amounts[entry.status] += entry.amount
    return Totals(amounts[FundingStatus.PROPOSED], amounts[FundingStatus.COMMITTED],
                  amounts[FundingStatus.SPENT])


def serves(package: Package, year: ProgrammeYear, priority_id: str) -> bool:
    """Whether the package serves a priority: the item itself, or for a group, the group or
    any item in it."""
    if priority_id in package.priorities:
        return True
    group = next((g for g in year.priorities if g.id == priority_id), None)
    return group is not None and any(i.id in package.priorities for i in group.items)


def packages_in(register: Register, year_id: str) -> list[Package]:
    """The packages that run in a year (a package over several years runs in each)."""
    return sorted((p for p in register.packages.values() if year_id in p.years), key=sort_key)


# --- the plan of one year --------------------------------------------------------------------


@dataclass(frozen=True)
class PriorityRow:
    id: str
    text: str
    group: str  # the group's id (a group's own row has its own id here)
    is_group: bool
    packages: tuple[Package, ...]

    @property
    def authorities(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for p in self.packages for a in p.recipients))


@dataclass(frozen=True)
class MeasureRow:
    id: str
    text: str
    packages: tuple[Package, ...]  # packages that work towards it
    evidence: tuple[tuple[Package, Evidence], ...]  # entries for it, oldest first
    counting_rules: tuple[str, ...] = ()  # titles of the counting rules that show it

    @property
    def latest(self) -> tuple[Package, Evidence] | None:
        return self.evidence[-1] if self.evidence else None


@dataclass(frozen=True)
class Plan:
    year: ProgrammeYear
    packages: tuple[Package, ...]
    priorities: tuple[PriorityRow, ...]  # each group, then its items
    measures: tuple[MeasureRow, ...]
    untied: tuple[Package, ...]  # packages of the year tied to no priority
    by_status: tuple[tuple[Status, int], ...]
    funding_by_year: tuple[tuple[str, Totals], ...]  # this year's packages, every year they run
    funding_by_authority: tuple[tuple[str, Totals], ...]  # this year's money, by recipient
    paid_to: tuple[tuple[str, Totals], ...]  # funded capacity: money to an authority itself
    funding: Totals  # this year's money for this year's packages
    sme: tuple[SmeRow, ...] = ()

    @property
    def uncovered(self) -> tuple[PriorityRow, ...]:
        """The priorities with no package (tsp.counting), in the plan's order."""
        ids = set(priorities_with_no_package(self.year, self.packages))
        return tuple(row for row in self.priorities if row.id in ids and (
            not row.is_group or not any(r.group == row.id and not r.is_group
                                        for r in self.priorities)))

    @property
    def support(self) -> tuple[Package, ...]:
        """The year's packages of support: expressions of interest apart (tsp.counting)."""
        return tuple(packages_of_support(self.packages))

    @property
    def interests(self) -> tuple[Package, ...]:
        return tuple(expressions_of_interest(self.packages))


def build_plan(register: Register, year: ProgrammeYear) -> Plan:
    packages = packages_in(register, year.id)
    plan_ids = set(year.priority_ids())
    statuses = Counter(p.status for p in packages)
    by_year, by_authority, paid_to = _money(packages, year.id)
    return Plan(
        year=year, packages=tuple(packages), **_rows(register, year, packages),
        untied=tuple(p for p in packages if not set(p.priorities) & plan_ids),
        by_status=tuple((s, statuses[s]) for s in Status if statuses[s]),
        funding_by_year=tuple(sorted(by_year.items())),
        funding_by_authority=tuple(sorted(by_authority.items())),
        paid_to=tuple(sorted(paid_to.items())),
        funding=sum((totals(p, year.id) for p in packages), Totals()),
        sme=_sme(packages),
    )


def _rows(register: Register, year: ProgrammeYear, packages: list[Package]
          ) -> dict[str, Any]:
    """The plan's priority rows and success measure rows (Plan's `priorities`, `measures`)."""
    # One pass over the packages, indexed by plan id, not one pass per priority: a national
    # register has thousands of packages in a year.
    order = {p.id: index for index, p in enumerate(packages)}
    naming: dict[str, list[Package]] = {}
    evidence_for: dict[str, list[tuple[Package, Evidence]]] = {}
    towards: dict[str, list[Package]] = {}
    for p in packages:
        for plan_id in dict.fromkeys(p.priorities):
            naming.setdefault(plan_id, []).append(p)
        measured = set(p.success_measures)
        for e in p.evidence:
            for m in dict.fromkeys(e.measures):
                evidence_for.setdefault(m, []).append((p, e))
            measured.update(e.measures)
        for m in measured:
            towards.setdefault(m, []).append(p)

    def in_order(found: Iterable[Package]) -> tuple[Package, ...]:
        return tuple(sorted({p.id: p for p in found}.values(), key=lambda p: order[p.id]))

    rows: list[PriorityRow] = []
    for group in year.priorities:
        ids = [group.id, *(i.id for i in group.items)]
        rows.append(PriorityRow(group.id, group.title, group.id, True,
                                in_order(p for i in ids for p in naming.get(i, []))))
        rows.extend(PriorityRow(item.id, item.text, group.id, False,
                                in_order(naming.get(item.id, [])))
                    for item in group.items)
    measures = [
        MeasureRow(m.id, m.text, in_order(towards.get(m.id, [])),
                   tuple(sorted(evidence_for.get(m.id, []), key=lambda pe: (pe[1].on, pe[0].id))),
                   tuple(register.measures[r].title if r in register.measures else r
                         for r in m.counting_rules))
        for m in year.success_measures
    ]
    return {"priorities": tuple(rows), "measures": tuple(measures)}


def _money(packages: list[Package], year_id: str
           ) -> tuple[dict[str, Totals], dict[str, Totals], dict[str, Totals]]:
    """The year's packages' money: by the years it is for, by recipient (this year's), and
    by whom it was paid to."""
    by_year: dict[str, Totals] = {}
    for p in packages:
        for other in p.years:
            by_year[other] = by_year.get(other, Totals()) + totals(p, other)
    by_authority: dict[str, Totals] = {}
    paid_to: dict[str, Totals] = {}
    for p in packages:
        this_year = totals(p, year_id)
        if this_year.total:
            for authority in dict.fromkeys(p.recipients):
                by_authority[authority] = by_authority.get(authority, Totals()) + this_year
        for entry in p.funding_for(year_id):
            if entry.paid_to:
                one = Totals(**{str(entry.status): entry.amount})
                paid_to[entry.paid_to] = paid_to.get(entry.paid_to, Totals()) + one
    return by_year, by_authority, paid_to


@dataclass(frozen=True)
class SmeRow:
    """One lending authority: the packages it lent staff to, and people and days where the
    records give them (None when none does)."""

    authority: str
    packages: tuple[Package, ...]
    people: int | None
    days: Decimal | None


def _sme(packages: Iterable[Package]) -> tuple[SmeRow, ...]:
    lent: dict[str, list[Package]] = {}
    people: dict[str, list[int]] = {}
    days: dict[str, list[Decimal]] = {}
    for p in packages:
        for lender in dict.fromkeys(p.sme_lenders):
            lent.setdefault(lender, []).append(p)
        for c in p.sme_contributions:
            if c.people is not None:
                people.setdefault(c.authority, []).append(c.people)
            if c.days is not None:
                days.setdefault(c.authority, []).append(c.days)
    return tuple(
        SmeRow(a, tuple(ps), sum(people[a]) if a in people else None,
               sum(days[a], ZERO) if a in days else None)
        for a, ps in sorted(lent.items()))


# --- ids typed at the command line -------------------------------------------------------------


def resolve_plan_id(register: Register, typed: str, what: str,
                    years: Iterable[str] = ()) -> str:
    """A priority or success measure id from what someone typed: the id, or the start of
    exactly one id (they are long). `years` narrows the search to those years' plans."""
    wanted = typed.strip().lower()
    chosen = [register.years[y] for y in years if y in register.years] or list(
        register.years.values())
    ids: dict[str, str] = {}
    for year in chosen:
        ids.update(year.priority_ids() if what == "priority" else year.measure_ids())
    if wanted in ids:
        return wanted
    starting = [i for i in ids if i.startswith(wanted)] if wanted else []
    if len(starting) == 1:
        return starting[0]
    close = starting[:5] or suggest(wanted, ids)
    where = f" of {', '.join(y.id for y in chosen)}" if years else ""
    elsewhere = [y.id for y in sorted(register.years.values(), key=lambda y: y.id)
                 if wanted in (y.priority_ids() if what == "priority" else y.measure_ids())]
    if elsewhere:
        raise NotFound(f"'{typed}' is a {what} of {', '.join(elsewhere)}, not{where}.")
    raise NotFound(f"No {what}{where} has the id '{typed}' (tsp plan lists them).", close)


def plan_figures(register: Register, year_id: str) -> dict[str, object]:
    """The plan's figures for one year, as `tsp changes` compares them across commits:
    packages per priority group, priorities with none, evidence, and money by status."""
    year = register.years.get(year_id)
    packages = packages_in(register, year_id)
    figures: dict[str, object] = {}
    if year is not None:
        for group in year.priorities:
            figures[f"packages for {group.title}"] = sum(
                1 for p in packages_of_support(packages) if serves(p, year, group.id))
        if year.priorities:
            figures["priorities with no package"] = len(
                priorities_with_no_package(year, packages))
        if year.success_measures:
            measures = set(year.measure_ids())
            figures["evidence entries for the success measures"] = sum(
                1 for p in packages for e in p.evidence if measures & set(e.measures))
    t = sum((totals(p, year_id) for p in packages), Totals())
    for status in ("proposed", "committed", "spent"):
        figures[f"funding {status}"] = money(getattr(t, status))
    return figures
