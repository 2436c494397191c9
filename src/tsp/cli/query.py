"""tsp list: the register's packages, filtered, as a table for people or as JSON, CSV,
Markdown or a workbook (tsp show, one package in full, is tsp.cli.show)."""

# No `from __future__ import annotations`: Typer sets up every command's options on each run of
# any tsp command, and reading annotations as objects costs less than evaluating strings
# (about 1.8 ms of every run for cli/query.py and cli/validate.py together).

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from tsp import further_sheets, tracker
from tsp.authorities import resolve
from tsp.cli import completion
from tsp.cli.common import (AsOfOption, OutputOption, RepoOption, authority_names, err,
                            open_register, out, Part, print_block)
from tsp.cli.reporters import Format, as_json, as_markdown, as_sheets, as_table, as_text, emit
from tsp.cli.reporters import Table as Rows
from tsp.cli.reporters import format_option
from tsp.dates import day_text, parse_date
from tsp.errors import NotFound, UsageError
from tsp.markdown import table as markdown_table
from tsp.models import AREA_LABELS, Area, Authority, Kind, Package, Role, Status
from tsp.plaintext import plain
from tsp.plan import resolve_plan_id
from tsp.queries import (
    PackageFilter,
    PackageRow,
    filter_packages,
    find_year,
    status_on,
    unknown_values,
)
from tsp.register import Register
from tsp.escape import Markdown
from tsp.xlsx import Sheet
from tsp.vocabulary import parse_choices


@dataclass(eq=False, repr=False)
class PackageListing:
    """`tsp list`: the packages that match, with the authority's roles when --la was given."""

    register: Register
    rows: list[PackageRow]
    authority: Authority | None = None


# What `tsp list` can write.
ListFormat = Literal[Format.TABLE, Format.JSON, Format.CSV, Format.MARKDOWN, Format.XLSX]


def _year_id(register: Register, text: str) -> str:
    """A recorded year, or a later one that a package spanning several years runs in."""
    try:
        return find_year(register, text).id
    except NotFound:
        if any(text.strip() in p.years for p in register.packages.values()):
            return text.strip()
        raise


def plan_filter(register: Register, typed: list[str], what: str,
                years: tuple[str, ...]) -> frozenset[str]:
    """Plan ids for a filter; a priority group brings its items."""
    if not typed:
        return frozenset()  # no filter
    ids: set[str] = set()
    for text in typed:
        plan_id = resolve_plan_id(register, text, what, years)
        ids.add(plan_id)
        for year in register.years.values():
            group = next((g for g in year.priorities if g.id == plan_id), None)
            if group is not None:
                ids.update(i.id for i in group.items)
    return frozenset(ids)


# Below this many columns the table turns narrow: the id, the year and the area move into the
# package's cell, under its title, and a column that would repeat the same thing is dropped. A
# separate id column (up to ~45 characters) would otherwise leave the title a few letters wide.
WIDE_TABLE = 120
# Below this a table of three columns leaves the title a few letters wide and would have to
# break ids: each package becomes a block of lines instead, the id on a line of its own.
STACKED = 70


@as_text.register
def _(result: PackageListing) -> None:
    width = out.size.width
    if not result.rows:
        return
    narrow = width < WIDE_TABLE
    if width < STACKED or (narrow and max(len(r.package.id) for r in result.rows) > _room(
            result.register, result.rows, result.authority, width)):
        _stacked(result.register, result.rows, result.authority)
    else:
        out.print(_table(result.register, result.rows, result.authority, width))


def _stacked(repo: Register, rows: list[PackageRow], authority: Authority | None) -> None:
    """The listing for a narrow terminal: one block per package (see print_block)."""
    who = f" with {authority.name}" if authority else ""
    out.print(f"[bold]Packages{who}: {len(rows)}[/]")
    for row in rows:
        p = row.package
        facts = [str(p.status), p.year] + ([areas(p)] if p.areas else [])
        lines = [" · ".join(facts)]
        if authority is not None:
            lines.append(f"Role: {', '.join(row.roles)}")
        if authority is None or p.recipients != [authority.id]:
            lines.append(f"Recipients: {authority_names(repo, p.recipients)}")
        print_block(plain(p.title), p.id, lines)


def _side_columns(repo: Register, rows: list[PackageRow], authority: Authority | None
                  ) -> dict[str, int]:
    """The narrow table's columns beside the package, by name, with their widths."""
    widths: dict[str, int] = {}
    if authority is not None:
        widths["Role"] = max(len(", ".join(r.roles)) for r in rows) if max(
            len(r.roles) for r in rows) == 1 else 10
    # With --la, recipients say nothing new when the authority is the only recipient of each.
    if authority is None or any(row.package.recipients != [authority.id] for row in rows):
        widths["Recipients"] = max(len("Recipients"), min(16, max(
            len(authority_names(repo, r.package.recipients)) for r in rows)))
    widths["Status"] = max(len("Status"), *(len(r.package.status) for r in rows))
    return widths


def _room(repo: Register, rows: list[PackageRow], authority: Authority | None,
          width: int) -> int:
    """How wide the package column of the narrow table can be (each column pads by 2)."""
    return width - sum(w + 2 for w in _side_columns(repo, rows, authority).values()) - 1


@as_sheets.register
def _(result: PackageListing) -> list[Sheet]:
    with_roles = result.authority is not None
    return [Sheet("Packages", tracker.sheet_columns(with_roles),
                  [tracker.cells(result.register, r.package, tuple(r.roles), with_roles)
                   for r in result.rows]),
            *further_sheets.sheets(r.package for r in result.rows)]


def _wide_table(repo: Register, rows: list[PackageRow], authority: Authority | None,
                width: int, who: str) -> Table | None:
    """One row per package, each column as wide as it needs and the title taking the rest;
    None when that does not fit in `width` without cutting a word. Names are never cut: Rich
    squeezed "Buckinghamshire" to "Buckinghamshi…" at 120 columns, so the widths are worked
    out here, whole words first."""
    names = ["ID", "Title"] + (["Role"] if authority is not None else []) + [
        "Recipients", "Year", "Status", "Area"]
    body = []
    for row in rows:
        p = row.package
        cells = [p.id, p.title] + ([", ".join(row.roles)] if authority else [])
        cells += [authority_names(repo, p.recipients), p.span, str(p.status), areas(p)]
        body.append(cells)

    def longest(index: int, whole: bool) -> int:
        texts = [cells[index] for cells in body]
        found = [len(t) for t in texts] if whole else [len(w) for t in texts for w in t.split()]
        return max([len(names[index]), *found])

    widths: dict[str, int] = {}  # the least each column can have without cutting a word
    comfortable: dict[str, int] = {}  # what a wrapping column would like: its text, to 20
    for index, name in enumerate(names):
        if name in ("ID", "Year", "Status"):
            widths[name] = longest(index, whole=True)  # ids stay whole and copyable
        elif name != "Title":
            widths[name] = longest(index, whole=False)
            comfortable[name] = max(widths[name], min(longest(index, whole=True), 20))
    # each column is padded by one space a side and ruled off by one character
    room = width - sum(widths.values()) - 3 * len(names) - 1
    whole_title, title_word = longest(1, whole=True), longest(1, whole=False)
    if room < title_word:
        return None
    wanted = sum(comfortable[n] - widths[n] for n in comfortable)
    title = min(whole_title, room, max(title_word, min(30, whole_title), room - wanted))
    left = room - title
    whole = {name: longest(names.index(name), whole=True) for name in comfortable}
    for goal in (comfortable, whole):  # first up to 20 each, then (room left) their whole text
        for name in comfortable:
            more = max(0, min(left, goal[name] - widths[name]))
            widths[name] += more
            left -= more
    widths["Title"] = title + (left if title < whole_title else 0)
    table = Table(title=f"Packages{who}: {len(rows)}", title_justify="left",
                  box=box.HEAVY_HEAD)
    for name in names:
        table.add_column(name, style="cyan" if name == "ID" else None, width=widths[name],
                         no_wrap=name in ("ID", "Year", "Status"))
    for cells in body:
        table.add_row(*(escape(c) for c in cells))
    return table


def _table(repo: Register, rows: list[PackageRow], authority: Authority | None,
           width: int) -> Table:
    years = {row.package.span for row in rows}
    one_year = len(years) == 1
    who = f" with {authority.name}" if authority else ""
    wide = _wide_table(repo, rows, authority, width, who) if width >= WIDE_TABLE else None
    if wide is not None:
        return wide
    side = _side_columns(repo, rows, authority)
    show_recipients = "Recipients" in side
    when = f" in {next(iter(years))}" if one_year else ""
    table = Table(title=f"Packages{who}{when}: {len(rows)}", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False, show_lines=True, expand=True)
    # Wide enough for the longest id, so ids stay whole and copyable (they hold no spaces).
    longest_id = max(len(r.package.id) for r in rows)
    table.add_column("Package", ratio=1, overflow="fold", min_width=longest_id)
    for name, column_width in side.items():
        table.add_column(name, width=column_width, no_wrap=name == "Status")
    for row in rows:
        p = row.package
        details = " · ".join(([] if one_year else [p.span]) + ([areas(p)] if p.areas else []))
        cell = f"{escape(p.title)}\n[cyan]{escape(p.id)}[/]"
        cell += f"\n[dim]{escape(details)}[/]" if details else ""
        cells = [cell] + ([escape(", ".join(row.roles))] if authority is not None else [])
        cells += [escape(authority_names(repo, p.recipients))] if show_recipients else []
        table.add_row(*cells, escape(str(p.status)))
    return table


def list_packages(
    la: Annotated[str | None, typer.Option("--la", metavar="AUTHORITY", help="An authority: "
                  "name, alias, GSS code or DfE number. Shows packages it receives, partners "
                  "on or lent SMEs to.", show_default=False,
                  autocompletion=completion.authorities)] = None,
    year: Annotated[list[str] | None, typer.Option(metavar="YEAR", help="Programme year: "
                    "2025-26, 'Year 1' or 1. Repeat for several.", show_default=False)] = None,
    status: Annotated[list[str] | None, typer.Option(metavar="STATUS", help="interest, "
                      "scoping, agreed, in-delivery, delivered, closed or withdrawn (any "
                      "case). Repeat for several.", show_default=False,
                      autocompletion=completion.statuses)] = None,
    area: Annotated[list[str] | None, typer.Option(metavar="AREA", help="send or "
                    "childrens-social-care (SEND and \"Children's social care\" work too).",
                    show_default=False, autocompletion=completion.areas)] = None,
    theme: Annotated[list[str] | None, typer.Option(metavar="THEME", help="A theme, e.g. "
                     "annual-reviews.", show_default=False)] = None,
    kind: Annotated[list[str] | None, typer.Option(metavar="KIND", help="Kind of support: "
                    + ", ".join(k.value for k in Kind) + " (\"process mapping\" works too).",
                    show_default=False, autocompletion=completion.kinds)] = None,
    role: Annotated[list[str] | None, typer.Option(metavar="ROLE", help="With --la: only "
                    "these roles: recipient, partner or sme-lender.", show_default=False,
                    autocompletion=completion.roles)] = None,
    priority: Annotated[list[str] | None, typer.Option(help="A priority of the plan (group "
                        "or item id, or the start of one); a group matches its items too. "
                        "Repeat for several.", show_default=False)] = None,
    measure: Annotated[list[str] | None, typer.Option(help="A success measure id (or the "
                       "start of one): packages working towards it or with evidence for it.",
                       show_default=False)] = None,
    funded: Annotated[bool | None, typer.Option("--funded/--unfunded", help="Only packages "
                      "with money committed or spent (in --year, if given), or only those "
                      "without.", show_default=False)] = None,
    output_format: Annotated[ListFormat, format_option(ListFormat)] = Format.TABLE,
    raw: Annotated[bool, typer.Option("--raw", help="With --format csv, for scripts: each "
                   "cell exactly as recorded, no byte-order mark and no apostrophe before a "
                   "leading = + - @ (the guard that keeps a spreadsheet from running a cell "
                   "as a formula).")] = False,
    status_on: Annotated[str | None, typer.Option("--status-on", metavar="DATE", help="With "
                         "--status: the status each package had on this day (YYYY-MM-DD) by "
                         "its own dated status changes, when it was true; not when it was "
                         "recorded (that is --as-of). Packages whose records date no status "
                         "change by then are left out, and counted.", show_default=False)]
    = None,
    as_of: AsOfOption = None,
    output: OutputOption = None,
    repo: RepoOption = None,
) -> None:
    """List packages, filtered.

    Examples:

        tsp list --la Reading

        tsp list --la bucks --format json

        tsp list --status agreed --area SEND --format csv > send.csv

        tsp list --format xlsx -o packages.xlsx

        tsp list --year "Year 1" --kind diagnostic

        tsp list --as-of 2026-03-31
    """
    if role and not la:
        raise UsageError("--role needs --la: it says which of the authority's roles to list "
                         "(e.g. tsp list --la Kent --role partner).")
    # With --la only that authority's packages need loading (which keeps a national register
    # quick); every filter below is about the packages that name it.
    if status_on is not None and not status:
        raise UsageError("--status-on needs --status: it says which status to look for on "
                         "that day (e.g. tsp list --status in-delivery --status-on "
                         "2026-01-15).")
    day = parse_date(status_on, "--status-on") if status_on is not None else None
    repository = open_register(repo, part=Part.SOUND, la=la, as_of=as_of)
    authority = resolve(repository.authorities, la) if la is not None else None
    years = tuple(_year_id(repository, y) for y in year or [])
    criteria = PackageFilter(
        authority=authority.id if authority else None,
        years=years,
        priorities=plan_filter(repository, priority or [], "priority", years),
        measures=plan_filter(repository, measure or [], "success measure", years),
        funded=funded,
        statuses=() if day else parse_choices(Status, status, "status", flag="--status"),
        areas=parse_choices(Area, area, "area", flag="--area", labels=AREA_LABELS),
        themes=tuple(theme or ()),
        kinds=parse_choices(Kind, kind, "kind of support", flag="--kind"),
        roles=parse_choices(Role, role, "role", flag="--role"),
    )
    rows = filter_packages(repository, criteria)
    if day is not None:
        rows = _status_on(rows, parse_choices(Status, status, "status", flag="--status"), day)
    emit(PackageListing(repository, rows, authority), output_format, output,
         offered=ListFormat, raw=raw)
    if not rows:
        who = f" with {authority.name}" if authority else ""
        err.print(f"No packages{who} match these filters.", soft_wrap=True)
        if theme and la is not None:
            repository = open_register(repo, part=Part.SOUND, as_of=as_of)  # hints are about every package's themes
        for hint in unknown_values(repository, themes=tuple(theme or ())):
            err.print(escape(hint), soft_wrap=True)


def _status_on(rows: list[PackageRow], statuses: tuple[Status, ...], day: dt.date
               ) -> list[PackageRow]:
    """The rows whose package had one of `statuses` on `day` by its own dated changes; how
    many could not be placed is said on stderr."""
    kept, undated = [], 0
    for row in rows:
        then = status_on(row.package, day)
        undated += then is None
        if then in statuses:
            kept.append(row)
    err.print(f"Statuses on {day_text(day)} by the records' own dated status changes (when "
              "they were true, not when they were recorded); the listing shows each package "
              "as it is now.", soft_wrap=True)
    if undated:
        whose = "their records date" if undated != 1 else "its record dates"
        err.print(f"{undated} package{'s' if undated != 1 else ''} left out: {whose} no status "
                  "change on or before that day.", soft_wrap=True)
    return kept



# --- the listing as JSON, CSV and Markdown ---------------------------------------------------


def areas(package: Package) -> str:
    return ", ".join(AREA_LABELS[a] for a in package.areas)


def package_json(package: Package) -> dict[str, Any]:
    """A package as JSON: its fields as the file holds them, absent ones left out."""
    data: dict[str, Any] = package.model_dump(mode="json", exclude_none=True)
    return data


@as_json.register
def _(result: PackageListing) -> Any:
    rows = []
    for row in result.rows:
        data = package_json(row.package)
        if row.roles:
            data["roles"] = [str(r) for r in row.roles]
        rows.append(data)
    return rows


PACKAGE_COLUMNS = ["id", "title", "year", "status", "areas", "recipients", "partners",
                   "sme_lenders", "kinds", "themes", "starts", "ends", "summary"]


@as_table.register
def _(result: PackageListing) -> Rows:
    register = result.register
    columns = PACKAGE_COLUMNS + (["roles"] if result.authority is not None else [])
    rows = []
    for row in result.rows:
        p = row.package
        values = {  # a CSV cell does not render Markdown: plain text
            "id": p.id, "title": plain(p.title), "year": p.span, "status": str(p.status),
            "areas": areas(p), "recipients": authority_names(register, p.recipients),
            "partners": authority_names(register, p.partners),
            "sme_lenders": authority_names(register, p.sme_lenders),
            "kinds": ", ".join(p.kinds), "themes": ", ".join(p.themes),
            "starts": p.starts or "", "ends": p.ends or "",
            "summary": plain(p.summary or ""), "roles": ", ".join(row.roles),
        }
        rows.append([values[c] for c in columns])
    return Rows(columns, rows)


@as_markdown.register
def _(result: PackageListing) -> str:
    if not result.rows:
        return ""
    with_roles = result.authority is not None
    head = ["ID", "Title", "Recipients", "Year", "Status", "Area", "Kinds"]
    head += ["Role"] if with_roles else []
    cells = []
    for row in result.rows:
        p = row.package
        cells.append([Markdown(f"`{p.id}`"), p.title, authority_names(result.register,
                                                                    p.recipients), p.span,
                      str(p.status), areas(p), ", ".join(p.kinds)]
                     + ([", ".join(row.roles)] if with_roles else []))
    return markdown_table(head, cells)
