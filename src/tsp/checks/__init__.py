"""Checks across records: `check(register)` takes a loaded register and returns its problems.

One module per kind of record holds that kind's rules (references, dates, names that must be
unique); a new rule goes in the module of the kind it is about, a new kind's module joins
rules() below. Loading (tsp.register) never checks across records; nothing here prints.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tsp.dates import ends_before_starts
from tsp.problems import Problem, ProblemList
from tsp.register import Register, load

if TYPE_CHECKING:
    from tsp.cache import ParseCache

__all__ = ["rules", "ValidationResult", "check", "checked", "ends_before_starts",
           "validate_repository"]

def rules() -> tuple[Callable[[Register], list[Problem]], ...]:
    """Every rule across records, one per kind's module. The modules are imported here, when
    a register is checked, not when tsp.checks is: a question answered from a register the
    cache already checked (`tsp list`) need not import them, nor the measures' code."""
    from tsp.checks import authorities, measures, packages, plan, programme, years

    return (
        programme.check,
        authorities.check,
        packages.check,
        years.check,
        plan.check,
        measures.check,
    )


def check(register: Register) -> list[Problem]:
    """Every problem across the register's records (the files' own problems are the loader's)."""
    return [problem for rule in rules() for problem in rule(register)]


def checked(register: Register) -> Register:
    """The register with its cross-record problems added to the files' own, sorted.

    A register the cache knew (tsp.cache: this very register, checked before by this very
    tsp) brings its problems across records with it; else they are found, and the cache may
    keep them."""
    if register.known_checks is not None:
        cross = register.known_checks
    else:
        cross = check(register)
        if register.verdict_to is not None:
            register.verdict_to(cross)
    return dataclasses.replace(register, problems=sorted(register.problems + cross),
                               known_checks=None, verdict_to=None)


@dataclass(frozen=True)
class ValidationResult(ProblemList):
    root: Path
    problems: list[Problem]
    files_read: int
    # Information that fails no check, e.g. figures counted under a proposed rule.
    notes: list[Problem] = dataclasses.field(default_factory=list)

    def ok(self, *, strict: bool = False, pull_request: bool = False) -> bool:
        """No errors; with strict, no warnings; with pull_request, none of the warnings a
        pull request must not add."""
        failing = self.errors + (self.warnings if strict else
                                 self.blockers if pull_request else [])
        return not failing


def validate_repository(root: Path, *, cache: ParseCache | None = None) -> ValidationResult:
    """Load and check the whole repository: what `tsp validate` reports."""
    from tsp.checks import measures

    register = checked(load(root, cache=cache))
    return ValidationResult(root, register.problems, register.files_read,
                            measures.provisional_notes(register))
