"""The HTML page: self-contained, printable on A4, with charts, and escaping every datum."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import CliRun

from tsp.reporting.charts import bar_chart
from tsp.reporting.views import Count
from tsp.reporting.html import to_html

SCRIPT = "<script>alert(1)</script>"


def _set_title(root: Path, package_id: str, title: str) -> None:
    path = root / "data" / "packages" / f"{package_id}.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", f"title: '{title}'", text, count=1)
    path.write_text(text, encoding="utf-8")


def test_the_page_is_self_contained_and_prints_on_a4(tsp: CliRun, frozen_root: Path,
                                                     tmp_path: Path) -> None:
    target = tmp_path / "year1.html"
    result = tsp("report", "year1", "-o", str(target), repo=frozen_root)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"Wrote {target} (html, ")
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\">")
    assert "<style>" in page and "@page { size: A4;" in page and "@media print" in page
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert "@import" not in page and "url(" not in page
    addresses = re.findall(r"""(?:src|href)\s*=\s*["']?([^"' >]*)""", page)
    assert all(a.startswith("#") for a in addresses), addresses
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?https?:", page)
    assert page.count("<svg") >= 3
    for chart in ("chart-packages-per-authority", "chart-packages-by-status",
                  "chart-packages-by-area"):
        assert f'<figure class="chart" id="{chart}">' in page
    assert "<title>Targeted Support Programme — Year 1 Narrative: Learning and Impact " \
        "(2025–26)</title>" in page
    assert '<h3 id="coverage">Coverage</h3>' in page and "<table>" in page
    assert '<nav class="contents" aria-label="Contents">' in page
    assert '<a href="#coverage">Coverage</a>' in page
    assert '<p class="caption" id="table-1">Table 1: Key figures for 2025–26' in page
    assert '<div class="table-box" role="region" tabindex="0" aria-labelledby="table-1">' in page
    assert "Figure 1: Packages by status, 2025–26" in page


def test_a_script_in_a_title_shows_as_text(tsp: CliRun, scratch: Path) -> None:
    _set_title(scratch, "wokingham-oap-mapping", SCRIPT)
    for args in (["year1", "-f", "html"], ["la", "Wokingham", "-f", "html"]):
        result = tsp("report", *args, repo=scratch)
        assert result.exit_code == 0, result.output
        assert SCRIPT not in result.stdout
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.stdout
        assert "<script" not in result.stdout


def test_raw_html_links_and_images_in_data_never_become_markup() -> None:
    page = to_html("# T\n\n<img src=x onerror=alert(1)> ![i](https://tracker.example/p.png) "
                   "[site](https://example.org/a) [here](#top) [js](javascript:alert(1))\n\n"
                   "<div onclick=x>block</div>\n")
    body = page[page.index("<main>"):]
    assert "<img" not in body and "<div" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "https://tracker.example/p.png" in body and 'src="https' not in body
    assert "site (https://example.org/a)" in body and 'href="https' not in body
    assert '<a href="#top">here</a>' in body
    assert 'href="javascript' not in body


def test_a_chart_placeholder_cannot_be_forged_by_data(tsp: CliRun, scratch: Path) -> None:
    # The placeholder carries a random nonce; a datum that looks like one stays text.
    _set_title(scratch, "wokingham-oap-mapping", "tsp-chart-0-packages-by-status")
    result = tsp("report", "year1", "-f", "html", repo=scratch)
    assert "tsp-chart-0-packages-by-status" in result.stdout
    assert result.stdout.count('<figure class="chart" id="chart-packages-by-status">') == 1


def test_chart_labels_are_escaped() -> None:
    svg = bar_chart("c<1>", "A & B <x>", (Count("<b>Reading</b>", 2), Count("Slough", 0)))
    assert "<b>" not in svg
    assert "&lt;b&gt;Reading&lt;/b&gt;" in svg
    assert 'id="c&lt;1&gt;"' in svg
    assert "<title id=\"c&lt;1&gt;-title\">A &amp; B &lt;x&gt;</title>" in svg
    assert 'width="0"' in svg  # a zero count draws an empty bar, not a missing row
    assert svg.count("<g>") == 2


def test_an_empty_chart_says_so() -> None:
    assert "No packages" in bar_chart("c", "Nothing", ())


def test_long_labels_are_clipped() -> None:
    svg = bar_chart("c", "t", (Count("x" * 60, 1),))
    assert ">" + "x" * 39 + "…</text>" in svg
    assert "<title>" + "x" * 60 + ": 1</title>" in svg  # the tooltip keeps the whole label


def test_the_golden_pages_are_well_formed() -> None:
    from html.parser import HTMLParser

    class Balance(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.open: list[str] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag not in ("meta", "br", "hr"):
                self.open.append(tag)

        def handle_startendtag(self, tag: str, attrs: object) -> None:
            pass  # <hr /> opens nothing

        def handle_endtag(self, tag: str) -> None:
            assert self.open and self.open[-1] == tag, (tag, self.open[-3:])
            self.open.pop()

    for page in sorted((Path(__file__).parent / "golden").glob("*.html")):
        checker = Balance()
        checker.feed(page.read_text(encoding="utf-8"))
        assert checker.open == [], page.name


def test_printed_pages_carry_the_title_and_page_number_and_data_cannot_leave_the_style() -> None:
    page = to_html('# Q&A "</style><script>x</script>" — 2025–26\n\ntext\n')
    style = page[page.index("<style>"):page.index("</style>")]
    assert "@bottom-right { content: \"Page \" counter(page) \" of \" counter(pages);" in style
    assert "@top-left { content: \"\"; }" in style  # no browser date or file address
    assert '@bottom-left { content: "Q&A \\000022\\00003c\\00002fstyle\\00003e' in style
    assert "<script" not in style and page.count("</style>") == 1
    assert "— 2025–26" in style


def test_a_long_label_fits_its_column() -> None:
    # "Windsor and Maidenhead" was clipped at the left edge by too narrow a label column.
    svg = bar_chart("c", "t", (Count("Windsor and Maidenhead", 0), Count("Slough", 1)))
    x = int(re.search(r'<rect x="(\d+)"', svg).group(1))  # type: ignore[union-attr]
    assert x >= 22 * 7.2
