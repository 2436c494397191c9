"""Checks across records: `check(register)` takes a loaded register and returns its problems.

One module per kind of record holds that kind's rules (references, dates, names that must be
unique), and `plan` the rules of a year's plan; a new rule goes in the module it is about (and
is called from that module's `check`), a new kind's module joins rules() below. Loading (tsp.load) never checks across records, except in
`tsp.load.load_checked`, which calls `check`; nothing here prints.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tsp.checks import authorities, measures, packages, plan, years
from tsp.problems import Problem, ProblemList
from tsp.register import Register

__all__ = ["rules", "ValidationResult", "check"]


def rules() -> tuple[Callable[[Register], list[Problem]], ...]:
    """Every rule across records: each module's `check`."""
    return (
        authorities.check,
        packages.check,
        years.check,
        plan.check,
        measures.check,
    )


def check(register: Register) -> list[Problem]:
    """Every problem across the register's records (the files' own problems are the loader's)."""
    return [problem for rule in rules() for problem in rule(register)]


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

    @classmethod
    def of(cls, register: Register) -> ValidationResult:
        """What `tsp validate` reports of a register loaded with tsp.load.load_checked."""
        return cls(register.root, register.problems, register.files_read,
                   measures.provisional_notes(register))
