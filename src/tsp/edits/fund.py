"""tsp fund: record a package's funding for a year, keeping the rest of the file as it was.

One entry of `funding:` holds one amount of money at one stage (proposed, committed, spent)
for one year. Recording an amount at a stage the package already has for that year replaces
that entry's amount (so running the command again records the figure, never a second sum);
`was` names the stage the money moves on from (proposed money now committed), whose entry
becomes this one. Otherwise the entry is added. The edit goes through the round-trip editor,
is checked against the whole register in memory and written atomically (tsp.edits.check).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from tsp.authorities import resolve
from tsp.edits.check import Edit, checked_edit, find_package
from tsp.edits.document import TopLevelEditor, plain_or_quoted, read_for_edit
from tsp.errors import UsageError
from tsp.kinds import RecordKind
from tsp.models import Funding, FundingStatus, Package
from tsp.models.funding import to_money
from tsp.plan import money
from tsp.queries import find_year
from tsp.register import Register


def parse_amount(typed: str) -> tuple[Decimal, Any]:
    """An amount typed at the command line ("5000", "£5,000", "12500.50"): its value, and
    its value as the file should hold it (whole pounds as a number, pence as quoted text,
    since YAML would read 12500.50 as 12500.5)."""
    try:
        value = to_money(typed)
    except ValueError as exc:
        raise UsageError(f"AMOUNT: {exc}") from None
    text = typed.strip().removeprefix("£").replace(",", "")
    if text.isdigit():
        return value, int(text)
    return value, DoubleQuotedScalarString(f"{value:f}")


def record_funding(register: Register, package_id: str, amount: str, year: str,
                   status: FundingStatus, *, was: FundingStatus | None = None,
                   paid_by: str | None = None, paid_to: str | None = None,
                   note: str | None = None) -> Edit:
    """Set (or add) the package's funding at `status` for `year`; see the module's doc."""
    package = find_package(register, package_id)
    year_id = find_year(register, year).id if year not in package.years else year
    if year_id not in package.years:
        raise UsageError(f"{package.id} runs in {package.span}, not {year_id}; funding is "
                         "for a year the package runs in.")
    value, written = parse_amount(amount)
    recipient = resolve(register.authorities, paid_to).id if paid_to else None
    stage = was or status
    matches = [i for i, f in enumerate(package.funding)
               if f.year == year_id and f.status is stage
               and (recipient is None or f.paid_to in (None, recipient))]
    if len(matches) > 1:
        raise UsageError(
            f"{package.id} has {len(matches)} {stage} entries for {year_id}; say which with "
            "--paid-to, or edit the file by hand.")
    if was is not None and not matches:
        raise UsageError(f"{package.id} has no {was} funding for {year_id} to move on; "
                         "leave out --was to add an entry.")
    path = register.path_of(RecordKind.PACKAGE, package.id)
    old_text, bom = read_for_edit(path)
    editor = TopLevelEditor(old_text, list(Package.model_fields))
    before = package.funding[matches[0]] if matches else None
    entry = CommentedMap([("year", year_id), ("amount", written), ("status", str(status))])
    for key, given, kept in (("paid_by", paid_by, before.paid_by if before else None),
                             ("paid_to", recipient, before.paid_to if before else None),
                             ("note", note, before.note if before else None)):
        text = " ".join(given.split()) if given else kept
        if text:
            entry[key] = plain_or_quoted(text) if key != "paid_to" else text
    shown = f"{year_id} {status} {money(value)}"
    if before is not None and before.model_dump(mode="json") == Funding.model_validate(
            dict(entry)).model_dump(mode="json"):
        new_text = old_text  # the same money, recorded again: nothing to change
        change = f"funding: {shown} is already recorded; nothing changed"
    elif before is None:
        new_text = editor.append("funding", entry)
        change = f"funding: + {shown}"
    else:
        items = list(editor.doc["funding"])
        items[matches[0]] = entry
        new_text = editor.set("funding", CommentedSeq(items))
        change = f"funding: {year_id} {before.status} {money(before.amount)} → {status} {money(value)}"
    return checked_edit(register, RecordKind.PACKAGE, package.id, path, new_text, (change,),
                        bom, old_text=old_text)
