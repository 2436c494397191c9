"""Writing Markdown safely: a value in a table cell stays in its cell, whatever it holds.

Used by every Markdown tsp writes (`tsp list --format markdown`, `tsp changes --format
markdown`, the reports' `md_cell` filter, the field tables in CONTRIBUTING.md). Parsing
Markdown for HTML and Word is tsp.reporting.markdown's.
"""

from __future__ import annotations

from typing import Any

from tsp.escape import Markdown, escape_text


def table_cell(value: Any) -> str:
    """A value made safe for one table cell: a '|' or a line break would split the row, a
    backslash would escape what follows it, and '<' could open HTML where GitHub shows it."""
    return (str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ")
            .replace("\n", " ").replace("<", "&lt;"))


def text_cell(value: Any) -> str:
    """A data value shown as exactly its text in a cell: besides what `table_cell` guards,
    a title or a name can hold a link, an image, HTML or an @mention that GitHub (where
    `--format markdown` output is pasted) would make live. Markdown that tsp built itself
    (e.g. an id as code) is kept as it is."""
    if isinstance(value, Markdown):
        return table_cell(value) if "\n" in value or "|" in value else str(value)
    return escape_text(value, emphasis=False)


def table(head: list[str], rows: list[list[str]]) -> str:
    """A Markdown table of data values: every cell is escaped with `text_cell`."""
    lines = ["| " + " | ".join(text_cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(text_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
