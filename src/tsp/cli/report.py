"""tsp report: the evaluation reports, rendered from the repository's templates."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tsp.cli import completion
from tsp.cli.common import AsOfOption, RepoOption, err, open_register, out
from tsp.cli.reporters import as_text, emit
from tsp.dates import parse_date
from tsp.history import files_of, resolve, start_of
from tsp.load import find_root, load_checked
from tsp.register import Register
from tsp.reporting.errors import ReportUsageError
from tsp.reporting.output import ReportFormat, choose_format, is_stream, write_output
from tsp.reporting.period import PeriodView, period_view
from tsp.reporting.provenance import generation_time
from tsp.reporting.render import check_reports, period_needed, render_report
from tsp.reporting.catalogue import (TEMPLATES_DIR, ReportTemplate, find_template,
                                    list_templates)


@dataclass(eq=False, repr=False)
class ReportList:
    """`tsp report --list`: the reports the repository's templates provide."""

    templates: list[ReportTemplate]


# The reports a repository's templates provide, for the shell's completion of NAME.
report_names = completion.safely(lambda: [t.name for t in list_templates(completion.root())])


def report(
    name: Annotated[str | None, typer.Argument(metavar="NAME", help="The report: a template "
                    "in templates/, e.g. year1, year2, la.", show_default=False,
                    autocompletion=report_names)] = None,
    argument: Annotated[str | None, typer.Argument(metavar="AUTHORITY", help="For a report "
                        "about one authority: its name, alias, GSS code or DfE number.",
                        show_default=False, autocompletion=completion.authorities)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file "
                      "(atomically); its extension (.md, .html, .docx, .pdf) sets the format. "
                      "'-', /dev/stdout, a FIFO or a device is written to as a stream.",
                      dir_okay=False, show_default=False)] = None,
    output_format: Annotated[ReportFormat | None, typer.Option("--format", "-f", help="md "
                             "(default), html (one self-contained page with charts), docx "
                             "(Word) or pdf.", show_default=False)] = None,
    internal: Annotated[bool, typer.Option("--internal", help="The team's report: adds how "
                        "the register reads its source (the records' notes) and validation "
                        "warnings. Never send it to readers.")] = False,
    period: Annotated[str | None, typer.Option("--period", "-p", help="For the data "
                      "challenge report: the period, e.g. 2023 (default: each measure's "
                      "latest).", show_default=False)] = None,
    list_all: Annotated[bool, typer.Option("--list", help="List the reports this "
                        "repository's templates provide.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Render every report in every "
                     "format and write nothing: exit 1 if any template fails (for CI).")]
    = False,
    start: Annotated[str | None, typer.Option("--from", metavar="DATE", help="For a report "
                     "of a period (tsp report update): its first day, YYYY-MM-DD.",
                     show_default=False)] = None,
    end: Annotated[str | None, typer.Option("--to", metavar="DATE", help="For a report of a "
                   "period: its last day (default: today).", show_default=False)] = None,
    as_of: AsOfOption = None,
    repo: RepoOption = None,
) -> None:
    """Render a report from the register: Markdown to stdout, or HTML / Word / PDF to a file.

    A report is for readers: the programme's words as its source wrote them, and the
    register's figures, labelled as the register's. --internal adds what only the team should
    see (the records' notes, validation warnings) and says so on its cover. The footer says on
    which date the data was recorded, and in --internal from which version of it (set
    SOURCE_DATE_EPOCH to fix the time).

    Examples:

        tsp report year1

        tsp report year1 -o year1.html

        tsp report year1 -o year1.docx

        tsp report year1 -o year1.pdf

        tsp report year1 --internal -o year1-team.html

        tsp report la Reading -o reading.md

        tsp report data --period 2023 -o data.html

        tsp report --list

        tsp report --check

        tsp report year1 --as-of 2026-03-31 -o year1-march.pdf

        tsp report update --from 2026-04-01 --to 2026-06-30 -o update-q1.docx

    With --as-of the report shows the data as committed then, in today's templates, and
    says "as recorded in the register on" that date.
    """
    if list_all:
        _print_list(find_root(repo))
        return
    if check:
        renders = check_reports(open_register(repo), generation_time())
        out.print(f"OK: {renders} report renders, every template in every format.")
        return
    if name is None:
        raise ReportUsageError("Name a report, e.g. tsp report year1 (tsp report --list "
                               "shows them all).")
    stream = output is not None and is_stream(output)
    # A stream (-o -, /dev/stdout, a FIFO) has no extension to go by: Markdown unless --format.
    fmt = choose_format(output_format, None if stream else output)
    if output is not None and not stream and not output.parent.is_dir():
        # A mistyped folder is the command's mistake (exit 2, not a data problem's 1), and is
        # said before the report is rendered, not after.
        raise ReportUsageError(f"Cannot write {output}: the folder {output.parent} does not "
                               "exist.")
    when = generation_time()
    root = find_root(repo)
    window = _window(root, name, start, end)
    snapshot = resolve(root, as_of) if as_of is not None else None
    repository = open_register(root, as_of=snapshot)
    argument = _report_argument(repository.root, name, argument, period)
    rendered = render_report(repository, name, argument, fmt, when, internal, snapshot,
                             window(repository) if window is not None else None)
    if output is not None and str(output) == "-" and fmt in (ReportFormat.DOCX, ReportFormat.PDF) \
            and sys.stdout.isatty():
        raise ReportUsageError(f"A {fmt.upper()} document is not for a terminal: add "
                               f"-o FILE.{fmt}.")
    if output is not None:
        write_output(output, rendered.content)
        size = len(rendered.content)
        if str(output) != "-":
            err.print(f"Wrote {escape(str(output))} ({fmt}, {size:,} bytes).", soft_wrap=True)
    elif fmt in (ReportFormat.DOCX, ReportFormat.PDF) and sys.stdout.isatty():
        raise ReportUsageError(f"A {fmt.upper()} document is not for a terminal: add "
                               f"-o FILE.{fmt}.")
    elif fmt in (ReportFormat.DOCX, ReportFormat.PDF):
        sys.stdout.flush()
        sys.stdout.buffer.write(rendered.content)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(rendered.content.decode("utf-8"))


def _window(root: Path, name: str, start: str | None, end: str | None
            ) -> Callable[[Register], PeriodView] | None:
    """For a report of a period, what builds its view from the register; --from and --to
    for any other report are a usage error."""

    if start is None and end is None:
        return None  # a report of a period asks for its dates when it is rendered
    template = find_template(root, name)
    if template.argument != "window":
        if start is not None or end is not None:
            raise ReportUsageError(f"--from and --to are for a report of a period (e.g. tsp "
                                   f"report update --from 2026-04-01 --to 2026-06-30); tsp "
                                   f"report {template.name} takes none.")
        return None
    if start is None:
        raise ReportUsageError(period_needed(template.name))
    first = parse_date(start, "--from")
    today = dt.datetime.now(dt.timezone.utc).date()
    last = parse_date(end, "--to") if end is not None else today
    if first > last:
        raise ReportUsageError(f"--from {first} is after --to {last}; give the earlier one "
                               "first.")
    # What was recorded in the period: the register at its start and at its end, from git.
    before = start_of(root, first.isoformat())
    after = resolve(root, min(last, today).isoformat(), "--to")
    old = load_checked(root, files=files_of(root, before)) if before is not None else None
    new = load_checked(root, files=files_of(root, after))
    return lambda register: period_view(register, first, last, old, new)


def _report_argument(root: Path, name: str, argument: str | None, period: str | None
                     ) -> str | None:
    """The report's one argument: an authority (tsp report la Reading) or, for the data
    challenge report, a period, given as --period or in the argument's place. --period for a
    report that takes none, or two different periods, is a usage error naming which."""
    if period is None:
        return argument
    template = find_template(root, name)
    if template.argument != "period":
        takes = {"authority": f"an authority, e.g. tsp report {template.name} Reading"}.get(
            str(template.argument), "no argument")
        raise ReportUsageError(
            f"--period is for the data challenge report (e.g. tsp report data --period "
            f"{period}); tsp report {template.name} has no periods and takes {takes}.")
    if argument is not None and argument != period:
        raise ReportUsageError(f"Two periods: '{argument}' and --period {period}; give one.")
    return period


def _print_list(root: Path) -> None:
    emit(ReportList(list_templates(root)))


@as_text.register(ReportList)
def _(result: ReportList) -> None:
    if not result.templates:
        err.print(f"No reports: {TEMPLATES_DIR}/ holds no NAME.md.j2 templates.")
        return
    # A report of a period takes --from and --to, which its help shows.
    usage = {t.name: f"{t.name} {t.argument.upper()}"
             if t.argument and t.argument != "window" else t.name for t in result.templates}
    width = max(len(u) for u in usage.values())
    for template in result.templates:
        described = template.description or "(no description in its opening comment)"
        out.print(escape(f"{usage[template.name]:<{width}}  {described}"), soft_wrap=True)
