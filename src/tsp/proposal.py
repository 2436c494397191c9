"""Proposing a package without git: a GitHub issue form, and the package it becomes.

`issue_form(repo)` is the form (.github/ISSUE_TEMPLATE/propose-a-package.yml), its dropdowns
and checkboxes made from the register, so `tsp schema` writes it and `tsp schema --check`
fails when it is stale. `read_body(text)` reads the body GitHub makes of a submitted form
(`### Label`, then the answer; `_No response_` for a blank; `- [X]` for a ticked box), and
`answers_from_form` checks every answer with the same questions as `tsp new package`,
collecting every problem, each named by the form's label.

The body is untrusted text from anyone who can open an issue: it is read with bounded size,
never run, and only ever becomes a record through the same checks as any new package.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tsp.edits.questions import Answers, Question, package_questions
from tsp.errors import TspError, UsageError
from tsp.models import AREA_LABELS, Area, Kind
from tsp.register import Register

FORM_PATH = ".github/ISSUE_TEMPLATE/propose-a-package.yml"
LABEL = "package proposal"  # the label the form gives its issues; the workflow acts on it
MAX_BODY = 256 * 1024  # a form's answers are a few KB; anything far larger is not a proposal
MAX_FILE = 8 * 1024 * 1024  # an issue event: the body (GitHub allows 65,536 characters) and more
NO_RESPONSE = "_No response_"


@dataclass(frozen=True)
class Field:
    label: str  # as the form shows it, and as GitHub heads the answer in the issue's body
    question: str  # the `tsp new package` question it answers
    kind: str  # input, textarea, dropdown, checkboxes
    description: str
    required: bool = False
    multiple: bool = False


FIELDS: tuple[Field, ...] = (
    Field("Title", "title", "input", "A short title, e.g. Transitions workshop.", True),
    Field("Summary", "summary", "textarea", "What the package is, in a paragraph."),
    Field("Receiving authorities", "recipients", "dropdown",
          "The authority (or authorities) receiving the support.", True, True),
    Field("Partner authorities", "partners", "dropdown",
          "Authorities working on it with the recipients, if any.", False, True),
    Field("Authorities lending staff", "sme_lenders", "dropdown",
          "Authorities whose staff take part as subject matter experts, if any.", False, True),
    Field("Area", "areas", "dropdown", "SEND, children's social care, or both.", False, True),
    Field("Kind of support", "kinds", "dropdown", "One or more.", False, True),
    Field("Programme year", "year", "dropdown", "The year the package belongs to.", True),
    Field("Status", "status", "dropdown", "Where it is now.", True),
    Field("Starts", "starts", "input", "When it starts: YYYY, YYYY-MM or YYYY-MM-DD."),
    Field("Ends", "ends", "input", "When it ends: YYYY, YYYY-MM or YYYY-MM-DD."),
    Field("Priorities it serves", "priorities", "checkboxes",
          "Tick the priorities of its year's plan that it serves."),
    Field("Success measures it works towards", "success_measures", "checkboxes",
          "Tick the success measures of its year's plan it works towards."),
    Field("Where the facts come from", "source", "textarea",
          "e.g. the meeting or document that agreed it."),
)
BY_LABEL = {f.label: f for f in FIELDS}


class ProposalProblems(TspError):
    """The form's answers do not make a valid package; each problem is named by its label."""

    exit_code = UsageError.exit_code

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        listed = "\n".join(f"  {label}: {message}" for label, message in problems)
        super().__init__(f"The proposal cannot become a package yet:\n{listed}")


# --- the choices, from the register ------------------------------------------------------------


def _years(repo: Register) -> list[tuple[str, str]]:
    return [(f"{y.label} ({y.id})", y.id) for y in sorted(repo.years.values(), key=lambda y: y.id)]


def _plan(repo: Register, ids_of: str) -> list[tuple[str, str, str]]:
    """(box label, year id, plan id) of every year's priorities or success measures."""
    found = []
    for year in sorted(repo.years.values(), key=lambda y: y.id):
        for plan_id, text in getattr(year, ids_of)().items():
            found.append((f"{year.label}: {text}", year.id, plan_id))
    return found


def choices(repo: Register, question: str) -> list[tuple[str, str]]:
    """(option as the form shows it, value `tsp new package` takes) for a dropdown."""
    if question in ("recipients", "partners", "sme_lenders"):
        return [(a.name, a.id) for a in sorted(repo.authorities.values(), key=lambda a: a.name)]
    if question == "areas":
        return [(AREA_LABELS[a], str(a)) for a in Area]
    if question == "kinds":
        return [(str(k).replace("-", " ").capitalize(), str(k)) for k in Kind]
    if question == "year":
        return _years(repo)
    if question == "status":
        question_ = next(q for q in package_questions(repo) if q.name == "status")
        return [(c.replace("-", " ").capitalize(), c) for c in question_.choices]
    return []


def issue_form(repo: Register) -> str:
    """The issue form's YAML (JSON is YAML: written so, it needs no YAML writer's quoting)."""
    body: list[dict[str, Any]] = [{
        "type": "markdown",
        "attributes": {"value": "Propose a package of targeted support. When you submit the "
                       "form, a check reads your answers: if they make a valid package it "
                       "opens a pull request for the programme team to review; if not, it "
                       "says here what to change (edit the issue to correct it)."},
    }]
    for field in FIELDS:
        attributes: dict[str, Any] = {"label": field.label, "description": field.description}
        item: dict[str, Any] = {"type": field.kind, "id": field.question,
                                "attributes": attributes}
        if field.kind == "dropdown":
            attributes["multiple"] = field.multiple
            attributes["options"] = [shown for shown, _ in choices(repo, field.question)]
        elif field.kind == "checkboxes":
            ids_of = "priority_ids" if field.question == "priorities" else "measure_ids"
            attributes["options"] = [{"label": shown} for shown, _, _ in _plan(repo, ids_of)]
            if not attributes["options"]:
                continue
        if field.kind != "checkboxes":
            item["validations"] = {"required": field.required}
        body.append(item)
    form = {
        "name": "Propose a package",
        "description": "Propose a package of targeted support for the register; no git needed.",
        "title": "Proposal: ",
        "labels": [LABEL],
        "body": body,
    }
    return ("# Written by `tsp schema` from the register (its authorities, years and plans);\n"
            "# `tsp schema --check` fails when it is out of date. Do not edit by hand.\n"
            + json.dumps(form, indent=2, ensure_ascii=False) + "\n")


# --- reading a submitted form ---------------------------------------------------------------------


def read_proposal(path: Path) -> str:
    """The form's body from `path`: the body itself, or a GitHub `issues` event (JSON), whose
    issue must carry the proposal label."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE + 1)
    except OSError as exc:
        raise UsageError(f"Cannot read {path}: {exc.strerror}.") from None
    if len(data) > MAX_FILE:
        raise UsageError(f"{path} is larger than {MAX_FILE:,} bytes: not an issue form's "
                         "answers; nothing written.")
    text = data.decode("utf-8", "replace")
    if not text.lstrip().startswith("{"):
        return text
    try:
        event = json.loads(text)
        issue = event["issue"]
        labels = [str(label["name"]) for label in issue.get("labels") or []]
        body = issue.get("body") or ""
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UsageError(f"{path} is neither an issue form's answers nor a GitHub issue "
                         "event; nothing written.") from None
    if LABEL not in labels:
        raise UsageError(f"The issue is not labelled '{LABEL}' (its labels: "
                         f"{', '.join(labels) or 'none'}): it is not a package proposal; "
                         "nothing written.")
    if not isinstance(body, str):
        raise UsageError(f"{path}: the issue's body is not text; nothing written.")
    return body


def read_body(text: str) -> dict[str, str]:
    """The answers of a submitted form, by label: `### Label` then the text up to the next
    field's heading. GitHub writes the fields in the form's order, so a heading that does not
    come after the one before it in that order (a user typing `### Title` into the summary)
    is part of the answer it falls in, as is any heading the form does not have; and
    `_No response_` is a blank."""
    if len(text) > MAX_BODY:
        raise ProposalProblems([("Issue", f"the issue's text is {len(text):,} characters; a "
                                 f"proposal is far shorter (at most {MAX_BODY:,}).")])
    text = text.replace("\r\n", "\n")
    order = {f.label: n for n, f in enumerate(FIELDS)}
    heads: list[tuple[int, int, str]] = []
    for match in re.finditer(r"^### (.+)$", text, re.MULTILINE):
        label = match.group(1).strip()
        if label in order and (not heads or order[label] > order[heads[-1][2]]):
            heads.append((match.start(), match.end(), label))
    answers: dict[str, str] = {}
    for index, (_, end, label) in enumerate(heads):
        stop = heads[index + 1][0] if index + 1 < len(heads) else len(text)
        value = text[end:stop].strip()
        answers[label] = "" if value == NO_RESPONSE else value
    return answers


def _ticked(value: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"^- \[[xX]\] (.+)$", value, re.MULTILINE)]


def answers_from_form(repo: Register, body: str) -> Answers:
    """The package's answers from a submitted form, checked by `tsp new package`'s own
    questions; every problem at once (ProposalProblems), each named by the form's label."""
    problems: list[tuple[str, str]] = []
    items = _form_items(repo, read_body(body), problems)
    answers: Answers = {}
    for question in package_questions(repo):
        field_ = next((f for f in FIELDS if f.question == question.name), None)
        # the id is made from the title; the form has no other field it could be named by
        label = field_.label if field_ else "Title"
        try:
            _answer(question, items, answers, label, problems)
        except UsageError as exc:
            problems.append((label, str(exc)))
    if problems:
        order = {f.label: n for n, f in enumerate(FIELDS)}
        raise ProposalProblems(sorted(problems, key=lambda p: order.get(p[0], -1)))
    return answers


def _form_items(repo: Register, given: dict[str, str], problems: list[tuple[str, str]]
                ) -> dict[str, list[str]]:
    """Each question's items as the form gives them: ticked boxes as plan ids (and the
    years they belong to, under QUESTION:years), dropdowns as the values they stand for."""
    items: dict[str, list[str]] = {}
    for field in FIELDS:
        value = given.get(field.label, "")
        if field.kind == "checkboxes":
            picked = _ticked_plan(repo, field, value, problems)
            items[field.question] = [plan_id for _, plan_id in picked]
            items[f"{field.question}:years"] = [year for year, _ in picked]
        elif field.kind == "dropdown":
            options = dict(choices(repo, field.question))
            parts = [p.strip() for p in value.split(", ")] if field.multiple else [value.strip()]
            # not an option of the form (an old form, or typed by hand): the question's own
            # check takes names, aliases and codes
            items[field.question] = [options.get(part, part) for part in parts if part]
        else:
            items[field.question] = [value] if value else []
    return items


def _ticked_plan(repo: Register, field: Field, value: str, problems: list[tuple[str, str]]
                 ) -> list[tuple[str, str]]:
    """The (year, plan id) of each box ticked; a box the form does not have is a problem."""
    ids_of = "priority_ids" if field.question == "priorities" else "measure_ids"
    boxes = {shown: (year, plan_id) for shown, year, plan_id in _plan(repo, ids_of)}
    picked = []
    for box in _ticked(value):
        if box not in boxes:
            problems.append((field.label, f"'{box}' is not one of the form's boxes."))
        else:
            picked.append(boxes[box])
    return picked


def _answer(question: Question, items: dict[str, list[str]], answers: Answers, label: str,
            problems: list[tuple[str, str]]) -> None:
    """One question answered from the form's items (or its default), checked as `tsp new
    package` checks a flag; UsageError for an answer its check refuses."""
    raw = items.get(question.name, [])
    if not raw:
        if question.required and question.default is None:
            problems.append((label, "this answer is required."))
        elif question.default is not None:
            default = question.default(answers)
            if default:
                answers[question.name] = question.check([default], answers)
        return
    if question.name in ("priorities", "success_measures"):
        years = set(items.get(f"{question.name}:years", []))
        if answers.get("year") and years - {answers["year"]}:
            problems.append((label, f"tick only the {question.name.replace('_', ' ')} "
                             f"of the programme year chosen ({answers['year']})."))
            return
    answers[question.name] = question.check(raw, answers)
