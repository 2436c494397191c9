"""tsp show: one package in full (or one counting rule of the SEND data challenge)."""

import json
import sys
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import typer
from rich.markup import escape

from tsp.cli import completion
from tsp.cli.common import (AsOfOption, RepoOption, authority_names, open_register, out, Part,
                            print_bullets, print_field)
from tsp.cli.query import areas, package_json
from tsp.cli.reporters import Format, as_json, as_markdown, as_text, emit, format_option
from tsp.kinds import RecordKind
from tsp.measures.compare import latest_period
from tsp.measures.impact import label_for, package_figures, summary_lines
from tsp.measures.words import definition, source_line, status_line
from tsp.models import Package
from tsp.plaintext import plain
from tsp.plan import money
from tsp.queries import find_package
from tsp.register import Register
from tsp.escape import escape_text


@dataclass(eq=False, repr=False)
class PackageDetail:
    """`tsp show`: one package in full."""

    register: Register
    package: Package


# What `tsp show` can write (a measure's counting rule: text or JSON).
ShowFormat = Literal[Format.TEXT, Format.JSON, Format.MARKDOWN]


@as_json.register
def _(result: PackageDetail) -> Any:
    return package_json(result.package)


def show(
    package_id: Annotated[str, typer.Argument(metavar="ID", help="A package id (or a "
                          "measure's).",
                          autocompletion=completion.package_ids)],
    output_format: Annotated[ShowFormat, format_option(ShowFormat)] = Format.TEXT,
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
        show_measure(repository, package_id, output_format)
        return
    emit(PackageDetail(repository, find_package(repository, package_id)), output_format,
         offered=ShowFormat)


def _profile(repository: Register, p: Package) -> list[tuple[str, str | list[str] | None]]:
    """The package's fields as a person reads them, in the order a profile shows them."""
    return [
        ("Years" if len(p.years) > 1 else "Year", ", ".join(
            f"{y} ({repository.years[y].label})" if y in repository.years else y
            for y in p.years)),
        ("Status", str(p.status)),
        ("Area", areas(p)),
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
    names = [authority_names(register, [a]) for a in p.recipients]
    return [(label_for(names), summary_lines(package_figures(register, p)))]


def show_measure(repository: Register, measure_id: str, output_format: str) -> None:
    """`tsp show ID` of a measure: the counting rule in full, its definition in plain words
    and its figures' latest period."""
    m = repository.measures[measure_id]
    table = repository.figures.get(m.id)
    if output_format == Format.JSON:
        data = m.model_dump(mode="json", exclude_none=True)
        data["figures"] = len(table.rows) if table else 0
        data["latest_period"] = latest_period(repository, m.id)
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    out.print(f"[bold cyan]{escape(m.title)}[/]  [dim]({m.id})[/]")
    print_field("Status", status_line(m))
    print_field("Definition", " ".join(definition(m)))
    print_field("Source", source_line(m) + (f" {m.source.url}" if m.source.url else ""))
    print_field("Small numbers", m.disclosure.text)
    print_field("Figures", f"{len(table.rows)}, latest {latest_period(repository, m.id)}"
                if table and table.rows else "none yet")
    print_bullets("History", [f"{c.on}: version {c.version}, {c.status}"
                              + (f" — {c.note}" if c.note else "") for c in m.history])
    print_bullets("Serves", [f"{s.year}: {s.priority}" for s in m.serves])
    print_bullets("Related packages", [f"{r}: {repository.packages[r].title}"
                                       for r in m.related if r in repository.packages])
    print_bullets("Series breaks", m.series_breaks)
    print_field("Notes", m.notes)
    out.print(f"[dim]{repository.path_of(RecordKind.MEASURE, m.id).relative_to(repository.root)}"
              "[/]")
