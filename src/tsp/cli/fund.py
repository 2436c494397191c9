"""tsp fund: record a package's funding for a year (tsp.edits.fund)."""

# No `from __future__ import annotations`: Typer reads the options' annotations on every run.

from typing import Annotated

import typer

from tsp.cli import completion
from tsp.cli.common import RepoOption
from tsp.cli.edit import DryRunOption, apply_edit
from tsp.edits.check import Edit, find_package
from tsp.edits.fund import record_funding
from tsp.errors import UsageError
from tsp.vocabulary import parse_choice
from tsp.models import FundingStatus
from tsp.register import Register


def fund(
    package_id: Annotated[str, typer.Argument(metavar="ID", help="A package id.",
                          autocompletion=completion.package_ids)],
    amount: Annotated[str, typer.Argument(metavar="AMOUNT", help="Pounds: 5000, 12500.50 "
                      "or £5,000.", show_default=False)],
    status: Annotated[str, typer.Option(metavar="STATUS", help="proposed, committed or "
                      "spent.", show_default=False)],
    year: Annotated[str | None, typer.Option(metavar="YEAR", help="The programme year the "
                    "money is for: 2026-27, 'Year 2' or 2 (needed when the package runs in "
                    "several years).", show_default=False)] = None,
    was: Annotated[str | None, typer.Option(metavar="STATUS", help="The stage the money "
                   "moves on from: its entry for the year becomes this one (e.g. --status "
                   "committed --was proposed).", show_default=False)] = None,
    paid_by: Annotated[str | None, typer.Option(help="Who pays, e.g. the programme or the host authority.",
                       show_default=False)] = None,
    paid_to: Annotated[str | None, typer.Option(metavar="AUTHORITY", help="For funded "
                       "capacity: the authority that receives the money.",
                       show_default=False, autocompletion=completion.authorities)] = None,
    note: Annotated[str | None, typer.Option(help="Anything worth keeping about it.",
                    show_default=False)] = None,
    dry_run: DryRunOption = False,
    repo: RepoOption = None,
) -> None:
    """Record a package's funding for a year: the amount at its stage (proposed, committed
    or spent).

    An amount at a stage the package already has for that year replaces that entry's
    amount, so running it again never counts the money twice; --was moves money on from
    one stage to the next. Comments and the rest of the file stay as they were.

    Examples:

        tsp fund reading-annual-review-mapping 5000 --year 2025-26 --status committed

        tsp fund reading-annual-review-mapping 5000 --year 2025-26 --status spent --was committed
    """
    stage = parse_choice(FundingStatus, status)
    before = parse_choice(FundingStatus, was) if was else None

    def make(repository: Register) -> Edit:
        chosen = year
        if chosen is None:
            package = find_package(repository, package_id)
            if len(package.years) > 1:
                raise UsageError(f"{package.id} runs in {package.span}: say which year with "
                                 "--year.")
            chosen = package.year
        return record_funding(repository, package_id, amount, chosen, stage, was=before,
                              paid_by=paid_by, paid_to=paid_to, note=note)

    apply_edit(repo, make, dry_run)

