"""Writing Markdown safely: a value in a table cell stays in its cell, whatever it holds.

Used by every Markdown tsp writes (`tsp list --format markdown`, `tsp changes --format
markdown`, the reports' `md_cell` filter, the field tables in CONTRIBUTING.md). Parsing
Markdown for HTML and Word is tsp.reporting.markdown's.
"""

from __future__ import annotations

from typing import Any


def table_cell(value: Any) -> str:
    """A value made safe for one table cell: a '|' or a line break would split the row, a
    backslash would escape what follows it, and '<' could open HTML where GitHub shows it."""
    return (str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ")
            .replace("\n", " ").replace("<", "&lt;"))


def table(head: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; every cell is escaped with `table_cell`."""
    lines = ["| " + " | ".join(table_cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(table_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
