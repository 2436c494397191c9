"""Dates as tsp reads them: full dates typed on the command line, and partial dates in records.

A record's date is as precise as it is known: 2026, 2026-01 or 2026-01-15.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tsp.errors import UsageError

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_ONLY = re.compile(r"^\d{4}$")


# The months' names, as every date a reader sees is written: "12 March 2026".
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# The years a typed date may fall in: a council created in the 1990s still has a true
# starts_on, but 0001-01-01 ("1 January 1" in a report) is a slip of the keyboard.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2099


def parse_date(text: str, what: str | None = None) -> dt.date:
    """A full date typed by someone (YYYY-MM-DD), or UsageError saying how to write one.

    `what` (an option or field name) leads the message: "--on: '12/3' is not a date; …".
    Only YYYY-MM-DD: Python also reads 20260228 and 2026-W05, which nobody means here."""
    lead = f"{what}: " if what else ""
    try:
        if not _FULL_DATE.match(text):
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{lead}'{text}' is not a date; write YYYY-MM-DD, e.g. 2026-03-12."
                         ) from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise UsageError(f"{lead}'{text}' is not a date in the years tsp records "
                         f"({EARLIEST_YEAR}–{LATEST_YEAR}); write YYYY-MM-DD, e.g. 2026-03-12.")
    return day


def partial_date_value(text: str) -> Any:
    """The YAML value of a partial date, written plainly as the files do: 2026-03-12 (a date),
    2026-01 (text), 2026 (a number)."""
    if _FULL_DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if _YEAR_ONLY.match(text):
        return int(text)
    return text


def partial_bounds(value: str) -> tuple[str, str]:
    """The earliest and latest day a partial date can mean, as ISO strings."""
    parts = value.split("-")
    if len(parts) == 1:
        return f"{value}-01-01", f"{value}-12-31"
    if len(parts) == 2:
        return f"{value}-01", f"{value}-31"
    return value, value


def ends_before_starts(starts: str, ends: str) -> bool:
    """Whether partial date `ends` is certainly before `starts` (2026-01 is, 2026 is not)."""
    return partial_bounds(ends)[1] < partial_bounds(starts)[0]


def day_text(day: dt.date) -> str:
    """A date as a reader writes it: 31 March 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
