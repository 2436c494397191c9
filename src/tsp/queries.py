"""Pure questions over a Register: filters, profiles and coverage. Nothing here prints."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from tsp.counting import expressions_of_interest, is_funded, packages_of_support, sort_key
from tsp.errors import NotFound
from tsp.problems import did_you_mean, suggest
from tsp.models import Area, Authority, Kind, Package, ProgrammeYear, Quote, Role, Status
from tsp.register import Register


@dataclass(frozen=True)
class PackageRow:
    package: Package
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True)
class PackageFilter:
    authority: str | None = None  # an authority id, already resolved
    years: tuple[str, ...] = ()
    statuses: tuple[Status, ...] = ()
    areas: tuple[Area, ...] = ()
    themes: tuple[str, ...] = ()
    kinds: tuple[Kind, ...] = ()
    roles: tuple[Role, ...] = ()
    # Plan ids, already resolved; a priority group stands for itself and each of its items.
    priorities: frozenset[str] = frozenset()
    measures: frozenset[str] = frozenset()
    funded: bool | None = None  # True: money committed or spent; False: none yet

    def matches(self, package: Package) -> bool:
        return (self._in_plan(package) and self._funded_as_asked(package)
                and self._described(package) and self._with_authority(package))

    def _in_plan(self, package: Package) -> bool:
        """It serves one of the priorities asked for, and works towards (or has evidence
        for) one of the success measures asked for."""
        if self.priorities and not self.priorities & set(package.priorities):
            return False
        return not self.measures or bool(self.measures & (set(package.success_measures) | {
            m for e in package.evidence for m in e.measures}))

    def _funded_as_asked(self, package: Package) -> bool:
        if self.funded is None:
            return True
        funded = (any(is_funded(package, y) for y in self.years) if self.years
                  else is_funded(package))
        return funded is self.funded

    def _described(self, package: Package) -> bool:
        """Its years, status, areas, themes and kinds are among those asked for."""
        wanted = ((self.years, package.years), (self.areas, package.areas),
                  (self.themes, package.themes), (self.kinds, package.kinds))
        if any(asked and not set(asked) & set(has) for asked, has in wanted):
            return False
        return not self.statuses or package.status in self.statuses

    def _with_authority(self, package: Package) -> bool:
        """The authority asked for has a role in it (one of the roles asked for)."""
        if self.authority is None:
            return True
        roles = package.roles_of(self.authority)
        return bool(roles) and not (self.roles and not set(self.roles) & set(roles))


def status_on(package: Package, day: dt.date) -> Status | None:
    """The package's status on `day` by its own dated status changes (status_history), or
    None when the record dates none on or before that day (its status then is not recorded,
    whatever it is now)."""
    current = None
    for change in sorted(package.status_history, key=lambda c: c.on):
        if change.on > day:
            break
        current = change.status
    return current


def filter_packages(repo: Register, criteria: PackageFilter) -> list[PackageRow]:
    rows = []
    for package in sorted(repo.packages.values(), key=sort_key):
        if criteria.matches(package):
            roles = tuple(package.roles_of(criteria.authority)) if criteria.authority else ()
            rows.append(PackageRow(package, roles))
    return rows


def find_package(repo: Register, package_id: str) -> Package:
    if package_id in repo.packages:
        return repo.packages[package_id]
    close = suggest(package_id, repo.packages)
    close += [p for p in sorted(repo.packages) if package_id in p and p not in close][:3]
    raise NotFound(f"No package has the id '{package_id}' (tsp list shows them all).", close)


def _year_key(text: str) -> str:
    """'Year 1', 'year1', 'Y1' and '1' fold to '1'; '2025/26' and '2025-2026' to '2025-26'."""
    folded = re.sub(r"\s+", "", text.lower())
    match = re.fullmatch(r"(\d{4})[-/](\d{4}|\d{2})", folded)
    if match:
        return f"{match.group(1)}-{match.group(2)[-2:]}"
    return re.sub(r"^(year|yr|y)(?=\d)", "", folded)


def find_year(repo: Register, text: str) -> ProgrammeYear:
    """A year by id (2025-26, 2025/26), label (Year 1, year1) or number (1)."""
    wanted = _year_key(text)
    for year in sorted(repo.years.values(), key=lambda y: y.id):
        if wanted in (year.id, _year_key(year.label)):
            return year
    options = [f"{y.id} ({y.label})" for y in sorted(repo.years.values(), key=lambda y: y.id)]
    raise NotFound(f"No programme year '{text}'. Known years: {', '.join(options) or 'none'}.")


def unknown_values(repo: Register, *, themes: tuple[str, ...] = ()) -> list[str]:
    """Hints for filter values no package has, e.g. a misspelt theme."""
    known = sorted({t for p in repo.packages.values() for t in p.themes})
    hints = []
    for theme in themes:
        if theme not in known:
            hints.append(f"No package has the theme '{theme}'"
                         f"{did_you_mean(theme, known, cutoff=0.6)}")
    return hints


def reorganisation_status(authority: Authority, today: dt.date) -> str:
    reorg = authority.reorganisation
    if authority.starts_on and today < authority.starts_on:
        return f"starts on {authority.starts_on.isoformat()}"
    if reorg is None:
        proposed = authority.proposed_reorganisation
        if proposed is None:
            return "no reorganisation recorded"
        text = f"proposed, not yet decided: {proposed.proposal}"
        if proposed.consulted:
            text += f", consulted on in {proposed.consulted}"
        if proposed.expected_from:
            text += f"; new councils expected from {proposed.expected_from}"
        return text
    successors = ", ".join(reorg.successors) or "successors not recorded"
    verb = "ended" if today > reorg.ends_on else "ends"
    return f"{verb} on {reorg.ends_on.isoformat()}; succeeded by {successors}"


@dataclass
class AuthorityProfile:
    authority: Authority
    received: list[Package] = field(default_factory=list)
    partnered: list[Package] = field(default_factory=list)
    smes_lent_to: list[Package] = field(default_factory=list)
    sme_lending_years: list[ProgrammeYear] = field(default_factory=list)
    quotes: list[tuple[ProgrammeYear, Quote]] = field(default_factory=list)
    successors_of: list[Authority] = field(default_factory=list)

    @property
    def packages_received(self) -> list[Package]:
        """The packages of support it receives: expressions of interest apart (tsp.counting)."""
        return packages_of_support(self.received)

    @property
    def interests(self) -> list[Package]:
        """The expressions of interest it is a recipient of."""
        return expressions_of_interest(self.received)

    @property
    def packages_partnered(self) -> list[Package]:
        return packages_of_support(self.partnered)

    @property
    def engaged(self) -> bool:
        return bool(self.received or self.partnered or self.smes_lent_to
                    or self.sme_lending_years)


def authority_profile(repo: Register, authority: Authority) -> AuthorityProfile:
    profile = AuthorityProfile(authority)
    for package in sorted(repo.packages.values(), key=sort_key):
        roles = package.roles_of(authority.id)
        if Role.RECIPIENT in roles:
            profile.received.append(package)
        if Role.PARTNER in roles:
            profile.partnered.append(package)
        if Role.SME_LENDER in roles:
            profile.smes_lent_to.append(package)
    for year in sorted(repo.years.values(), key=lambda y: y.id):
        if authority.id in year.sme_lending_authorities:
            profile.sme_lending_years.append(year)
        for quote in year.quotes:
            if quote.publish and authority.id in quote.authorities:
                profile.quotes.append((year, quote))
    profile.successors_of = [a for a in repo.authorities.values()
                             if authority.id in a.predecessors]
    return profile


def engaged_authority_ids(repo: Register, year: str | None = None) -> set[str]:
    """Authorities named in a package (any role) of the year, or of any year."""
    ids: set[str] = set()
    for package in repo.packages.values():
        if year is None or year in package.years:
            ids.update(package.authority_ids())
    return ids


def year_bounds(year_id: str) -> tuple[dt.date, dt.date]:
    """The days a programme year spans. Programme years are written like financial years
    (2025-26), so they are taken to run 1 April to 31 March: used only to decide which
    authorities existed during the year (for coverage), never shown as a fact."""
    start = int(year_id[:4])
    return dt.date(start, 4, 1), dt.date(start + 1, 3, 31)


def authorities_in_year(repo: Register, year_id: str) -> list[Authority]:
    first, last = year_bounds(year_id)
    return sorted(
        (a for a in repo.authorities.values()
         if (a.starts_on is None or a.starts_on <= last)
         and (a.reorganisation is None or a.reorganisation.ends_on >= first)),
        key=lambda a: a.name,
    )


@dataclass(frozen=True)
class Headline:
    """The figures a year's report leads with; `tsp changes` compares them across commits."""

    year: str
    packages: int  # packages of support (tsp.counting): expressions of interest apart
    authorities: int
    engaged: tuple[str, ...]
    not_engaged: tuple[str, ...]
    recipients: tuple[str, ...]
    sme_lenders: tuple[str, ...]
    by_status: dict[str, int]
    by_area: dict[str, int]
    by_kind: dict[str, int]
    interests: int = 0  # expressions of interest

    def as_dict(self) -> dict[str, object]:
        return {
            "packages": self.packages,
            "expressions of interest": self.interests,
            "authorities in the region": self.authorities,
            "areas reached": len(self.engaged),
            "authorities not yet engaged": len(self.not_engaged),
            "authorities receiving support": len(self.recipients),
            "authorities lending SMEs": len(self.sme_lenders),
            **{f"packages {k}": v for k, v in self.by_status.items()},
        }


def headline(repo: Register, year_id: str) -> Headline:
    """Counts and lists for one programme year, all computed from the records."""
    in_year = [p for p in repo.packages.values() if year_id in p.years]
    packages = packages_of_support(in_year)
    authorities = authorities_in_year(repo, year_id)
    engaged_ids = engaged_authority_ids(repo, year_id)
    recipient_ids = {a for p in packages for a in p.recipients}
    year = repo.years.get(year_id)
    lender_ids = {a for p in packages for a in p.sme_lenders}
    lender_ids |= set(year.sme_lending_authorities) if year else set()

    def names(ids: set[str]) -> tuple[str, ...]:
        return tuple(sorted(repo.authorities[i].name for i in ids if i in repo.authorities))

    def count(values: list[str], order: list[str]) -> dict[str, int]:
        return {v: values.count(v) for v in order if values.count(v)}

    return Headline(
        year=year_id,
        packages=len(packages),
        interests=len(expressions_of_interest(in_year)),
        authorities=len(authorities),
        engaged=names(engaged_ids),
        not_engaged=tuple(a.name for a in authorities if a.id not in engaged_ids),
        recipients=names(recipient_ids),
        sme_lenders=names(lender_ids),
        by_status=count([str(p.status) for p in packages], [str(s) for s in Status]),
        by_area=count([str(a) for p in packages for a in p.areas], [str(a) for a in Area]),
        by_kind=count([str(k) for p in packages for k in p.kinds], [str(k) for k in Kind]),
    )
