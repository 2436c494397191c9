"""tsp site: the register as a static website, for readers who never run tsp.

Every page is made from what the reports already compute: the year and authority reports are
rendered by `render_report` (their HTML body is placed inside the site's layout), and the
pages of their own (packages, priorities, success measures, counting rules) are made from the
same view models (`package_view`, `year_view`, `measure_view`). The layout and its CSS ship in
this package (site_assets/), so the site makes no request anywhere else, and every page works
without JavaScript; search (Pagefind) is added on top where its index was built.

The site is written to a new folder beside the target and swapped in at the end, so a failed
build never leaves half a site; a folder that is not a site tsp made is never replaced.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from tsp import __version__
from tsp.errors import UsageError
from tsp.measures.impact import package_figures
from tsp.models import Package, ProgrammeYear
from tsp.models.measure import RuleStatus
from tsp.queries import authority_profile, engaged_authority_ids
from tsp.register import Register
from tsp.reporting.catalogue import list_templates
from tsp.reporting.context import package_view, year_view
from tsp.reporting.data_view import MeasureView, measure_view
from tsp.reporting.labels import year_span
from tsp.reporting.markdown import parse, parser
from tsp.reporting.output import ReportFormat
from tsp.reporting.provenance import footer
from tsp.reporting.render import render_report
from tsp.reporting.search import build_index
from tsp.reporting.svg import engagement_map, hexmap, trend
from tsp.reporting.views import PackageView
from tsp.xlsx import Column, Sheet, workbook

ASSETS = Path(__file__).parent / "site_assets"
MARKER = ".tsp-site"  # in every folder tsp site wrote: only such a folder is ever replaced
_MAIN = re.compile(r"<main>\n?(.*)</main>", re.DOTALL)


class SiteError(UsageError):
    """The site cannot be written where it was asked to go."""


@dataclass(frozen=True)
class Link:
    href: str  # from the site's root, e.g. packages/reading-annual-review-mapping.html
    text: str


@dataclass
class Page:
    path: str  # from the site's root, e.g. authorities/reading.html
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    section: str = ""  # which item of the site's navigation it belongs to


@dataclass(frozen=True)
class SiteBuild:
    folder: Path
    pages: int
    downloads: int
    searchable: bool


# --- addresses -------------------------------------------------------------------------------


def authority_href(authority_id: str) -> str:
    return f"authorities/{authority_id}.html"


def package_href(package_id: str) -> str:
    return f"packages/{package_id}.html"


def year_href(year_id: str) -> str:
    return f"years/{year_id}.html"


def priority_href(year_id: str, priority_id: str) -> str:
    return f"priorities/{year_id}/{priority_id}.html"


def success_href(year_id: str, measure_id: str) -> str:
    return f"success-measures/{year_id}/{measure_id}.html"


def rule_href(measure_id: str) -> str:
    return f"counting-rules/{measure_id}.html"


NAVIGATION = (
    Link("index.html", "Home"),
    Link("authorities/index.html", "Authorities"),
    Link("packages/index.html", "Packages"),
    Link("years/index.html", "Programme years"),
    Link("counting-rules/index.html", "Counting rules"),
    Link("downloads.html", "Downloads"),
)


# --- the pages ---------------------------------------------------------------------------------


def report_body(html: str) -> Markup:
    """The body of a report's HTML page (what is inside its <main>), which the report's own
    renderer escaped: it goes into the site's layout as it is."""
    match = _MAIN.search(html)
    return Markup(match.group(1) if match else "")


def markdown_html(text: str) -> Markup:
    """The programme's words (Markdown) as HTML, by the reports' own parser: raw HTML off,
    links out of the page shown as text."""
    md = parser()
    return Markup(md.renderer.render(parse(text), md.options, {}))


class _Site:
    def __init__(self, repo: Register, when: dt.datetime, pdf: bool) -> None:
        self.repo, self.when, self.pdf = repo, when, pdf
        self.pages: list[Page] = []
        self.files: dict[str, bytes] = {}  # downloads: path from the root → bytes
        self.footer = footer(repo.root, when)
        self.years = sorted(repo.years.values(), key=lambda y: y.id)
        self.packages = sorted(repo.packages.values(),
                               key=lambda p: (p.year, p.title.lower(), p.id))
        self.authorities = sorted(repo.authorities.values(), key=lambda a: a.name)
        self.views: dict[str, PackageView] = {p.id: package_view(repo, p)
                                              for p in self.packages}
        # each a pass over every package: made once, not once per page that lists them
        self.profiles = {a.id: authority_profile(repo, a) for a in self.authorities}
        self.year_reports = {t.year: t.name for t in list_templates(repo.root)
                             if t.year is not None and t.argument is None}
        self.authority_report = next((t.name for t in list_templates(repo.root)
                                      if t.argument == "authority"), None)
        self.data_report = next((t.name for t in list_templates(repo.root)
                                 if t.argument == "period"), None)
        self.measures = [v for m in sorted(repo.measures.values(), key=lambda m: m.title)
                         if m.status is not RuleStatus.RETIRED
                         and (v := measure_view(repo, m, None)) is not None]

    # -- helpers --

    def authority_links(self, ids: Iterable[str]) -> tuple[Link, ...]:
        return tuple(Link(authority_href(i), self.repo.authorities[i].name)
                     if i in self.repo.authorities else Link("", i) for i in ids)

    def package_links(self, packages: Iterable[Package]) -> tuple[Link, ...]:
        return tuple(Link(package_href(p.id), p.title) for p in packages)

    def year_link(self, year_id: str) -> Link:
        year = self.repo.years.get(year_id)
        if year is None:  # a year the register has no record of has no page
            return Link("", year_span(year_id))
        return Link(year_href(year_id), f"{year.label} ({year_span(year_id)})")

    def serving(self, year: ProgrammeYear, ids: set[str], attribute: str) -> list[Package]:
        return [p for p in self.packages if year.id in p.years
                and ids & set(getattr(p, attribute))]

    def add(self, page: Page) -> None:
        self.pages.append(page)

    # -- pages --

    def build(self) -> None:
        self.home()
        self.authority_pages()
        self.package_pages()
        self.year_pages()
        self.rule_pages()
        self.downloads()
        self.add(Page("accessibility.html", "Accessibility statement", "accessibility.html.j2"))
        self.add(Page("about.html", "How this site is made", "about.html.j2",
                      {"version": __version__, "footer": self.footer}))
        self.add(Page("search.html", "Search", "search.html.j2"))

    def home(self) -> None:
        latest = next((y for y in reversed(self.years) if y.source or y.id in
                       self.repo.narratives), self.years[-1] if self.years else None)
        words = Markup("")
        if latest is not None:
            view = year_view(self.repo, latest)
            first = next((s for s in view.sections if s.text.strip()), None)
            if first is not None:
                words = markdown_html(first.text)
        figures = []
        for year in self.years:
            view = year_view(self.repo, year)
            figures.append((self.year_link(year.id), view.figures))
        engaged = engaged_authority_ids(self.repo)
        title = self.repo.programme.name or "Targeted Support Programme"
        self.add(Page("index.html", title, "home.html.j2", {
            "latest": self.year_link(latest.id) if latest else None,
            "latest_title": (latest.source.title if latest and latest.source else
                             latest.title if latest else ""),
            "words": words, "figures": figures,
            "map": Markup(engagement_map(self.repo, engaged)),
            "engaged": self.authority_links(a.id for a in self.authorities if a.id in engaged),
            "not_engaged": self.authority_links(a.id for a in self.authorities
                                                if a.id not in engaged),
        }, "index.html"))

    def authority_pages(self) -> None:
        engaged = engaged_authority_ids(self.repo)
        self.add(Page("authorities/index.html", "Authorities", "authorities.html.j2", {
            "rows": [(Link(authority_href(a.id), a.name), a.id in engaged,
                      len(self.profiles[a.id].received)) for a in self.authorities],
        }, "authorities/index.html"))
        for a in self.authorities:
            profile = self.profiles[a.id]
            body = Markup("")
            if self.authority_report is not None:
                report = render_report(self.repo, self.authority_report, a.id,
                                       ReportFormat.HTML, self.when)
                body = report_body(report.content.decode("utf-8"))
            self.add(Page(authority_href(a.id), a.name, "authority.html.j2", {
                "body": body,
                "received": self.package_links(profile.received),
                "partnered": self.package_links(profile.partnered),
                "lent": self.package_links(profile.smes_lent_to),
                "measures": [Link(rule_href(m.key), m.title) for m in self.measures],
            }, "authorities/index.html"))

    def package_pages(self) -> None:
        self.add(Page("packages/index.html", "Packages", "packages.html.j2", {
            "groups": [(self.year_link(y.id),
                        [(Link(package_href(p.id), p.title), self.views[p.id],
                          self.authority_links(p.recipients))
                         for p in self.packages if y.id in p.years]) for y in self.years],
        }, "packages/index.html"))
        for p in self.packages:
            priorities, successes = [], []
            for year_id in p.years:
                year = self.repo.years.get(year_id)
                if year is None:
                    continue
                for group in year.priorities:
                    items = {i.id for i in group.items}
                    if group.id in p.priorities or items & set(p.priorities):
                        priorities.append(Link(priority_href(year.id, group.id), group.title))
                for m in year.success_measures:
                    if m.id in p.success_measures:
                        successes.append(Link(success_href(year.id, m.id), m.text))
            self.add(Page(package_href(p.id), p.title, "package.html.j2", {
                "p": self.views[p.id],
                "years": [self.year_link(y) for y in p.years],
                "recipients": self.authority_links(p.recipients),
                "partners": self.authority_links(p.partners),
                "lenders": self.authority_links(p.sme_lenders),
                "related": self.package_links(self.repo.packages[r] for r in p.related
                                              if r in self.repo.packages),
                "priorities": priorities, "successes": successes,
                # The register's figures on the rules it names, since its baseline: context.
                "figures": [(Link(rule_href(r.measure), r.title), r)
                            for r in package_figures(self.repo, p)],
                "rule": self.repo.years[p.year].status_rule
                if p.year in self.repo.years else "",
            }, "packages/index.html"))

    def year_pages(self) -> None:
        self.add(Page("years/index.html", "Programme years", "years.html.j2", {
            "years": [(self.year_link(y.id), y.title or "") for y in self.years],
        }, "years/index.html"))
        for year in self.years:
            downloads: list[Link] = []
            body = Markup("")
            name = self.year_reports.get(year.id)
            if name is not None:
                report = render_report(self.repo, name, None, ReportFormat.HTML, self.when)
                body = report_body(report.content.decode("utf-8"))
                formats = [ReportFormat.DOCX] + ([ReportFormat.PDF] if self.pdf else [])
                for fmt in formats:
                    path = f"downloads/{year.id}.{fmt}"
                    self.files[path] = render_report(self.repo, name, None, fmt,
                                                     self.when).content
                    kind = "PDF" if fmt is ReportFormat.PDF else "Word"
                    downloads.append(Link(path, f"{year.label} report ({kind}, "
                                                f"{_size(len(self.files[path]))})"))
            priorities = [(Link(priority_href(year.id, g.id), g.title),
                           len(self.serving(year, {g.id, *(i.id for i in g.items)},
                                            "priorities")))
                          for g in year.priorities]
            successes = [(Link(success_href(year.id, m.id), m.text),
                          len(self.serving(year, {m.id}, "success_measures")))
                         for m in year.success_measures]
            self.add(Page(year_href(year.id), f"{year.label}: {year_span(year.id)}",
                          "year.html.j2", {
                              "body": body, "downloads": downloads,
                              "priorities": priorities, "successes": successes,
                              "packages": self.package_links(
                                  p for p in self.packages if year.id in p.years),
                          }, "years/index.html"))
            for group in year.priorities:
                found = self.serving(year, {group.id, *(i.id for i in group.items)},
                                     "priorities")
                self.add(Page(priority_href(year.id, group.id), group.title,
                              "priority.html.j2", {
                                  "kind": "Priority", "year": self.year_link(year.id),
                                  "items": [i.text for i in group.items],
                                  "packages": [(Link(package_href(p.id), p.title),
                                                self.views[p.id]) for p in found],
                              }, "years/index.html"))
            for m in year.success_measures:
                found = self.serving(year, {m.id}, "success_measures")
                self.add(Page(success_href(year.id, m.id), m.text, "priority.html.j2", {
                    "kind": "Success measure", "year": self.year_link(year.id), "items": [],
                    "packages": [(Link(package_href(p.id), p.title), self.views[p.id])
                                 for p in found],
                }, "years/index.html"))

    def rule_pages(self) -> None:
        body = Markup("")
        if self.data_report is not None and self.measures:
            report = render_report(self.repo, self.data_report, None, ReportFormat.HTML,
                                   self.when)
            body = report_body(report.content.decode("utf-8"))
        self.add(Page("counting-rules/index.html", "Counting rules", "rules.html.j2", {
            "rules": [Link(rule_href(m.key), m.title) for m in self.measures], "body": body,
        }, "counting-rules/index.html"))
        names = {a.name: a.id for a in self.authorities}
        for index, m in enumerate(self.measures):
            self.add(Page(rule_href(m.key), m.title, "rule.html.j2", {
                "m": m, "charts": self.rule_charts(m, index),
                "links": {name: authority_href(i) for name, i in names.items()},
            }, "counting-rules/index.html"))

    def rule_charts(self, m: MeasureView, index: int) -> Markup:
        return Markup(hexmap(self.repo, m, index) + "\n" + trend(m, index))

    def downloads(self) -> None:
        columns = [Column(c) for c in ("Package", "Programme year", "Status", "Recipients",
                                       "Partners", "Authorities lending staff", "Areas",
                                       "Kinds of support", "Starts", "Ends", "Summary")]
        rows: list[Sequence[str | int | float | None]] = [
            [v.title, v.year, v.status + (" (the register's reading)" if v.reading else ""),
             ", ".join(v.recipients), ", ".join(v.partners), ", ".join(v.sme_lenders),
             ", ".join(v.areas), ", ".join(v.kinds), v.starts, v.ends, v.summary]
            for v in self.views.values()]
        self.files["downloads/packages.xlsx"] = workbook([Sheet("Packages", columns, rows)])
        engaged = engaged_authority_ids(self.repo)
        a_columns = [Column("Authority"), Column("Engaged", "text"),
                     Column("Packages received", "number"), Column("Partner on", "number"),
                     Column("Lent staff to", "number")]
        a_rows: list[Sequence[str | int | float | None]] = []
        for a in self.authorities:
            profile = self.profiles[a.id]
            a_rows.append([a.name, "yes" if a.id in engaged else "no", len(profile.received),
                           len(profile.partnered), len(profile.smes_lent_to)])
        self.files["downloads/authorities.xlsx"] = workbook(
            [Sheet("Authorities", a_columns, a_rows)])
        listed = [(Link(path, _download_label(path, self.repo)), _size(len(data)))
                  for path, data in sorted(self.files.items())]
        self.add(Page("downloads.html", "Downloads", "downloads.html.j2", {"files": listed},
                      "downloads.html"))


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def _download_label(path: str, repo: Register) -> str:
    name = path.rsplit("/", 1)[-1]
    stem, _, ext = name.rpartition(".")
    if ext == "xlsx":
        return {"packages": "Every package (spreadsheet)",
                "authorities": "Every authority's engagement (spreadsheet)"}.get(stem, name)
    year = repo.years.get(stem)
    label = f"{year.label} report" if year else "Report"
    return f"{label} ({'PDF' if ext == 'pdf' else 'Word'})"


# --- writing -----------------------------------------------------------------------------------


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(ASSETS / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["span"] = year_span
    return env


def _relative(root: str, href: str) -> str:
    return root + href if href and not href.startswith(("#", "/")) else href


def _prepare(out: Path) -> None:
    """Refuse a target that is not ours to replace."""
    if out.exists() and not out.is_dir():
        raise SiteError(f"Cannot write the site to {out}: it is a file; give a folder.")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteError(f"Cannot write the site to {out}: the folder holds files tsp did not "
                        "write; give a new or empty folder.")
    if not out.parent.is_dir():
        raise SiteError(f"Cannot write the site to {out}: the folder {out.parent} does not "
                        "exist.")


def build_site(repo: Register, out: Path, when: dt.datetime, pdf: bool = True,
               search: bool = True) -> SiteBuild:
    """Write the site into `out` (made or replaced whole): every page, the downloads (the year
    reports as Word and, with `pdf`, PDF; the spreadsheets), the CSS, and with `search` the
    Pagefind index where Pagefind is installed."""
    _prepare(out)
    site = _Site(repo, when, pdf)
    site.build()
    env = _environment()
    # The programme's and the region's names are the register's (data/programme.yaml).
    programme = repo.programme
    region = programme.region.name if programme.region else "the region"
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for page in site.pages:
            depth = page.path.count("/")
            root = "../" * depth
            html = env.get_template(page.template).render(
                page=page, root=root, nav=NAVIGATION, title=page.title,
                site_title=programme.name or "Targeted Support Programme", region=region,
                day=site.footer.day,
                href=lambda h, r=root: _relative(r, h), **page.context)
            target = staging / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
        for path, data in site.files.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (staging / "assets").mkdir()
        shutil.copyfile(ASSETS / "site.css", staging / "assets" / "site.css")
        shutil.copyfile(ASSETS / "search.js", staging / "assets" / "search.js")
        (staging / MARKER).write_text(f"written by tsp {__version__}\n", encoding="utf-8")
        searchable = search and _index(staging)
        os.chmod(staging, 0o755)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SiteBuild(out, len(site.pages), len(site.files), searchable)


def _index(folder: Path) -> bool:
    """Build Pagefind's search index into folder/pagefind; False where Pagefind is not
    installed (the site works without it: search is an enhancement)."""
    return build_index(folder)


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
    old.rmdir()
    out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
