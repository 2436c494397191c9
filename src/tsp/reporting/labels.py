"""How a report writes a record's values in words: a partial date ('January 2026'), a
programme year ('2025–26'), a status and a kind of support.

Shared by the year's and an authority's views (context.py, authority_view.py) and the
plan's (plan_context.py).
"""

from __future__ import annotations

import re

from tsp.dates import MONTHS
from tsp.models import Kind, Status

KIND_LABELS: dict[Kind, str] = {Kind.COACHING_MENTORING: "coaching and mentoring"}


def date_label(value: str | None) -> str:
    """'2026-01' → 'January 2026': a partial date as precise as the record, no more."""
    if not value:
        return ""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {month}" if len(parts) == 3 else month


def year_span(year_id: str) -> str:
    """'2025-26' → '2025–26', the en dash the programme's documents use."""
    return year_id.replace("-", "\u2013")


def year_spans(text: str) -> str:
    """'2025-26' → '2025–26' wherever a programme-style year appears in a source's words."""
    return re.sub(r"\b(\d{4})-(\d{2})\b(?!-)", "\\1\u2013\\2", text)


def status_label(status: Status) -> str:
    return str(status).replace("-", " ")


def kind_label(kind: Kind) -> str:
    return KIND_LABELS.get(kind, str(kind).replace("-", " ").replace("co delivery", "co-delivery"))
