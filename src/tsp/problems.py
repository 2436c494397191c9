"""What is wrong in the register, and how to suggest what was meant.

Loading and checking collect `Problem`s instead of stopping at the first; reporters in `tsp.cli`
print them. `suggest` is the one did-you-mean of tsp.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """An error fails `tsp validate`; a warning fails it only with --strict."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # information (e.g. provisional figures): fails nothing, not even --strict


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the repository, with where it is."""

    path: Path
    line: int
    column: int
    severity: Severity
    message: str
    code: str = field(default="schema", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None:
            try:
                path = self.path.relative_to(root)
            except ValueError:
                pass
        return f"{path}:{self.line}:{self.column}"


class ProblemList:
    """Splits a `problems` list into errors and warnings, for anything that collects them."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def suggest(word: str, choices: Iterable[str], *, n: int = 3, cutoff: float = 0.5) -> list[str]:
    """The choices closest to a mistyped word, best first (case-insensitive)."""
    choices = list(choices)
    by_lower: dict[str, str] = {}
    for choice in choices:
        by_lower.setdefault(choice.lower(), choice)
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=n, cutoff=cutoff)
    return [by_lower[c] for c in close]


def did_you_mean(word: str, choices: Iterable[str], *, n: int = 3, cutoff: float = 0.5) -> str:
    """'; did you mean 'a' or 'b'?' for the end of a message, or '' when nothing is close."""
    close = suggest(word, choices, n=n, cutoff=cutoff)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def suggestion_hint(suggestions: Iterable[str]) -> str | None:
    """'Did you mean: a, b?', the line shown under an error, or None with no suggestions."""
    listed = list(suggestions)
    return f"Did you mean: {', '.join(listed)}?" if listed else None
