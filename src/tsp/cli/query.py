"""tsp list, tsp show: questions about the register's packages."""

# No `from __future__ import annotations`: Typer sets up every command's options on each run of
# any tsp command, and reading annotations as objects costs less than evaluating strings
# (about 1.8 ms of every run for cli/query.py and cli/validate.py together).

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from tsp.authorities import resolve
from tsp.cli import completion
from tsp.cli.common import (AsOfOption, OutputOption, RepoOption, err, open_register, out, Part, print_block,
                             print_bullets, print_field)
from tsp.cli.reporters import PackageDetail, PackageListing, as_markdown, as_sheets, as_text, emit
from tsp.cli.reporters import areas as _areas
from tsp.cli.common import authority_names
from tsp.errors import UsageError
from tsp.models import AREA_LABELS, Area, Authority, Kind, Package, Role, Status
from tsp.queries import (
    PackageFilter,
    PackageRow,
    filter_packages,
    find_package,
    find_year,
    unknown_values,
)
from tsp.kinds import RecordKind
from tsp.register import Register
from tsp.plaintext import plain
from tsp.escape import escape_text
from tsp.vocabulary import parse_choices
from tsp.dates import parse_date


def _year_id(register: Register, text: str) -> str:
    """A recorded year, or a later one that a package spanning several years runs in."""
    from tsp.errors import NotFound

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
        return frozenset()  # no filter: and no need to import the plan's code
    from tsp.plan import resolve_plan_id

    ids: set[str] = set()
    for text in typed:
        plan_id = resolve_plan_id(register, text, what, years)
        ids.add(plan_id)
        for year in register.years.values():
            group = next((g for g in year.priorities if g.id == plan_id), None)
            if group is not None:
                ids.update(i.id for i in group.items)
    return frozenset(ids)


class ListFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    XLSX = "xlsx"


class ShowFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


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
        facts = [str(p.status), p.year] + ([_areas(p)] if p.areas else [])
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
def _(result: PackageListing) -> list[Any]:
    from tsp import further_sheets, tracker
    from tsp.xlsx import Sheet

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
        cells += [authority_names(repo, p.recipients), p.span, str(p.status), _areas(p)]
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
        details = " · ".join(([] if one_year else [p.span]) + ([_areas(p)] if p.areas else []))
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
    output_format: Annotated[ListFormat, typer.Option("--format", "-f",
                             help="table, json, csv, markdown or xlsx (an Excel workbook; "
                             "give -o FILE.xlsx).")]
    = ListFormat.TABLE,
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
    emit(PackageListing(repository, rows, authority), output_format, output, raw=raw)
    if not rows:
        who = f" with {authority.name}" if authority else ""
        err.print(f"No packages{who} match these filters.", soft_wrap=True)
        if theme and la is not None:
            repository = open_register(repo, part=Part.SOUND, as_of=as_of)  # hints are about every package's themes
        for hint in unknown_values(repository, themes=tuple(theme or ())):
            err.print(escape(hint), soft_wrap=True)


def show(
    package_id: Annotated[str, typer.Argument(metavar="ID", help="A package id (or a "
                          "measure's).",
                          autocompletion=completion.package_ids)],
    output_format: Annotated[ShowFormat, typer.Option("--format", "-f",
                             help="text, json or markdown.")] = ShowFormat.TEXT,
    as_of: AsOfOption = None,
    repo: RepoOption = None,
) -> None:
    """Show one package (or one counting rule of the SEND data challenge) in full.

    Examples:

        tsp show reading-annual-review-mapping

        tsp show reading-annual-review-mapping --format markdown

        tsp show reading-annual-review-mapping --as-of 2026-03-31
    """
    repository = open_register(repo, part=Part.SOUND, as_of=as_of)
    if package_id not in repository.packages and package_id in repository.measures:
        from tsp.cli.measures import show_measure

        show_measure(repository, package_id, str(output_format))
        return
    emit(PackageDetail(repository, find_package(repository, package_id)), output_format)


def _status_on(rows: list[PackageRow], statuses: tuple[Status, ...], day: dt.date
               ) -> list[PackageRow]:
    """The rows whose package had one of `statuses` on `day` by its own dated changes; how
    many could not be placed is said on stderr."""
    from tsp.history import day_text, status_on

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


def _profile(repository: Register, p: Package) -> list[tuple[str, str | list[str] | None]]:
    """The package's fields as a person reads them, in the order a profile shows them."""
    return [
        ("Years" if len(p.years) > 1 else "Year", ", ".join(
            f"{y} ({repository.years[y].label})" if y in repository.years else y
            for y in p.years)),
        ("Status", str(p.status)),
        ("Area", _areas(p)),
        ("Recipients", authority_names(repository, p.recipients)),
        ("Partners", authority_names(repository, p.partners)),
        ("SMEs lent by", authority_names(repository, p.sme_lenders)),
        ("Kinds of support", ", ".join(p.kinds)),
        ("Themes", ", ".join(p.themes)),
        ("Starts", p.starts),
        ("Ends", p.ends),
        ("Summary", p.summary),
        ("Delivered by", list(p.delivered_by)),
        ("Outputs", list(p.outputs)),
        ("Outcomes", list(p.outcomes)),
        ("Status history", [f"{c.on}: {c.status}" + (f" — {c.note}" if c.note else "")
                            for c in p.status_history]),
        ("Related", [f"{r}: {repository.packages[r].title}" if r in repository.packages else r
                     for r in p.related]),
        *_plan_profile(repository, p),
        ("Source", p.source),
        ("Notes", p.notes),
    ]


@as_text.register
def _(result: PackageDetail) -> None:
    repository, p = result.register, result.package
    out.print(f"[bold cyan]{escape(plain(p.title))}[/]  [dim]({p.id})[/]")
    for label, value in _profile(repository, p):
        if isinstance(value, list):
            print_bullets(label, value)
        else:
            print_field(label, value)
    out.print(f"[dim]{repository.path_of(RecordKind.PACKAGE, p.id).relative_to(repository.root)}[/]")


@as_markdown.register
def _(result: PackageDetail) -> str:
    # A summary may bold a name (emphasis stays), but no value can open a heading, a block
    # of HTML, a link, an image or an @mention where the Markdown is pasted.
    p = result.package
    lines = [f"## {escape_text(p.title, emphasis=False)}", "", f"`{p.id}`", ""]
    for label, value in _profile(result.register, p):
        if isinstance(value, list) and value:
            lines += [f"**{label}:**", ""] + [f"- {escape_text(item)}" for item in value] + [""]
        elif value and not isinstance(value, list):
            lines += [f"**{label}:** {escape_text(value)}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _plan_profile(register: Register, p: Package) -> list[tuple[str, str | list[str] | None]]:
    """What `tsp show` says of the plan: priorities, measures, funding, SMEs, evidence."""
    from tsp.plan import money

    plan_text: dict[str, str] = {}
    for year_id in p.years:
        if year_id in register.years:
            plan_text.update(register.years[year_id].priority_ids())
            plan_text.update(register.years[year_id].measure_ids())
    evidence = (f"{len(p.evidence)} entr{'y' if len(p.evidence) == 1 else 'ies'}, latest "
                f"{max(e.on for e in p.evidence)} (tsp log {p.id})") if p.evidence else None
    return [
        ("Priorities", [f"{plan_text.get(i, i)} ({i})" for i in p.priorities]),
        ("Success measures", [f"{plan_text.get(i, i)} ({i})" for i in p.success_measures]),
        ("Funding", [
            f"{f.year}: {money(f.amount)} {f.status}"
            + (f", paid by {f.paid_by}" if f.paid_by else "")
            + (f", to {authority_names(register, [f.paid_to])}" if f.paid_to else "")
            + (f" — {f.note}" if f.note else "") for f in p.funding]),
        ("SME contributions", [
            authority_names(register, [c.authority])
            + "".join(f", {n} {w}" for n, w in ((c.people, "people"), (c.days, "days"))
                      if n is not None) for c in p.sme_contributions]),
        ("Evidence", evidence),
        *_figures_since(register, p),
    ]


def _figures_since(register: Register, p: Package) -> list[tuple[str, list[str]]]:
    """The rules the package names, with its recipients' figures since the baseline."""
    if not p.measures:
        return []
    from tsp.measures.impact import label_for, package_figures, summary_lines

    names = [authority_names(register, [a]) for a in p.recipients]
    return [(label_for(names), summary_lines(package_figures(register, p)))]
