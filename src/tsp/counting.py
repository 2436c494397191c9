"""What the register counts: a package, and a priority with no package. Said once, here.

Every count of packages — `tsp la --list`, every report, `tsp changes`, `tsp plan` — reads
these definitions, so the same register gives the same number everywhere (issue 16, point 9):

- A **package** is a record of `data/packages/` whose status is anything but `interest`. An
  **expression of interest** (status `interest`) is recorded the same way but counted apart:
  the programme's report lists such interest beside its packages, never among them.
- A year's **priorities** are its priority items; a priority group with no items stands for
  itself. A **priority with no package** is one that no package of the year (expressions of
  interest apart) names in its `priorities`. Naming a group says which group a package
  serves, not which of its items: the group's items still count as having no package.
- A package is **funded** (in a year) when money is committed or spent for it (in that year);
  money only proposed is not yet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from tsp.models import FundingStatus, Package, ProgrammeYear, Status


def is_package(package: Package) -> bool:
    """A package of support: anything but an expression of interest."""
    return package.status is not Status.INTEREST


def sort_key(package: Package) -> tuple[str, str, str]:
    """The order packages are listed in: by year, then start, then id."""
    return (package.year, package.starts or "9999", package.id)


def is_funded(package: Package, year_id: str | None = None) -> bool:
    """Money committed or spent for the package (in the year, if given)."""
    return sum((e.amount for e in package.funding_for(year_id)
                if e.status in (FundingStatus.COMMITTED, FundingStatus.SPENT)), 0) > 0


def packages_of_support(packages: Iterable[Package]) -> list[Package]:
    return [p for p in packages if is_package(p)]


def expressions_of_interest(packages: Iterable[Package]) -> list[Package]:
    return [p for p in packages if not is_package(p)]


def received(packages: Iterable[Package]) -> Counter[str]:
    """For each authority, the packages of support it receives (each package once)."""
    return Counter(a for p in packages if is_package(p) for a in set(p.recipients))


def partnered(packages: Iterable[Package]) -> Counter[str]:
    """For each authority, the packages of support it is a partner on (each package once)."""
    return Counter(a for p in packages if is_package(p) for a in set(p.partners))


def priorities(year: ProgrammeYear) -> dict[str, str]:
    """The year's priorities, id to text: the items of each group, or a group without items."""
    found: dict[str, str] = {}
    for group in year.priorities:
        if group.items:
            for item in group.items:
                found.setdefault(item.id, item.text)
        else:
            found.setdefault(group.id, group.title)
    return found


def priorities_with_no_package(year: ProgrammeYear, packages: Iterable[Package]) -> list[str]:
    """The ids of the year's priorities that no package of support of the year names, in the
    plan's order. `packages` may hold other years' packages: only the year's are counted."""
    named = {i for p in packages if is_package(p) and year.id in p.years for i in p.priorities}
    return [i for i in priorities(year) if i not in named]
