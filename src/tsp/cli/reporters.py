"""Output formats: every command's result shown as text, JSON, CSV, Markdown, a workbook or
GitHub annotations, each format declared once, here.

A command computes a result (a dataclass of its own: a listing, a profile, a validation…) and
calls `emit(result, format, output, offered=…)`; nothing else decides how output looks. A
result's forms are registered, beside its command, on the dispatchers below: `as_json` (its one
JSON shape, docs/json.md), `as_table` (its rows, which CSV writes and, by default, a workbook
too), `as_markdown`, `as_sheets`, `as_annotations` and `as_text` (its layout for people).

Each command declares which formats it offers as a `Literal` of `Format` members, e.g.
`ListFormat = Literal[Format.TABLE, Format.JSON, Format.CSV]`; its --format option is
`Annotated[ListFormat, format_option(ListFormat)]`, so the choices, their help and the error
for a bad one all come from that one declaration. A new output format is one `Format` member
and one writer in `WRITERS` (both here), and then each command that offers it adds it to its
`Literal`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import typing
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import singledispatch
from pathlib import Path
from typing import Any

import typer

from tsp.cli.common import err
from tsp.errors import UsageError
from tsp.reporting.output import is_stream, write_output
from tsp.xlsx import Column, Sheet, workbook


class Format(StrEnum):
    """An output format, as --format spells it, with what its name does not say and the end
    of a file name that asks for it (`-o FILE.xlsx` with no --format writes a workbook)."""

    blurb: str
    suffix: str | None

    def __new__(cls, name: str, blurb: str = "", suffix: str | None = None) -> Format:
        member = str.__new__(cls, name)
        member._value_ = name
        member.blurb = blurb
        member.suffix = suffix
        return member

    TEXT = ("text",)
    TABLE = ("table",)  # the text of a listing: a table for people
    JSON = ("json", "", ".json")
    CSV = ("csv", "", ".csv")
    MARKDOWN = ("markdown", "", ".md")
    GITHUB = ("github", "GitHub Actions annotations")
    XLSX = ("xlsx", "an Excel workbook; give -o FILE.xlsx", ".xlsx")


def offered(choices: Any) -> tuple[Format, ...]:
    """The formats a command's `Literal[Format.…, …]` declares."""
    return tuple(typing.get_args(choices))


def format_option(choices: Any, note: str = "") -> Any:
    """The --format/-f option of a command that offers `choices` (its Literal of formats):
    its help lists them, each with its blurb, and `note` after."""
    names = [f"{f.value} ({f.blurb})" if f.blurb else f.value for f in offered(choices)]
    listed = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
    return typer.Option("--format", "-f", help=f"{listed}." + (f" {note}" if note else ""))


@dataclass(eq=False, repr=False)
class Table:
    """Rows of text under named columns: what CSV (and any tabular format) writes."""

    columns: list[str]
    rows: list[list[str]]
    # Columns of figures: a plain number there, signed too (a change of -10.0), is written as
    # a number; elsewhere a cell starting with - is text, as any other Excel could run.
    numeric: frozenset[str] = frozenset()


# --- a result's forms: each command module registers those of its results ------------------


@singledispatch
def as_json(result: Any) -> Any:
    raise UsageError(f"{type(result).__name__} has no JSON form.")


@singledispatch
def as_table(result: Any) -> Table:
    raise UsageError(f"{type(result).__name__} is not a table.")


@singledispatch
def as_markdown(result: Any) -> str:
    raise UsageError(f"{type(result).__name__} has no Markdown form.")


@singledispatch
def as_sheets(result: Any) -> list[Sheet]:
    """The workbook's sheets for a result. A command module may register its own (typed
    columns, dates as dates); any result with a table (`as_table`, what CSV writes) is one
    sheet of text otherwise, so a new tabular result (a plan, a comparison) gets xlsx too."""
    try:
        table = as_table(result)
    except UsageError:
        raise UsageError(f"{type(result).__name__} has no spreadsheet form; xlsx is for "
                         "tables (tsp list, tsp la --list).") from None
    name = type(result).__name__
    return [Sheet(name, [Column(c) for c in table.columns], list(table.rows))]


@singledispatch
def as_annotations(result: Any) -> list[str]:
    raise UsageError(f"{type(result).__name__} has no GitHub annotations.")


@singledispatch
def as_text(result: Any) -> None:
    """Print the result for people (Rich, to the terminal); each command module registers
    the layout of its results."""
    raise UsageError(f"{type(result).__name__} has no text form.")


# --- CSV -----------------------------------------------------------------------------------


_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def excel_safe(text: str) -> str:
    # Excel runs a cell that starts with = + - @ as a formula (=HYPERLINK(...) in a title that
    # arrived by pull request); a leading apostrophe makes it text. OWASP "CSV injection".
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(table: Table, *, raw: bool = False) -> str:
    """The table as CSV for a spreadsheet; `raw`, for a script: every cell as it is, no
    formula guard and no byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.columns)
    numeric = [c in table.numeric for c in table.columns]
    for row in table.rows:
        writer.writerow([cell if raw or (number and _PLAIN_NUMBER.fullmatch(cell))
                         else excel_safe(cell) for number, cell in zip(numeric, row)])
    if raw:
        return buffer.getvalue()
    # The byte-order mark makes Excel read the file as UTF-8 (names like "Brighton & Hove – …").
    return "\ufeff" + buffer.getvalue()


# --- the writers: one per format -----------------------------------------------------------


def _write(text: str) -> None:
    sys.stdout.write(text)


def write_json(result: Any) -> None:
    _write(json.dumps(as_json(result), indent=2, ensure_ascii=False) + "\n")


def write_csv(result: Any) -> None:
    _write(csv_text(as_table(result)))


def _write_raw_csv(result: Any) -> None:
    _write(csv_text(as_table(result), raw=True))


def write_markdown(result: Any) -> None:
    _write(as_markdown(result))


def write_github(result: Any) -> None:
    for line in as_annotations(result):
        _write(line + "\n")


def write_xlsx(result: Any) -> None:
    sheets = as_sheets(result)
    if sys.stdout.isatty():
        raise UsageError("A workbook is not for a terminal: add -o FILE.xlsx.")
    sys.stdout.flush()
    sys.stdout.buffer.write(workbook(sheets))
    sys.stdout.buffer.flush()


WRITERS: dict[str, Callable[[Any], None]] = {
    Format.TEXT: as_text,
    Format.TABLE: as_text,
    Format.JSON: write_json,
    Format.CSV: write_csv,
    Format.MARKDOWN: write_markdown,
    Format.GITHUB: write_github,
    Format.XLSX: write_xlsx,
}


def _named_by_suffix(output_format: str, output: Path | None, choices: Any) -> str:
    """Where the format is the text one, a file name ending .xlsx, .json, .csv or .md says
    the format, if the command offers it."""
    if output is None or output_format not in (Format.TEXT, Format.TABLE):
        return output_format
    suffix = output.suffix.lower()
    return next((f for f in offered(choices) if f.suffix == suffix), output_format)


def emit(result: Any, output_format: str = Format.TEXT, output: Path | None = None, *,
         offered: Any = None, raw: bool = False) -> None:
    """Show a command's result in the format asked for (a --format value); with `output`,
    write it to that file instead, atomically (nothing is left half-written). `offered` is
    the command's Literal of formats: with the text format, a file name ending .xlsx, .json,
    .csv or .md says the format, if the command offers it."""
    output_format = _named_by_suffix(str(output_format), output, offered)
    try:
        writer = WRITERS[output_format]
    except KeyError:
        raise UsageError(f"--format: '{output_format}' is not one of: "
                         f"{', '.join(WRITERS)}.") from None
    if raw:
        if output_format != Format.CSV:
            raise UsageError("--raw is for --format csv: the other formats have no "
                             "spreadsheet guard to leave out.")
        writer = _write_raw_csv
    if output is None:
        writer(result)
        return
    if not is_stream(output) and not output.parent.is_dir():
        raise UsageError(f"Cannot write {output}: the folder {output.parent} does not exist.")
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    saved, sys.stdout = sys.stdout, stream
    try:
        writer(result)
        stream.flush()
    finally:
        sys.stdout = saved
    content = buffer.getvalue()
    # As tsp report -o: a file is replaced atomically; stdout, a FIFO or /dev/null is written
    # as a stream, never replaced.
    if write_output(output, content) == "file":
        err.print(f"Wrote {output} ({len(content):,} bytes).", soft_wrap=True, markup=False)
