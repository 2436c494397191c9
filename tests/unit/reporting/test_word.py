"""The Word document: real headings, list paragraphs and tables, built from the Markdown."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.oxml.ns import qn
from tests.helpers import WHEN, CliRun

from tsp.reporting.word import to_docx


def _styles(document: object) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]  # type: ignore[attr-defined]


def test_year1_docx_has_headings_lists_tables_captions_charts_and_properties(
        tsp: CliRun, scratch: Path) -> None:
    target = scratch / "out" / "year1.docx"
    target.parent.mkdir()
    result = tsp("report", "year1", "-o", str(target), repo=scratch)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(target))
    paragraphs = _styles(document)
    headings = [(s, t) for s, t in paragraphs if s.startswith("Heading")]
    assert headings[0] == ("Heading 1", "Targeted Support Programme — Year 1 Narrative: "
                           "Learning and Impact (2025–26)")
    for title in ("Contents", "Summary: key figures from the register",
                  "Year 1 Narrative: Learning and Impact (2025–26)",
                  "From the register: packages, impact and coverage"):
        assert ("Heading 2", title) in headings
    for title in ("Context", "What Year 1 Achieved", "Key Learning from Year 1",
                  "Limitations and Reflections",
                  "Participant Quotes (incl. subject matter experts)", "Coverage",
                  "Reciprocity", "Timeline"):
        assert ("Heading 3", title) in headings
    bullets = [t for s, t in paragraphs if s == "List Bullet"]
    assert "Fit in with local area priorities, existing plans and support, including DfE " \
        "Adviser activity" in bullets
    assert any(t.startswith("Diagnostic work creates momentum:") for t in bullets)
    quotes = [t for s, t in paragraphs if s == "Quote"]
    assert len(quotes) == 9
    assert quotes[0].startswith("“I enjoyed completing the audits")
    captions = [t for s, t in paragraphs if s == "Caption"]
    assert captions[0].startswith("Table 1: Key figures for 2025–26")
    assert "Figure 1: Packages by status, 2025–26" in captions
    assert all(table.style.name == "Table Grid" for table in document.tables)
    key, packages, coverage = document.tables
    assert [c.text for c in packages.rows[0].cells] == ["Package", "Received by", "Area",
                                                        "Status"]
    assert all(run.bold for run in packages.rows[0].cells[0].paragraphs[0].runs)
    assert len(packages.rows) == 1 + 14  # the expression of interest is listed apart
    assert [c.text for c in coverage.rows[1].cells] == ["Bracknell Forest", "0", "0", "—"]
    # every chart is a picture with alternative text naming its figures
    pictures = document.inline_shapes
    assert len(pictures) == 3
    alt = [p._inline.docPr.get("descr") for p in pictures]
    assert alt[0].startswith("Figure 1: Packages by status, 2025–26. scoping†: 2; agreed†: 9")
    # a contents field over the headings, and Page X of Y in the footer
    body = document.element.body.xml
    assert 'TOC \\o "2-3"' in body
    # ... that Word fills in with page numbers when the document opens
    settings = document.settings.element
    update = settings.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    names = [child.tag.split("}")[1] for child in settings]  # in the schema's order
    assert names.index("updateFields") < names.index("compat")
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert ">PAGE<" in footer and ">NUMPAGES<" in footer
    properties = document.core_properties
    assert properties.title.startswith("Targeted Support Programme — Year 1")
    assert properties.subject == "Year 1 Targeted Support Programme Evaluation Report & " \
        "Proposal for Year 2"
    assert properties.author == "Claire Woodcock, Chris Baird, Jenny Boyd, Targeted Support Team"
    assert properties.created.year == 2026
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "responsive, diagnostic and enabling" in bold
    last = document.paragraphs[-1]
    assert last.text.startswith("Data as recorded in the register on 31 March 2026")
    assert all(run.italic for run in last.runs)


def test_la_docx_has_its_record_table(tsp: CliRun, scratch: Path) -> None:
    target = scratch / "bucks.docx"
    assert tsp("report", "la", "Bucks", "-o", str(target), repo=scratch).exit_code == 0
    document = docx.Document(str(target))
    record = document.tables[0]
    rows = {r.cells[0].text: r.cells[1].text for r in record.rows}
    assert rows["ONS GSS code"] == "E06000060"
    assert rows["DfE LA number"] == "825"
    assert rows["Former GSS codes"] == "E10000002 (until 31 March 2020)"


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
    assert footer.text.startswith("Report title — Page 1 of 1")
    assert 'w:instrText xml:space="preserve">PAGE<' in footer._p.xml
    table = document.tables[0]
    widths = [c.width for c in table.rows[1].cells]
    usable = section.page_width - section.left_margin - section.right_margin
    assert abs(sum(widths) - usable) < 1000
    assert widths[1] > widths[0] > widths[2]
    assert "w:cantSplit" in table.rows[1]._tr.xml
    assert 'w:ascii="Arial"' in document.styles.element.xml and "Theme=" not in document.styles.element.xml
    assert 'w:lang w:val="en-GB"' in document.styles.element.xml


def test_word_keeps_an_introduction_with_its_list_and_a_list_end_with_its_item() -> None:
    """Word breaks pages itself: keep-with-next is how a document says what must not be left
    alone at the foot of a page ('... have their needs met:' above a page break)."""
    markdown = ("# T\n\nIntroducing a list:\n\n- one\n- two\n- three\n\nAfter.\n\n"
                "| A | B |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n| 5 | 6 |\n| 7 | 8 |\n\nBelow.\n")
    document = docx.Document(io.BytesIO(to_docx(markdown, WHEN)))
    kept = {p.text: bool(p.paragraph_format.keep_with_next) for p in document.paragraphs}
    assert kept["Introducing a list:"] and kept["two"]
    assert not kept["one"] and not kept["three"] and not kept["After."]
    rows = [[bool(c.paragraphs[0].paragraph_format.keep_with_next) for c in r.cells]
            for r in document.tables[0].rows]
    # The header and first row keep with the second, the last but one with the last.
    assert [all(r) for r in rows] == [True, True, False, True, False]
    below = next(p for p in document.paragraphs if p.text == "Below.")
    assert below.paragraph_format.space_before is not None  # room under the table


def test_a_chart_is_as_large_in_word_as_in_print_and_kept_with_its_caption() -> None:
    from tsp.reporting.blocks import Block
    from tsp.reporting.charts import bar_chart
    from tsp.reporting.views import Count

    counts = (Count("SEND", 11), Count("Children's social care", 1))
    svg = bar_chart("chart-area", "Packages by area", counts)
    blocks = {"@@CHART-1@@": Block("chart", 1, "Packages by area", svg, counts),
              "@@TABLE-1@@": Block("caption", 1, "The packages")}
    markdown = ("# T\n\nIntroducing the chart.\n\n@@CHART-1@@\n\n@@TABLE-1@@\n\n"
                "| A | B |\n|---|---|\n| 1 | 2 |\n")
    document = docx.Document(io.BytesIO(to_docx(markdown, WHEN, blocks)))
    shape = document.inline_shapes[0]
    assert round(shape.width.mm) == round(440 * 25.4 / 96)  # 116 mm: its labels are 9 pt
    picture = next(p for p in document.paragraphs if p._p.xpath(".//pic:pic"))
    assert picture.paragraph_format.keep_with_next
    introduction = next(p for p in document.paragraphs if p.text == "Introducing the chart.")
    assert introduction.paragraph_format.keep_with_next
    caption = next(p for p in document.paragraphs if p.text == "Table 1: The packages")
    assert caption.style.name == "Caption" and caption.paragraph_format.keep_with_next
