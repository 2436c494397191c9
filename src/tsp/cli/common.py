"""What every command shares: consoles, the --repo option, opening the register."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding

from tsp.cli import helptext
from tsp.plaintext import plain
from tsp.history import Snapshot, files_of
from tsp.history import resolve as resolve_as_of
from tsp.load import find_root, load, load_checked, sound_part
from tsp.problems import Problem
from tsp.register import Register
from tsp.safe_fs import shown


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # `tsp la --list | head -1`: the reader stopped early, its choice, so exit 0 as `tsp
        # list` does (Rich's own handler exits 1, which reads as a data problem).
        self.quiet = True
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0)


out = _Console(highlight=False, soft_wrap=False, emoji=False)
err = _Console(stderr=True, highlight=False, emoji=False)

def _repo_given_before_the_command(ctx: typer.Context, value: Path | None) -> Path | None:
    """`tsp --repo X list` as well as `tsp list --repo X` (messages say "pass --repo PATH"
    without saying where): the command's own --repo, else the one given before it."""
    if value is not None:
        return value
    before: Path | None = ctx.find_root().params.get("repo")
    return before


RepoOption = Annotated[
    Path | None,
    typer.Option(
        "--repo",
        help=helptext.REPO_HELP,
        show_default=False,
        file_okay=False,
        callback=_repo_given_before_the_command,
    ),
]

AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE|REVISION",
        help="Answer from the register as it was recorded (committed) by the end of this "
        "day (YYYY-MM-DD, UTC) on the current branch's first-parent history, or at a "
        "revision (tag, branch, commit). This is when facts were recorded, not when they "
        "happened (the records' own dates).",
        show_default=False,
    ),
]

OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", help="Write to this file (atomically) instead of the "
    "terminal.", dir_okay=False, show_default=False)]

__all__ = ["AsOfOption", "OutputOption", "RepoOption", "authority_names", "err", "format_problem",
           "open_register", "out", "Part", "print_block",
           "print_bullets",
           "print_field", "print_problems"]


def format_problem(problem: Problem, root: Path | None) -> str:
    """path:line:col: severity: message, on one line whatever the file is called: a name
    with a newline or a terminal escape is printed escaped (tsp.safe_fs.shown)."""
    return shown(f"{problem.location(root)}: {problem.severity}: {problem.message}")


def authority_names(register: Register, ids: list[str]) -> str:
    """Authorities by name, for people; an id with no record is shown as it is."""
    return ", ".join(register.authorities[i].name if i in register.authorities else i
                     for i in ids)


def print_problems(problems: list[Problem], root: Path | None) -> None:
    for problem in problems:
        err.print(escape(format_problem(problem, root)), soft_wrap=True)


class Part(StrEnum):
    """Which of the three ways to get a register a command takes (tsp.load), and VALID:
    load_checked, refusing a register with errors."""

    FILES = "files"  # load: each file's own problems (an edit is judged by what it brings)
    CHECKED = "checked"  # load_checked: with the problems across records
    VALID = "valid"  # load_checked, and free of errors (else DataError)
    SOUND = "sound"  # sound_part: the records free of errors, the files left out warned of


def open_register(repo: Path | None, *, part: Part = Part.VALID, la: str | None = None,
                  measure: str | None = None, as_of: str | Snapshot | None = None
                  ) -> Register:
    """The register for a command: the root found (--repo, $TSP_REPO or upward), as it was
    committed at `as_of` (a date, revision or resolved snapshot; said on stderr, so that JSON
    and CSV stay clean), loaded one of the three ways. With `la` or `measure`, only what a
    question about it needs may be loaded (see tsp.load.load_checked)."""
    root = find_root(repo)
    files = None
    if as_of is not None:
        snapshot = as_of if isinstance(as_of, Snapshot) else resolve_as_of(root, as_of)
        files = files_of(root, snapshot)
        err.print(escape(f"{snapshot.words[0].upper()}{snapshot.words[1:]} (--as-of "
                         f"{snapshot.asked})."), soft_wrap=True)
    if part is Part.FILES:
        return load(root, files=files)
    if part is not Part.SOUND:
        register = load_checked(root, la=la, measure=measure, files=files)
        return register.require_valid() if part is Part.VALID else register
    register, skipped = sound_part(root, la=la, files=files)
    for path in sorted(skipped):
        for problem in sorted(skipped[path]):
            err.print(escape(format_problem(problem, root)), soft_wrap=True)
    if skipped:
        count = len(skipped)
        err.print(f"[bold yellow]warning:[/] {count} file{'s' if count != 1 else ''} left out "
                  "of this answer because of the errors above (tsp validate lists every "
                  "problem).", soft_wrap=True)
    return register


def print_field(label: str, value: str | None) -> None:
    """One 'Label: value' line of a profile; nothing when there is no value."""
    if value:
        out.print(f"[bold]{label}:[/] {escape(plain(value))}", soft_wrap=True)


def print_block(title: str, record_id: str, lines: list[str]) -> None:
    """One record of a listing in a terminal too narrow for its table: a blank line, the
    title in bold, the id on a line of its own (never folded: a long one runs on and still
    copies whole), then each line indented by two. Words wrap."""
    out.print()
    out.print(f"[bold]{escape(title)}[/]")
    out.print(f"  [cyan]{escape(record_id)}[/]", soft_wrap=True)
    for line in lines:
        out.print(Padding(escape(line), (0, 0, 0, 2)))


def print_bullets(label: str, items: list[str]) -> None:
    """A labelled bullet list of a profile; nothing when the list is empty."""
    if items:
        out.print(f"[bold]{label}:[/]")
        for item in items:
            out.print(f"  • {escape(plain(item))}", soft_wrap=True)
