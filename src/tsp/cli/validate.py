"""tsp validate: every problem in the repository, as text, JSON or GitHub annotations."""

# No `from __future__ import annotations`: Typer sets up every command's options on each run of
# any tsp command, and reading annotations as objects costs less than evaluating strings
# (about 1.8 ms of every run for cli/query.py and cli/validate.py together).

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.markup import escape

from tsp.checks import ValidationResult
from tsp.cli.common import Part, RepoOption, err, format_problem, open_register, out
from tsp.cli.reporters import Format, as_annotations, as_json, as_text, emit, format_option
from tsp.errors import ExitCode
from tsp.problems import Problem, Severity
from tsp.safe_fs import shown


@dataclass(eq=False, repr=False)
class Validation:
    """`tsp validate`: every problem in the repository, and whether it passes."""

    result: ValidationResult
    strict: bool = False
    pull_request: bool = False

    @property
    def ok(self) -> bool:
        return self.result.ok(strict=self.strict, pull_request=self.pull_request)


# What `tsp validate` can write.
ValidateFormat = Literal[Format.TEXT, Format.JSON, Format.GITHUB]


def validate(
    output_format: Annotated[ValidateFormat, format_option(ValidateFormat)] = Format.TEXT,
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
    emit(result, output_format, offered=ValidateFormat)
    if output_format is Format.GITHUB:
        err.print(summary(found=result.result))
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


def summary(found: ValidationResult) -> str:
    errors, warnings, notes = len(found.errors), len(found.warnings), len(found.notes)
    noted = f", {notes} note{'s' * (notes != 1)}" if notes else ""
    return (f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
            f"in {found.files_read} file{'s' * (found.files_read != 1)}{noted}")


# --- JSON and GitHub annotations -------------------------------------------------------------


def problem_json(problem: Problem, root: Path) -> dict[str, Any]:
    return {"path": shown(relative(problem.path, root)), "line": problem.line,
            "column": problem.column, "severity": str(problem.severity), "code": problem.code,
            "message": shown(problem.message)}


@as_json.register
def _(result: Validation) -> Any:
    found = result.result
    return {
        "ok": result.ok,
        "files": found.files_read,
        "errors": len(found.errors),
        "warnings": len(found.warnings),
        "notes": [problem_json(p, found.root) for p in found.notes],
        "problems": [problem_json(p, found.root) for p in found.problems],
    }


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
    message = "\n".join(map(shown, problem.message.split("\n")))  # newlines are GitHub's
    # GitHub's level for information is "notice".
    level = "notice" if problem.severity == "note" else str(problem.severity)
    return (f"::{level} file={_github_property(shown(relative(problem.path, base)))},"
            f"line={problem.line},col={problem.column},"
            f"title={_github_property('tsp validate: ' + problem.code)}::"
            f"{_github_escape(message)}")


@as_annotations.register
def _(result: Validation) -> list[str]:
    found = result.result
    failing = set(found.warnings if result.strict else
                  found.blockers if result.pull_request else [])
    # a warning that fails the run is shown as an error on its line, so the reason is red
    return [github_annotation(dataclasses.replace(p, severity=Severity.ERROR) if p in failing
                              else p, found.root) for p in found.problems + found.notes]
