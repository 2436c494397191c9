"""Checks across package records: who and what they name, their year, dates and status history."""

from __future__ import annotations

from tsp.checks.common import duplicates, references
from tsp.dates import ends_before_starts
from tsp.kinds import RecordKind
from tsp.problems import Problem, Severity
from tsp.register import Register

PACKAGE = RecordKind.PACKAGE


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
    return out
