"""YAML syntax slips of hand-edited files, said in plain words at the line to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import CliRun
from tsp.yaml_io import YamlProblem, parse


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
