"""tsp new: the questions for a new package or authority, each checked as it is answered.

The questions come from the models: each asks for one field, says what the field means (its
description), offers the valid values where there is a set of them, and checks an answer as it
is given. The CLI asks them (or takes flags); this module never prompts or prints. The answers
become a file in tsp.edits.new.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from tsp.authorities import resolve
from tsp.dates import ends_before_starts, parse_date
from tsp.errors import UsageError
from tsp.kinds import RecordKind
from tsp.load import SUFFIXES
from tsp.models import (
    SLUG_PATTERN,
    Area,
    Authority,
    AuthorityType,
    Kind,
    Package,
    Record,
    Status,
    slugify,
)
from tsp.problems import did_you_mean
from tsp.queries import find_package, find_year, year_bounds
from tsp.register import Register
from tsp.schema_messages import describe_validation_error

# Ids are file names too; long ones are hard to type in a branch name.
MAX_ID_LENGTH = 60

Answers = dict[str, Any]
Check = Callable[[list[str], Answers], Any]


@dataclass(frozen=True)
class Question:
    """One field to ask for. `check` turns what was typed into the field's value or raises
    UsageError saying what is wrong; for `many` questions it gets every item at once."""

    name: str
    flag: str
    prompt: str
    help: str
    check: Check
    required: bool = False
    many: bool = False
    one_per_line: bool = False  # free-text lists (outputs): items may hold commas
    choices: tuple[str, ...] = ()
    numbered: bool = False  # the choices are few enough to pick by number
    default: Callable[[Answers], str | None] | None = None
    # Choices that depend on earlier answers (the priorities of the year chosen): each an id
    # and the text it stands for, offered by number.
    options: Callable[[Answers], tuple[tuple[str, str], ...]] | None = None


# --- checking one answer -------------------------------------------------------------------


@functools.cache
def _field_model(model: type[Record], name: str) -> type[BaseModel]:
    info = model.model_fields[name]
    field_model: type[BaseModel] = create_model(
        f"{model.__name__}Field", __config__=ConfigDict(extra="forbid"),
        **{name: (info.annotation, info)},  # type: ignore[call-overload]
    )
    return field_model


def _validated(model: type[Record], name: str, value: Any) -> Any:
    """The value as the model would read it, or UsageError in the validator's own words."""
    field_model = _field_model(model, name)
    try:
        return getattr(field_model.model_validate({name: value}), name)
    except ValidationError as exc:
        messages = [message for _, message, _ in describe_validation_error(exc, field_model)]
        raise UsageError("; ".join(messages)) from None


def _one(items: list[str]) -> str:
    return items[0].strip() if items else ""


def _text(model: type[Record], name: str) -> Check:
    def check(items: list[str], answers: Answers) -> Any:
        value = _one(items)
        return _validated(model, name, value) if value else None
    return check


def _texts(model: type[Record], name: str) -> Check:
    def check(items: list[str], answers: Answers) -> Any:
        values = [i.strip() for i in items if i.strip()]
        return _validated(model, name, values) if values else []
    return check


def pick(choices: Sequence[str], typed: str, what: str) -> str:
    """One of `choices` from a number in the list or the value itself, in any case."""
    text = typed.strip()
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]

    def letters(value: str) -> str:
        return re.sub(r"[^a-z0-9]", "", value.lower())

    for choice in choices:
        if letters(choice) == letters(text):
            return choice
    article = "an" if what[:1] in "aeiou" else "a"
    raise UsageError(f"'{typed}' is not {article} {what}; choose one of: {', '.join(choices)}.")


def _choice(choices: Sequence[str], what: str) -> Check:
    def check(items: list[str], answers: Answers) -> Any:
        return pick(choices, _one(items), what) if _one(items) else None
    return check


def _choices(choices: Sequence[str], what: str) -> Check:
    def check(items: list[str], answers: Answers) -> Any:
        picked = [pick(choices, i, what) for i in items if i.strip()]
        return list(dict.fromkeys(picked))
    return check


def _authorities(repo: Register) -> Check:
    def check(items: list[str], answers: Answers) -> Any:
        return list(dict.fromkeys(resolve(repo.authorities, i.strip()).id
                                  for i in items if i.strip()))
    return check


def _packages(repo: Register) -> Check:
    def check(items: list[str], answers: Answers) -> Any:
        return list(dict.fromkeys(find_package(repo, i.strip()).id for i in items if i.strip()))
    return check


def _themes(items: list[str], answers: Answers) -> Any:
    return list(dict.fromkeys(slugify(i) for i in items if slugify(i)))


def _ends(items: list[str], answers: Answers) -> Any:
    """`ends`, checked against the `starts` already given: a contradiction is caught while
    it can still be answered again, not after every other question."""
    value = _text(Package, "ends")(items, answers)
    starts = answers.get("starts")
    if value and starts and ends_before_starts(str(starts), str(value)):
        raise UsageError(f"ends ({value}) is before starts ({starts}); give a date from "
                         f"{starts} on, or leave it out.")
    return value


def _year(repo: Register) -> Check:
    def check(items: list[str], answers: Answers) -> Any:
        return find_year(repo, _one(items)).id if _one(items) else None
    return check


def _plan_options(repo: Register, ids_of: str) -> Callable[[Answers], tuple[tuple[str, str], ...]]:
    def options(answers: Answers) -> tuple[tuple[str, str], ...]:
        year = repo.years.get(str(answers.get("year") or ""))
        return tuple(getattr(year, ids_of)().items()) if year else ()
    return options


def _plan_ids(repo: Register, ids_of: str, what: str) -> Check:
    """Ids of the chosen year's priorities (or success measures), by number or id."""
    options = _plan_options(repo, ids_of)

    def check(items: list[str], answers: Answers) -> Any:
        offered = [plan_id for plan_id, _ in options(answers)]
        picked: list[str] = []
        for item in (i.strip() for i in items if i.strip()):
            if item.isdigit() and 1 <= int(item) <= len(offered):
                picked.append(offered[int(item) - 1])
            elif item in offered:
                picked.append(item)
            elif len(starting := [o for o in offered if o.startswith(item.lower())]) == 1:
                picked.append(starting[0])  # the ids are long; a unique start is enough
            elif not offered:
                raise UsageError(f"the year {answers.get('year') or ''} has no {what} in its "
                                 "plan to choose from; leave it out.")
            else:
                raise UsageError(f"'{item}' is not a {what} of {answers.get('year')}"
                                 f"{did_you_mean(item, offered)} (tsp plan lists them).")
        return list(dict.fromkeys(picked))
    return check


def _date(name: str) -> Check:
    def check(items: list[str], answers: Answers) -> Any:
        text = _one(items)
        if not text:
            return None
        return parse_date(text)
    return check


def _new_id(repo: Register, kind: RecordKind) -> Check:
    def check(items: list[str], answers: Answers) -> Any:
        record_id = _one(items)
        if len(record_id) > MAX_ID_LENGTH:
            # The id is the file name: file systems refuse names past 255 bytes, and a short
            # id is one people can type.
            raise UsageError(f"the id is {len(record_id):,} characters; an id is the file name "
                             f"and may have at most {MAX_ID_LENGTH} (e.g. "
                             f"{slugify(record_id)[:MAX_ID_LENGTH].rsplit('-', 1)[0] or 'x'}).")
        if not re.match(SLUG_PATTERN, record_id):
            raise UsageError(f"'{record_id}' is not an id: use lowercase words joined by "
                             f"hyphens, e.g. {slugify(record_id) or 'reading-transitions'}.")
        if kind is RecordKind.PACKAGE and "-" not in record_id:
            # 'x' is a valid slug, but no one finds or types the right package by it
            raise UsageError(f"'{record_id}' is too short to say which package it is: write "
                             "the authority, then a few words of the title, e.g. "
                             "reading-transitions-workshop.")
        if record_id in repo.of(kind) or _existing_file(repo, kind, record_id):
            raise UsageError(f"the id '{record_id}' is taken (data/{kind.folder}/{record_id}.yaml "
                             "exists); choose another.")
        return record_id
    return check


def _existing_file(repo: Register, kind: RecordKind, record_id: str) -> Path | None:
    for suffix in SUFFIXES:
        path = repo.folder(kind) / f"{record_id}{suffix}"
        if path.exists():
            return path
    return None


def _description(model: type[Record], name: str) -> str:
    return model.model_fields[name].description or ""


# --- packages ------------------------------------------------------------------------------


def current_year(repo: Register, today: dt.date | None = None) -> str | None:
    """The programme year `today` falls in (April to March), else the latest recorded."""
    day = today or dt.date.today()
    for year_id in sorted(repo.years):
        first, last = year_bounds(year_id)
        if first <= day <= last:
            return year_id
    return max(repo.years) if repo.years else None


def propose_package_id(repo: Register, recipients: Sequence[str], title: str) -> str:
    """authority + title as a slug, made unique: reading-transitions-workshop(-2)."""
    words = slugify(title)
    if len(recipients) == 1 and not words.startswith(recipients[0]):
        words = f"{recipients[0]}-{words}"
    base = words[:MAX_ID_LENGTH].rsplit("-", 1)[0] if len(words) > MAX_ID_LENGTH else words
    base = base.strip("-") or "package"
    candidate, number = base, 2
    while candidate in repo.packages or _existing_file(repo, RecordKind.PACKAGE, candidate):
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def themes_in_use(repo: Register) -> list[str]:
    return sorted({t for p in repo.packages.values() for t in p.themes})


def package_questions(repo: Register) -> list[Question]:
    names = tuple(a.name for a in sorted(repo.authorities.values(), key=lambda a: a.name))
    statuses = tuple(str(s) for s in Status)
    d = functools.partial(_description, Package)
    return [
        Question("recipients", "--la", "Receiving authority (or authorities, separated by "
                 "commas)", d("recipients"), _authorities(repo), required=True, many=True,
                 choices=names),
        Question("title", "--title", "Title", d("title"), _text(Package, "title"),
                 required=True),
        Question("year", "--year", "Programme year", d("year"), _year(repo), required=True,
                 choices=tuple(f"{y.id} ({y.label})" for y in
                               sorted(repo.years.values(), key=lambda y: y.id)),
                 default=lambda a: current_year(repo)),
        Question("priorities", "--priority", "Priorities of the year's plan it serves "
                 "(numbers or ids)", d("priorities"), _plan_ids(repo, "priority_ids",
                                                                "priority"),
                 many=True, options=_plan_options(repo, "priority_ids")),
        Question("success_measures", "--measure", "Success measures it works towards "
                 "(numbers or ids)", d("success_measures"),
                 _plan_ids(repo, "measure_ids", "success measure"), many=True,
                 options=_plan_options(repo, "measure_ids")),
        Question("status", "--status", "Status", d("status"), _choice(statuses, "status"),
                 required=True, choices=statuses, numbered=True),
        Question("areas", "--area", "Area(s)", d("areas"),
                 _choices([str(a) for a in Area], "area"), many=True,
                 choices=tuple(str(a) for a in Area), numbered=True),
        Question("kinds", "--kind", "Kind(s) of support", d("kinds"),
                 _choices([str(k) for k in Kind], "kind of support"), many=True,
                 choices=tuple(str(k) for k in Kind), numbered=True),
        Question("themes", "--theme", "Themes (new ones are fine)", d("themes"), _themes,
                 many=True, choices=tuple(themes_in_use(repo))),
        Question("partners", "--partner", "Partner authorities", d("partners"),
                 _authorities(repo), many=True, choices=names),
        Question("sme_lenders", "--sme-lender", "Authorities lending subject matter experts",
                 d("sme_lenders"), _authorities(repo), many=True, choices=names),
        Question("summary", "--summary", "Summary", d("summary"), _text(Package, "summary")),
        Question("starts", "--starts", "Starts (YYYY, YYYY-MM or YYYY-MM-DD)", d("starts"),
                 _text(Package, "starts")),
        Question("ends", "--ends", "Ends (YYYY, YYYY-MM or YYYY-MM-DD)", d("ends"), _ends),
        Question("on", "--on", "Date it reached this status (YYYY-MM-DD)",
                 "Recorded in status_history; leave it out if you do not know it",
                 _date("on")),
        Question("delivered_by", "--delivered-by", "Delivered by (not an authority)",
                 d("delivered_by"), _texts(Package, "delivered_by"), many=True,
                 one_per_line=True),
        Question("outputs", "--output", "Outputs", d("outputs"), _texts(Package, "outputs"),
                 many=True, one_per_line=True),
        Question("outcomes", "--outcome", "Outcomes", d("outcomes"),
                 _texts(Package, "outcomes"), many=True, one_per_line=True),
        Question("related", "--related", "Related package ids", d("related"), _packages(repo),
                 many=True, choices=tuple(sorted(repo.packages))),
        Question("source", "--source", "Source", d("source"), _text(Package, "source")),
        Question("notes", "--notes", "Notes", d("notes"), _text(Package, "notes")),
        Question("id", "--id", "Id (the file name)", d("id"), _new_id(repo, RecordKind.PACKAGE),
                 required=True,
                 default=lambda a: propose_package_id(repo, a.get("recipients") or [],
                                                      a.get("title") or "")),
    ]


# --- authorities ---------------------------------------------------------------------------


def propose_authority_id(repo: Register, name: str) -> str:
    words = slugify(name)
    return words[:MAX_ID_LENGTH].rsplit("-", 1)[0] if len(words) > MAX_ID_LENGTH else words


def authority_questions(repo: Register) -> list[Question]:
    names = tuple(a.name for a in sorted(repo.authorities.values(), key=lambda a: a.name))
    types = tuple(str(t) for t in AuthorityType)
    regions = sorted({a.region for a in repo.authorities.values() if a.region})
    d = functools.partial(_description, Authority)
    return [
        Question("name", "--name", "Name", d("name"), _text(Authority, "name"), required=True),
        Question("type", "--type", "Type", d("type"), _choice(types, "type of authority"),
                 required=True, choices=types, numbered=True),
        Question("gss_code", "--gss-code", "ONS GSS code (e.g. E06000038)",
                 "ONS GSS code; leave it out until it is published",
                 _text(Authority, "gss_code")),
        Question("dfe_la_code", "--dfe-code", "DfE LA number (three digits)",
                 "DfE three-digit LA number, e.g. 870; leave it out until it is published",
                 _text(Authority, "dfe_la_code")),
        Question("region", "--region", "ONS region", d("region"), _text(Authority, "region"),
                 choices=tuple(regions),
                 default=lambda a: max(regions, key=lambda r: sum(
                     x.region == r for x in repo.authorities.values())) if regions else None),
        Question("register_code", "--register-code", "Three-letter register code",
                 d("register_code"), _text(Authority, "register_code")),
        Question("aliases", "--alias", "Other names (aliases)", d("aliases"),
                 _texts(Authority, "aliases"), many=True),
        Question("starts_on", "--starts-on", "First day, for a new council (YYYY-MM-DD)",
                 d("starts_on"), _date("starts_on")),
        Question("predecessors", "--predecessor", "Authorities it succeeds",
                 d("predecessors"), _authorities(repo), many=True, choices=names),
        Question("notes", "--notes", "Notes", d("notes"), _text(Authority, "notes")),
        Question("id", "--id", "Id (the file name)", d("id"), _new_id(repo, RecordKind.AUTHORITY),
                 required=True, default=lambda a: propose_authority_id(repo, a.get("name") or "")),
    ]


# --- what is left to ask -------------------------------------------------------------------


def missing(questions: Sequence[Question], answers: Answers) -> list[Question]:
    return [q for q in questions if q.required and answers.get(q.name) in (None, "", [])]
