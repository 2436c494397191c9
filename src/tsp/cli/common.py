"""What every command shares: consoles, the --repo option, and turning errors into exits."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from tsp.errors import DataError, Problem, TspError
from tsp.register import Register, find_root

out = Console(highlight=False, soft_wrap=False, emoji=False)
err = Console(stderr=True, highlight=False, emoji=False)

RepoOption = Annotated[
    Path | None,
    typer.Option(
        "--repo",
        help="The tsp repository (default: $TSP_REPO, else the nearest folder upward "
        "that holds data/authorities/).",
        show_default=False,
        file_okay=False,
    ),
]

P = ParamSpec("P")
T = TypeVar("T")


def format_problem(problem: Problem, root: Path | None) -> str:
    return f"{problem.location(root)}: {problem.severity}: {problem.message}"


def print_problems(problems: list[Problem], root: Path | None) -> None:
    for problem in problems:
        err.print(escape(format_problem(problem, root)), soft_wrap=True)


def handle_errors(command: Callable[P, T]) -> Callable[P, T]:
    """Expected errors become a message on stderr and their exit code; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return command(*args, **kwargs)
        except DataError as exc:
            root = kwargs.get("repo")
            print_problems(exc.problems, _root_for(root))
            err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
            raise typer.Exit(int(exc.exit_code)) from None
        except TspError as exc:
            err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
            if exc.hint:
                err.print(escape(exc.hint), soft_wrap=True)
            raise typer.Exit(int(exc.exit_code)) from None
        except (KeyboardInterrupt, typer.Abort):
            # Ctrl-C (or end of input at a prompt): not a data problem, so not exit 1. Every
            # write is atomic, so whatever was under way left the files as they were.
            err.print("Stopped; nothing was written.")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # `tsp list | head` closes the pipe early: the reader's choice, not a data problem
            # (exit 1), so stop quietly. Pointing stdout at devnull stops the interpreter's
            # final flush from raising again (docs.python.org/3/library/signal.html#note-on-sigpipe).
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None

    return wrapper


def _root_for(repo: object) -> Path | None:
    try:
        return find_root(repo if isinstance(repo, Path) else None)
    except TspError:
        return None


def load(root: Path) -> Register:
    """The register at root, loaded and checked, with the parse cache that keeps a large one
    quick."""
    from tsp.cache import ParseCache
    from tsp.checks import checked
    from tsp.register import load as load_register

    return checked(load_register(root, cache=ParseCache.for_root(root)))


def open_repo(repo: Path | None) -> Register:
    """The register for a query command: loaded, checked and free of errors, else DataError."""
    return load(find_root(repo)).require_valid()


def authority_names(repo: Register, ids: list[str]) -> str:
    """Authorities by name, for people; an id with no record is shown as it is."""
    return ", ".join(repo.authorities[i].name if i in repo.authorities else i for i in ids)


def print_field(label: str, value: str | None) -> None:
    """One 'Label: value' line of a profile; nothing when there is no value."""
    if value:
        out.print(f"[bold]{label}:[/] {escape(value)}", soft_wrap=True)


def print_bullets(label: str, items: list[str]) -> None:
    """A labelled bullet list of a profile; nothing when the list is empty."""
    if items:
        out.print(f"[bold]{label}:[/]")
        for item in items:
            out.print(f"  • {escape(item)}", soft_wrap=True)
