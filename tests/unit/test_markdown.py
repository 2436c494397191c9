"""tsp.markdown: a value in a Markdown table cell stays in its cell."""

from __future__ import annotations

from tsp.markdown import table, table_cell
from tsp.reporting.markdown import parser


def test_a_pipe_a_line_break_and_a_backslash_cannot_split_or_escape_the_cell() -> None:
    assert table_cell("a | b\nc\\") == "a \\| b c\\\\"


def test_html_is_not_opened() -> None:
    assert table_cell("<script>") == "&lt;script>"


def test_a_table_of_hostile_values_parses_as_one_cell_per_value() -> None:
    values = ["a | b", "line\nbreak", "ends with \\", "<b>bold</b>"]
    text = table(["Value", "Other"], [[v, "x"] for v in values])
    cells = [t.children[0].content for t in parser().parse(text)
             if t.type == "inline" and t.children]
    assert cells == ["Value", "Other"] + [c for v in values
                                         for c in (v.replace("\n", " "), "x")]
