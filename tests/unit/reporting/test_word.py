"""The Word document: real headings, list paragraphs and tables, built from the Markdown."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from tests.helpers import WHEN, CliRun

from tsp.reporting.word import to_docx


def _styles(document: object) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]  # type: ignore[attr-defined]


def test_year1_docx_has_headings_lists_and_tables(tsp: CliRun, scratch: Path) -> None:
    target = scratch / "out" / "year1.docx"
    target.parent.mkdir()
    result = tsp("report", "year1", "-o", str(target), repo=scratch)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(target))
    paragraphs = _styles(document)
    headings = [(s, t) for s, t in paragraphs if s.startswith("Heading")]
    assert headings[0] == ("Heading 1", "Targeted Support Programme — Year 1 Narrative: "
                           "Learning and Impact (2025–26)")
    for title in ("Context", "What Year 1 achieved", "The approach and what it enabled",
                  "Subject matter experts", "Key learning from Year 1",
                  "Limitations and reflections",
                  "Participant quotes (incl. subject matter experts)", "Packages at a glance",
                  "Coverage", "Reciprocity", "Timeline", "Notes on the record"):
        assert ("Heading 2", title) in headings
    assert ("Heading 3", "Reading") in headings
    bullets = [t for s, t in paragraphs if s == "List Bullet"]
    assert "Fit in with local area priorities, existing plans and support, including DfE " \
        "Adviser activity" in bullets
    assert any(t.startswith("Diagnostic work creates momentum:") for t in bullets)
    quotes = [t for s, t in paragraphs if s == "Quote"]
    assert len(quotes) == 9
    assert quotes[0].startswith("“I enjoyed completing the audits")
    assert len(document.tables) == 2
    summary, coverage = document.tables
    assert [c.text for c in summary.rows[0].cells] == ["Authority", "Package", "Area",
                                                       "Kind of support", "Status"]
    assert all(run.bold for run in summary.rows[0].cells[0].paragraphs[0].runs)
    assert len(summary.rows) == 1 + 19  # 15 packages; the joint workshop has 5 recipients
    assert [c.text for c in coverage.rows[1].cells] == ["Bracknell Forest", "0", "0", "—"]
    assert len(coverage.rows) == 1 + 19
    assert document.core_properties.title.startswith("Targeted Support Programme")
    assert document.core_properties.created.year == 2026
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "responsive, diagnostic and enabling" in bold
    footer = document.paragraphs[-1]
    assert footer.text.startswith("Generated 2026-03-31 00:00 UTC by tsp")
    assert all(run.italic for run in footer.runs)


def test_la_docx_has_its_record_table(tsp: CliRun, scratch: Path) -> None:
    target = scratch / "bucks.docx"
    assert tsp("report", "la", "Bucks", "-o", str(target), repo=scratch).exit_code == 0
    document = docx.Document(str(target))
    record = document.tables[0]
    rows = {r.cells[0].text: r.cells[1].text for r in record.rows}
    assert rows["ONS GSS code"] == "E06000060"
    assert rows["DfE LA number"] == "825"
    assert rows["Former GSS codes"] == "E10000002 (until 2020-03-31)"


def test_nested_lists_numbers_quotes_and_code_become_word_structures() -> None:
    markdown = ("# Title\n\n## Part\n\n1. first\n2. second\n   - inner\n\n"
                "- item\n\n  more of the item\n\n> quoted *text*\n\n"
                "Some `code` and [a link](https://example.org)\\\nnext line\n\n"
                "```\nblock\n```\n")
    document = docx.Document(io.BytesIO(to_docx(markdown, WHEN)))
    styles = _styles(document)
    assert styles[:2] == [("Heading 1", "Title"), ("Heading 2", "Part")]
    assert ("List Number", "first") in styles and ("List Number", "second") in styles
    assert ("List Bullet 2", "inner") in styles
    assert ("List Bullet", "item") in styles and ("List Continue", "more of the item") in styles
    assert ("Quote", "quoted text") in styles
    assert ("Normal", "Some code and a link (https://example.org)\nnext line") in styles
    assert ("Normal", "block") in styles


def test_a_national_size_table_is_built_in_linear_time() -> None:
    # python-docx's table.cell(r, c) is O(rows x columns) per call; a national register's
    # summary table (about 1,500 rows) once took four minutes. 800 rows now take well under
    # a second; quadratic building would take over a minute.
    import time

    rows = "".join(f"| LA {i} | Package {i} | SEND | review | agreed |\n" for i in range(800))
    markdown = "| Authority | Package | Area | Kind | Status |\n|---|---|---|---|---|\n" + rows
    start = time.perf_counter()
    document = docx.Document(io.BytesIO(to_docx(markdown, WHEN)))
    assert time.perf_counter() - start < 15
    assert len(document.tables[0].rows) == 801
    assert document.tables[0].rows[800].cells[1].text == "Package 799"


def test_the_document_is_a4_with_a_footer_and_tables_sized_to_their_text() -> None:
    markdown = ("# Report title\n\n| Authority | Package | Status |\n|---|---|---|\n"
                "| Buckinghamshire | A package with a long title that should get the room "
                "it needs | in delivery |\n")
    document = docx.Document(io.BytesIO(to_docx(markdown, WHEN)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("Report title — page ")
    assert 'w:instrText xml:space="preserve">PAGE<' in footer._p.xml
    table = document.tables[0]
    widths = [c.width for c in table.rows[1].cells]
    usable = section.page_width - section.left_margin - section.right_margin
    assert abs(sum(widths) - usable) < 1000
    assert widths[1] > widths[0] > widths[2]
    assert "w:cantSplit" in table.rows[1]._tr.xml
    assert 'w:ascii="Arial"' in document.styles.element.xml and "Theme=" not in document.styles.element.xml
    assert 'w:lang w:val="en-GB"' in document.styles.element.xml
