"""The package table a spreadsheet holds: one row per package, one column per field.

`tsp list --format xlsx` writes it and `tsp import` reads it back, so both use these columns:
headers people read, cells people type (authority names, "SEND", one output per line).
"""

from __future__ import annotations

from dataclasses import dataclass

from tsp.models import AREA_LABELS, Area, Package, Status
from tsp.register import Register
from tsp.vocabulary import fold
from tsp.xlsx import CellKind, Column


@dataclass(frozen=True)
class TrackerColumn:
    field: str  # a Package field, or "roles" (shown with --la, never imported)
    header: str
    kind: CellKind = "text"
    aliases: tuple[str, ...] = ()  # other headers a team's own tracker may use


COLUMNS: tuple[TrackerColumn, ...] = (
    TrackerColumn("id", "ID", aliases=("package id", "reference", "ref")),
    TrackerColumn("title", "Title", aliases=("package", "name", "package title",
                                                      "activity")),
    TrackerColumn("year", "Year", aliases=("programme year",)),
    TrackerColumn("status", "Status", aliases=("stage",)),
    TrackerColumn("areas", "Area", aliases=("areas",)),
    TrackerColumn("recipients", "Recipients", aliases=(
        "recipient", "local authority", "authority", "la", "receiving authority",
        "receiving la")),
    TrackerColumn("partners", "Partners", aliases=("partner", "partner authorities")),
    TrackerColumn("sme_lenders", "SMEs lent by", aliases=(
        "sme lenders", "sme lender", "smes from", "lent smes")),
    TrackerColumn("kinds", "Kinds of support", aliases=("kind", "kinds", "type of support",
                                                        "support")),
    TrackerColumn("themes", "Themes", aliases=("theme",)),
    TrackerColumn("starts", "Starts", "date", aliases=("start", "start date")),
    TrackerColumn("ends", "Ends", "date", aliases=("end", "end date")),
    TrackerColumn("summary", "Summary", aliases=("description",)),
    TrackerColumn("delivered_by", "Delivered by"),
    TrackerColumn("outputs", "Outputs", aliases=("output",)),
    TrackerColumn("outcomes", "Outcomes", aliases=("outcome",)),
    TrackerColumn("related", "Related packages", aliases=("related",)),
    TrackerColumn("status_history", "Status history"),
    TrackerColumn("source", "Source"),
    TrackerColumn("notes", "Notes", aliases=("note", "comments")),
)
ROLES = TrackerColumn("roles", "Role")
# Read on import only: a Budget column is the row's proposed funding for its year
# (tsp list writes no such column; money has its own commands).
FUNDING = TrackerColumn("funding", "Budget", aliases=(
    "budget £", "budget (£)", "amount", "amount £", "funding", "proposed funding", "cost"))
# A RAG rating (Red/Amber/Green) is how a piece of work is going, not where it is in its
# lifecycle: recognised so it is never read, or suggested, as a status.
RAG = TrackerColumn("rag", "RAG", aliases=("rag status", "rag rating", "red amber green"))
RAG_WORDS = frozenset({"red", "amber", "green", "redamber", "ambergreen", "ragred",
                       "ragamber", "raggreen"})

# The status words teams write, and the tsp status each one means (folded: case, spaces and
# punctuation set aside). A word given None has no tsp status: the text says why, and the
# row is refused with it rather than given a status the sheet does not state. The README's
# tracker section shows this table.
STATUS_WORDS: dict[str, tuple[Status | None, str]] = {
    "pipeline": (Status.INTEREST, ""),
    "expressionofinterest": (Status.INTEREST, ""),
    "eoi": (Status.INTEREST, ""),
    "enquiry": (Status.INTEREST, ""),
    "indiscussion": (Status.SCOPING, ""),
    "planning": (Status.SCOPING, ""),
    "approved": (Status.AGREED, ""),
    "confirmed": (Status.AGREED, ""),
    "signedoff": (Status.AGREED, ""),
    "live": (Status.IN_DELIVERY, ""),
    "inprogress": (Status.IN_DELIVERY, ""),
    "ongoing": (Status.IN_DELIVERY, ""),
    "underway": (Status.IN_DELIVERY, ""),
    "started": (Status.IN_DELIVERY, ""),
    "complete": (Status.DELIVERED, ""),
    "completed": (Status.DELIVERED, ""),
    "done": (Status.DELIVERED, ""),
    "finished": (Status.DELIVERED, ""),
    "cancelled": (Status.WITHDRAWN, ""),
    "canceled": (Status.WITHDRAWN, ""),
    "dropped": (Status.WITHDRAWN, ""),
    "onhold": (None, "'On hold' says the work paused, not how far it got: write the "
               "status it reached (e.g. agreed) and say it is on hold in Notes"),
    "paused": (None, "'Paused' says the work paused, not how far it got: write the "
               "status it reached (e.g. agreed) and say it is paused in Notes"),
}

# Area words beyond the labels tables show ("SEND", "Children's social care").
AREA_WORDS: dict[str, tuple[Area, ...]] = {
    "csc": (Area.CHILDRENS_SOCIAL_CARE,),
    "socialcare": (Area.CHILDRENS_SOCIAL_CARE,),
    "childrenssocialcare": (Area.CHILDRENS_SOCIAL_CARE,),
    "send": (Area.SEND,),
    "both": (Area.SEND, Area.CHILDRENS_SOCIAL_CARE),
}

# Cells that say "nothing yet": read as blank, never as a value.
BLANK_WORDS = frozenset({"tbc", "tba", "tbd", "n/a", "na", "n.a.", "nk", "none", "-", "–", "—",
                         "?"})

# Lists whose items may hold commas (free text) go one per line; the others by commas.
LINE_LISTS = frozenset({"delivered_by", "outputs", "outcomes", "status_history"})


def header_index() -> dict[str, str]:
    """Folded header (or field name, or alias) -> field name."""
    index: dict[str, str] = {}
    for column in (*COLUMNS, ROLES, FUNDING, RAG):
        for name in (column.header, column.field, *column.aliases):
            index.setdefault(fold(name), column.field)
    return index


def columns(with_roles: bool) -> list[TrackerColumn]:
    return [*COLUMNS, *([ROLES] if with_roles else [])]


def sheet_columns(with_roles: bool) -> list[Column]:
    return [Column(c.header, c.kind) for c in columns(with_roles)]


def history_line(on: str, status: str, note: str | None) -> str:
    return f"{on} {status}" + (f" — {note}" if note else "")


def cells(repo: Register, package: Package, roles: tuple[str, ...] = (),
          with_roles: bool = False) -> list[str]:
    """The row for one package, as a person would type it."""
    def names(ids: list[str]) -> str:
        return ", ".join(repo.authorities[i].name if i in repo.authorities else i for i in ids)

    p = package
    values = {
        "id": p.id, "title": p.title, "year": p.year, "status": p.status.value,
        "areas": ", ".join(AREA_LABELS[a] for a in p.areas),
        "recipients": names(p.recipients), "partners": names(p.partners),
        "sme_lenders": names(p.sme_lenders), "kinds": ", ".join(k.value for k in p.kinds),
        "themes": ", ".join(p.themes), "starts": p.starts or "", "ends": p.ends or "",
        "summary": p.summary or "", "delivered_by": "\n".join(p.delivered_by),
        "outputs": "\n".join(p.outputs), "outcomes": "\n".join(p.outcomes),
        "related": ", ".join(p.related),
        "status_history": "\n".join(history_line(c.on.isoformat(), c.status.value, c.note)
                                    for c in p.status_history),
        "source": p.source or "", "notes": p.notes or "", "roles": ", ".join(roles),
    }
    return [values[c.field] for c in columns(with_roles)]
