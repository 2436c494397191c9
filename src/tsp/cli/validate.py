"""tsp validate: every problem in the repository, as text, JSON or GitHub annotations."""

# No `from __future__ import annotations`: Typer sets up every command's options on each run of
# any tsp command, and reading annotations as objects costs less than evaluating strings
# (about 1.8 ms of every run for cli/query.py and cli/validate.py together).

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tsp.cli.common import RepoOption, err, format_problem, handle_errors, out
from tsp.errors import ExitCode, Problem
from tsp.repository import find_root
from tsp.checks import ValidationResult, validate_repository


class ValidateFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def _github_escape(text: str) -> str:
    # https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_escape(text).replace(":", "%3A").replace(",", "%2C")


def relative(path: Path, root: Path) -> str:
    """The path from root, with forward slashes; as given when it is outside root."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def github_annotation(problem: Problem, root: Path) -> str:
    """One problem as a GitHub Actions workflow command, e.g.
    ::error file=data/packages/x.yaml,line=3,col=1,title=tsp validate%3A schema::message

    GitHub places an annotation by its path from the top of the checkout
    ($GITHUB_WORKSPACE), which is the repository root unless the register lives in a
    subfolder of the checkout.
    """
    workspace = os.environ.get("GITHUB_WORKSPACE")
    base = root
    if workspace and root.is_relative_to(Path(workspace).resolve()):
        base = Path(workspace).resolve()
    # GitHub's level for information is "notice".
    level = "notice" if problem.severity == "note" else problem.severity
    return (f"::{level} file={_github_property(relative(problem.path, base))},"
            f"line={problem.line},col={problem.column},"
            f"title={_github_property('tsp validate: ' + problem.code)}::"
            f"{_github_escape(problem.message)}")


def _summary(result: ValidationResult) -> str:
    errors, warnings, notes = len(result.errors), len(result.warnings), len(result.notes)
    noted = f", {notes} note{'s' * (notes != 1)}" if notes else ""
    return (f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
            f"in {result.files_read} file{'s' * (result.files_read != 1)}{noted}")


@handle_errors
def validate(
    output_format: Annotated[ValidateFormat, typer.Option("--format", "-f", help="text, json "
                             "or github (GitHub Actions annotations).")] = ValidateFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    repo: RepoOption = None,
) -> None:
    """Check the whole repository: schema, unknown keys, references, ids, dates.

    Prints every problem as path:line:col: error|warning: message. Exits 1 when there are
    errors (with --strict, warnings too), 0 when the repository is clean.

    Examples:

        tsp validate

        tsp validate --format github --strict
    """
    from tsp.cache import ParseCache

    root = find_root(repo)
    result = validate_repository(root, cache=ParseCache.for_root(root))
    if output_format is ValidateFormat.JSON:
        payload = {
            "ok": result.ok(strict=strict),
            "files": result.files_read,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "notes": [
                {"path": relative(p.path, root), "line": p.line, "column": p.column,
                 "severity": p.severity, "code": p.code, "message": p.message}
                for p in result.notes
            ],
            "problems": [
                {"path": relative(p.path, root), "line": p.line, "column": p.column,
                 "severity": p.severity, "code": p.code, "message": p.message}
                for p in result.problems
            ],
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    elif output_format is ValidateFormat.GITHUB:
        for problem in result.problems + result.notes:
            sys.stdout.write(github_annotation(problem, root) + "\n")
        err.print(_summary(result))
    else:
        for problem in result.problems:
            out.print(escape(format_problem(problem, root)), soft_wrap=True)
        if result.ok(strict=strict):
            out.print(f"[green]OK[/]: {_summary(result)}.")
        else:
            err.print(f"[red]Problems[/]: {_summary(result)}.")
        for note in result.notes:  # information, after the verdict it does not change
            out.print(escape(format_problem(note, root)), soft_wrap=True)
    if not result.ok(strict=strict):
        raise typer.Exit(int(ExitCode.DATA))
