"""tsp changes: what the working tree changes in the register since a git revision."""

# No `from __future__ import annotations` here: Typer sets up every command's options on each
# run of any tsp command, and evaluating string annotations triples that cost (tsp status and
# tsp set: 2.0 ms of every run's startup as strings, 0.7 ms as objects).

import sys
from typing import Annotated, Any, Literal

import typer

from tsp.changes import RegisterChanges, changes_between, compare
from tsp.changes import as_markdown as changes_markdown
from tsp.changes import as_text as changes_text
from tsp.cli.common import RepoOption
from tsp.cli.reporters import Format, as_json, as_markdown, as_text, emit, format_option
from tsp.errors import UsageError
from tsp.load import find_root


# What `tsp changes` can write (Markdown: for a pull request).
ChangesFormat = Literal[Format.TEXT, Format.MARKDOWN, Format.JSON]


def changes(
    since: Annotated[str, typer.Option(help="A git revision: branch, tag or commit, e.g. "
                     "origin/main (default: HEAD, i.e. what is not yet committed).")]
    = "HEAD",
    start: Annotated[str | None, typer.Option("--from", metavar="DATE|REVISION", help="With "
                     "--to: compare the register as recorded at the start of this day "
                     "(YYYY-MM-DD) or at this revision...", show_default=False)] = None,
    end: Annotated[str | None, typer.Option("--to", metavar="DATE|REVISION", help="...with "
                   "the register as recorded by the end of this day (UTC) or at this revision, "
                   "on the current branch's first-parent history.", show_default=False)]
    = None,
    output_format: Annotated[ChangesFormat, format_option(ChangesFormat, "Markdown is for a "
                             "pull request.")] = Format.TEXT,
    repo: RepoOption = None,
) -> None:
    """What the working tree changes in the register since a git revision.

    In the programme's terms: packages and authorities added, removed or changed (field: old → new), the
    authorities affected, and how each year's headline figures move (areas reached 14 → 15).

    Examples:

        tsp changes --since origin/main

        tsp changes --since origin/main --format markdown >> "$GITHUB_STEP_SUMMARY"

        tsp changes --from 2026-04-01 --to 2026-06-30

    With --from and --to it compares two recorded registers (commits), not the working tree:
    what was recorded in the register in that period. The dates are when changes were
    recorded, not the records' own dates (tsp report changes reports those).
    """
    root = find_root(repo)
    if (start is None) != (end is None):
        raise UsageError("--from and --to go together: tsp changes --from 2026-04-01 --to "
                         "2026-06-30 (or --since REVISION for the working tree).")
    if start is not None and end is not None:
        emit(changes_between(root, start, end), output_format,
             offered=ChangesFormat)
        return
    emit(compare(root, since), output_format,
         offered=ChangesFormat)


@as_json.register(RegisterChanges)
def _(result: RegisterChanges) -> Any:
    return result.as_dict()


@as_text.register(RegisterChanges)
def _(result: RegisterChanges) -> None:
    sys.stdout.write(changes_text(result))


as_markdown.register(RegisterChanges, changes_markdown)
