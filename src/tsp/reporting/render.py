"""Render one report: template + view model → Markdown → the chosen format."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tsp.authorities import resolve
from tsp.errors import NotFound
from tsp.queries import find_year
from tsp.reporting.charts import bar_chart
from tsp.reporting.context import authority_report, year_view
from tsp.reporting.views import YearView
from tsp.reporting.errors import ReportUsageError, TemplateError
from tsp.reporting.escape import Markdown
from tsp.reporting.output import ReportFormat
from tsp.reporting.provenance import footer
from tsp.reporting.templates import (
    FOOTER,
    ReportTemplate,
    find_template,
    list_templates,
    render,
)
from tsp.repository import Repository

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


@dataclass(frozen=True)
class Report:
    name: str
    format: ReportFormat
    markdown: str
    content: bytes


def _chart_function(year: YearView | None, fmt: ReportFormat,
                    charts: dict[str, str]) -> Callable[[str], str]:
    """`chart(name)` for templates: a placeholder paragraph that the HTML writer swaps for an
    SVG, and nothing in Markdown or Word (their tables carry the same figures). The random
    nonce keeps data from forging a placeholder."""
    nonce = secrets.token_hex(8)

    def chart(name: str) -> Markdown:
        if name not in CHARTS:
            raise TemplateError(f"no chart '{name}'; charts: {', '.join(CHARTS)}")
        if year is None:
            raise TemplateError(f"chart '{name}' needs a year: add 'year: YYYY-YY' to the "
                                "template's opening comment")
        if fmt is not ReportFormat.HTML:
            return Markdown("")
        field, caption = CHARTS[name]
        placeholder = f"tsp-chart-{nonce}-{name}"
        counts = getattr(year.figures, field)
        charts[placeholder] = bar_chart(f"chart-{name}", f"{caption}, {year.span}", counts,
                                        colour=list(CHARTS).index(name))
        return Markdown(f"\n\n{placeholder}\n\n")

    return chart


def _tidy(text: str) -> str:
    # Template loops and conditions leave runs of blank lines; Markdown needs one.
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


from tsp.reporting.plan_context import plan_progress  # noqa: E402 - the plan's own context


def build_context(repo: Repository, template: ReportTemplate, argument: str | None,
                  fmt: ReportFormat, when: dt.datetime) -> dict[str, Any]:
    context: dict[str, Any] = {
        "report": ReportInfo(template.name, template.description, str(fmt)),
        "footer": footer(repo.root, when),
    }
    if template.year is not None:
        try:
            context["year"] = year_view(repo, find_year(repo, template.year))
            context["plan"] = plan_progress(repo, find_year(repo, template.year))
        except NotFound as exc:
            raise TemplateError(f"{template.where(repo.root, 'year')}: {exc}") from None
    if template.argument == "authority":
        if not argument:
            raise ReportUsageError(
                f"tsp report {template.name} needs an authority, e.g. "
                f"tsp report {template.name} Reading (tsp la --list shows them all)."
            )
        authority = resolve(repo.authorities, argument)
        context["la"] = authority_report(repo, authority, when.date())
    elif argument:
        raise ReportUsageError(f"tsp report {template.name} takes no argument; "
                               f"'{argument}' is one too many.")
    return context


def render_report(repo: Repository, name: str, argument: str | None, fmt: ReportFormat,
                  when: dt.datetime) -> Report:
    """Render the report templates/NAME.md.j2 from the repository, in the given format."""
    template = find_template(repo.root, name)
    context = build_context(repo, template, argument, fmt, when)
    charts: dict[str, str] = {}
    functions = {"chart": _chart_function(context.get("year"), fmt, charts)}
    body = render(repo.root, template.path.name, context, functions)
    # Every report ends with the footer, whether or not its template remembers to.
    markdown = _tidy(body + "\n\n" + render(repo.root, FOOTER, context, functions))
    if fmt is ReportFormat.HTML:
        from tsp.reporting.html import to_html

        return Report(name, fmt, markdown, to_html(markdown, charts).encode("utf-8"))
    if fmt is ReportFormat.DOCX:
        from tsp.reporting.word import to_docx

        return Report(name, fmt, markdown, to_docx(markdown, when))
    return Report(name, fmt, markdown, markdown.encode("utf-8"))


def check_reports(repo: Repository, when: dt.datetime) -> int:
    """Render every report in every format (a per-authority report for every authority, in
    Markdown, and for the first in all formats), keeping nothing: what CI runs so that a
    template or data change that breaks a report fails its pull request. Returns how many
    renders were made; the first failure raises its TemplateError."""
    count = 0
    for template in list_templates(repo.root):
        arguments: Sequence[str | None] = [None]
        if template.argument == "authority":
            arguments = sorted(repo.authorities)
        for index, argument in enumerate(arguments):
            for fmt in ReportFormat if index == 0 else (ReportFormat.MD,):
                render_report(repo, template.name, argument, fmt, when)
                count += 1
    return count
