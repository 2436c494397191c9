"""tsp site: every page a reader needs, the downloads, nothing for the team only, nothing
from elsewhere, and a folder never half-written or taken over."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import WHEN, load, run_tsp
from tsp.reporting import site as site_module
from tsp.reporting.errors import TemplateError


class _Text(HTMLParser):
    """A page's text as a reader sees it (no tags, attributes, scripts or styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def text_of(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_a_page_for_everything_a_reader_looks_for(site: Path, frozen_root: Path) -> None:
    repo = load(frozen_root)
    for a in repo.authorities.values():
        page = site / "authorities" / f"{a.id}.html"
        assert a.name in text_of(page)
    for p in repo.packages.values():
        assert p.title in text_of(site / "packages" / f"{p.id}.html")
    for y in repo.years.values():
        assert (site / "years" / f"{y.id}.html").is_file()
        for group in y.priorities:
            assert group.title in text_of(site / "priorities" / y.id / f"{group.id}.html")
        for m in y.success_measures:
            assert (site / "success-measures" / y.id / f"{m.id}.html").is_file()
    for m in repo.measures.values():
        assert m.title in text_of(site / "counting-rules" / f"{m.id}.html")
    for name in ("index.html", "accessibility.html", "about.html", "downloads.html",
                 "search.html", "authorities/index.html", "packages/index.html"):
        assert (site / name).is_file(), name


def test_an_authority_not_engaged_has_its_page_too(site: Path, frozen_root: Path) -> None:
    repo = load(frozen_root)
    involved = {a for p in repo.packages.values()
                for a in (*p.recipients, *p.partners, *p.sme_lenders)}
    idle = sorted(set(repo.authorities) - involved)
    assert idle, "the frozen register has authorities with no package"
    text = text_of(site / "authorities" / f"{idle[0]}.html")
    assert repo.authorities[idle[0]].name in text
    assert "Not yet engaged" in text_of(site / "index.html")


def test_year_reports_download_as_word_and_pdf(site: Path, frozen_root: Path) -> None:
    repo = load(frozen_root)
    for year_id in ("2025-26", "2026-27"):
        assert (site / "downloads" / f"{year_id}.pdf").read_bytes().startswith(b"%PDF")
        assert (site / "downloads" / f"{year_id}.docx").read_bytes().startswith(b"PK")
        page = (site / "years" / f"{year_id}.html").read_text(encoding="utf-8")
        assert f'href="../downloads/{year_id}.pdf"' in page
        assert repo.years[year_id].label in text_of(site / "years" / f"{year_id}.html")
    for sheet in ("packages", "authorities"):
        assert (site / "downloads" / f"{sheet}.xlsx").read_bytes().startswith(b"PK")


def test_readers_see_no_ids_field_names_notes_or_commands(site: Path, frozen_root: Path) -> None:
    repo = load(frozen_root)
    noted = [p for p in repo.packages.values() if p.notes]
    assert noted, "the frozen register has packages with notes"
    field_names = ("status_basis", "sme_lenders", "success_measures", "recipients:",
                   "dfe_la_code", "gss_code")
    for page in pages(site):
        text = text_of(page)
        for p in noted:
            first = p.notes.split(".")[0].strip() if p.notes else ""
            assert first not in text, f"{page}: shows the notes of {p.id}"
        for word in field_names:
            assert word not in text, f"{page}: shows the field name {word}"
        assert not re.search(r"\btsp (report|site|new|validate)\b", text), page
        # a package id (a slug with hyphens) is an address, never words on the page
        for p in repo.packages.values():
            assert p.id not in text, f"{page}: shows the id {p.id}"


def test_no_request_leaves_the_site(site: Path) -> None:
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        # A link a reader may follow (a counting rule's source address) is no request the
        # page makes; anything the page would fetch or send is.
        html = re.sub(r'<a\b([^>]*)\bhref="https://[^"]*"', r"<a\1", html)
        for attribute in re.findall(r'\b(?:src|href|action)="([^"]*)"', html):
            assert not re.match(r"^(?:[a-z]+:)?//", attribute, re.I), f"{page}: {attribute}"
        assert "@import" not in html and "url(http" not in html
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css  # no font or picture from elsewhere


def test_the_cli_writes_the_site_and_says_so(frozen_root: Path, tmp_path: Path) -> None:
    result = run_tsp("site", "-o", str(tmp_path / "out"), "--no-pdf", "--no-search",
                     repo=frozen_root)
    assert result.exit_code == 0, result.output
    assert "pages" in result.output
    assert (tmp_path / "out" / "index.html").is_file()
    assert not (tmp_path / "out" / "downloads" / "2025-26.pdf").exists()
    assert "2025-26.pdf" not in (tmp_path / "out" / "years" / "2025-26.html").read_text()
    # built again over itself: replaced whole
    (tmp_path / "out" / "stale.html").write_text("old")
    again = run_tsp("site", "-o", str(tmp_path / "out"), "--no-pdf", "--no-search",
                    repo=frozen_root)
    assert again.exit_code == 0, again.output
    assert not (tmp_path / "out" / "stale.html").exists()


def test_a_folder_tsp_did_not_write_is_never_replaced(frozen_root: Path,
                                                      tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("precious")
    result = run_tsp("site", "-o", str(mine), "--no-pdf", repo=frozen_root)
    assert result.exit_code == 2
    assert "did not write" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in mine.iterdir()) == ["thesis.txt"]


def test_a_failed_build_leaves_the_previous_site(frozen_root: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    site_module.build_site(load(frozen_root), out, WHEN, pdf=False, search=False)
    before = (out / "index.html").read_bytes()

    def broken(*args: object, **kwargs: object) -> object:
        raise TemplateError("templates/la.md.j2:3: no such field")

    monkeypatch.setattr(site_module, "render_report", broken)
    with pytest.raises(TemplateError):
        site_module.build_site(load(frozen_root), out, WHEN, pdf=False, search=False)
    assert (out / "index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no half-built folder left


def test_the_layout_ships_inside_the_package() -> None:
    assets = Path(site_module.__file__).parent / "site_assets"
    assert (assets / "site.css").is_file() and (assets / "templates" / "base.html.j2").is_file()
    text = Path(__file__).resolve().parents[2].joinpath("pyproject.toml").read_text()
    assert "reporting/site_assets/templates/*.j2" in text


class _Links(HTMLParser):
    """Every address a page points to (href, src, action), and every id it holds."""

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.addresses.append(value)
            elif name == "id" and value:
                self.ids.add(value)


def broken_links(site: Path) -> list[str]:
    """A link checker over the built site: every address leads to a file in the site, and
    every #anchor to an id on the page it names."""
    parsed: dict[Path, _Links] = {}

    def parse_page(path: Path) -> _Links:
        if path not in parsed:
            parser = _Links()
            parser.feed(path.read_text(encoding="utf-8"))
            parsed[path] = parser
        return parsed[path]

    broken = []
    for page in pages(site):
        for address in parse_page(page).addresses:
            if address.startswith("https://"):
                continue  # a source's address: a link out, not checked offline
            target_text, _, anchor = address.partition("#")
            target_text = target_text.split("?", 1)[0]
            target = (page.parent / target_text).resolve() if target_text else page
            where = f"{page.relative_to(site)} → {address}"
            if site.resolve() not in target.parents and target != site.resolve():
                broken.append(f"{where} (leaves the site)")
            elif not target.is_file():
                broken.append(f"{where} (no such file)")
            elif anchor and target.suffix == ".html" and anchor not in parse_page(target).ids:
                broken.append(f"{where} (no such anchor)")
    return broken


def test_every_link_and_anchor_in_the_site_resolves(site: Path) -> None:
    assert broken_links(site) == []
    # and the checker finds a broken one
    page = site / "about.html"
    saved = page.read_bytes()
    try:
        page.write_text(saved.decode().replace("</main>", '<a href="packages/gone.html">x</a>'
                                               '<a href="index.html#nowhere">y</a></main>'))
        assert len(broken_links(site)) == 2
    finally:
        page.write_bytes(saved)


def test_pages_link_to_each_other(site: Path, frozen_root: Path) -> None:
    """authority ↔ package ↔ priority, and authority ↔ counting rule."""
    reading = (site / "authorities" / "reading.html").read_text(encoding="utf-8")
    assert 'href="../packages/reading-annual-review-mapping.html"' in reading
    package = (site / "packages" / "reading-annual-review-mapping.html").read_text()
    assert 'href="../authorities/reading.html"' in package
    repo = load(frozen_root)
    rule = next(iter(sorted(repo.measures)))
    assert f'href="../counting-rules/{rule}.html"' in reading
    assert 'href="../authorities/reading.html"' in (site / "counting-rules" / f"{rule}.html"
                                                    ).read_text()


def test_a_priority_lists_what_serves_it_and_back(year2: Path, tmp_path: Path) -> None:
    repo = load(year2)
    out = tmp_path / "site"
    site_module.build_site(repo, out, WHEN, pdf=False, search=False)
    package = next(p for p in sorted(repo.packages.values(), key=lambda p: p.id)
                   if p.priorities)
    year = repo.years[package.year]
    group = next(g for g in year.priorities
                 if g.id in package.priorities
                 or {i.id for i in g.items} & set(package.priorities))
    page = (out / "packages" / f"{package.id}.html").read_text(encoding="utf-8")
    assert f'href="../priorities/{year.id}/{group.id}.html"' in page
    back = out / "priorities" / year.id / f"{group.id}.html"
    assert f'href="../../packages/{package.id}.html"' in back.read_text(encoding="utf-8")
    assert package.title in text_of(back)
    measured = next(p for p in repo.packages.values() if p.success_measures)
    measure = measured.success_measures[0]
    page = out / "success-measures" / measured.year / f"{measure}.html"
    assert measured.title in text_of(page)
    assert broken_links(out) == []


def test_an_edited_template_shows_in_the_next_build(repo_copy: Path, tmp_path: Path) -> None:
    """Templates are compiled once per process (the site renders one per authority): an edit
    is still seen, within the same process."""
    out = tmp_path / "site"
    site_module.build_site(load(repo_copy), out, WHEN, pdf=False, search=False)
    assert "Read this first" not in text_of(out / "authorities" / "reading.html")
    template = repo_copy / "templates" / "la.md.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("\n## ", "\nRead this first.\n\n## ", 1), encoding="utf-8")
    site_module.build_site(load(repo_copy), out, WHEN, pdf=False, search=False)
    assert "Read this first" in text_of(out / "authorities" / "reading.html")


def test_the_home_page_maps_the_authorities_by_engagement(site: Path, frozen_root: Path) -> None:
    repo = load(frozen_root)
    html = (site / "index.html").read_text(encoding="utf-8")
    svg = html[html.index("<svg"):html.index("</svg>")]
    involved = {a for p in repo.packages.values()
                for a in (*p.recipients, *p.partners, *p.sme_lenders)}
    words = re.sub(r"-\s+", "", " ".join(re.sub(r"<[^>]+>", " ", svg).split()))
    for a in repo.authorities.values():
        assert a.name in words, a.name
    # said in words as well as colour, as many times as there are authorities of each kind
    idle = sum(1 for a in repo.authorities if a not in involved)
    assert svg.count(">not yet</text>") == idle
    assert svg.count(">engaged</text>") == len(repo.authorities) - idle


def test_a_package_page_shows_its_figures_since_the_baseline_as_context(
        challenge: Path, tmp_path: Path) -> None:
    """Issue 21: the site, like tsp show and the reports, shows each recipient's figure at
    the package's baseline and the latest, beside the region and England — never as what
    the package did."""
    package = challenge / "data/packages/alpha-assessment-review.yaml"
    with package.open("a", encoding="utf-8") as handle:
        handle.write('measures:\n  - measure: timeliness\n    baseline: "2023"\n')
    programme = challenge / "data/programme.yaml"
    programme.write_text(programme.read_text(encoding="utf-8").replace(
        "SESLIP Targeted Support Programme", "Northern Partnership"), encoding="utf-8")
    out = tmp_path / "site"
    site_module.build_site(load(challenge), out, WHEN, pdf=False, search=False)
    page = text_of(out / "packages" / "alpha-assessment-review.html")
    assert "Figures since the package began" in page
    assert "Plans issued on time (%, 2023 to 2024)" in page
    for row in ("Alpha 50.0 75.0 +25.0", "South East 55.0 70.0 +15.0",
                "England 50.0 60.0 +10.0"):
        assert row in page, row
    assert "they do not measure its effect" in page
    assert "improved" not in page
    html = (out / "packages" / "alpha-assessment-review.html").read_text(encoding="utf-8")
    assert 'href="../counting-rules/timeliness.html"' in html
    assert broken_links(out) == []
    # The programme's name is the register's, on every page.
    assert "<h1>Northern Partnership</h1>" in (out / "index.html").read_text(encoding="utf-8")
    assert "SESLIP" not in " ".join(p.read_text(encoding="utf-8") for p in pages(out))
