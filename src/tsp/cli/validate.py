"""tsp validate: every problem in the repository, as text, JSON or GitHub annotations."""

# No `from __future__ import annotations`: Typer sets up every command's options on each run of
# any tsp command, and reading annotations as objects costs less than evaluating strings
# (about 1.8 ms of every run for cli/query.py and cli/validate.py together).

from enum import StrEnum
from typing import Annotated

import typer

from tsp.checks import ValidationResult
from tsp.cli.common import Part, RepoOption, open_register
from rich.markup import escape

from tsp.cli.common import err, format_problem, out
from tsp.cli.reporters import (
    Validation,
    as_text,
    emit,
    github_annotation,
    relative,
    summary,
)
from tsp.errors import ExitCode

__all__ = ["github_annotation", "relative", "validate"]  # github_annotation: tests use it


class ValidateFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def validate(
    output_format: Annotated[ValidateFormat, typer.Option("--format", "-f", help="text, json "
                             "or github (GitHub Actions annotations).")] = ValidateFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    pull_request: Annotated[bool, typer.Option(
        "--pull-request", help="Fail on the warnings a pull request must not add (a file tsp "
        "does not read, a package recorded twice, ...: CONTRIBUTING.md lists them); CI runs "
        "this.")] = False,
    repo: RepoOption = None,
) -> None:
    """Check the whole repository: schema, unknown keys, references, ids, dates.

    Prints every problem as path:line:col: error|warning: message. Exits 1 when there are
    errors (with --strict, warnings too; with --pull-request, the warnings a pull request must
    not add), 0 when the repository is clean.

    Examples:

        tsp validate

        tsp validate --format github --pull-request

        tsp validate --strict
    """
    register = open_register(repo, part=Part.CHECKED)
    result = Validation(ValidationResult.of(register), strict, pull_request)
    emit(result, output_format)
    if not result.ok:
        raise typer.Exit(int(ExitCode.DATA))


@as_text.register(Validation)
def _(result: Validation) -> None:
    found = result.result
    for problem in found.problems:
        out.print(escape(format_problem(problem, found.root)), soft_wrap=True)
    if result.ok:
        out.print(f"[green]OK[/]: {summary(found)}.")
    else:
        err.print(f"[red]Problems[/]: {summary(found)}.")
    for note in found.notes:  # information, after the verdict it does not change
        out.print(escape(format_problem(note, found.root)), soft_wrap=True)
