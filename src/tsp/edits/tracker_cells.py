"""One tracker cell as a value, read the way people write it.

Dates as "Jan 2026", "15/01/2026" (text or a date cell), "w/c 9 Feb 2026"; status words
through tsp.tracker.STATUS_WORDS; areas "CSC", "SEND/CSC"; "TBC", "n/a" and "-" as blank.
Anything else is refused with what to write instead: never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from tsp.edits.tracker_read import MAX_CELL_CHARS, Cell, text
from tsp.edits.tracker_xlsx import Formula
from tsp.errors import UsageError
from tsp.models import AREA_LABELS, Area, Status
from tsp.tracker import AREA_WORDS, BLANK_WORDS, RAG_WORDS, STATUS_WORDS
from tsp.vocabulary import fold, parse_choice

# The characters a register file cannot hold (as tsp.text_io refuses them): C0 and C1
# controls but tab, newline and return; DEL; surrogates; U+FFFE and U+FFFF.
_NOT_ALLOWED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# What Excel shows in a cell whose formula failed (and a CSV export writes as text).
EXCEL_ERRORS = frozenset({"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
                          "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!",
                          "#CONNECT!", "#BUSY!", "#UNKNOWN!"})
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_MONTH_YEAR = re.compile(r"^([a-z]{3,9})\.?\s+(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(?:w/?c\.?\s+|week commencing\s+)?(\d{1,2})(?:st|nd|rd|th)?"
                             r"\s+([a-z]{3,9})\.?\s+(\d{4})$")
_SLASHED = re.compile(r"^(?:w/?c\.?\s+|week commencing\s+)?"
                      r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$")
_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_AMOUNT = re.compile(r"^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?$")
MAX_AMOUNT = Decimal("100000000")  # £100m: more than the programme's whole budget


def cell_text(cell: Cell) -> str:
    """The cell as text, checked: UsageError for what a register cannot hold; "" for blank
    and the words that mean "not known yet"."""
    value = text(cell)
    if isinstance(cell, Formula):
        raise UsageError(f"the cell holds the formula {value[:40]} with no value saved: open "
                         "and save the sheet in Excel (or paste its values) first")
    if len(value) > MAX_CELL_CHARS:
        raise UsageError(f"the cell holds {len(value):,} characters; a cell holds at most "
                         f"{MAX_CELL_CHARS:,}")
    found = _NOT_ALLOWED.search(value)
    if found is not None:
        raise UsageError(f"the cell holds the control character U+{ord(found.group()):04X}, "
                         "which a register file cannot hold; delete it")
    if value in EXCEL_ERRORS:
        raise UsageError(f"the cell holds the Excel error {value}: fix its formula, or type "
                         "the value")
    if value.lower() in BLANK_WORDS:
        return ""
    return value


def status(value: str) -> str:
    """A tsp status from the words teams write; RAG ratings are refused as what they are."""
    key = fold(value)
    if key in RAG_WORDS:
        raise UsageError(f"'{value}' is a RAG rating, not a status: write where the work is "
                         "(e.g. agreed, in delivery, delivered)",
                         hint="A RAG column is recognised and not imported.")
    if key in STATUS_WORDS:
        found, why = STATUS_WORDS[key]
        if found is None:
            raise UsageError(why)
        return found.value
    return parse_choice(Status, value, "status").value


def area(value: str) -> list[str]:
    if fold(value) in AREA_WORDS:
        return [a.value for a in AREA_WORDS[fold(value)]]
    return [parse_choice(Area, value, "area", labels=AREA_LABELS).value]


def partial_date(cell: Cell, value: str) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD from a date cell or the forms people type."""
    if isinstance(cell, dt.date):
        return text(cell)
    lowered = " ".join(value.lower().split())
    if _ISO.match(lowered):
        return _checked(lowered, value)
    match = _MONTH_YEAR.match(lowered)
    if match and _month(match.group(1)):
        return f"{match.group(2)}-{_month(match.group(1)):02d}"
    match = _DAY_MONTH_YEAR.match(lowered)
    if match and _month(match.group(2)):
        return _checked(f"{match.group(3)}-{_month(match.group(2)):02d}-"
                        f"{int(match.group(1)):02d}", value)
    match = _SLASHED.match(lowered)
    if match:
        year = match.group(3) if len(match.group(3)) == 4 else f"20{match.group(3)}"
        return _checked(f"{year}-{int(match.group(2)):02d}-{int(match.group(1)):02d}", value)
    raise UsageError(f"'{value}' is not a date tsp reads: write e.g. 2026-01-15, 15/01/2026, "
                     "Jan 2026 or w/c 9 Feb 2026")


def _month(word: str) -> int | None:
    number = _MONTHS.get(word[:3])
    full = dt.date(2000, number, 1).strftime("%B").lower() if number else ""
    return number if number and (word == word[:3] or full.startswith(word)
                                 or word == "sept") else None


def _checked(iso: str, typed: str) -> str:
    parts = [int(p) for p in iso.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise UsageError(f"'{typed}' is not a date that exists (dates are read day first: "
                         "15/01/2026 is 15 January)") from None
    return iso


def programme_year(partial: str) -> str:
    """The programme year a date falls in: years run April to March."""
    year, month = int(partial[:4]), int(partial[5:7]) if len(partial) >= 7 else 0
    if not month:
        raise UsageError(f"'{partial}' gives no month, so not its programme year")
    first = year if month >= 4 else year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def amount(cell: Cell, value: str) -> Decimal:
    """Pounds from a number cell or "£12,500", refused beyond what a package is given."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        figure = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
    else:
        match = _AMOUNT.match(value.replace(" ", "") if value.startswith("£") else value)
        if match is None:
            raise UsageError(f"'{value}' is not an amount of pounds: write e.g. 12500 or "
                             "£12,500.50")
        figure = Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))
    if not figure.is_finite() or figure < 0:
        raise UsageError(f"'{value}' is not an amount of pounds: write e.g. 12500")
    if figure > MAX_AMOUNT:
        raise UsageError(f"£{figure:,.0f} is more than one package is given (the register "
                         f"holds amounts up to £{MAX_AMOUNT:,.0f}); check the cell")
    if figure != figure.quantize(Decimal("0.01")):
        raise UsageError(f"'{value}' has more than two decimal places; amounts are pounds "
                         "and pence")
    return figure
