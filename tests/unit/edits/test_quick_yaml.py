"""The quick writer of new records writes the same bytes as ruamel.yaml's dumper, or leaves
the record to it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from tsp.edits.document import dump_document, folded, plain_or_quoted
from tsp.edits.quick_yaml import dump_fields, plain_safe
from tsp.yaml_io import parse

TEXTS = ["Annual Review mapping", "Children's social care", "SEND & CSC (pilot)",
         "Project 2: Alternative Provision", "yes", "No", "null", "2026", "2026-01-15",
         "1e3", "- dash", "#tag", "a  b", " lead", "trail ", "Brighton & Hove – panel",
         "say \"hi\"", "back\\slash", "tab\there", "é café", "x" * 150, "50%", "@home",
         "Q1/Q2 review", "1.5", "0x10", "~", "Y", "on", ""]


def _same(fields: list[tuple[str, Any]]) -> None:
    quick = dump_fields(fields)
    slow = dump_document(CommentedMap(fields))
    if quick is not None:
        assert quick == slow


def test_each_kind_of_value_is_written_as_the_dumper_writes_it() -> None:
    for text in TEXTS:
        _same([("title", plain_or_quoted(text))] if text else [])
        _same([("summary", DoubleQuotedScalarString(text))])
        _same([("outputs", CommentedSeq([plain_or_quoted(text) or "x", "second"]))])
        if text.strip() and "\n" not in text:
            _same([("notes", folded((text + " ") * 20))])
    _same([("id", "kent-review"), ("year", "2025-26"), ("starts", "2026-01"),
           ("ends", dt.date(2026, 3, 12)), ("recipients", CommentedSeq(["kent", "medway"])),
           ("funding", CommentedSeq([CommentedMap([("year", "2025-26"), ("amount", 4500),
                                                  ("status", "proposed")]),
                                    CommentedMap([("year", "2026-27"),
                                                  ("amount", DoubleQuotedScalarString(
                                                      "12.50")),
                                                  ("status", "proposed")])])),
           ("status_history", CommentedSeq([CommentedMap([
               ("status", "agreed"), ("on", dt.date(2026, 1, 2)),
               ("note", plain_or_quoted("signed off: at last"))])]))])
    assert dump_fields([("id", "kent-review"), ("year", "2025-26")]) is not None


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=120))
def test_any_text_is_written_the_same_or_left_to_the_dumper(text: str) -> None:
    for value in (plain_or_quoted(text), DoubleQuotedScalarString(text)):
        quick = dump_fields([("title", value)])
        if quick is not None:
            assert quick == dump_document(CommentedMap([("title", value)]))
            assert parse(quick)["title"] == text
    if plain_safe(text):
        assert parse(f"v: {text}\n")["v"] == text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12),
                min_size=1, max_size=30))
def test_folded_notes_are_written_the_same_or_left_to_the_dumper(words: list[str]) -> None:
    text = " ".join(w.strip() for w in words if w.strip())
    if not text or "\n" in text:
        return
    value = folded(text)
    quick = dump_fields([("notes", value)])
    if quick is not None:
        assert quick == dump_document(CommentedMap([("notes", value)]))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aeyYnN019xob ,.()&/'’–—_+-:#\"\\", min_size=1, max_size=20))
def test_titles_of_the_characters_titles_hold(text: str) -> None:
    check = test_any_text_is_written_the_same_or_left_to_the_dumper.hypothesis  # type: ignore
    check.inner_test(text)
