"""Checks across records: references, dates, uniqueness of names. Collects; never prints."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tsp.checks.plan import check_plan
from tsp.problems import Problem, ProblemList, Severity

if TYPE_CHECKING:
    from tsp.cache import ParseCache
    from tsp.repository import Repository


@dataclass(frozen=True)
class ValidationResult(ProblemList):
    root: Path
    problems: list[Problem]
    files_read: int

    def ok(self, *, strict: bool = False) -> bool:
        return not (self.problems if strict else self.errors)


def validate_repository(root: Path, *, cache: ParseCache | None = None) -> ValidationResult:
    from tsp.repository import load_repository

    repo = load_repository(root, cache=cache)
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


def ends_before_starts(starts: str, ends: str) -> bool:
    """Whether partial date `ends` is certainly before `starts` (2026-01 is, 2026 is not)."""
    return _partial_bounds(ends)[1] < _partial_bounds(starts)[0]


def check_repository(repo: Repository) -> list[Problem]:
    problems: list[Problem] = []
    problems += _check_authorities(repo)
    problems += _check_packages(repo)
    problems += _check_years(repo)
    problems += check_plan(repo)
    return problems


_FOLDER_OF = {"authority": "authorities", "package": "packages"}


def _unknown(repo: Repository, ref: str, known: Mapping[str, object], what: str) -> bool:
    """Whether `ref` names nothing. A record whose own file did not load is not unknown:
    that file's problems are reported, and a second message here would only mislead."""
    return ref not in known and (_FOLDER_OF[what], ref) not in repo.broken


def _ref(repo: Repository, folder: str, record_id: str, field: str, refs: list[str],
         known: Mapping[str, object], what: str) -> list[Problem]:
    out = [
        repo.problem_at(folder, record_id, (field, index),
                        f"{field}: unknown {what} '{ref}'{_suggest(ref, list(known))}")
        for index, ref in enumerate(refs) if _unknown(repo, ref, known, what)
    ]
    return out + _duplicates(repo, folder, record_id, field, refs, what)


def _duplicates(repo: Repository, folder: str, record_id: str, field: str,
                values: list[str], what: str | None = None) -> list[Problem]:
    out = []
    seen: set[str] = set()
    each = f"each {what}" if what else "it"
    for index, value in enumerate(values):
        if value in seen:
            out.append(repo.problem_at(
                folder, record_id, (field, index),
                f"{field}: '{value}' is listed twice; list {each} once",
                severity=Severity.WARNING, code="duplicate-entry",
            ))
        seen.add(value)
    return out


def _check_authorities(repo: Repository) -> list[Problem]:
    from tsp.authorities import keys_of

    out: list[Problem] = []
    # Every name, alias and code must lead to one authority only, or `--la` could not resolve it.
    owners: dict[str, dict[str, tuple[tuple[str | int, ...], str]]] = defaultdict(dict)
    for authority in repo.authorities.values():
        for folded, loc, shown in keys_of(authority):
            owners[folded].setdefault(authority.id, (loc, shown))
        out += _ref(repo, "authorities", authority.id, "predecessors", authority.predecessors,
                    repo.authorities, "authority")
        out += _duplicates(repo, "authorities", authority.id, "aliases", authority.aliases)
        reorg = authority.reorganisation
        if reorg and authority.starts_on and reorg.ends_on < authority.starts_on:
            out.append(repo.problem_at("authorities", authority.id, ("reorganisation", "ends_on"),
                                       f"reorganisation.ends_on ({reorg.ends_on}) is before "
                                       f"starts_on ({authority.starts_on})", code="date-order"))
        if reorg and reorg.decided_on and reorg.ends_on < reorg.decided_on:
            out.append(repo.problem_at("authorities", authority.id, ("reorganisation", "ends_on"),
                                       f"reorganisation.ends_on ({reorg.ends_on}) is before "
                                       f"decided_on ({reorg.decided_on})", code="date-order"))
    for holders in owners.values():
        if len(holders) > 1:
            for authority_id, (loc, shown) in sorted(holders.items()):
                others = ", ".join(sorted(set(holders) - {authority_id}))
                out.append(repo.problem_at(
                    "authorities", authority_id, loc,
                    f"'{shown}' also names {others}; a name, alias or code must mean one "
                    "authority (an abbreviation several share goes in shared_abbreviations)",
                    code="ambiguous-alias",
                ))
    return out


def _check_packages(repo: Repository) -> list[Problem]:
    out: list[Problem] = []
    for package in repo.packages.values():
        pid = package.id
        for field in ("recipients", "partners", "sme_lenders"):
            out += _ref(repo, "packages", pid, field, getattr(package, field), repo.authorities,
                        "authority")
        out += _ref(repo, "packages", pid, "related", package.related, repo.packages, "package")
        if pid in package.related:
            out.append(repo.problem_at(
                "packages", pid, ("related", package.related.index(pid)),
                "related: a package is not related to itself", severity=Severity.WARNING,
                code="self-reference",
            ))
        for field in ("areas", "kinds", "themes"):
            out += _duplicates(repo, "packages", pid, field,
                               [str(v) for v in getattr(package, field)])
        if package.year not in repo.years and ("years", package.year) not in repo.broken:
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
                severity=Severity.WARNING, code="overlap",
            ))
        if package.starts and package.ends:
            if ends_before_starts(package.starts, package.ends):
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
                f"'{history[-1].status}'", severity=Severity.WARNING, code="status-history",
            ))
    return out


def _check_years(repo: Repository) -> list[Problem]:
    out: list[Problem] = []
    labels: dict[str, str] = {}
    for year in sorted(repo.years.values(), key=lambda y: y.id):
        label = year.label.strip().lower()
        if label in labels:
            out.append(repo.problem_at(
                "years", year.id, ("label",),
                f"label '{year.label}' is also the label of {labels[label]}; "
                "`--year` could not tell them apart", code="duplicate-label",
            ))
        labels.setdefault(label, year.id)
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
                    if _unknown(repo, ref, known, what):
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
                    severity=Severity.WARNING, code="unpublished-quote",
                ))
    return out
