"""The PDF report: A4 pages with the report's text, its fonts embedded, its properties set."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf

from tests.helpers import CliRun


def test_year1_pdf_has_pages_text_fonts_and_properties(tsp: CliRun, scratch: Path) -> None:
    target = scratch / "year1.pdf"
    result = tsp("report", "year1", "-o", str(target), repo=scratch)
    assert result.exit_code == 0, result.output
    pdf = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    assert 4 <= len(pdf.pages) <= 20
    width, height = (float(v) for v in pdf.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Summary: key figures from the register" in text.replace("ﬁ", "fi")
    assert "Page 1 of" in text
    assert "We have benefited from Subject Matter Experts" in text.replace("ﬁ", "fi")
    fonts = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object().get("/FontDescriptor")
            if descriptor is None:  # a composite font keeps it on its descendant
                descendant = font.get_object()["/DescendantFonts"][0].get_object()
                descriptor = descendant["/FontDescriptor"]
            descriptor = descriptor.get_object()
            fonts.add(any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
    assert fonts == {True}  # every font is embedded
    assert pdf.metadata is not None
    assert pdf.metadata.title.startswith("Targeted Support Programme — Year 1")
    assert pdf.metadata.author == "Claire Woodcock, Chris Baird, Jenny Boyd, Targeted Support Team"


def test_the_same_register_gives_the_same_pdf(tsp: CliRun, scratch: Path) -> None:
    first, second = scratch / "a.pdf", scratch / "b.pdf"
    for path in (first, second):
        assert tsp("report", "la", "Reading", "-o", str(path), repo=scratch).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def _page_texts(markdown: str) -> list[str]:
    import datetime as dt

    from tsp.reporting.blocks import DocumentInfo
    from tsp.reporting.html import to_html
    from tsp.reporting.pdf import to_pdf

    info = DocumentInfo("Rows", "rows", "team")
    page = to_html(markdown, info=info, print_only=True)
    data = to_pdf(page, info, dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc))
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_a_table_never_leaves_its_first_or_last_row_alone_on_a_page() -> None:
    """Wherever the page ends, a table running on to the next page takes at least two rows
    with it, and leaves at least two under its caption: a row alone under a repeated header,
    or a caption and one row at the foot of a page, reads as a mistake on paper."""
    rows = "\n".join(f"| Row {n:02d} | {n} |" for n in range(1, 7))
    table = f"| Figure | Value |\n|---|---|\n{rows}\n"
    seen = set()
    for filler in range(44, 60):
        lines = "\n\n".join(f"Filler line {n}." for n in range(filler))
        pages = _page_texts(f"# Rows\n\n{lines}\n\n{table}\nThe end.\n")
        with_rows = [sorted(set(re.findall(r"Row (\d\d)", text))) for text in pages]
        with_rows = [found for found in with_rows if found]
        seen.add(len(with_rows))
        for found in with_rows:
            assert len(found) >= 2, (filler, with_rows)
    assert 2 in seen  # some filler lengths did split the table across two pages


def test_a_year_span_is_never_split_at_its_dash() -> None:
    """A title whose last words are a year span ("Planning: 2026–27") broke after the dash,
    leaving "27" alone on the title's second line."""
    from tsp.reporting.html import to_html

    title = "# Targeted Support Programme — Year 2 Planning: 2026–27"
    pages = []
    for words in range(6):  # wherever the line happens to end
        pages.append(title.replace("Year 2", "Year 2" + " wide" * words))
    for markdown in pages:
        page = to_html(markdown + "\n\nText.\n", print_only=True)
        lines = _raw_lines(page)
        assert not any(line.rstrip().endswith("2026–") for line in lines), lines
        assert any("2026–27" in line for line in lines), lines
    # Slugs and link targets are untouched: only text is wrapped.
    page = to_html("# Report\n\n## Planning 2026–27\n\nText.\n")
    assert 'id="planning-2026-27"' in page and ">Planning <span class=\"year\">2026–27" in page


def _raw_lines(page: str) -> list[str]:
    import datetime as dt

    from tsp.reporting.blocks import DocumentInfo
    from tsp.reporting.pdf import to_pdf

    info = DocumentInfo("Years", "years", "team")
    data = to_pdf(page, info, dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc))
    return pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text().splitlines()


def test_a_heading_and_its_introduction_go_overleaf_with_their_chart() -> None:
    """The data report left '## EHC plans ..., 2024' and 'Provisional: counted under a
    proposed rule.' at the foot of a page, their hex map overleaf."""
    import datetime as dt

    from tsp.reporting.blocks import Block, DocumentInfo
    from tsp.reporting.charts import bar_chart
    from tsp.reporting.html import to_html
    from tsp.reporting.pdf import to_pdf
    from tsp.reporting.views import Count

    counts = tuple(Count(f"Bar{n}", n) for n in range(1, 9))
    blocks = {"tsp-block-x-0": Block("chart", 1, "Bars", bar_chart("c", "Bars", counts), counts)}
    info = DocumentInfo("Charts", "charts", "team")
    seen = set()
    for filler in range(34, 50, 2):
        lines = "\n\n".join(f"Filler line {n}." for n in range(filler))
        markdown = (f"# Charts\n\n{lines}\n\n## Section\n\nIntroducing the chart.\n\n"
                    "tsp-block-x-0\n\nThe end.\n")
        page = to_html(markdown, blocks, info, print_only=True)
        data = to_pdf(page, info, dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc))
        texts = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]
        where = [n for n, text in enumerate(texts) if "Introducing the chart" in text]
        chart = [n for n, text in enumerate(texts) if "Bar8" in text]
        assert where == chart, (filler, where, chart)
        seen.add(where[0])
    assert len(seen) == 2  # the section fell on the first page, then overleaf


def test_the_pdf_is_tagged_with_its_language(tsp: CliRun, scratch: Path) -> None:
    """A screen reader follows a tagged PDF's structure (headings, tables, reading order) and
    speaks it in the document's language; untagged, it reads out a stream of text runs."""
    target = scratch / "la.pdf"
    assert tsp("report", "la", "Reading", "-o", str(target), repo=scratch).exit_code == 0
    root = pypdf.PdfReader(io.BytesIO(target.read_bytes())).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # what pdfinfo reports as "Tagged: yes"
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
