"""The one error handler around the application: every command, decorated or not."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from tsp.cli.main import _Application
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
