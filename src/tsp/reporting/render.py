"""Render one report: template + view model → Markdown → the chosen format."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tsp.authorities import resolve
from tsp.errors import NotFound
from tsp.queries import find_year
from tsp.problems import Severity
from tsp.reporting.blocks import PROGRAMME_TEAM, Block, DocumentInfo
from tsp.reporting.charts import bar_chart
from tsp.reporting.context import authority_report, year_view
from tsp.reporting.errors import ReportUsageError, TemplateError
from tsp.reporting.escape import Markdown
from tsp.reporting.markdown import headings
from tsp.reporting.output import ReportFormat
from tsp.reporting.provenance import footer
from tsp.reporting.templates import (
    FOOTER,
    ReportTemplate,
    find_template,
    list_templates,
    plain,
    render,
)
from tsp.reporting.views import Count, YearView
from tsp.repository import Register

if TYPE_CHECKING:
    from tsp.history import Snapshot
    from tsp.reporting.period import PeriodView

CHARTS: dict[str, tuple[str, str]] = {
    # name in templates: (figures field, caption)
    "packages-per-authority": ("per_authority", "Packages received, per authority"),
    "packages-by-status": ("by_status", "Packages by status"),
    "packages-by-area": ("by_area", "Packages by area"),
    "packages-by-kind": ("by_kind", "Packages by kind of support"),
}


@dataclass(frozen=True)
class ReportInfo:
    name: str
    description: str
    format: str
    internal: bool  # the team's report: notes, readings and warnings; never for readers


@dataclass(frozen=True)
class Report:
    name: str
    format: ReportFormat
    markdown: str
    content: bytes


class _Blocks:
    """The template functions chart(), table() and contents(), and what they left behind.

    Each returns a placeholder paragraph (as Markdown, so the environment does not escape it)
    that the HTML and Word writers swap for the real thing; the random nonce keeps data from
    forging one.
    """

    def __init__(self, year: YearView | None, fmt: ReportFormat) -> None:
        self.year, self.fmt = year, fmt
        self.nonce = secrets.token_hex(8)
        self.blocks: dict[str, Block] = {}
        self.figures = self.tables = 0

    def _place(self, block: Block) -> Markdown:
        placeholder = f"tsp-block-{self.nonce}-{len(self.blocks)}"
        self.blocks[placeholder] = block
        return Markdown(f"\n\n{placeholder}\n\n")

    def chart(self, name: str) -> Markdown:
        if name not in CHARTS:
            raise TemplateError(f"no chart '{name}'; charts: {', '.join(CHARTS)}")
        if self.year is None:
            raise TemplateError(f"chart '{name}' needs a year: add 'year: YYYY-YY' to the "
                                "template's opening comment")
        field, caption = CHARTS[name]
        counts = getattr(self.year.figures, field)
        # A count holding any reading (a status, an area, a recipient the register reads)
        # carries the reading mark, as in the tables.
        counts = tuple(Count(c.label + ("†" if c.readings else ""), c.value, c.readings)
                       for c in counts)
        if self.fmt is ReportFormat.MD:
            return Markdown("")  # a text file has no pictures; the tables beside it carry the figures
        self.figures += 1
        title = f"{caption}, {self.year.span}"
        svg = bar_chart(f"chart-{name}", f"Figure {self.figures}: {title}", counts,
                        colour=list(CHARTS).index(name))
        return self._place(Block("chart", self.figures, title, svg, counts))

    def table(self, caption: str) -> Markdown:
        self.tables += 1
        block = Block("caption", self.tables, str(caption))
        if self.fmt is ReportFormat.MD:
            return Markdown(f"\n\n*{plain(block.label)}*\n\n")
        return self._place(block)

    def contents(self) -> Markdown:
        return self._place(Block("contents"))

    def functions(self) -> dict[str, Callable[..., str]]:
        return {"chart": self.chart, "table": self.table, "contents": self.contents}


def _markdown_contents(markdown: str, blocks: dict[str, Block]) -> str:
    """A text file's contents list: the report's section headings, in order."""
    items = "\n".join(f"- {plain(text)}" for level, text in headings(markdown)
                      if level == 2 and text != "Contents")
    for placeholder, block in blocks.items():
        if block.kind == "contents":
            markdown = markdown.replace(placeholder, items)
    return markdown


def _tidy(text: str) -> str:
    # Template loops and conditions leave runs of blank lines; Markdown needs one.
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


from tsp.reporting.plan_context import plan_progress  # noqa: E402 - the plan's own context
from tsp.measures.impact import report_rows  # noqa: E402 - a package's figures since it began


def period_needed(name: str) -> str:
    return (f"tsp report {name} reports a period: give its first day, e.g. tsp report {name} "
            "--from 2026-04-01 --to 2026-06-30.")


def build_context(repo: Register, template: ReportTemplate, argument: str | None,
                  fmt: ReportFormat, when: dt.datetime, internal: bool = False,
                  as_of: Snapshot | None = None, period: PeriodView | None = None
                  ) -> dict[str, Any]:
    context: dict[str, Any] = {
        "report": ReportInfo(template.name, template.description, str(fmt), internal),
        "footer": footer(repo.root, when, as_of, internal),
        "warnings": tuple(f"{p.location(repo.root)}: {p.message}" for p in repo.problems
                          if p.severity is Severity.WARNING)
        if internal else (),
        "package_figures": (),  # the figures since each package began (tsp.measures.impact)
    }
    if template.year is not None:
        try:
            context["year"] = year_view(repo, find_year(repo, template.year), internal)
            context["plan"] = plan_progress(repo, find_year(repo, template.year))
            context["package_figures"] = report_rows(repo, year=template.year)
        except NotFound as exc:
            raise TemplateError(f"{template.where(repo.root, 'year')}: {exc}") from None
    if template.argument == "authority":
        if not argument:
            raise ReportUsageError(
                f"tsp report {template.name} needs an authority, e.g. "
                f"tsp report {template.name} Reading (tsp la --list shows them all)."
            )
        authority = resolve(repo.authorities, argument)
        context["la"] = authority_report(repo, authority, when.date(), internal)
        from tsp.measures.report import authority_context

        # An authority with no package still has its figures from the data challenge.
        context["la_figures"] = authority_context(repo, authority.id,
                                                  every=not context["la"].received)
        context["package_figures"] = report_rows(repo, authority_id=authority.id)
    elif template.argument == "window":
        if period is None:
            raise ReportUsageError(period_needed(template.name))
        context["period"] = period
    elif template.argument == "period":
        from tsp.measures.report import data_view

        context["data"] = data_view(repo, argument)
    elif argument:
        raise ReportUsageError(f"tsp report {template.name} takes no argument; "
                               f"'{argument}' is one too many.")
    return context


def _document_info(markdown: str, context: dict[str, Any]) -> DocumentInfo:
    found = headings(markdown)
    title = next((text for level, text in found if level == 1), "Report")
    year = context.get("year")
    subject = str(context["report"].description)
    if year is not None and year.source is not None:
        subject = year.source.title
    authors = ", ".join(year.source.authors) if year is not None and year.source else ""
    return DocumentInfo(title=title, subject=subject,
                        author=authors or PROGRAMME_TEAM, internal=context["report"].internal)


def render_report(repo: Register, name: str, argument: str | None, fmt: ReportFormat,
                  when: dt.datetime, internal: bool = False, as_of: Snapshot | None = None,
                  period: PeriodView | None = None) -> Report:
    """Render the report templates/NAME.md.j2 from the repository, in the given format: for
    readers, or with `internal` the team's report, with the record's notes. With `as_of`,
    the repository is the register as committed then, and the report says so."""
    template = find_template(repo.root, name)
    context = build_context(repo, template, argument, fmt, when, internal, as_of, period)
    blocks = _Blocks(context.get("year"), fmt)
    functions = blocks.functions()
    if "data" in context:
        from tsp.measures.charts import data_chart_function

        functions["data_chart"] = data_chart_function(repo, context["data"], fmt, blocks)
    body = render(repo.root, template.path.name, context, functions)
    # Every report ends with the footer, whether or not its template remembers to.
    markdown = _tidy(body + "\n\n" + render(repo.root, FOOTER, context, functions))
    if fmt is ReportFormat.MD:
        markdown = _markdown_contents(markdown, blocks.blocks)
        return Report(name, fmt, markdown, markdown.encode("utf-8"))
    info = _document_info(markdown, context)
    if fmt is ReportFormat.DOCX:
        from tsp.reporting.word import to_docx

        return Report(name, fmt, markdown, to_docx(markdown, when, blocks.blocks, info))
    from tsp.reporting.html import to_html

    page = to_html(markdown, blocks.blocks, info, print_only=fmt is ReportFormat.PDF)
    if fmt is ReportFormat.PDF:
        from tsp.reporting.pdf import to_pdf

        return Report(name, fmt, markdown, to_pdf(page, info, when))
    return Report(name, fmt, markdown, page.encode("utf-8"))


def check_reports(repo: Register, when: dt.datetime) -> int:
    """Render every report in every format (a per-authority report for every authority, in
    Markdown, and for the first in all formats and as the team's --internal report), keeping
    nothing: what CI runs so that a
    template or data change that breaks a report fails its pull request. Returns how many
    renders were made; the first failure raises its TemplateError."""
    count = 0
    for template in list_templates(repo.root):
        arguments: Sequence[str | None] = [None]
        if template.argument == "authority":
            arguments = sorted(repo.authorities)
        period = None
        if template.argument == "window":  # this year so far, without git's record
            from tsp.reporting.period import period_view

            period = period_view(repo, dt.date(when.year, 1, 1), when.date())
        for index, argument in enumerate(arguments):
            for fmt in ReportFormat if index == 0 else (ReportFormat.MD,):
                render_report(repo, template.name, argument, fmt, when, period=period)
                count += 1
            if index == 0:
                render_report(repo, template.name, argument, ReportFormat.MD, when, True,
                              period=period)
                count += 1
    return count
