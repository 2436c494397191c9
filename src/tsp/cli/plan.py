"""tsp plan: a year's plan as a matrix of priorities, packages, evidence and funding."""

# No `from __future__ import annotations`: Typer reads the options' annotations on every run.

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from tsp.cli import reporters
from tsp.cli.common import AsOfOption, OutputOption, RepoOption, authority_names, open_register, out
from tsp.cli.reporters import (Format, as_json, as_markdown, as_sheets, as_table, as_text, emit,
                               format_option)
from tsp.models import ProgrammeYear
from tsp.plan import Plan, Totals, build_plan, money, totals
from tsp.queries import find_year
from tsp.register import Register
from tsp.xlsx import Column, Sheet


@dataclass(frozen=True)
class PlanResult:
    """`tsp plan`: one year's plan, with the register it was computed from."""

    register: Register
    plan: Plan


# What `tsp plan` can write.
PlanFormat = Literal[Format.TABLE, Format.JSON, Format.CSV, Format.MARKDOWN, Format.XLSX]


def default_year(register: Register) -> ProgrammeYear:
    """The latest year with a plan (priorities or success measures), else the latest year."""
    years = sorted(register.years.values(), key=lambda y: y.id)
    planned = [y for y in years if y.priorities or y.success_measures]
    return (planned or years)[-1]


def _names(register: Register, ids: Any) -> str:
    return authority_names(register, list(ids))


def _packages(register: Register, packages: Any) -> list[dict[str, Any]]:
    return [{"id": p.id, "title": p.title, "status": str(p.status), "years": p.years,
             "recipients": p.recipients} for p in packages]


def plan_dict(register: Register, plan: Plan) -> dict[str, Any]:
    year = plan.year.id
    return {
        "year": year,
        "label": plan.year.label,
        "packages": len(plan.support),
        "expressions_of_interest": len(plan.interests),
        "priorities": [
            {"id": r.id, "text": r.text, "group": r.group, "is_group": r.is_group,
             "packages": _packages(register, r.packages), "authorities": list(r.authorities),
             "funding": sum((totals(p, year) for p in r.packages), Totals()).as_dict()}
            for r in plan.priorities
        ],
        "priorities_without_packages": [r.id for r in plan.uncovered],
        "packages_without_priorities": [p.id for p in plan.untied],
        "success_measures": [
            {"id": m.id, "text": m.text, "packages": [p.id for p in m.packages],
             "counting_rules": list(m.counting_rules), "evidence": len(m.evidence),
             "latest": ({"package": m.latest[0].id, "on": m.latest[1].on.isoformat(),
                         "kind": str(m.latest[1].kind), "text": m.latest[1].text}
                        if m.latest else None)}
            for m in plan.measures
        ],
        "by_status": {str(s): n for s, n in plan.by_status},
        "funding": plan.funding.as_dict(),
        "funding_by_year": {y: t.as_dict() for y, t in plan.funding_by_year},
        "funding_by_authority": {a: t.as_dict() for a, t in plan.funding_by_authority},
        "paid_to_authorities": {a: t.as_dict() for a, t in plan.paid_to},
        "sme_lenders": [
            {"authority": s.authority, "packages": [p.id for p in s.packages],
             "people": s.people, "days": str(s.days) if s.days is not None else None}
            for s in plan.sme
        ],
    }


def _status_list(packages: Any) -> str:
    return ", ".join(f"{p.id} ({p.status})" for p in packages)


def _count(plan: Plan) -> str:
    """'3 packages', and the expressions of interest counted apart (tsp.counting)."""
    n, interests = len(plan.support), len(plan.interests)
    text = f"{n} package{'' if n == 1 else 's'}"
    if interests:
        text += f" and {interests} expression{'' if interests == 1 else 's'} of interest"
    return text


def _row_label(plan: Plan, index: int) -> str:
    row = plan.priorities[index]
    if row.is_group:
        number = sum(1 for r in plan.priorities[: index + 1] if r.is_group)
        return f"{number}. {row.text}"
    return f"  {row.text}"


PLAN_COLUMNS = ["section", "id", "text", "packages", "authorities", "proposed", "committed",
                "spent", "evidence", "latest"]


def plan_table(register: Register, plan: Plan) -> reporters.Table:
    rows: list[list[str]] = []
    for row in plan.priorities:
        t = sum((totals(p, plan.year.id) for p in row.packages), Totals())
        rows.append(["priority group" if row.is_group else "priority", row.id, row.text,
                     _status_list(row.packages), _names(register, row.authorities),
                     str(t.proposed), str(t.committed), str(t.spent), "", ""])
    for m in plan.measures:
        latest = f"{m.latest[1].on} {m.latest[0].id}: {m.latest[1].text}" if m.latest else ""
        rows.append(["success measure", m.id, m.text, ", ".join(p.id for p in m.packages),
                     "", "", "", "", str(len(m.evidence)), latest])
    for year_id, t in plan.funding_by_year:
        rows.append(["funding by year", year_id, "", "", "", str(t.proposed), str(t.committed),
                     str(t.spent), "", ""])
    for authority, t in plan.funding_by_authority:
        rows.append(["funding by authority", authority, _names(register, [authority]), "", "",
                     str(t.proposed), str(t.committed), str(t.spent), "", ""])
    return reporters.Table(PLAN_COLUMNS, rows)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _money_cells(t: Totals) -> list[str]:
    return [money(t.proposed), money(t.committed), money(t.spent), money(t.total)]


def _money_table(register: Register, head: str, rows: Any, named: bool) -> list[str]:
    lines = [f"| {head} | Proposed | Committed | Spent | Total |", "|---|---:|---:|---:|---:|"]
    return lines + [f"| {_md(_names(register, [k]) if named else k)} | "
                    + " | ".join(_money_cells(t)) + " |" for k, t in rows]


def plan_markdown(register: Register, plan: Plan) -> str:
    y = plan.year
    lines = [f"## The plan for {y.label} ({y.id}): {_count(plan)}", "",
             "### Priorities", ""]
    if plan.priorities:
        lines += [f"| Priority | Packages | Authorities | Funding in {y.id} |",
                  "|---|---|---|---:|"]
        for index, row in enumerate(plan.priorities):
            label = _row_label(plan, index)
            label = f"**{_md(label)}**" if row.is_group else f"— {_md(row.text)}"
            t = sum((totals(p, y.id) for p in row.packages), Totals())
            lines.append(f"| {label} | {_md(_status_list(row.packages)) or '—'} | "
                         f"{_md(_names(register, row.authorities)) or '—'} | "
                         f"{money(t.total) if t.total else '—'} |")
        lines += ["", "### Priorities with no package yet", ""]
        lines += [f"- {_md(r.text)} (`{r.id}`)" for r in plan.uncovered] or ["None."]
    else:
        lines.append(f"The register records no priorities for {y.id}.")
    lines += ["", "### Success measures", ""]
    if plan.measures:
        lines += ["| Success measure | Packages | Evidence | Latest entry |", "|---|---|---:|---|"]
        for m in plan.measures:
            latest = (f"{m.latest[1].on} ({m.latest[1].kind}, {m.latest[0].id}): "
                      f"{m.latest[1].text}" if m.latest else "—")
            rules = f" (counting rules: {'; '.join(m.counting_rules)})" if m.counting_rules else ""
            lines.append(f"| {_md(m.text + rules)} | "
                         f"{_md(', '.join(p.id for p in m.packages)) or '—'}"
                         f" | {len(m.evidence)} | {_md(latest)} |")
    else:
        lines.append(f"The register records no success measures for {y.id}.")
    lines += ["", "### Funding of these packages by year", ""]
    if any(t.total for _, t in plan.funding_by_year):
        lines += _money_table(register, "Year", plan.funding_by_year, False)
        lines += ["", f"### Funding in {y.id} by receiving authority", ""]
        lines += _money_table(register, "Authority", plan.funding_by_authority, True)
        lines += ["", "A package with several recipients counts in full for each of them."]
        if plan.paid_to:
            lines += ["", f"### Paid to authorities in {y.id} (funded capacity)", ""]
            lines += _money_table(register, "Authority", plan.paid_to, True)
    else:
        lines.append("The register records no funding for these packages.")
    lines += ["", "### Packages by status", ""]
    lines += [f"- {s}: {n}" for s, n in plan.by_status] or ["None."]
    return "\n".join(lines) + "\n"


def plan_tables(register: Register, plan: Plan) -> list[Table | str]:
    y = plan.year
    parts: list[Table | str] = [
        _priority_table(register, plan) if plan.priorities else
        f"[bold]The plan for {escape(y.label)} ({y.id}): {_count(plan)}[/]\n"
        f"The register records no priorities for {y.id}."]
    if plan.uncovered:
        parts.append("[bold]Priorities with no package yet[/]\n" + "\n".join(
            f"  - {escape(r.text)} [dim]({escape(r.id)})[/]" for r in plan.uncovered))
    parts.append(_measure_table(plan) if plan.measures else
                 f"The register records no success measures for {y.id}.")
    if not any(t.total for _, t in plan.funding_by_year):
        parts.append("The register records no funding for these packages.")
    parts += _funding_tables(register, plan)
    parts.append("[bold]Packages by status:[/] " + (", ".join(
        f"{s} {n}" for s, n in plan.by_status) or "none"))
    return parts


def _priority_table(register: Register, plan: Plan) -> Table:
    y = plan.year
    priorities = Table(title=f"The plan for {y.label} ({y.id}): {_count(plan)}",
                       title_justify="left", box=box.SIMPLE_HEAD, show_lines=True, expand=True)
    # The priority's words take the width the other columns do not need: a column with
    # nothing in it (no package yet) keeps to its heading, so at 80 columns the priorities
    # no longer wrap into a quarter of the screen beside empty columns.
    filled = any(row.packages for row in plan.priorities)
    priorities.add_column("Priority", ratio=3 if filled else 1, overflow="fold")
    priorities.add_column("Packages", ratio=3 if filled else None, overflow="fold")
    priorities.add_column("Authorities", ratio=2 if filled else None, min_width=11)
    priorities.add_column(f"Funding\n{y.id}", justify="right", no_wrap=True)
    for index, row in enumerate(plan.priorities):
        t = sum((totals(p, y.id) for p in row.packages), Totals())
        label = escape(_row_label(plan, index))
        priorities.add_row(f"[bold]{label}[/]" if row.is_group else label,
                           escape("\n".join(f"{p.id} ({p.status})" for p in row.packages))
                           or "—",
                           escape(_names(register, row.authorities)) or "—",
                           money(t.total) if t.total else "—")
    return priorities


def _measure_table(plan: Plan) -> Table:
    measures = Table(title="Success measures", title_justify="left", box=box.SIMPLE_HEAD,
                     show_lines=True, expand=True)
    measures.add_column("Success measure", ratio=3, overflow="fold")
    measures.add_column("Evidence", justify="right", no_wrap=True)
    measures.add_column("Latest entry", ratio=3, overflow="fold")
    for m in plan.measures:
        latest = (f"{m.latest[1].on} {m.latest[1].kind} ({m.latest[0].id}): {m.latest[1].text}"
                  if m.latest else "—")
        rules = (f"\nCounting rules: {'; '.join(m.counting_rules)}" if m.counting_rules
                 else "")
        measures.add_row(escape(m.text + rules), str(len(m.evidence)), escape(latest))
    return measures


def _funding_tables(register: Register, plan: Plan) -> list[Table | str]:
    """The money tables that have any money in them: by year, by receiving authority, and
    paid to authorities."""
    y = plan.year
    sections: list[tuple[str, tuple[tuple[str, Totals], ...], bool]] = [
        ("Funding of these packages by year", plan.funding_by_year, False),
        (f"Funding in {y.id} by receiving authority (a joint package counts for each)",
         plan.funding_by_authority, True),
        (f"Paid to authorities in {y.id} (funded capacity)", plan.paid_to, True),
    ]
    tables: list[Table | str] = []
    for title, rows, named in sections:
        if not any(t.total for _, t in rows):
            continue
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("")
        for column in ("Proposed", "Committed", "Spent", "Total"):
            table.add_column(column, justify="right")
        for key, t in rows:
            table.add_row(escape(_names(register, [key]) if named else key), *_money_cells(t))
        tables.append(table)
    return tables


@as_json.register
def _(result: PlanResult) -> Any:
    return plan_dict(result.register, result.plan)


@as_table.register
def _(result: PlanResult) -> reporters.Table:
    return plan_table(result.register, result.plan)


@as_sheets.register
def _(result: PlanResult) -> list[Sheet]:
    """The plan's table as a sheet, money as numbers (a spreadsheet sums them)."""
    money_columns = {"proposed", "committed", "spent"}
    table = plan_table(result.register, result.plan)
    columns = [Column(c, "number" if c in money_columns or c == "evidence" else "text")
               for c in table.columns]

    def cell(column: str, value: str) -> str | int | float | None:
        if column in money_columns | {"evidence"} and value:
            amount = Decimal(value)
            return int(amount) if amount == amount.to_integral_value() else float(amount)
        return value

    rows = [[cell(c, v) for c, v in zip(table.columns, row)] for row in table.rows]
    return [Sheet(f"Plan {result.plan.year.id}", columns, list(rows))]


@as_markdown.register
def _(result: PlanResult) -> str:
    return plan_markdown(result.register, result.plan)


@as_text.register
def _(result: PlanResult) -> None:
    for part in plan_tables(result.register, result.plan):
        out.print(part, soft_wrap=isinstance(part, str))
        out.print()


def plan(
    year: Annotated[str | None, typer.Argument(metavar="[YEAR]", help="Programme year: "
                    "2026-27, 'Year 2' or 2 (default: the latest year with a plan).",
                    show_default=False)] = None,
    output_format: Annotated[PlanFormat, format_option(PlanFormat)] = Format.TABLE,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    repo: RepoOption = None,
) -> None:
    """Show a year's plan: each priority with its packages, authorities and funding; the
    priorities no package serves yet; each success measure with its evidence; funding by
    year and by authority.

    Examples:

        tsp plan

        tsp plan 2026-27 --format markdown > plan.md

        tsp plan "Year 2" --format csv > plan.csv

        tsp plan 2026-27 -o plan.xlsx

        tsp plan 2026-27 --as-of 2026-06-30
    """
    register = open_register(repo, as_of=as_of)
    chosen = find_year(register, year) if year else default_year(register)
    emit(PlanResult(register, build_plan(register, chosen)), output_format, output,
         offered=PlanFormat)
