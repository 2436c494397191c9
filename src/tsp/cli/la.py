"""tsp la: one authority's profile, or every authority and how far it has engaged."""

# No `from __future__ import annotations`, for the reason given in cli/query.py: Typer reads
# every command's annotations on each run of any tsp command.

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from tsp.authorities import resolve
from tsp.cli import completion
from tsp.cli.common import (AsOfOption, OutputOption, RepoOption, open_register, out, Part, print_block,
                             print_bullets, print_field)
from tsp.cli.common import authority_names
from tsp.cli.query import STACKED, WIDE_TABLE
from tsp.cli.reporters import Format, as_json, as_sheets, as_text, emit, format_option
from tsp.errors import UsageError
from tsp.measures.impact import for_authority, label_for
from tsp.queries import AuthorityProfile, authority_profile, reorganisation_status
from tsp.register import Register
from tsp.xlsx import Column, Sheet


@dataclass(eq=False, repr=False)
class AuthorityDetail:
    """`tsp la NAME`: one authority's profile."""

    register: Register
    profile: AuthorityProfile
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(eq=False, repr=False)
class AuthorityListing:
    """`tsp la --list`: every authority's profile, by name."""

    register: Register
    profiles: list[AuthorityProfile]
    today: dt.date = field(default_factory=dt.date.today)


# What `tsp la` can write (xlsx: the table of every authority, with --list).
LaFormat = Literal[Format.TEXT, Format.JSON, Format.XLSX]


def la(
    name: Annotated[str | None, typer.Argument(metavar="NAME", help="Name, alias, GSS code "
                    "or DfE number.", show_default=False,
                    autocompletion=completion.authorities)] = None,
    list_all: Annotated[bool, typer.Option("--list", help="List every authority and its "
                        "names.")] = False,
    output_format: Annotated[LaFormat, format_option(LaFormat, "xlsx is for --list.")
                             ] = Format.TEXT,
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
                                           for a in authorities]), output_format, output,
             offered=LaFormat)
        return
    if output_format is Format.XLSX:
        raise UsageError("xlsx is for the table of every authority: tsp la --list --format "
                         "xlsx -o authorities.xlsx.")
    authority = resolve(repository.authorities, name)
    emit(AuthorityDetail(repository, authority_profile(repository, authority)), output_format,
         output, offered=LaFormat)


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
def _(result: AuthorityListing) -> list[Sheet]:
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


# --- JSON: one shape for an authority, alone or in the list ---------------------------------


def authority_json(profile: AuthorityProfile, today: dt.date) -> dict[str, Any]:
    """An authority as JSON: its fields, then what the register says about it."""
    authority = profile.authority
    data: dict[str, Any] = authority.model_dump(mode="json", exclude_none=True)
    data["reorganisation_status"] = reorganisation_status(authority, today)
    data["received"] = [p.id for p in profile.packages_received]
    data["expressions_of_interest"] = [p.id for p in profile.interests]
    data["partnered"] = [p.id for p in profile.partnered]
    data["smes_lent_to"] = [p.id for p in profile.smes_lent_to]
    data["sme_lending_years"] = [y.id for y in profile.sme_lending_years]
    data["quotes"] = [{"year": y.id, "id": q.id, "text": q.text} for y, q in profile.quotes]
    return data


@as_json.register
def _(result: AuthorityDetail) -> Any:
    return authority_json(result.profile, result.today)


@as_json.register
def _(result: AuthorityListing) -> Any:
    return [authority_json(p, result.today) for p in result.profiles]
