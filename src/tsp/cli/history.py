"""tsp history: every change to one record, as the register recorded it."""

# No `from __future__ import annotations`: see tsp/cli/changes.py.

from enum import StrEnum
from typing import Annotated, Any

import typer

from tsp.cli.common import OutputOption, RepoOption


class HistoryFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


def history(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="A package, authority "
                         "(its id or name), programme year (e.g. 2025-26) or measure.",
                         show_default=False)],
    output_format: Annotated[HistoryFormat, typer.Option("--format", "-f", help="text, "
                             "json, csv or markdown.")] = HistoryFormat.TEXT,
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
    from tsp.cli.reporters import as_json, as_markdown, as_table, as_text, emit, Table, _write
    from tsp.errors import NotFound
    from tsp.record_history import RecordHistory, as_rows, record_history
    from tsp.record_history import as_markdown as history_markdown
    from tsp.record_history import as_text as history_text
    from tsp.load import find_root

    as_json.register(RecordHistory, lambda result: result.as_dict())
    as_text.register(RecordHistory, lambda result: _write(history_text(result)))
    as_markdown.register(RecordHistory, history_markdown)
    as_table.register(RecordHistory, lambda result: Table(*as_rows(result)))

    root = find_root(repo)
    try:
        result = record_history(root, record_id)
    except NotFound:
        authority = _authority_id(root, record_id)
        if authority is None or authority == record_id:
            raise
        result = record_history(root, authority)
    emit(result, output_format, output)


def _authority_id(root: Any, text: str) -> Any:
    """The id of the authority a name, alias or code names in today's register, if any."""
    from tsp.authorities import resolve
    from tsp.cli.common import Part, open_register
    from tsp.errors import NotFound

    try:
        return resolve(open_register(root, part=Part.CHECKED).authorities, text).id
    except NotFound:
        return None
