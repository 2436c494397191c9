"""Checks across package records: who and what they name, their year, dates and status history."""

from __future__ import annotations

from collections.abc import Iterable

from tsp.checks.common import duplicates, references
from tsp.dates import ends_before_starts
from tsp.kinds import RecordKind
from tsp.models import Package, slugify
from tsp.problems import Problem, Severity
from tsp.register import Register

PACKAGE = RecordKind.PACKAGE

DuplicateKey = tuple[str, tuple[str, ...], str]


def duplicate_key(title: str, recipients: Iterable[str], year: str) -> DuplicateKey:
    """What makes two packages likely one: the same title once case, punctuation and spacing are
    set aside, the same recipients in any order, the same year. Ids stay unique regardless."""
    return slugify(title), tuple(sorted(set(recipients))), year


def duplicate_of(register: Register, key: DuplicateKey) -> Package | None:
    """The first package (by id) the key matches, if any."""
    return next((p for _, p in sorted(register.packages.items())
                 if duplicate_key(p.title, p.recipients, p.year) == key), None)


def likely_duplicates(register: Register) -> list[Problem]:
    """A warning on each package that repeats an earlier one (tsp new refuses to write them)."""
    first: dict[DuplicateKey, Package] = {}
    out: list[Problem] = []
    for pid, package in sorted(register.packages.items()):
        key = duplicate_key(package.title, package.recipients, package.year)
        if key not in first:
            first[key] = package
            continue
        original = register.path_of(PACKAGE, first[key].id)
        shown = original.relative_to(register.root) if original.is_relative_to(register.root) \
            else original
        out.append(register.problem_at(
            PACKAGE, pid, ("title",),
            f"looks like a duplicate of {shown}: same title, recipients and year; remove one, "
            "or retitle it if it is different work", severity=Severity.WARNING,
            code="duplicate-package"))
    return out


def check(register: Register) -> list[Problem]:
    out: list[Problem] = []
    for package in register.packages.values():
        pid = package.id

        def at(loc: tuple[str | int, ...], message: str, *,
               severity: Severity = Severity.ERROR, code: str = "reference") -> Problem:
            return register.problem_at(PACKAGE, pid, loc, message, severity=severity, code=code)

        for field in ("recipients", "partners", "sme_lenders"):
            out += references(register, PACKAGE, pid, field, getattr(package, field),
                              RecordKind.AUTHORITY)
        out += references(register, PACKAGE, pid, "related", package.related, PACKAGE)
        if pid in package.related:
            out.append(at(("related", package.related.index(pid)),
                          "related: a package is not related to itself",
                          severity=Severity.WARNING, code="self-reference"))
        for field in ("areas", "kinds", "themes"):
            out += duplicates(register, PACKAGE, pid, field,
                              [str(v) for v in getattr(package, field)])
        if (package.year not in register.years
                and (RecordKind.YEAR, package.year) not in register.broken):
            out.append(at(("year",), f"year '{package.year}' has no record in data/years/; "
                          f"known years: {', '.join(sorted(register.years)) or 'none'}"))
        overlap = set(package.recipients) & set(package.partners)
        if overlap:
            out.append(at(("partners",),
                          f"{', '.join(sorted(overlap))} is both a recipient and a partner",
                          severity=Severity.WARNING, code="overlap"))
        if package.starts and package.ends and ends_before_starts(package.starts, package.ends):
            out.append(at(("ends",), f"ends ({package.ends}) is before starts ({package.starts})",
                          code="date-order"))
        history = package.status_history
        for index in range(1, len(history)):
            if history[index].on < history[index - 1].on:
                out.append(at(("status_history", index, "on"),
                              f"status_history is out of date order: {history[index].on} comes "
                              f"after {history[index - 1].on}; list the changes oldest first",
                              code="date-order"))
        if history and history[-1].status != package.status:
            out.append(at(("status",),
                          f"status is '{package.status}' but the latest status_history entry "
                          f"says '{history[-1].status}'",
                          severity=Severity.WARNING, code="status-history"))
    return out + likely_duplicates(register)
