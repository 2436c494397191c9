"""YAML syntax slips of hand-edited files, said in plain words at the line to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import CliRun
from tsp.text_io import YamlProblem
from tsp.yaml_io import parse


@pytest.mark.parametrize("text, line, column, message", [
    ("id: x\nsummary: Mapping: two workshops\n", 2, 17,
     "a colon followed by a space starts a new key, and this line has a second one; if it is "
     "part of the text, put the whole text in quotes: summary: \"Mapping: two workshops\""),
    ('id: x\ntitle: "Annual review\nyear: 2025-26\nstatus: agreed\n', 2, 8,
     'this " opens a quoted text that is never closed: add the closing " at the end of the '
     "text"),
    ("id: x\ntitle: 'Annual review\nyear: 2025-26\n", 2, 8,
     "this ' opens a quoted text that is never closed: add the closing ' at the end of the "
     "text"),
    ("id: x\nrecipients:\n  - reading\n - kent\nyear: 2025-26\n", 4, 2,
     "the list item '- kent' is indented differently from the items above it: start every "
     "'- ' of a list at the same column (2 spaces, as the item above)"),
    ("id: x\nrecipients:\n  - reading\n  -kent\n", 4, 3,
     "'-kent' looks like a list item without a space after the dash: write '- kent'"),
    # issue 22: quoting (the colon advice) would not help a mis-indented key
    ("id: x\nyear: 2025-26\n status: agreed\n", 3, 8,
     "'status:' is indented under 'year:' (line 2), which holds a value, so YAML reads it as "
     "more of that value: start 'status:' at the start of the line, as 'year:' is"),
    ("id: x\nstatus_history:\n  - status: agreed\n    on: 2026-01-10\n  - status: delivered\n"
     "   on: 2026-01-12\n", 6, 4,
     "'on:' is not lined up with 'status:', the first field of the list item on line 5: the "
     "fields of one item start at the same column (4 spaces)"),
    ("id: x\nstatus_history:\n  - status: agreed\n     on: 2026-01-10\n", 4, 8,
     "'on:' is indented under 'status:' (line 3), which holds a value, so YAML reads it as "
     "more of that value: start 'on:' 4 spaces in, as 'status:' is"),
])
def test_plain_words_at_the_line_to_fix(text: str, line: int, column: int,
                                        message: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    assert (caught.value.line, caught.value.column, caught.value.message) == (
        line, column, message)


def test_validate_reports_an_unclosed_quote_where_it_opens(tsp: CliRun, minimal: Path) -> None:
    path = minimal / "data" / "packages" / "alpha-review.yaml"
    path.write_text(path.read_text().replace("title: Annual Review mapping",
                                             'title: "Annual Review mapping'))
    result = tsp("validate", repo=minimal)
    assert result.exit_code == 1
    assert "data/packages/alpha-review.yaml:2:8: error: this \" opens a quoted text" in \
        result.output


def test_an_item_indented_further_joins_the_one_above_and_is_said_so(tsp: CliRun,
                                                                     minimal: Path) -> None:
    path = minimal / "data" / "packages" / "alpha-review.yaml"
    path.write_text(path.read_text().replace("recipients:\n  - alpha",
                                             "recipients:\n  - alpha\n    - beta"))
    result = tsp("validate", repo=minimal)
    assert result.exit_code == 1
    assert ("recipients[0]: 'alpha - beta' reads as one item: a '- ' line indented further "
            "than the one above it joins that item") in result.output


def test_a_comment_after_a_value_is_a_warning_naming_the_words_dropped(tsp: CliRun,
                                                                      minimal: Path) -> None:
    # YAML drops ' # for SEND' from the summary without a word; validate said OK (issue 22)
    path = minimal / "data" / "packages" / "alpha-review.yaml"
    path.write_text(path.read_text() + "summary: Support for the team # for SEND\n"
                    "notes: >-\n  Issue #3 of the tracker # stays text in a block\n"
                    'source: "Tracker # row 4"\n')
    result = tsp("validate", repo=minimal)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "data/packages/alpha-review.yaml:15:31: warning: text after # is a YAML comment, so the "
        "value is 'Support for the team' and 'for SEND' is dropped; if it belongs to the value, "
        "quote the value (or move the comment to a line of its own)")
    assert "1 warning" in result.stdout
    assert tsp("validate", "--pull-request", repo=minimal).exit_code == 1
    assert tsp("show", "alpha-review", repo=minimal).exit_code == 0  # the record still loads
