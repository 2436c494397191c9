"""tsp la: one authority's profile, or every authority and how far it has engaged."""

# No `from __future__ import annotations`, for the reason given in cli/query.py: Typer reads
# every command's annotations on each run of any tsp command.

from enum import StrEnum
from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from tsp.authorities import resolve
from tsp.cli import completion
from tsp.cli.common import (AsOfOption, OutputOption, RepoOption, open_register, out, Part, print_block,
                             print_bullets, print_field)
from tsp.cli.reporters import AuthorityDetail, AuthorityListing, as_sheets, as_text, emit
from tsp.cli.common import authority_names
from tsp.cli.query import STACKED, WIDE_TABLE
from tsp.errors import UsageError
from tsp.queries import AuthorityProfile, authority_profile, reorganisation_status


class LaFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    XLSX = "xlsx"


def la(
    name: Annotated[str | None, typer.Argument(metavar="NAME", help="Name, alias, GSS code "
                    "or DfE number.", show_default=False,
                    autocompletion=completion.authorities)] = None,
    list_all: Annotated[bool, typer.Option("--list", help="List every authority and its "
                        "names.")] = False,
    output_format: Annotated[LaFormat, typer.Option("--format", "-f", help="text, json, or "
                             "(with --list) xlsx, an Excel workbook.")] = LaFormat.TEXT,
    as_of: AsOfOption = None,
    output: OutputOption = None,
    repo: RepoOption = None,
) -> None:
    """An authority's profile: codes, reorganisation, packages, SMEs lent, quotes.

    Examples:

        tsp la "Brighton and Hove"

        tsp la 825

        tsp la --list

        tsp la --list --format xlsx -o authorities.xlsx

        tsp la Reading --as-of 2026-03-31
    """
    if list_all and name is not None:
        raise UsageError(f"--list shows every authority; leave out '{name}', or leave out "
                         "--list to see that one authority's profile.")
    repository = open_register(repo, part=Part.SOUND, as_of=as_of)
    if list_all or name is None:
        authorities = sorted(repository.authorities.values(), key=lambda a: a.name)
        emit(AuthorityListing(repository, [authority_profile(repository, a)
                                           for a in authorities]), output_format, output)
        return
    if output_format is LaFormat.XLSX:
        raise UsageError("xlsx is for the table of every authority: tsp la --list --format "
                         "xlsx -o authorities.xlsx.")
    authority = resolve(repository.authorities, name)
    emit(AuthorityDetail(repository, authority_profile(repository, authority)), output_format,
         output)


@as_text.register
def _(result: AuthorityDetail) -> None:
    repository, profile, today = result.register, result.profile, result.today
    a = profile.authority
    out.print(f"[bold cyan]{escape(a.name)}[/]  [dim]({a.id})[/]")
    print_field("Type", str(a.type))
    print_field("ONS GSS code", a.gss_code)
    print_field("DfE LA number", a.dfe_la_code)
    print_field("Region", a.region)
    print_field("Also known as", ", ".join(a.aliases))
    print_field("Shared abbreviations", ", ".join(a.shared_abbreviations))
    print_field("Former codes", ", ".join(f"{c.gss_code} (ended {c.ended_on})" if c.ended_on
                                     else c.gss_code for c in a.former_codes))
    print_field("Reorganisation", reorganisation_status(a, today))
    print_field("Predecessors", authority_names(repository, a.predecessors))
    print_field("Succeeded by (registered)", ", ".join(s.name for s in profile.successors_of))
    for label, packages in (("Packages received", profile.packages_received),
                            ("Expressions of interest", profile.interests),
                            ("Partner on", profile.partnered),
                            ("Lent SMEs to", profile.smes_lent_to)):
        print_bullets(label, [f"{p.title} [{p.status}, {p.span}] ({p.id})" for p in packages])
    from tsp.measures.impact import for_authority, label_for

    print_bullets(label_for([a.name]), for_authority(repository, a.id))
    print_bullets("Lent subject matter experts in", [f"{y.label} ({y.id})"
                                                for y in profile.sme_lending_years])
    print_bullets("Quotes", [f"“{q.text}” ({y.label})" for y, q in profile.quotes])
    if not profile.engaged:
        out.print("[dim]No engagement recorded with this authority yet.[/]")
    print_field("Notes", a.notes)


@as_text.register
def _(result: AuthorityListing) -> None:
    profiles = result.profiles
    if out.width < STACKED:
        _stacked(profiles)
    else:
        out.print(_authority_table(profiles, out.width))
    waiting = [p.authority.name for p in profiles if not p.engaged]
    if waiting:
        out.print(f"Not yet engaged ({len(waiting)}): {escape(', '.join(waiting))}")


@as_sheets.register
def _(result: AuthorityListing) -> list[Any]:
    from tsp.xlsx import Column, Sheet

    columns = [Column("ID"), Column("Name"), Column("GSS code"), Column("DfE LA number"),
               Column("Type"), Column("Aliases"), Column("Packages received", "number"),
               Column("Partner on", "number"), Column("Lent SMEs in")]
    rows: list[list[str | int | None]] = []
    for profile in result.profiles:
        a = profile.authority
        rows.append([a.id, a.name, a.gss_code, a.dfe_la_code, str(a.type), ", ".join(a.aliases),
                     len(profile.packages_received), len(profile.packages_partnered),
                     ", ".join(y.id for y in profile.sme_lending_years)])
    return [Sheet("Authorities", columns, list(rows))]


def _stacked(profiles: list[AuthorityProfile]) -> None:
    """Every authority for a narrow terminal: one block each (see print_block)."""
    out.print(f"[bold]Authorities: {len(profiles)}[/]")
    for profile in profiles:
        a = profile.authority
        codes = " · ".join(c for c in (a.gss_code, a.dfe_la_code, str(a.type)) if c)
        lines = [codes] + ([f"Also: {', '.join(a.aliases)}"] if a.aliases else [])
        lines.append(", ".join(_engagement(profile)))
        print_block(a.name, a.id, lines)


def _engagement(profile: AuthorityProfile) -> list[str]:
    years = ", ".join(y.id for y in profile.sme_lending_years)
    return [f"{len(profile.packages_received)} received",
            f"{len(profile.packages_partnered)} partner",
            f"lent SMEs {years}" if years else "no SMEs lent"]


def _authority_table(profiles: list[AuthorityProfile], width: int) -> Table:
    title = f"Authorities: {len(profiles)}"
    if width >= WIDE_TABLE:
        table = Table(title=title, title_justify="left")
        # The id, the codes and the type are what people copy and type: never cut them short.
        for column in ("ID", "Name", "GSS", "DfE", "Type", "Aliases", "Received", "Partner",
                       "Lent SMEs"):
            table.add_column(column, no_wrap=column in ("ID", "GSS", "DfE", "Type"),
                             overflow="fold",
                             justify="right" if column in ("Received", "Partner") else "left")
        for profile in profiles:
            a = profile.authority
            table.add_row(*(escape(v) for v in (
                a.id, a.name, a.gss_code or "", a.dfe_la_code or "", str(a.type),
                ", ".join(a.aliases), str(len(profile.packages_received)),
                str(len(profile.packages_partnered)),
                ", ".join(y.id for y in profile.sme_lending_years) or "—")))
        return table
    # Narrow: the id and codes go under the name, as `tsp list` does with packages.
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                  show_lines=True, expand=True)
    table.add_column("Authority", ratio=2, overflow="fold")
    table.add_column("Aliases", ratio=1, overflow="fold")
    table.add_column("Engagement", no_wrap=True)
    for profile in profiles:
        a = profile.authority
        codes = " · ".join(c for c in (a.gss_code, a.dfe_la_code, str(a.type)) if c)
        table.add_row(f"{escape(a.name)}\n[cyan]{escape(a.id)}[/]\n[dim]{escape(codes)}[/]",
                      escape(", ".join(a.aliases)), escape("\n".join(_engagement(profile))))
    return table
