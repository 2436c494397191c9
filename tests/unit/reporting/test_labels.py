"""How a report writes dates, years and kinds, and splits the programme's words."""

from __future__ import annotations

from tsp.models import Kind
from tsp.reporting.context import note_paragraphs, paragraphs
from tsp.reporting.labels import date_label, kind_label, year_span


def test_labels() -> None:
    assert date_label("2026") == "2026"
    assert date_label("2026-01") == "January 2026"
    assert date_label("2026-03-11") == "11 March 2026"
    assert date_label(None) == ""
    assert year_span("2025-26") == "2025–26"
    assert kind_label(Kind.COACHING_MENTORING) == "coaching and mentoring"
    assert kind_label(Kind.CO_DELIVERY) == "co-delivery"
    assert kind_label(Kind.PROCESS_MAPPING) == "process mapping"
    assert paragraphs("a\nb\n\n  \nc") == ("a\nb", "c")
    assert note_paragraphs("one\ntwo\n") == ("one", "two")
