"""tsp new package, tsp new authority, tsp new measure: a new record, asked for field by field
or from flags (a package also from a submitted issue form)."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from tsp import schema as schemas
from tsp.cli import completion, helptext
from tsp.cli.common import Part, RepoOption, err, open_register, out
from tsp.cli.reporters import as_text, emit
from tsp.edits import new as scaffold
from tsp.edits.atomic import write_atomic
from tsp.edits.new import Draft, next_steps
from tsp.edits.questions import Answers, Question, authority_questions, package_questions
from tsp.edits.questions import missing as still_missing
from tsp.errors import TspError, UsageError
from tsp.kinds import RecordKind
from tsp.edits.new_measure import write_new_measure
from tsp.proposal import ProposalProblems, answers_from_form, read_proposal
from tsp.load import find_root
from tsp.register import Register
from tsp.escape import escape_text


@dataclass(eq=False, repr=False)
class NewRecord:
    """`tsp new`: the file written, and what to do next."""

    root: Path
    draft: Draft
    schemas_updated: tuple[str, ...] = ()  # a new authority's id is added to the schemas
    branch: str | None = None  # the branch checked out, if any: next steps start none

    @property
    def relative(self) -> Path:
        path = self.draft.path
        return path.relative_to(self.root) if path.is_relative_to(self.root) else path



app = typer.Typer(
    cls=helptext.Group,
    help="Create a record: a support package, an authority or a measure.\n\n"
    "In a terminal each field is asked for, with the valid values offered; elsewhere pass "
    "flags.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

InteractiveOption = Annotated[
    bool | None,
    typer.Option("--interactive/--no-interactive",
                 help="Ask for the fields not given as flags (default: when run in a terminal).",
                 show_default=False),
]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Write without asking to confirm.")]


def _is_terminal() -> bool:
    return sys.stdin.isatty()


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


# Typed at an optional question: leave out this one and every optional one after it.
SKIP_REST = "-"


class _SkipRest(Exception):
    """The rest of the optional questions were skipped."""


def _show_question(question: Question, answers: Answers) -> None:
    out.print(f"\n[bold]{escape(question.prompt)}[/]" + (
        " (required)" if question.required
        else f" (Enter to leave out, {SKIP_REST} to skip the remaining optional questions)"))
    if question.help:
        out.print(f"[dim]{escape(question.help)}[/]", soft_wrap=True)
    if question.choices and question.numbered:
        out.print("  ".join(f"{i}) {escape(c)}" for i, c in enumerate(question.choices, 1)),
                  soft_wrap=True)
    elif question.choices:
        out.print(f"[dim]Choices: {escape(', '.join(question.choices))}[/]", soft_wrap=True)
    for number, (plan_id, text) in enumerate(question.options(answers) if question.options
                                             else (), 1):
        out.print(f"  {number}) {escape(text)} [dim]({escape(plan_id)})[/]", soft_wrap=True)


def _ask(question: Question, answers: Answers) -> Any:
    """Ask until the answer passes the question's check (or is left out, if optional)."""
    _show_question(question, answers)
    default = question.default(answers) if question.default else None
    while True:
        if question.one_per_line:
            items: list[str] = []
            while True:
                line = typer.prompt(f"  item {len(items) + 1} (Enter to finish)", default="",
                                    show_default=False)
                if not line.strip():
                    break
                if line.strip() == SKIP_REST and not items:
                    raise _SkipRest
                items.append(line.strip())
        else:
            text = typer.prompt(f"  {question.name}", default=default or "",
                                show_default=bool(default))
            if text.strip() == SKIP_REST and not question.required:
                raise _SkipRest
            items = _split(text) if question.many else ([text.strip()] if text.strip() else [])
        if not items:
            if question.required:
                err.print("  This field is required.")
                continue
            return [] if question.many else None
        try:
            return question.check(items, answers)
        except UsageError as exc:
            err.print(f"  [red]{escape(str(exc))}[/]", soft_wrap=True)
            if exc.hint:
                err.print(f"  {escape(exc.hint)}", soft_wrap=True)


def collect(questions: list[Question], given: dict[str, Any], interactive: bool) -> Answers:
    """Answers from flags, then (in a terminal) from prompts; each checked as it comes."""
    def provided(name: str) -> bool:
        return given.get(name) not in (None, "", [])

    if not interactive:
        missing = [q.flag for q in questions
                   if q.required and not provided(q.name) and q.default is None]
        if missing:
            raise UsageError(
                f"missing {', '.join(missing)}: no terminal to ask in, so give "
                f"{'it' if len(missing) == 1 else 'them'} as flags.",
                hint="Run the command in a terminal (or with --interactive) to be asked.",
            )
    answers: Answers = {}
    skipping = False
    for question in questions:
        if provided(question.name):
            raw = given[question.name]
            items = list(raw) if isinstance(raw, list | tuple) else [str(raw)]
            if question.many and not question.one_per_line:
                items = [part for item in items for part in _split(item)]
            try:
                answers[question.name] = question.check(items, answers)
            except UsageError as exc:
                # the check may name the field already ("starts: month 13 ..."): say it once
                said = str(exc).removeprefix(f"{question.name}: ")
                raise UsageError(f"{question.flag}: {said}", hint=exc.hint) from None
        elif interactive and not (skipping and not question.required):
            try:
                answers[question.name] = _ask(question, answers)
            except _SkipRest:
                skipping = True
                out.print("[dim]Skipping the remaining optional questions.[/]")
        elif question.default is not None:
            default = question.default(answers)
            if default:
                answers[question.name] = question.check([default], answers)
    return answers


def _finish(repository: Register, kind: RecordKind, questions: list[Question],
            given: dict[str, Any], interactive: bool | None, yes: bool) -> None:
    # Every required value given as a flag: nothing to ask (--interactive asks the rest).
    complete = all(given.get(q.name) not in (None, "", []) or q.default is not None
                   for q in questions if q.required)
    asking = (_is_terminal() and not complete) if interactive is None else interactive
    answers = collect(questions, given, asking)
    missing = still_missing(questions, answers)
    if missing:
        raise UsageError(f"missing {', '.join(q.flag for q in missing)}.")
    on = answers.get("on")
    if isinstance(on, dt.date) and on > dt.date.today():
        err.print(f"[bold yellow]warning:[/] --on {on.isoformat()} is in the future; it is "
                  "recorded as given (check the date).", soft_wrap=True)
    draft = scaffold.draft(repository, kind, answers)
    relative = draft.path.relative_to(repository.root)
    if asking and not yes:
        out.print(f"\n[bold]{relative}[/]:\n")
        out.print(escape(draft.text), soft_wrap=True, end="")
        if not typer.confirm(f"\nWrite {relative}?", default=True):
            out.print("Nothing written.")
            return
    scaffold.write_draft(draft)
    updated: tuple[str, ...] = ()
    if kind is RecordKind.AUTHORITY and (repository.root / "schemas").is_dir():
        # The schemas list the authorities' ids for editors: the new one belongs there now.
        updated = tuple(item.relative for item in schemas.write(repository.root))
    emit(NewRecord(repository.root, draft, updated,
                   scaffold.current_branch(repository.root)))


def _open(repo: Path | None) -> Register:
    # Not require_valid(): someone adding a package should not be stopped by another file's
    # problem. The new record itself is checked in full before it is written.
    return open_register(repo, part=Part.FILES)


@app.command("package", cls=helptext.Command)
def package(
    la: Annotated[list[str] | None, typer.Option(
        "--la", metavar="AUTHORITY", help="Receiving authority: name, alias, GSS code or DfE "
        "number. Repeat (or separate with commas) for several.", show_default=False,
        autocompletion=completion.authorities)] = None,
    title: Annotated[str | None, typer.Option(help="Short title.", show_default=False)] = None,
    year: Annotated[str | None, typer.Option(help="Programme year: 2026-27, 'Year 2' or 2 "
                    "(default: the current one).", show_default=False)] = None,
    priority: Annotated[list[str] | None, typer.Option(
        help="A priority (group or item id) of the year's plan; tsp plan lists them. Repeat "
        "for several.", show_default=False)] = None,
    measure: Annotated[list[str] | None, typer.Option(
        help="A success measure id of the year's plan. Repeat for several.",
        show_default=False)] = None,
    status: Annotated[str | None, typer.Option(help="interest, scoping, agreed, in-delivery, "
                      "delivered, closed or withdrawn.", show_default=False,
                      autocompletion=completion.statuses)] = None,
    area: Annotated[list[str] | None, typer.Option(
        help="send or childrens-social-care. Repeat for both.", show_default=False,
        autocompletion=completion.areas)] = None,
    kind: Annotated[list[str] | None, typer.Option(
        help="Kind of support: diagnostic, process-mapping, mapping, workshop, peer-review, "
        "coaching-mentoring, co-delivery, review, collaboration, sharing-learning or "
        "intelligence-sharing. Repeat for several.",
        show_default=False, autocompletion=completion.kinds)] = None,
    theme: Annotated[list[str] | None, typer.Option(
        help="A theme, e.g. annual-reviews. Repeat for several.", show_default=False)] = None,
    partner: Annotated[list[str] | None, typer.Option(
        help="A partner authority. Repeat for several.", show_default=False)] = None,
    sme_lender: Annotated[list[str] | None, typer.Option(
        "--sme-lender", help="An authority lending subject matter experts.",
        show_default=False)] = None,
    summary: Annotated[str | None, typer.Option(help="What it is, in a paragraph.",
                       show_default=False)] = None,
    starts: Annotated[str | None, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD.",
                      show_default=False)] = None,
    ends: Annotated[str | None, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD.",
                    show_default=False)] = None,
    on: Annotated[str | None, typer.Option(help="When it reached its status (YYYY-MM-DD); "
                  "recorded in status_history.", show_default=False)] = None,
    delivered_by: Annotated[list[str] | None, typer.Option(
        "--delivered-by", help="Who delivers it, where not an authority.",
        show_default=False)] = None,
    output: Annotated[list[str] | None, typer.Option(help="Something it produced.",
                      show_default=False)] = None,
    outcome: Annotated[list[str] | None, typer.Option(help="Something that changed because "
                       "of it.", show_default=False)] = None,
    related: Annotated[list[str] | None, typer.Option(help="A related package id.",
                       show_default=False)] = None,
    source: Annotated[str | None, typer.Option(help="Where the facts come from.",
                      show_default=False)] = None,
    notes: Annotated[str | None, typer.Option(help="What is unclear, and how the record "
                     "reads it.", show_default=False)] = None,
    record_id: Annotated[str | None, typer.Option("--id", help="The id and file name "
                         "(default: authority + title).", show_default=False)] = None,
    from_issue_form: Annotated[Path | None, typer.Option(
        "--from-issue-form", metavar="FILE", help="Take the answers from a submitted "
        "'Propose a package' issue form instead of flags: the issue's body as GitHub writes "
        "it, or the event GitHub gives a workflow (GITHUB_EVENT_PATH).", dir_okay=False,
        show_default=False)] = None,
    problems_file: Annotated[Path | None, typer.Option(
        "--problems-file", metavar="FILE", help="With --from-issue-form: where the form's "
        "answers do not make a package, also write the problems there as Markdown (for a "
        "comment on the issue).", dir_okay=False, show_default=False)] = None,
    interactive: InteractiveOption = None,
    yes: YesOption = False,
    repo: RepoOption = None,
) -> None:
    """Propose a support package: writes data/packages/ID.yaml and says how to open a PR.

    In a terminal it asks for each field in turn, offering the valid values; flags fill
    fields without asking. It never overwrites an existing file.

    Examples:

        tsp new package

        tsp new package --la Reading --title "Transitions workshop" --area send --kind workshop --status scoping --yes

        tsp new package --from-issue-form issue-body.md
    """
    repository = _open(repo)
    if from_issue_form is not None:
        _from_issue_form(repository, from_issue_form, problems_file)
        return
    given = {
        "recipients": la, "title": title, "year": year, "priorities": priority,
        "success_measures": measure, "status": status, "areas": area,
        "kinds": kind, "themes": theme, "partners": partner, "sme_lenders": sme_lender,
        "summary": summary, "starts": starts, "ends": ends, "on": on,
        "delivered_by": delivered_by, "outputs": output, "outcomes": outcome,
        "related": related, "source": source, "notes": notes, "id": record_id,
    }
    _finish(repository, RecordKind.PACKAGE, package_questions(repository), given, interactive, yes)


def _from_issue_form(repository: Register, body_file: Path,
                     problems_file: Path | None) -> None:
    """A package from a submitted issue form: every answer checked as `tsp new package`
    checks flags, every problem at once; written only when all pass."""
    body = read_proposal(body_file)
    try:
        answers = answers_from_form(repository, body)
        try:
            draft = scaffold.draft(repository, RecordKind.PACKAGE, answers)
        except TspError as exc:
            raise ProposalProblems([("Title", str(exc))]) from None
    except ProposalProblems as exc:
        if problems_file is not None:
            lines = ["The answers cannot become a package yet. Edit the issue to change:", ""]
            lines += [f"- **{escape_text(label)}**: {escape_text(message)}"
                      for label, message in exc.problems]
            write_atomic(problems_file, ("\n".join(lines) + "\n").encode("utf-8"))
        raise
    scaffold.write_draft(draft)
    emit(NewRecord(repository.root, draft, (), scaffold.current_branch(repository.root)))


@app.command("authority", cls=helptext.Command)
def authority(
    name: Annotated[str | None, typer.Option(help="Official name, e.g. East Sussex.",
                    show_default=False)] = None,
    authority_type: Annotated[str | None, typer.Option(
        "--type", help="unitary, county, metropolitan-district or london-borough.",
        show_default=False, autocompletion=completion.authority_types)] = None,
    gss_code: Annotated[str | None, typer.Option("--gss-code", help="ONS GSS code, e.g. "
                        "E06000038.", show_default=False)] = None,
    dfe_code: Annotated[str | None, typer.Option("--dfe-code", help="DfE three-digit LA "
                        "number, e.g. 870.", show_default=False)] = None,
    region: Annotated[str | None, typer.Option(help="ONS region (default: the region most "
                      "authorities are in).", show_default=False)] = None,
    register_code: Annotated[str | None, typer.Option("--register-code", help="Three-letter "
                             "register code.", show_default=False)] = None,
    alias: Annotated[list[str] | None, typer.Option(help="Another name that means this "
                     "authority only. Repeat for several.", show_default=False)] = None,
    starts_on: Annotated[str | None, typer.Option("--starts-on", help="First day, for a new "
                         "council (YYYY-MM-DD).", show_default=False)] = None,
    predecessor: Annotated[list[str] | None, typer.Option(
        help="An authority it succeeds. Repeat for several.", show_default=False)] = None,
    notes: Annotated[str | None, typer.Option(help="Anything a reader should know.",
                     show_default=False)] = None,
    record_id: Annotated[str | None, typer.Option("--id", help="The id and file name "
                         "(default: from the name).", show_default=False)] = None,
    interactive: InteractiveOption = None,
    yes: YesOption = False,
    repo: RepoOption = None,
) -> None:
    """Add an authority (a new or successor council): writes data/authorities/ID.yaml.

    Reorganisation creates successor councils: give --predecessor for each authority it
    succeeds, and --starts-on for its first day.

    Examples:

        tsp new authority

        tsp new authority --name "East Sussex Unitary" --type unitary --starts-on 2028-04-01 --predecessor "East Sussex" --predecessor "Brighton and Hove" --yes
    """
    repository = _open(repo)
    given = {
        "name": name, "type": authority_type, "gss_code": gss_code, "dfe_la_code": dfe_code,
        "region": region, "register_code": register_code, "aliases": alias,
        "starts_on": starts_on, "predecessors": predecessor, "notes": notes, "id": record_id,
    }
    _finish(repository, RecordKind.AUTHORITY, authority_questions(repository), given, interactive,
            yes)


@app.command("measure", cls=helptext.Command)
def new_measure(
    measure_id: Annotated[str, typer.Argument(metavar="ID", help="The new measure's id, a "
                          "slug, e.g. ehcp-issued-within-20-weeks.", show_default=False)],
    title: Annotated[str, typer.Option("--title", help="Short title.", show_default=False)],
    numerator: Annotated[str, typer.Option("--numerator", help="What is counted.",
                         show_default=False)],
    unit: Annotated[str, typer.Option("--unit", help="percentage, rate-per-10000, count, "
                    "days …", show_default=False)],
    polarity: Annotated[str, typer.Option("--polarity", help="higher-is-better, "
                        "lower-is-better or neither.", show_default=False)],
    period_type: Annotated[str, typer.Option("--period-type", help="calendar-year, "
                           "academic-year, financial-year or snapshot.",
                           show_default=False)],
    source_title: Annotated[str, typer.Option("--source", help="The publication or return "
                            "the figures come from.", show_default=False)],
    denominator: Annotated[str | None, typer.Option("--denominator", help="Out of what.",
                           show_default=False)] = None,
    decimal_places: Annotated[int, typer.Option("--decimal-places", help="Decimal places of "
                              "a value.")] = 1,
    publisher: Annotated[str | None, typer.Option("--publisher", help="Who publishes the "
                         "source, e.g. Department for Education.", show_default=False)] = None,
    la_return: Annotated[bool, typer.Option("--la-return", help="The figures come from the "
                         "authorities' own returns, not a publication.")] = False,
    disclosure: Annotated[str, typer.Option("--disclosure", help="The disclosure rule in "
                          "plain words.")] = "Counts below 5 are shown as c.",
    suppress_below: Annotated[int | None, typer.Option("--suppress-below", help="Counts below "
                              "this are shown as c.", show_default=False)] = 5,
    repo: RepoOption = None,
) -> None:
    """Propose a new counting rule: writes data/measures/ID.yaml, status proposed, version 1.

    The record is checked as tsp validate checks it before it is written; then open a pull
    request so the region can review and agree it.

    Examples:

        tsp new measure ehcp-issued-within-20-weeks-draft --title "EHC plans issued within 20 weeks" --numerator "New EHC plans issued within 20 weeks" --denominator "New EHC plans issued" --unit percentage --polarity higher-is-better --period-type calendar-year --source "Education, health and care plans" --publisher "Department for Education"
    """
    root = find_root(repo)
    repository = open_register(root)
    fields: dict[str, Any] = {
        "id": measure_id, "title": title, "numerator": numerator, "denominator": denominator,
        "unit": unit, "polarity": polarity, "period_type": period_type,
        "decimal_places": decimal_places,
        "source": {"kind": "la-return" if la_return else "publication",
                   "publisher": publisher, "title": source_title},
        "disclosure": {"suppress_below": suppress_below, "text": disclosure},
        "status": "proposed", "version": 1,
        "history": [{"version": 1, "status": "proposed", "on": dt.date.today().isoformat(),
                     "note": "Proposed."}],
    }
    path = write_new_measure(repository, fields)
    out.print(f"Wrote {path.relative_to(root)}: a proposed rule. Check it with tsp validate, "
              "then open a pull request so the region can agree it.")


@as_text.register(NewRecord)
def _(result: NewRecord) -> None:
    out.print(f"Wrote {result.relative}", soft_wrap=True)
    for relative in result.schemas_updated:
        out.print(f"Updated {relative} (editors now know '{result.draft.record_id}')",
                  soft_wrap=True)
    out.print("\nNext steps:")
    steps = next_steps(result.root, result.draft, result.branch)
    for number, (what, command) in enumerate(steps, 1):
        out.print(f"  {number}. {escape(what)}:  {escape(command)}", soft_wrap=True)
