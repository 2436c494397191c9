"""Checks of the Year 2 plan: plan ids, packages tied to their year's plan, the years a
package spans, its funding, evidence and SME contributions."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from tsp.models import Package, ProgrammeYear
from tsp.problems import Problem, Severity, did_you_mean

from tsp.kinds import RecordKind
from tsp.register import Register

PACKAGE, YEAR, AUTHORITY = RecordKind.PACKAGE, RecordKind.YEAR, RecordKind.AUTHORITY


class _Ids:
    """Each year's priority and measure ids, computed once for all the packages."""

    def __init__(self, repo: Register) -> None:
        self.of: dict[str, dict[str, dict[str, str]]] = {
            y.id: {"priority_ids": y.priority_ids(), "measure_ids": y.measure_ids()}
            for y in repo.years.values()}

    def __call__(self, year: ProgrammeYear, ids_of: str) -> dict[str, str]:
        return self.of[year.id][ids_of]


def check(repo: Register) -> list[Problem]:
    out: list[Problem] = []
    ids = _Ids(repo)
    for year in sorted(repo.years.values(), key=lambda y: y.id):
        out += _plan_ids(repo, year)
    for package in sorted(repo.packages.values(), key=lambda p: p.id):
        # Most packages name no plan, money or evidence: nothing here to check (this keeps
        # tsp validate of a national register of 10,000 packages from paying for the plan).
        if not (len(package.years) > 1 or package.priorities or package.success_measures
                or package.funding or package.evidence or package.sme_contributions):
            continue
        out += _years(repo, package)
        out += _plan_refs(repo, package, ids)
        out += _funding(repo, package)
        out += _evidence(repo, package, ids)
        out += _sme_contributions(repo, package)
    return out


def _plan_ids(repo: Register, year: ProgrammeYear) -> list[Problem]:
    out: list[Problem] = []
    first: dict[str, str] = {}
    for kind, loc, plan_id, _text in year.plan():
        if plan_id in first:
            out.append(repo.problem_at(
                YEAR, year.id, loc,
                f"plan id '{plan_id}' ({kind}) is also the id of a {first[plan_id]} of this "
                "year; ids in a year's plan must be unique (give one of them another id)",
                code="duplicate-id"))
        first.setdefault(plan_id, kind)
    return out


def _years(repo: Register, package: Package) -> list[Problem]:
    """Later years of a package must be recorded, or come after every recorded year (the
    first year must be recorded: the check of `year` says so)."""
    out: list[Problem] = []
    latest = max(repo.years) if repo.years else ""
    for index, year_id in enumerate(package.years[1:], start=1):
        if year_id in repo.years or (YEAR, year_id) in repo.broken or year_id > latest:
            continue
        out.append(repo.problem_at(
            PACKAGE, package.id, ("years", index),
            f"years: {year_id} has no record in data/years/ and is not after the last "
            f"recorded year ({latest}); list recorded years or later ones",
        ))
    return out


def _ids_elsewhere(repo: Register, package: Package, wanted: str, ids_of: str,
                   ids: _Ids) -> list[str]:
    return [y.id for y in sorted(repo.years.values(), key=lambda y: y.id)
            if y.id not in package.years and wanted in ids(y, ids_of)]


def _plan_refs(repo: Register, package: Package, ids: _Ids) -> list[Problem]:
    out: list[Problem] = []
    years = [repo.years[y] for y in package.years if y in repo.years]
    if not years:
        return out  # the year's own problem is reported; nothing to check against
    span = ", ".join(package.years)
    for field, ids_of, what, other_field, other_ids in (
        ("priorities", "priority_ids", "priority", "success_measures", "measure_ids"),
        ("success_measures", "measure_ids", "success measure", "priorities", "priority_ids"),
    ):
        known: dict[str, str] = {}
        for year in years:
            known.update(ids(year, ids_of))
        seen: set[str] = set()
        for index, ref in enumerate(getattr(package, field)):
            if ref in seen:
                out.append(repo.problem_at(
                    PACKAGE, package.id, (field, index),
                    f"{field}: '{ref}' is listed twice; list each {what} once",
                    severity=Severity.WARNING, code="duplicate-entry"))
            seen.add(ref)
            if ref in known:
                continue
            if any(ref in ids(y, other_ids) for y in years):
                other = "success measure" if what == "priority" else "priority"
                message = (f"{field}: '{ref}' is a {other} of {span}, not a {what}; list it "
                           f"under {other_field}")
            elif elsewhere := _ids_elsewhere(repo, package, ref, ids_of, ids):
                message = (f"{field}: '{ref}' is a {what} of {', '.join(elsewhere)}, not of "
                           f"this package's year ({span})")
            else:
                hint = did_you_mean(ref, known) or (
                    f"; the {what} ids of {span} are listed by tsp plan {package.years[0]}"
                    if known else f"; {span} has no {what} ids in its plan")
                message = f"{field}: unknown {what} '{ref}' for {span}{hint}"
            out.append(repo.problem_at(PACKAGE, package.id, (field, index), message,
                                       code="plan-reference"))
    return out


def _funding(repo: Register, package: Package) -> list[Problem]:
    out: list[Problem] = []
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for index, entry in enumerate(package.funding):
        if entry.year not in package.years:
            out.append(repo.problem_at(
                PACKAGE, package.id, ("funding", index, "year"),
                f"funding for {entry.year}, a year the package does not run in "
                f"({', '.join(package.years)}); correct the year, or add it to years",
                code="funding-year"))
            continue
        if entry.paid_to is not None and entry.paid_to not in repo.authorities and (
                AUTHORITY, entry.paid_to) not in repo.broken:
            out.append(repo.problem_at(
                PACKAGE, package.id, ("funding", index, "paid_to"),
                f"funding paid_to: unknown authority '{entry.paid_to}'"
                f"{did_you_mean(entry.paid_to, repo.authorities)}"))
        totals[entry.year] += entry.amount
    for year_id, total in sorted(totals.items()):
        year = repo.years.get(year_id)
        cap = year.funding_rules.cap_per_package if year and year.funding_rules else None
        if cap is not None and total > cap:
            index = next(i for i, f in enumerate(package.funding) if f.year == year_id)
            out.append(repo.problem_at(
                PACKAGE, package.id, ("funding", index),
                f"funding for {year_id} comes to £{total:,.2f}, over that year's cap of "
                f"£{cap:,.2f} per package", severity=Severity.WARNING, code="over-cap"))
    return out


def _evidence(repo: Register, package: Package, ids: _Ids) -> list[Problem]:
    out: list[Problem] = []
    years = [repo.years[y] for y in package.years if y in repo.years]
    measures: dict[str, str] = {}
    for year in years:
        measures.update(ids(year, "measure_ids"))
    span = ", ".join(package.years)
    for index, entry in enumerate(package.evidence):
        for ref_index, ref in enumerate(entry.measures):
            if years and ref not in measures:
                elsewhere = _ids_elsewhere(repo, package, ref, "measure_ids", ids)
                why = (f" is a success measure of {', '.join(elsewhere)}, not of {span}"
                       if elsewhere else f" is not a success measure of {span}"
                       f"{did_you_mean(ref, measures)}")
                out.append(repo.problem_at(
                    PACKAGE, package.id, ("evidence", index, "measures", ref_index),
                    f"evidence {entry.on}: '{ref}'{why}", code="plan-reference"))
        for ref_index, ref in enumerate(entry.authorities):
            if ref not in repo.authorities and (AUTHORITY, ref) not in repo.broken:
                out.append(repo.problem_at(
                    PACKAGE, package.id, ("evidence", index, "authorities", ref_index),
                    f"evidence {entry.on}: unknown authority '{ref}'"
                    f"{did_you_mean(ref, repo.authorities)}"))
        if entry.kind != "feedback" and (entry.publish or entry.consent):
            out.append(repo.problem_at(
                PACKAGE, package.id, ("evidence", index, "publish" if entry.publish
                                         else "consent"),
                f"evidence {entry.on}: publish and consent are for feedback; "
                f"{'an' if str(entry.kind)[0] in 'aeiou' else 'a'} {entry.kind} is a fact "
                "and appears in reports without them",
                severity=Severity.WARNING, code="evidence-publish"))
        elif entry.publish and not entry.consent:
            out.append(repo.problem_at(
                PACKAGE, package.id, ("evidence", index, "publish"),
                f"evidence {entry.on}: feedback cleared for publication without saying how "
                "(add consent: e.g. 'Agreed by email, 2026-05-02')",
                severity=Severity.WARNING, code="evidence-consent"))
    return out


def _sme_contributions(repo: Register, package: Package) -> list[Problem]:
    out: list[Problem] = []
    for index, entry in enumerate(package.sme_contributions):
        if entry.authority not in repo.authorities and (
                AUTHORITY, entry.authority) not in repo.broken:
            out.append(repo.problem_at(
                PACKAGE, package.id, ("sme_contributions", index, "authority"),
                f"sme_contributions: unknown authority '{entry.authority}'"
                f"{did_you_mean(entry.authority, repo.authorities)}"))
        elif entry.authority not in package.sme_lenders:
            out.append(repo.problem_at(
                PACKAGE, package.id, ("sme_contributions", index, "authority"),
                f"sme_contributions: {entry.authority} is not in sme_lenders; add it there "
                "too, so lists and reports count it", severity=Severity.WARNING,
                code="sme-contribution"))
    return out
