"""tsp history: every change to one record, as the register recorded it."""

# No `from __future__ import annotations`: see tsp/cli/changes.py.

import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from tsp.authorities import resolve
from tsp.cli.common import OutputOption, Part, RepoOption, open_register
from tsp.cli.reporters import Format, Table, as_json, as_markdown, as_table, as_text, emit
from tsp.cli.reporters import format_option
from tsp.errors import NotFound
from tsp.record_history import RecordHistory, as_rows, record_history
from tsp.record_history import as_markdown as history_markdown
from tsp.record_history import as_text as history_text
from tsp.load import find_root

# What `tsp history` can write.
HistoryFormat = Literal[Format.TEXT, Format.JSON, Format.CSV, Format.MARKDOWN]


def history(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="A package, authority "
                         "(its id or name), programme year (e.g. 2025-26) or measure.",
                         show_default=False)],
    output_format: Annotated[HistoryFormat, format_option(HistoryFormat)] = Format.TEXT,
    output: OutputOption = None,
    repo: RepoOption = None,
) -> None:
    """Every change to one record, field by field (old → new), with the date it was recorded,
    who recorded it and the commit's subject; a renamed file is followed.

    The dates are when each change was recorded (committed on the current branch), not when
    it happened: a status change's own date is in the record (status_history).

    Examples:

        tsp history reading-annual-review-mapping

        tsp history Reading --format csv > reading-history.csv

        tsp history 2026-27 --format markdown
    """
    root = find_root(repo)
    try:
        result = record_history(root, record_id)
    except NotFound:
        authority = _authority_id(root, record_id)
        if authority is None or authority == record_id:
            raise
        result = record_history(root, authority)
    emit(result, output_format, output, offered=HistoryFormat)


def _authority_id(root: Path, text: str) -> str | None:
    """The id of the authority a name, alias or code names in today's register, if any."""
    try:
        return resolve(open_register(root, part=Part.CHECKED).authorities, text).id
    except NotFound:
        return None


@as_json.register(RecordHistory)
def _(result: RecordHistory) -> Any:
    return result.as_dict()


@as_text.register(RecordHistory)
def _(result: RecordHistory) -> None:
    sys.stdout.write(history_text(result))


@as_table.register(RecordHistory)
def _(result: RecordHistory) -> Table:
    return Table(*as_rows(result))


as_markdown.register(RecordHistory, history_markdown)
