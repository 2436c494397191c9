"""The HTML report as a reader sees it, in Debian's Chromium driven by Playwright: it fits a
375-pixel phone, printing to A4 splits no table row, and axe-core finds no accessibility problem
at all under WCAG 2.2 AA (public-sector bodies must meet it). `.ci/run` installs Chromium (apt) and axe-core (npm) when missing."""

from __future__ import annotations

import io
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from tests.helpers import WHEN, load
from tsp.reporting.output import ReportFormat
from tsp.reporting.render import render_report

CHROMIUM = Path(os.environ.get("TSP_CHROMIUM", "/usr/bin/chromium"))
ROOT = Path(__file__).resolve().parents[2]
AXE = Path(os.environ.get("TSP_AXE_JS", ROOT / ".ci/node_modules/axe-core/axe.min.js"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
REPORTS = [("year1", None), ("year2", None), ("data", None), ("la", "Reading"),
           ("la", "Buckinghamshire"), ("la", "Surrey"), ("la", "Isle of Wight"),
           ("la", "Brighton and Hove"), ("la", "Slough")]
NAMES = [name if argument is None else f"la-{argument}" for name, argument in REPORTS]
# axe-core's defaults leave the WCAG 2.2 rules off: these are the levels the law asks for.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# .ci/run sets TSP_BROWSER_TESTS=required, so that CI fails rather than skips without them.
pytestmark = pytest.mark.skipif(
    (not CHROMIUM.is_file() or not AXE.is_file())
    and os.environ.get("TSP_BROWSER_TESTS") != "required",
    reason=f"needs {CHROMIUM} (apt-get install chromium) and {AXE} (npm install axe-core, "
           "as .ci/run does)")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def pages(frozen_root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each report's HTML page on disk, rendered once from the frozen register."""
    folder = tmp_path_factory.mktemp("pages")
    repo = load(frozen_root)
    found = {}
    for (report, argument), name in zip(REPORTS, NAMES, strict=True):
        path = folder / f"{name}.html"
        path.write_bytes(render_report(repo, report, argument, ReportFormat.HTML,
                                       WHEN).content)
        found[name] = path
    return found


@pytest.mark.parametrize("name", NAMES)
def test_fits_a_phone_and_passes_axe(browser: object, pages: dict[str, Path],
                                     name: str) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 800})  # type: ignore[attr-defined]
    page.goto(pages[name].as_uri())
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{name}: the page scrolls sideways ({width} px wide)"
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                           AXE_TAGS)
    found = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
             for v in result["violations"]]
    assert found == [], name  # any violation, whatever its impact
    page.close()


@pytest.mark.parametrize("name", ["year1", "data"])
def test_every_table_shows_its_last_column_on_a_phone(browser: object, pages: dict[str, Path],
                                                      name: str) -> None:
    """A table wider than the screen scrolls sideways in its box, which a reader may never
    notice: Year 1's packages table hid its Status column at 390 px."""
    page = browser.new_page(viewport={"width": 390, "height": 800})  # type: ignore[attr-defined]
    page.goto(pages[name].as_uri())
    hidden = page.evaluate("[...document.querySelectorAll('.table-box')]"
                           ".filter(b => b.scrollWidth > b.clientWidth + 1)"
                           ".map(b => b.getAttribute('aria-labelledby'))")
    assert hidden == [], name
    page.close()


def _squash(text: str) -> str:
    # NFKC: a PDF's text keeps the font's ligatures ("staﬀ" for "staff")
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("name", ["year1", "la-Reading"])
def test_printing_to_a4_splits_no_table_row(browser: object, pages: dict[str, Path],
                                           name: str) -> None:
    """Every row's cells are found whole on one printed page."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(pages[name].as_uri())
    rows = page.evaluate("[...document.querySelectorAll('tr')]"
                         ".map(r => [...r.cells].map(c => c.innerText))")
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    printed = [_squash(p.extract_text()) for p in pdf.pages]
    assert len(printed) > 1 and rows
    for row in rows:
        cells = [_squash(cell) for cell in row]
        assert any(all(c in text for c in cells) for text in printed), (name, row)
    page.close()


@pytest.mark.parametrize("name", ["data", "year1"])
def test_every_chart_label_is_legible_on_a_phone(browser: object, pages: dict[str, Path],
                                                 name: str) -> None:
    """Shrunk to a 390 px screen, the rug's and hex map's labels were 4-5 px: each picture's
    smallest text is at least 8 px as the phone draws it (the data challenge's pictures keep
    their own size and scroll sideways in their box; the page itself does not)."""
    page = browser.new_page(viewport={"width": 390, "height": 800})  # type: ignore[attr-defined]
    page.goto(pages[name].as_uri())
    smallest = page.evaluate("""[...document.querySelectorAll('figure.chart svg')].map(svg => {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return [svg.closest('figure').id, Math.min(...[...svg.querySelectorAll('text')]
            .map(t => parseFloat(getComputedStyle(t).fontSize) * scale))];
    })""")
    assert len(smallest) >= 3
    assert [(chart, size) for chart, size in smallest if size < 8] == [], name
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()
