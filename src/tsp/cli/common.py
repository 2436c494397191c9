"""What every command shares: consoles, the --repo option, loading the register."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from tsp.cli import helptext
from tsp.errors import Problem
from tsp.plaintext import plain
from tsp.register import Register, find_root
from tsp.safe_fs import shown

if TYPE_CHECKING:
    from tsp.history import Snapshot
    from tsp.models.authority import Authority


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

P = ParamSpec("P")
T = TypeVar("T")


__all__ = ["AsOfOption", "OutputOption", "RepoOption", "authority_names", "err", "format_problem",
           "handle_errors", "load", "open_repo", "open_sound_part", "out", "print_block",
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


def handle_errors(command: Callable[P, T]) -> Callable[P, T]:
    """No longer needed: the application's one error handler (tsp.cli.main) covers every
    command. Kept, doing nothing, so that commands written with it still run."""
    return command


def load(root: Path, *, la: str | None = None, measure: str | None = None,
         as_of: str | None = None) -> Register:
    """The register at root, loaded and checked, with the cache that keeps a large one quick.
    With `la`, for a question about that authority's packages; with `measure`, for one about
    that measure's figures: where the cache knows the register to be free of errors, what
    such a question does not need is not loaded (see tsp.register.load). With `as_of` (a
    date or revision), the register as committed then (see load_as_of)."""
    return load_as_of(root, la=la, measure=measure, as_of=as_of)[0]


def load_as_of(root: Path, *, la: str | None = None, measure: str | None = None,
               as_of: str | None = None) -> tuple[Register, Snapshot | None]:
    """`load`, and the snapshot `as_of` names (None without it). The answer says, on stderr
    so that JSON and CSV stay clean, which recorded register it comes from."""
    from tsp.cache import ParseCache
    from tsp.checks import checked
    from tsp.kinds import RecordKind
    from tsp.register import load as load_register

    if la is not None and measure is not None:
        raise ValueError("load: a question about an authority's packages or a measure's "
                         "figures, not both")
    packages_of = None
    kinds = None
    figures_of = None
    if la is not None:
        from tsp.authorities import resolve

        def packages_of(authorities: Mapping[str, Authority]) -> str:
            return resolve(authorities, la).id

        kinds = {RecordKind.AUTHORITY, RecordKind.PACKAGE, RecordKind.YEAR}
    if measure is not None:  # and, for the statistical neighbours, the authorities
        kinds, figures_of = {RecordKind.AUTHORITY, RecordKind.MEASURE}, {measure}
    if as_of is None:
        return checked(load_register(root, cache=ParseCache.for_root(root),
                                     packages_of=packages_of, kinds=kinds,
                                     figures_of=figures_of)), None
    from tsp.history import register_at
    from tsp.history import resolve as resolve_as_of

    snapshot = resolve_as_of(root, as_of)
    register = checked(register_at(root, snapshot, cache=ParseCache.for_root(root),
                                   packages_of=packages_of, kinds=kinds, figures_of=figures_of))
    err.print(escape(f"{snapshot.words[0].upper()}{snapshot.words[1:]} (--as-of "
                     f"{snapshot.asked})."), soft_wrap=True)
    return register, snapshot


def open_repo(repo: Path | None, *, la: str | None = None, measure: str | None = None,
              as_of: str | None = None) -> Register:
    """The register for a query command: loaded, checked and free of errors, else DataError.
    With `la` or `measure`, only what a question about it needs is loaded (see `load`); with
    `as_of`, the register as committed then."""
    return load(find_root(repo), la=la, measure=measure, as_of=as_of).require_valid()


def open_sound_part(repo: Path | None, *, la: str | None = None,
                    as_of: str | None = None) -> Register:
    """The register for a question: the records free of errors, with a warning on stderr
    naming each file left out and why (the answer still exits 0). With `la`, only the
    packages that name that authority need be loaded (see `load`)."""
    from tsp.partial import sound_part

    root = find_root(repo)
    register, skipped = sound_part(load(root, la=la, as_of=as_of))
    if skipped:
        for path in sorted(skipped):
            for problem in sorted(skipped[path]):
                err.print(escape(format_problem(problem, root)), soft_wrap=True)
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
    from rich.padding import Padding

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
