"""tsp log: a package's evidence log, listed or added to (an entry is checked before it is
written, and keeps the rest of the file as it was)."""

# No `from __future__ import annotations`, for the reason given in cli/edit.py.

from typing import Annotated, Any, Literal

import typer
from rich.markup import escape

from tsp.cli.common import RepoOption, authority_names, out
from tsp.cli.edit import DryRunOption, apply_edit, day_or_today, open_for_edit
from tsp.cli.reporters import Format, as_json, as_text, emit, format_option
from tsp.edits.check import Edit, find_package
from tsp.edits.log import EvidenceLog, add_evidence
from tsp.errors import UsageError
from tsp.vocabulary import parse_choice
from tsp.models import EvidenceKind
from tsp.register import Register


# What `tsp log` can write when it lists the log.
LogFormat = Literal[Format.TEXT, Format.JSON]


def log(
    package_id: Annotated[str, typer.Argument(metavar="ID", help="A package id.")],
    text: Annotated[str | None, typer.Argument(metavar="TEXT", help="What happened: the "
                    "output, outcome, feedback or milestone. Leave out to list the log.",
                    show_default=False)] = None,
    kind: Annotated[str | None, typer.Option(help="output, outcome, feedback or milestone.",
                    show_default=False)] = None,
    measure: Annotated[list[str] | None, typer.Option(metavar="ID", help="A success "
                       "measure of the package's year it is evidence for (tsp plan lists "
                       "them; the start of an id is enough). Repeat for several.",
                       show_default=False)] = None,
    on: Annotated[str | None, typer.Option(metavar="DATE", help="When, YYYY-MM-DD (default: "
                  "today).", show_default=False)] = None,
    la: Annotated[list[str] | None, typer.Option("--la", help="An authority it concerns. "
                  "Repeat for several.", show_default=False)] = None,
    source: Annotated[str | None, typer.Option(help="Where it comes from, e.g. 'Mentee "
                      "survey'.", show_default=False)] = None,
    publish: Annotated[bool, typer.Option("--publish", help="Feedback only: the person "
                       "agreed to its publication (needs --consent).")] = False,
    consent: Annotated[str | None, typer.Option(help="How publication was agreed.",
                       show_default=False)] = None,
    output_format: Annotated[LogFormat, format_option(LogFormat, "For listing the log.")
                             ] = Format.TEXT,
    dry_run: DryRunOption = False,
    repo: RepoOption = None,
) -> None:
    """Add a dated entry to a package's evidence log, or list the log.

    Feedback appears in reports only with --publish (and --consent saying how it was
    agreed); outputs, outcomes and milestones are facts and appear as they are. A package
    of a year whose plan has success measures takes --measure ID (tsp plan lists them).

    Examples:

        tsp log reading-annual-review-mapping "Process map shared with the partnership board" --kind output --on 2026-03-12

        tsp log reading-annual-review-mapping
    """
    if text is None:
        if kind or measure or la or source or publish or consent or dry_run:
            raise UsageError("give the entry's TEXT to add one; without it, tsp log lists "
                             "the package's log and takes only --format.")
        repository = open_for_edit(repo)
        emit(EvidenceLog(repository, find_package(repository, package_id)), output_format,
             offered=LogFormat)
        return
    if kind is None:
        raise UsageError("--kind is needed: output, outcome, feedback or milestone.")
    entry_kind, day = parse_choice(EvidenceKind, kind), day_or_today(on)

    def make(repository: Register) -> Edit:
        return add_evidence(repository, package_id, text, entry_kind, day,
                            measures=list(measure or []), authorities=list(la or []),
                            source=source, publish=publish, consent=consent)

    apply_edit(repo, make, dry_run)


@as_json.register(EvidenceLog)
def _(result: EvidenceLog) -> Any:
    return {"package": result.package.id,
            "evidence": [e.model_dump(mode="json", exclude_none=True) for e in result.entries]}


@as_text.register(EvidenceLog)
def _(result: EvidenceLog) -> None:
    package, entries = result.package, result.entries
    if not entries:
        out.print(f"{escape(package.id)} has no evidence logged yet.", soft_wrap=True)
        return
    out.print(f"[bold]{escape(package.title)}[/] [dim]({escape(package.id)})[/]: "
              f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}", soft_wrap=True)
    for e in entries:
        tags = [f"measure: {m}" for m in e.measures]
        tags += [f"about: {authority_names(result.register, [a])}" for a in e.authorities]
        if e.source:
            tags.append(f"source: {e.source}")
        if str(e.kind) == "feedback":
            tags.append(f"published ({e.consent})" if e.publish else "not for publication")
        out.print(f"  {e.on.isoformat()}  {str(e.kind):<9}  {escape(e.text)}", soft_wrap=True)
        for tag in tags:
            out.print(f"  {'':10}  {'':9}  [dim]{escape(tag)}[/]", soft_wrap=True)
