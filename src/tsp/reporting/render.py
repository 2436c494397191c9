"""Render one report: template + view model → Markdown → the chosen format."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tsp.authorities import resolve
from tsp.errors import NotFound
from tsp.measures.impact import report_rows
from tsp.problems import Severity
from tsp.queries import find_year
from tsp.register import Register
from tsp.reporting.authority_view import authority_report
from tsp.reporting.blocks import PROGRAMME_TEAM, Block, DocumentInfo, Placeholders
from tsp.reporting.catalogue import (
    FOOTER,
    ReportTemplate,
    find_template,
    list_templates,
)
from tsp.reporting.context import year_view
from tsp.reporting.data_charts import data_chart_function
from tsp.reporting.data_view import authority_context, data_view
from tsp.reporting.errors import ReportUsageError, TemplateError
from tsp.reporting.html import to_html
from tsp.reporting.markdown import headings
from tsp.reporting.output import ReportFormat
from tsp.reporting.pdf import to_pdf
from tsp.reporting.period import PeriodView, period_view
from tsp.reporting.plan_context import plan_progress
from tsp.reporting.provenance import footer
from tsp.reporting.templates import plain, render
from tsp.reporting.word import to_docx

if TYPE_CHECKING:
    from tsp.history import Snapshot

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
        # An authority with no package still has its figures from the data challenge.
        context["la_figures"] = authority_context(repo, authority.id,
                                                  every=not context["la"].received)
        context["package_figures"] = report_rows(repo, authority_id=authority.id)
    elif template.argument == "window":
        if period is None:
            raise ReportUsageError(period_needed(template.name))
        context["period"] = period
    elif template.argument == "period":
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
    blocks = Placeholders(context.get("year"), fmt)
    functions = blocks.functions()
    if "data" in context:
        functions["data_chart"] = data_chart_function(repo, context["data"], fmt, blocks)
    programme = repo.programme.name
    body = render(repo.root, template.path.name, context, functions, programme)
    # Every report ends with the footer, whether or not its template remembers to.
    markdown = _tidy(body + "\n\n" + render(repo.root, FOOTER, context, functions, programme))
    if fmt is ReportFormat.MD:
        markdown = _markdown_contents(markdown, blocks.blocks)
        return Report(name, fmt, markdown, markdown.encode("utf-8"))
    info = _document_info(markdown, context)
    if fmt is ReportFormat.DOCX:
        return Report(name, fmt, markdown, to_docx(markdown, when, blocks.blocks, info))
    page = to_html(markdown, blocks.blocks, info, print_only=fmt is ReportFormat.PDF)
    if fmt is ReportFormat.PDF:
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
