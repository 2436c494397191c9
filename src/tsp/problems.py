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


# The warnings a pull request must not add (`tsp validate --pull-request`, CI): each is a slip
# the contributor can fix at once, never a fact the register must be free to record. The others
# (funding over a year's cap, evidence publish/consent, an unpublished quote) are for the
# reviewer to weigh. CONTRIBUTING.md lists them; tests/docs checks it does.
PULL_REQUEST_BLOCKERS: dict[str, str] = {
    "layout": "a file tsp does not read (e.g. data/slough.yaml, or x.yaml.txt)",
    "duplicate-package": "a package recorded twice (a copied file with a new id)",
    "duplicate-entry": "an entry listed twice in one list",
    "self-reference": "a package related to itself",
    "status-history": "a status its latest status_history entry contradicts",
    "overlap": "an authority both a recipient and a partner",
    "sme-contribution": "an SME contribution from an authority not in sme_lenders",
    "comment-after-text": "a # after a value, which YAML drops from the value as a comment",
}


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

    @property
    def blockers(self) -> list[Problem]:
        """The warnings a pull request must not add (PULL_REQUEST_BLOCKERS)."""
        return [p for p in self.warnings if p.code in PULL_REQUEST_BLOCKERS]


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
