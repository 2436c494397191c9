"""The one error handler around the application: every command, decorated or not."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tsp.cli.main import _Application, app
from tsp.errors import DataError, NotFound
from tsp.problems import Problem, Severity


def _app(error: BaseException) -> typer.Typer:
    app = typer.Typer(cls=_Application)

    @app.command()
    def fails() -> None:
        """A command with no error handling of its own."""
        raise error

    @app.command()
    def other() -> None:
        """A second command, so that `fails` is a subcommand as every tsp command is."""

    return app


def run(error: BaseException) -> tuple[int, str]:
    result = CliRunner().invoke(_app(error), ["fails"])
    return result.exit_code, result.stderr


def test_an_expected_error_is_a_message_and_exit_2_never_a_traceback() -> None:
    code, stderr = run(NotFound("No package has the id 'x'.", ["xy"]))
    assert (code, stderr) == (2, "error: No package has the id 'x'.\nDid you mean: xy?\n")


def test_data_problems_are_listed_from_the_root_and_exit_1(tmp_path: Path) -> None:
    problem = Problem(tmp_path / "data" / "packages" / "a.yaml", 3, 1, Severity.ERROR, "bad")
    code, stderr = run(DataError([problem], root=tmp_path))
    assert code == 1
    assert stderr.splitlines() == [
        "data/packages/a.yaml:3:1: error: bad",
        "error: The repository has 1 data error(s); fix them first (tsp validate lists them "
        "all).",
    ]


def test_ctrl_c_exits_130_and_says_nothing_was_written() -> None:
    assert run(KeyboardInterrupt()) == (130, "Stopped; nothing was written.\n")


def test_an_unexpected_error_is_a_bug_and_is_not_hidden() -> None:
    result = CliRunner().invoke(_app(ZeroDivisionError("bug")), ["fails"])
    assert isinstance(result.exception, ZeroDivisionError)


def test_repo_is_accepted_before_the_command_too(tsp, minimal: Path) -> None:
    # messages say "pass --repo PATH" without saying where (issue 22)
    before = CliRunner().invoke(app, ["--repo", str(minimal), "list", "--format", "json"])
    after = CliRunner().invoke(app, ["list", "--format", "json", "--repo", str(minimal)])
    assert before.exit_code == 0, before.output
    assert before.stdout == after.stdout
    assert "alpha-review" in before.stdout
    nested = CliRunner().invoke(app, ["--repo", str(minimal), "show", "alpha-review"])
    assert nested.exit_code == 0, nested.output


def test_a_mistyped_command_is_offered_the_right_one(tsp) -> None:
    result = tsp("lsit")
    assert result.exit_code == 2
    assert "error: No such command 'lsit'. Did you mean " in result.stderr
    assert "'list'" in result.stderr.split("Did you mean")[1]


@pytest.mark.parametrize("args", [["lsit"], ["list", "--bogus"], ["--bogus"],
                                  ["list", "--format", "xml"], ["new", "pakage"],
                                  ["la", "Narnia"]])
def test_every_error_starts_the_same_way(tsp, minimal: Path, args: list[str]) -> None:
    # Click's usage errors said "Error:", tsp's own "error:" (issue 22)
    result = CliRunner().invoke(app, [*args, "--repo", str(minimal)] if args[0] == "la"
                                else args)
    assert result.exit_code == 2
    messages = [line for line in result.stderr.splitlines() if "rror:" in line]
    assert len(messages) == 1 and messages[0].startswith("error: "), result.stderr
