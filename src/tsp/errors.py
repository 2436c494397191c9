"""One error root: every expected error is a `TspError`; problems live in `tsp.problems`.

Core modules raise `TspError` subclasses; only `tsp.cli` turns them into messages and exit codes.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path

from tsp.problems import Problem, suggestion_hint



class ExitCode(IntEnum):
    OK = 0
    DATA = 1
    USAGE = 2


class TspError(Exception):
    """Base of every expected error; its message is shown without a traceback."""

    exit_code: ExitCode = ExitCode.USAGE
    hint: str | None = None

    def __init__(self, message: str | None = None, *, hint: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())
        if hint is not None:
            self.hint = hint


class UsageError(TspError):
    """The command was called with something it cannot use."""

    exit_code = ExitCode.USAGE


class RepositoryNotFound(UsageError):
    """No tsp repository here: no data/authorities/ folder in this folder or any above it."""

    hint = "Run tsp inside a tsp repository, or pass --repo PATH (or set TSP_REPO)."


class NotFound(UsageError):
    """Something named on the command line does not exist."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        self.suggestions = suggestions or []
        super().__init__(message, hint=suggestion_hint(self.suggestions))


class DataError(TspError):
    """The repository's data has problems."""

    exit_code = ExitCode.DATA

    def __init__(self, problems: list[Problem], message: str | None = None, *,
                 root: Path | None = None) -> None:
        self.problems = problems
        self.root = root  # the problems' paths are shown from here
        super().__init__(
            message
            or f"The repository has {sum(p.is_error for p in problems)} data error(s); "
            "fix them first (tsp validate lists them all).",
        )


class RejectedChange(DataError):
    """What the command was asked to write would make the data invalid; nothing was written.

    The problems are shown like any data problem, with file and line, but the repository is
    as sound as it was: what needs correcting is what was typed, so this is a usage error."""

    exit_code = ExitCode.USAGE


class WriteError(TspError):
    """A file could not be written; nothing was changed."""

    exit_code = ExitCode.DATA
