"""Round-trip editing keeps every byte outside the edited lines (atomic writes: test_atomic)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from tsp.models import Package
from tsp.edits.document import (
    TopLevelEditor,
    dump_document,
    folded,
    load_document,
    plain_or_quoted,
)

ORDER = list(Package.model_fields)

# A record as a person might leave it: comments everywhere, odd quoting and indentation,
# blank lines, a flow list, a comment about the next key sitting above it.
ODD = """\
# yaml-language-server: $schema=../../schemas/package.schema.json
# A hand-edited record

id: odd   # the id is the file name
title: 'Single-quoted title'
year: "2025-26"
status: agreed    # agreed at the March board
areas: [send]
recipients:
- reading     # dash in column 0
- kent

# themes were agreed with the LA
themes:
    -   annual-reviews
    -   multi-agency   # added later
summary: plain summary text
# where the facts come from
source: Year 1 report
notes: >-
  Folded notes that run over
  two lines.
"""


def data_files(root: Path) -> list[Path]:
    return sorted((root / "data").rglob("*.yaml"))


def test_no_op_round_trip_is_byte_identical_for_every_data_file(frozen_root: Path) -> None:
    files = data_files(frozen_root)
    assert len(files) > 30
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert dump_document(load_document(text)) == text, path


def test_setting_a_scalar_changes_only_its_line_and_keeps_its_comment() -> None:
    new = TopLevelEditor(ODD, ORDER).set("status", "delivered")
    assert new == ODD.replace("status: agreed    # agreed at the March board",
                              "status: delivered # agreed at the March board")


def test_replacing_a_quoted_value_keeps_the_quotes_it_had() -> None:
    editor = TopLevelEditor(ODD, ORDER)
    from tsp.edits.document import styled_like

    new = editor.set("title", styled_like(editor.doc["title"], "New title"))
    assert new == ODD.replace("title: 'Single-quoted title'", "title: 'New title'")


def test_a_new_key_goes_in_model_order_below_the_comment_of_the_next_key() -> None:
    new = TopLevelEditor(ODD, ORDER).set("starts", "2026-01")
    assert new == ODD.replace(
        "summary: plain summary text\n",
        "summary: plain summary text\nstarts: 2026-01\n",
    )
    # the comment about source still sits directly above source
    assert "starts: 2026-01\n# where the facts come from\nsource:" in new


def test_appending_follows_the_list_indentation_the_file_uses() -> None:
    new = TopLevelEditor(ODD, ORDER).append("recipients", "slough")
    assert new == ODD.replace("- kent\n", "- kent\n- slough\n")
    new = TopLevelEditor(ODD, ORDER).append("themes", "transitions")
    assert new == ODD.replace("    -   multi-agency   # added later\n",
                              "    -   multi-agency   # added later\n    - transitions\n")


def test_a_flow_list_stays_a_flow_list() -> None:
    new = TopLevelEditor(ODD, ORDER).append("areas", "childrens-social-care")
    assert new == ODD.replace("areas: [send]", "areas: [send, childrens-social-care]")


def test_removing_an_item_removes_its_line_only() -> None:
    new = TopLevelEditor(ODD, ORDER).remove("themes", 0)
    assert new == ODD.replace("    -   annual-reviews\n", "")
    new = TopLevelEditor(ODD, ORDER).remove("recipients", 1)
    assert new == ODD.replace("- kent\n", "")


def test_removing_the_last_item_removes_the_key_and_keeps_the_comments_around() -> None:
    text = TopLevelEditor(ODD, ORDER).remove("themes", 0)
    new = TopLevelEditor(text, ORDER).remove("themes", 0)
    assert new == ODD.replace(
        "themes:\n    -   annual-reviews\n    -   multi-agency   # added later\n", "")


def test_a_new_list_of_mappings_is_written_in_house_style() -> None:
    entry = CommentedMap([("status", "delivered"), ("on", dt.date(2026, 3, 12))])
    new = TopLevelEditor(ODD, ORDER).append("status_history", entry)
    assert new == ODD.replace(
        "summary: plain summary text\n",
        "summary: plain summary text\nstatus_history:\n  - status: delivered\n"
        "    on: 2026-03-12\n",
    )


def test_deleting_a_key_leaves_the_rest() -> None:
    new = TopLevelEditor(ODD, ORDER).delete("source")
    assert new == ODD.replace("source: Year 1 report\n", "")


def test_replacing_a_folded_block_rewraps_only_that_block() -> None:
    editor = TopLevelEditor(ODD, ORDER)
    new = editor.set("notes", folded("word " * 30 + "end"))
    head = ODD[: ODD.index("notes: >-")]
    assert new.startswith(head)
    tail = new[len(head):].splitlines()
    assert tail[0] == "notes: >-"
    assert all(len(line) <= 96 for line in tail)


def test_crlf_files_keep_crlf() -> None:
    text = ODD.replace("\n", "\r\n")
    new = TopLevelEditor(text, ORDER).append("recipients", "slough")
    assert new == text.replace("- kent\r\n", "- kent\r\n- slough\r\n")


def test_house_style_for_new_values() -> None:
    assert plain_or_quoted("Annual Review mapping") == "Annual Review mapping"
    for text in ("2026", "yes: no", "# not a comment", "870", "'quoted'", "a #b", " pad"):
        assert isinstance(plain_or_quoted(text), DoubleQuotedScalarString), text
    value = folded("a " * 100 + "b")
    rendered = dump_document({"notes": value})
    assert rendered.startswith("notes: >-\n")
    assert load_document(rendered)["notes"] == "a " * 100 + "b"
