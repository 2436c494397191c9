"""tsp list, tsp show: questions about the register's packages."""

# No `from __future__ import annotations`: Typer sets up every command's options on each run of
# any tsp command, and reading annotations as objects costs less than evaluating strings
# (about 1.8 ms of every run for cli/query.py and cli/validate.py together).

from enum import StrEnum
from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from tsp.authorities import resolve
from tsp.cli.common import RepoOption, err, open_repo, out, print_bullets, print_field
from tsp.cli.reporters import PackageDetail, PackageListing, as_text, emit
from tsp.cli.reporters import areas as _areas
from tsp.cli.reporters import names as authority_names
from tsp.errors import UsageError
from tsp.models import Area, Authority, Kind, Role, Status
from tsp.queries import (
    PackageFilter,
    PackageRow,
    filter_packages,
    find_package,
    find_year,
    unknown_values,
)
from tsp.kinds import RecordKind
from tsp.register import Register as Repository


def _year_id(register: Repository, text: str) -> str:
    """A recorded year, or a later one that a package spanning several years runs in."""
    from tsp.errors import NotFound

    try:
        return find_year(register, text).id
    except NotFound:
        if any(text.strip() in p.years for p in register.packages.values()):
            return text.strip()
        raise


def plan_filter(register: Repository, typed: list[str], what: str,
                years: tuple[str, ...]) -> frozenset[str]:
    """Plan ids for a filter; a priority group brings its items."""
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


class ShowFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


# Below this many columns the table turns narrow: the id, the year and the area move into the
# package's cell, under its title, and a column that would repeat the same thing is dropped. A
# separate id column (up to ~45 characters) would otherwise leave the title a few letters wide.
WIDE_TABLE = 120


@as_text.register
def _(result: PackageListing) -> None:
    if result.rows:
        out.print(_table(result.register, result.rows, result.authority, out.size.width))


def _table(repo: Repository, rows: list[PackageRow], authority: Authority | None,
           width: int) -> Table:
    years = {row.package.span for row in rows}
    one_year = len(years) == 1
    who = f" with {authority.name}" if authority else ""
    if width >= WIDE_TABLE:
        table = Table(title=f"Packages{who}: {len(rows)}", title_justify="left",
                      box=box.HEAVY_HEAD)
        table.add_column("ID", style="cyan", no_wrap=True)
        table.add_column("Title")
        if authority is not None:
            table.add_column("Role")
        for name in ("Recipients", "Year", "Status", "Area"):
            table.add_column(name, no_wrap=name in ("Year", "Status"))
        for row in rows:
            p = row.package
            cells = [p.id, p.title] + ([", ".join(row.roles)] if authority else [])
            cells += [authority_names(repo, p.recipients), p.span, str(p.status), _areas(p)]
            table.add_row(*(escape(c) for c in cells))
        return table
    # With --la, recipients say nothing new when the authority is the only recipient of each.
    show_recipients = authority is None or any(
        row.package.recipients != [authority.id] for row in rows)
    when = f" in {next(iter(years))}" if one_year else ""
    table = Table(title=f"Packages{who}{when}: {len(rows)}", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False, show_lines=True, expand=True)
    table.add_column("Package", ratio=1, overflow="fold")
    if authority is not None:
        table.add_column("Role", width=max(len(", ".join(r.roles)) for r in rows) if max(
            len(r.roles) for r in rows) == 1 else 10)
    if show_recipients:
        table.add_column("Recipients", width=max(len("Recipients"), min(16, max(
            len(authority_names(repo, r.package.recipients)) for r in rows))))
    table.add_column("Status", no_wrap=True,
                     width=max(len("Status"), *(len(r.package.status) for r in rows)))
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
    la: Annotated[str | None, typer.Option("--la", help="An authority: name, alias, GSS code "
                  "or DfE number. Shows packages it receives, partners on or lent SMEs to.",
                  show_default=False)] = None,
    year: Annotated[list[str] | None, typer.Option(help="Programme year: 2025-26, 'Year 1' "
                    "or 1. Repeat for several.", show_default=False)] = None,
    status: Annotated[list[Status] | None, typer.Option(help="Lifecycle status. Repeat for "
                      "several.", show_default=False)] = None,
    area: Annotated[list[Area] | None, typer.Option(help="send or childrens-social-care.",
                    show_default=False)] = None,
    theme: Annotated[list[str] | None, typer.Option(help="A theme, e.g. annual-reviews.",
                     show_default=False)] = None,
    kind: Annotated[list[Kind] | None, typer.Option(help="Kind of support.",
                    show_default=False)] = None,
    role: Annotated[list[Role] | None, typer.Option(help="With --la: only these roles.",
                    show_default=False)] = None,
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
                             help="table, json, csv (opens in Excel) or markdown.")]
    = ListFormat.TABLE,
    repo: RepoOption = None,
) -> None:
    """List packages, filtered.

    Examples:

        tsp list --la Reading

        tsp list --la bucks --format json

        tsp list --status delivered --area send --format csv > send.csv

        tsp list --year 2026-27 --priority strengthening-assurance --unfunded
    """
    if role and not la:
        raise UsageError("--role needs --la: it says which of the authority's roles to list "
                         "(e.g. tsp list --la Kent --role partner).")
    # With --la only that authority's packages need loading (which keeps a national register
    # quick); every filter below is about the packages that name it.
    repository = open_repo(repo, la=la)
    authority = resolve(repository.authorities, la) if la is not None else None
    years = tuple(_year_id(repository, y) for y in year or [])
    criteria = PackageFilter(
        authority=authority.id if authority else None,
        years=years,
        priorities=plan_filter(repository, priority or [], "priority", years),
        measures=plan_filter(repository, measure or [], "success measure", years),
        funded=funded,
        statuses=tuple(status or ()),
        areas=tuple(area or ()),
        themes=tuple(theme or ()),
        kinds=tuple(kind or ()),
        roles=tuple(role or ()),
    )
    rows = filter_packages(repository, criteria)
    emit(PackageListing(repository, rows, authority), output_format)
    if not rows:
        who = f" with {authority.name}" if authority else ""
        err.print(f"No packages{who} match these filters.", soft_wrap=True)
        if theme and la is not None:
            repository = open_repo(repo)  # hints are about every package's themes
        for hint in unknown_values(repository, themes=tuple(theme or ())):
            err.print(escape(hint), soft_wrap=True)


def show(
    package_id: Annotated[str, typer.Argument(metavar="ID", help="A package id.")],
    output_format: Annotated[ShowFormat, typer.Option("--format", "-f",
                             help="text or json.")] = ShowFormat.TEXT,
    repo: RepoOption = None,
) -> None:
    """Show one package in full.

    Example:

        tsp show reading-annual-review-mapping
    """
    repository = open_repo(repo)
    emit(PackageDetail(repository, find_package(repository, package_id)), output_format)


@as_text.register
def _(result: PackageDetail) -> None:
    repository, p = result.register, result.package
    out.print(f"[bold cyan]{escape(p.title)}[/]  [dim]({p.id})[/]")
    print_field("Years" if len(p.years) > 1 else "Year", ", ".join(
        f"{y} ({repository.years[y].label})" if y in repository.years else y for y in p.years))
    print_field("Status", str(p.status))
    print_field("Area", _areas(p))
    print_field("Recipients", authority_names(repository, p.recipients))
    print_field("Partners", authority_names(repository, p.partners))
    print_field("SMEs lent by", authority_names(repository, p.sme_lenders))
    print_field("Kinds of support", ", ".join(p.kinds))
    print_field("Themes", ", ".join(p.themes))
    print_field("Starts", p.starts)
    print_field("Ends", p.ends)
    print_field("Summary", p.summary)
    print_bullets("Delivered by", p.delivered_by)
    print_bullets("Outputs", p.outputs)
    print_bullets("Outcomes", p.outcomes)
    print_bullets("Status history", [f"{c.on}: {c.status}" + (f" — {c.note}" if c.note else "")
                                for c in p.status_history])
    print_bullets("Related", [f"{r}: {repository.packages[r].title}" for r in p.related])
    _print_plan(repository, p)
    print_field("Source", p.source)
    print_field("Notes", p.notes)
    out.print(f"[dim]{repository.path_of(RecordKind.PACKAGE, p.id).relative_to(repository.root)}[/]")


def _print_plan(register: Repository, p: Any) -> None:
    """What `tsp show` says of the plan: priorities, measures, funding, SMEs, evidence."""
    from tsp.plan import money

    plan_text: dict[str, str] = {}
    for year_id in p.years:
        if year_id in register.years:
            plan_text.update(register.years[year_id].priority_ids())
            plan_text.update(register.years[year_id].measure_ids())
    print_bullets("Priorities", [f"{plan_text.get(i, i)} ({i})" for i in p.priorities])
    print_bullets("Success measures", [f"{plan_text.get(i, i)} ({i})"
                                       for i in p.success_measures])
    print_bullets("Funding", [
        f"{f.year}: {money(f.amount)} {f.status}"
        + (f", paid by {f.paid_by}" if f.paid_by else "")
        + (f", to {authority_names(register, [f.paid_to])}" if f.paid_to else "")
        + (f" — {f.note}" if f.note else "") for f in p.funding])
    print_bullets("SME contributions", [
        authority_names(register, [c.authority])
        + "".join(f", {n} {w}" for n, w in ((c.people, "people"), (c.days, "days"))
                  if n is not None) for c in p.sme_contributions])
    if p.evidence:
        print_field("Evidence", f"{len(p.evidence)} entr{'y' if len(p.evidence) == 1 else 'ies'}"
                    f", latest {max(e.on for e in p.evidence)} (tsp log {p.id})")
