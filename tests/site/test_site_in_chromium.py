"""The site as readers meet it, in Debian's Chromium driven by Playwright, served over HTTP
from the built folder: axe-core at WCAG 2.2 AA finds no violation on any page, no page scrolls
sideways at 320 px, a skip link comes first, every link is reached by keyboard, pages work
without JavaScript, search finds Reading's packages, and no request leaves the site.
`.ci/run` installs Chromium (apt) and axe-core (npm)."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.helpers import load
from tests.site.test_site import pages
from tsp.reporting.search import available

CHROMIUM = Path(os.environ.get("TSP_CHROMIUM", "/usr/bin/chromium"))
ROOT = Path(__file__).resolve().parents[2]
AXE = Path(os.environ.get("TSP_AXE_JS", ROOT / ".ci/node_modules/axe-core/axe.min.js"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# .ci/run sets TSP_BROWSER_TESTS=required, so that CI fails rather than skips without them.
pytestmark = pytest.mark.skipif(
    (not CHROMIUM.is_file() or not AXE.is_file())
    and os.environ.get("TSP_BROWSER_TESTS") != "required",
    reason=f"needs {CHROMIUM} (apt-get install chromium) and {AXE} (npm install axe-core, "
           "as .ci/run does)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The built site on an HTTP server of its own (search fetches its index, which a
    file:// page may not)."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def _context(browser: Any, served: str, leaving: list[str], **options: Any) -> Any:
    """A browser context that refuses (and records) every request off the site's server."""
    context = browser.new_context(**options)
    host = urlparse(served).netloc

    def route(r: Any) -> None:
        if urlparse(r.request.url).netloc == host:
            r.continue_()
        else:
            leaving.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return context


def _addresses(site: Path) -> list[str]:
    return [p.relative_to(site).as_posix() for p in pages(site)]


def test_every_page_passes_axe_and_fits_320_pixels(browser: Any, served: str,
                                                   site: Path) -> None:
    leaving: list[str] = []
    context = _context(browser, served, leaving, viewport={"width": 320, "height": 800})
    page = context.new_page()
    axe = AXE.read_text(encoding="utf-8")
    problems = []
    for address in _addresses(site):
        page.goto(served + address)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            problems.append(f"{address}: scrolls sideways at 320 px ({width} px wide)")
        page.add_script_tag(content=axe)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', "
                               "values: tags}})", TAGS)
        for v in result["violations"]:
            targets = [n["target"] for n in v["nodes"]][:3]
            problems.append(f"{address}: {v['id']} ({v['impact']}): {v['help']} {targets}")
    context.close()
    assert problems == []
    assert leaving == []


def test_a_skip_link_comes_first_and_every_link_is_reached_by_keyboard(
        browser: Any, served: str, site: Path, frozen_root: Path) -> None:
    repo = load(frozen_root)
    package = sorted(repo.packages)[0]
    chosen = ["index.html", "authorities/reading.html", f"packages/{package}.html",
              "years/2025-26.html", "counting-rules/index.html", "downloads.html",
              "search.html", "accessibility.html"]
    leaving: list[str] = []
    context = _context(browser, served, leaving)
    page = context.new_page()
    for address in chosen:
        page.goto(served + address)
        page.keyboard.press("Tab")
        first = page.evaluate("[document.activeElement.textContent, "
                              "document.activeElement.getAttribute('href')]")
        assert first == ["Skip to main content", "#main-content"], address
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main-content", address
        links = page.evaluate("[...document.querySelectorAll('a[href]')]"
                              ".map(a => a.href)")
        reached: set[str] = set()
        page.evaluate("document.activeElement.blur()")
        for _ in range(len(links) * 2 + 40):
            page.keyboard.press("Tab")
            href = page.evaluate("document.activeElement && document.activeElement.href")
            if href:
                reached.add(href)
            if reached >= set(links):
                break
        assert set(links) - reached == set(), address
    context.close()


def test_pages_work_without_javascript(browser: Any, served: str, site: Path) -> None:
    leaving: list[str] = []
    context = _context(browser, served, leaving, java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "packages/index.html")
    assert page.locator("main a").count() > 10
    page.goto(served + "search.html?q=Reading")
    assert page.locator("#search-fallback").is_visible()
    page.locator("#search-fallback a", has_text="every package").click()
    assert page.url.endswith("packages/index.html")
    context.close()
    assert leaving == []


@pytest.mark.skipif(not available(), reason="needs Pagefind: pip install -e '.[site]'")
def test_search_finds_readings_packages(browser: Any, served: str, site: Path,
                                        frozen_root: Path) -> None:
    repo = load(frozen_root)
    titles = {p.title for p in repo.packages.values() if "reading" in p.recipients}
    assert titles
    leaving: list[str] = []
    context = _context(browser, served, leaving)
    page = context.new_page()
    page.goto(served + "search.html")
    page.fill("#search-input", "Reading")
    page.click("form.search button")
    page.wait_for_selector("#search-results li")
    found = set(page.locator("#search-results li a").all_inner_texts())
    assert titles <= found, found
    assert not page.locator("#search-fallback").is_visible()
    # and the results, too, pass axe
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                           TAGS)
    assert [v["id"] for v in result["violations"]] == []
    context.close()
    assert leaving == []
