"""Checks across records: references, dates, uniqueness of names. Collects; never prints."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tsp.errors import Problem

if TYPE_CHECKING:
    from tsp.repository import Repository


@dataclass(frozen=True)
class ValidationResult:
    root: Path
    problems: list[Problem]
    files_read: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def ok(self, *, strict: bool = False) -> bool:
        return not (self.problems if strict else self.errors)


def validate_repository(root: Path) -> ValidationResult:
    from tsp.repository import load_repository

    repo = load_repository(root)
    return ValidationResult(root, repo.problems, repo.files_read)


def _suggest(word: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(word, choices, n=3, cutoff=0.5)
    return f"; did you mean {' or '.join(repr(m) for m in match)}?" if match else ""


def _partial_bounds(value: str) -> tuple[str, str]:
    """The earliest and latest day a partial date can mean, as ISO strings."""
    parts = value.split("-")
    if len(parts) == 1:
        return f"{value}-01-01", f"{value}-12-31"
    if len(parts) == 2:
        return f"{value}-01", f"{value}-31"
    return value, value


def check_repository(repo: Repository) -> list[Problem]:
    problems: list[Problem] = []
    problems += _check_authorities(repo)
    problems += _check_packages(repo)
    problems += _check_years(repo)
    return problems


def _ref(repo: Repository, folder: str, record_id: str, field: str, refs: list[str],
         known: dict[str, object], what: str) -> list[Problem]:
    out = []
    for index, ref in enumerate(refs):
        if ref not in known:
            out.append(repo.problem_at(
                folder, record_id, (field, index),
                f"{field}: unknown {what} '{ref}'{_suggest(ref, list(known))}",
            ))
    return out


def _check_authorities(repo: Repository) -> list[Problem]:
    out: list[Problem] = []
    owners: dict[str, list[str]] = defaultdict(list)
    for authority in repo.authorities.values():
        for name in {authority.name, *authority.aliases}:
            owners[_fold(name)].append(authority.id)
        out += _ref(repo, "authorities", authority.id, "predecessors", authority.predecessors,
                    repo.authorities, "authority")
        reorg = authority.reorganisation
        if reorg and authority.starts_on and reorg.ends_on < authority.starts_on:
            out.append(repo.problem_at("authorities", authority.id, ("reorganisation", "ends_on"),
                                       "reorganisation.ends_on is before starts_on",
                                       code="date-order"))
    for name, ids in owners.items():
        if len(set(ids)) > 1:
            for authority_id in sorted(set(ids)):
                others = ", ".join(sorted(set(ids) - {authority_id}))
                out.append(repo.problem_at(
                    "authorities", authority_id, ("aliases",),
                    f"the name or alias '{name}' also belongs to {others}; a name must mean one "
                    "authority (move it to shared_abbreviations)", code="ambiguous-alias",
                ))
    return out


def _fold(text: str) -> str:
    from tsp.authorities import normalise

    return normalise(text)


def _check_packages(repo: Repository) -> list[Problem]:
    out: list[Problem] = []
    for package in repo.packages.values():
        pid = package.id
        for field in ("recipients", "partners", "sme_lenders"):
            out += _ref(repo, "packages", pid, field, getattr(package, field), repo.authorities,
                        "authority")
        out += _ref(repo, "packages", pid, "related", package.related, repo.packages, "package")
        if package.year not in repo.years:
            out.append(repo.problem_at(
                "packages", pid, ("year",),
                f"year '{package.year}' has no record in data/years/; known years: "
                f"{', '.join(sorted(repo.years)) or 'none'}",
            ))
        overlap = set(package.recipients) & set(package.partners)
        if overlap:
            out.append(repo.problem_at(
                "packages", pid, ("partners",),
                f"{', '.join(sorted(overlap))} is both a recipient and a partner",
                severity="warning", code="overlap",
            ))
        if package.starts and package.ends:
            if _partial_bounds(package.ends)[1] < _partial_bounds(package.starts)[0]:
                out.append(repo.problem_at(
                    "packages", pid, ("ends",),
                    f"ends ({package.ends}) is before starts ({package.starts})",
                    code="date-order",
                ))
        history = package.status_history
        for index in range(1, len(history)):
            if history[index].on < history[index - 1].on:
                out.append(repo.problem_at(
                    "packages", pid, ("status_history", index, "on"),
                    f"status_history is out of date order: {history[index].on} comes after "
                    f"{history[index - 1].on}; list the changes oldest first",
                    code="date-order",
                ))
        if history and history[-1].status != package.status:
            out.append(repo.problem_at(
                "packages", pid, ("status",),
                f"status is '{package.status}' but the latest status_history entry says "
                f"'{history[-1].status}'", severity="warning", code="status-history",
            ))
    return out


def _check_years(repo: Repository) -> list[Problem]:
    out: list[Problem] = []
    for year in repo.years.values():
        out += _ref(repo, "years", year.id, "sme_lending_authorities",
                    year.sme_lending_authorities, repo.authorities, "authority")
        seen: set[str] = set()
        for index, quote in enumerate(year.quotes):
            if quote.id in seen:
                out.append(repo.problem_at("years", year.id, ("quotes", index, "id"),
                                           f"quote id '{quote.id}' is used twice in this year",
                                           code="duplicate-id"))
            seen.add(quote.id)
            for field, known, what in (("authorities", repo.authorities, "authority"),
                                       ("packages", repo.packages, "package")):
                for ref_index, ref in enumerate(getattr(quote, field)):
                    if ref not in known:
                        out.append(repo.problem_at(
                            "years", year.id, ("quotes", index, field, ref_index),
                            f"quote {quote.id}: unknown {what} '{ref}'"
                            f"{_suggest(ref, list(known))}",
                        ))
            if not quote.publish:
                out.append(repo.problem_at(
                    "years", year.id, ("quotes", index, "publish"),
                    f"quote {quote.id} is not cleared for publication (publish: false or "
                    "absent); reports leave it out until it is",
                    severity="warning", code="unpublished-quote",
                ))
    return out
