"""tsp status, tsp set: change one field of a record and keep the rest of the file as it was."""

# No `from __future__ import annotations` here: Typer sets up every command's options on each
# run of any tsp command, and evaluating string annotations triples that cost (tsp status and
# tsp set: 2.0 ms of every run's startup as strings, 0.7 ms as objects).

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tsp.cli import completion
from tsp.cli.common import Part, RepoOption, err, format_problem, open_register, out
from tsp.cli.reporters import as_text, emit
from tsp.dates import parse_date
from tsp.edits.atomic import FileChanged
from tsp.edits.check import Edit, find_package, find_record
from tsp.edits.set import change_items, unset_field
from tsp.edits.set import set_field as set_one
from tsp.edits.status import allowed_moves, change_status
from tsp.errors import UsageError
from tsp.vocabulary import parse_choice
from tsp.kinds import RecordKind
from tsp.models import Status
from tsp.register import Register


@dataclass(eq=False, repr=False)
class EditOutcome:
    """`tsp set`, `tsp status`: a checked edit, written or (with --dry-run) only shown."""

    edit: Edit
    written: bool

DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff and "
                                            "write nothing.")]


def open_for_edit(repo: Path | None) -> Register:
    # Not require_valid(): an edit is judged by the problems it brings, so a broken file
    # elsewhere does not block it (and tsp set can help fix one).
    return open_register(repo, part=Part.FILES)


ATTEMPTS = 5


def apply_edit(repo: Path | None, make: Callable[[Register], Edit], dry_run: bool) -> None:
    """Make the edit from a fresh load and write it; if another writer changed the file in
    between (FileChanged), make it again from what is there now, so that both edits land. A
    file that keeps changing is refused: exit 2, and nothing of this edit was written."""
    for attempt in range(ATTEMPTS):
        edit = make(open_for_edit(repo))
        try:
            _finish(edit, dry_run)
            return
        except FileChanged:
            if attempt == ATTEMPTS - 1:
                raise


def _finish(edit: Edit, dry_run: bool) -> None:
    if not dry_run:
        edit.write()
    emit(EditOutcome(edit, written=not dry_run))


def day_or_today(text: str | None) -> dt.date:
    return dt.date.today() if text is None else parse_date(text, "--on")


def status(
    package_id: Annotated[str, typer.Argument(metavar="ID", help="A package id.",
                          autocompletion=completion.package_ids)],
    new: Annotated[str | None, typer.Argument(metavar="NEW", help="interest, scoping, "
                   "agreed, in-delivery, delivered, closed or withdrawn (any case). Leave it "
                   "out to see the status and its history.", show_default=False,
                   autocompletion=completion.statuses)] = None,
    on: Annotated[str | None, typer.Option(metavar="DATE", help="When it happened, YYYY-MM-DD (default: "
                  "today).", show_default=False)] = None,
    note: Annotated[str | None, typer.Option(help="Why, or anything worth keeping with the "
                    "change.", show_default=False)] = None,
    dry_run: DryRunOption = False,
    repo: RepoOption = None,
) -> None:
    """Move a package on through its lifecycle, recording when (status_history).

    The lifecycle runs interest → scoping → agreed → in-delivery → delivered → closed;
    stages may be skipped, and withdrawn is possible from any stage before closed. A move
    back (e.g. delivered to interest) is refused with the moves that are allowed.

    Examples:

        tsp status reading-annual-review-mapping

        tsp status reading-annual-review-mapping delivered --on 2026-03-12

        tsp status kent-send-engagement-workshops withdrawn --note "LA paused the work"
    """
    if new is None:
        if on is not None or note is not None or dry_run:
            raise UsageError("--on, --note and --dry-run go with a NEW status, e.g. tsp status "
                             f"{package_id} delivered --on 2026-03-12.")
        _print_status(open_for_edit(repo), package_id)
        return
    target = parse_choice(Status, new)
    when = day_or_today(on)
    if when > dt.date.today():
        err.print(f"[bold yellow]warning:[/] --on {when.isoformat()} is in the future; it is "
                  "recorded as given (check the date, or leave --on out for today).",
                  soft_wrap=True)
    apply_edit(repo, lambda repository: change_status(repository, package_id, target, when, note),
           dry_run)


def _print_status(repository: Register, package_id: str) -> None:
    package = find_package(repository, package_id)
    out.print(f"[bold]{escape(package.id)}[/]: {package.status}", soft_wrap=True)
    if package.status_history:
        out.print("History:")
        for change in package.status_history:
            note = f" — {change.note}" if change.note else ""
            out.print(escape(f"  {change.on.isoformat()}  {change.status}{note}"),
                      soft_wrap=True)
    else:
        out.print("No dated status changes recorded.")
    moves = allowed_moves(package.status)
    out.print(escape(f"Can move to: {', '.join(moves)}" if moves
                     else "The end of its lifecycle: no further moves."), soft_wrap=True)


def set_field(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="A package id (or, with "
                         "--authority, an authority: id, name or alias).")],
    field: Annotated[str, typer.Argument(metavar="FIELD", help="The field, e.g. summary, "
                     "partners, starts.")],
    value: Annotated[str | None, typer.Argument(metavar="VALUE", help="The new value of a "
                     "single-valued field.", show_default=False)] = None,
    add: Annotated[list[str] | None, typer.Option(metavar="ITEM", help="Add an item to a list field "
                   "(authorities by name). Repeat for several.", show_default=False)] = None,
    remove: Annotated[list[str] | None, typer.Option(metavar="ITEM", help="Remove an item from a list field.",
                      show_default=False)] = None,
    unset: Annotated[bool, typer.Option("--unset", help="Remove the field from the record.")]
    = False,
    authority: Annotated[bool, typer.Option("--authority", help="Edit an authority record, "
                         "not a package.")] = False,
    dry_run: DryRunOption = False,
    repo: RepoOption = None,
) -> None:
    """Set one field of a package (or authority), keeping the rest of the file as it was.

    With --authority the record is an authority's. Comments, quoting and the order of the other fields stay as they were; the record is
    checked before it is written, and an invalid edit writes nothing.

    Examples:

        tsp set reading-annual-review-mapping summary "Two process-mapping workshops."

        tsp set reading-bgm-workforce-engagement partners --add "Brighton and Hove"

        tsp set reading-annual-review-mapping starts 2026-01

        tsp set --authority Reading aliases --add "Reading Borough Council"
    """
    modes = [value is not None, bool(add or remove), unset]
    if sum(modes) != 1:
        raise UsageError("give a VALUE, or --add/--remove items, or --unset (one of them).",
                         hint="e.g. tsp set ID summary \"…\" or tsp set ID partners --add Kent")
    kind = RecordKind.AUTHORITY if authority else RecordKind.PACKAGE

    def make(repository: Register) -> Edit:
        found = str(getattr(find_record(repository, kind, record_id), "id"))
        if value is not None:
            return set_one(repository, kind, found, field, value.strip())
        if unset:
            return unset_field(repository, kind, found, field)
        return change_items(repository, kind, found, field, list(add or []),
                            list(remove or []))

    apply_edit(repo, make, dry_run)


@as_text.register(EditOutcome)
def _(result: EditOutcome) -> None:
    edit = result.edit
    if result.written:
        out.print(f"Updated {escape(edit.relative_path)}:", soft_wrap=True)
        for change in edit.changes:
            out.print(f"  {escape(change)}", soft_wrap=True)
    else:
        out.print(escape(edit.diff()), soft_wrap=True, end="")
        out.print("Nothing written (--dry-run).")
    for problem in edit.warnings:
        err.print(escape(format_problem(problem, edit.root)), soft_wrap=True)
