"""tsp new: the file a new package or authority becomes, and the steps that follow it.

The answers to the questions (tsp.edits.questions) are rendered in the house style under a heading
comment, checked like any edit, and written only where no file of that name exists.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from tsp.checks.packages import duplicate_key, duplicate_of
from tsp.dates import partial_date_value
from tsp.edits.atomic import write_atomic
from tsp.edits.check import check_text
from tsp.edits.document import folded, plain_or_quoted, render_document
from tsp.edits.questions import Answers
from tsp.errors import UsageError
from tsp.git import run_git
from tsp.kinds import RecordKind
from tsp.models import AREA_LABELS, Area, Authority, Package
from tsp.register import Register

SCHEMA_LINE = "yaml-language-server: $schema=../../{path}"


@dataclass(frozen=True)
class Draft:
    """A new record, rendered and checked, not yet written."""

    kind: RecordKind
    record_id: str
    path: Path
    text: str
    title: str


# --- packages ------------------------------------------------------------------------------


def _names(repo: Register, ids: Sequence[str]) -> str:
    names = [repo.authorities[i].name if i in repo.authorities else i for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _package_heading(repo: Register, answers: Answers) -> str:
    names = _names(repo, answers["recipients"])
    title = answers["title"]
    label = title if title.lower().startswith(names.lower()) else f"{names} {title}"
    summary = (answers.get("summary") or "").strip()
    if summary:
        what = re.split(r"(?<=[.!?])\s", summary, maxsplit=1)[0].rstrip(".")
        what = what if len(what) <= 100 else what[:99].rstrip() + "…"
    else:
        kinds = ", ".join(answers.get("kinds") or []) or "support"
        areas = " and ".join(AREA_LABELS[Area(a)] for a in answers.get("areas") or [])
        what = f"{kinds}{' on ' + areas if areas else ''}"
    return f"{label} — {what}"


def _package_fields(answers: Answers) -> list[tuple[str, Any]]:
    values: dict[str, Any] = {
        "id": answers["id"],
        "title": plain_or_quoted(answers["title"]),
        "year": answers["year"],
        "status": answers["status"],
        "areas": _listed(answers, "areas"),
        "recipients": CommentedSeq(list(answers["recipients"])),
        "partners": _listed(answers, "partners"),
        "sme_lenders": _listed(answers, "sme_lenders"),
        "kinds": _listed(answers, "kinds"),
        "themes": _listed(answers, "themes"),
        "summary": _given(answers, "summary", DoubleQuotedScalarString),
        "starts": _given(answers, "starts", partial_date_value),
        "ends": _given(answers, "ends", partial_date_value),
        "status_history": _status_history(answers),
        "delivered_by": _listed(answers, "delivered_by", plain_or_quoted),
        "outputs": _listed(answers, "outputs", plain_or_quoted),
        "outcomes": _listed(answers, "outcomes", plain_or_quoted),
        "related": _listed(answers, "related"),
        "priorities": _listed(answers, "priorities"),
        "success_measures": _listed(answers, "success_measures"),
        "funding": CommentedSeq([_proposed(year, amount)
                                 for year, amount in answers.get("funding") or []]),
        "source": _given(answers, "source", plain_or_quoted),
        "notes": _given(answers, "notes", folded),
    }
    return [(name, values[name]) for name in Package.model_fields
            if values.get(name) not in (None, [])]


def _listed(answers: Answers, name: str, style: Callable[[Any], Any] | None = None
            ) -> CommentedSeq:
    """A list answer as the file writes it (empty where there is none), each item styled."""
    items = answers.get(name) or []
    return CommentedSeq([style(item) for item in items] if style else list(items))


def _given(answers: Answers, name: str, style: Callable[[Any], Any]) -> Any:
    """An optional answer as the file writes it; None where it was not given."""
    return style(answers[name]) if answers.get(name) else None


def _status_history(answers: Answers) -> CommentedSeq | None:
    """The history a tracker gave, or the one change the --on date records, or none."""
    if answers.get("history"):
        return CommentedSeq([_change(*c) for c in answers["history"]])
    if answers.get("on"):
        return CommentedSeq([CommentedMap([("status", answers["status"]),
                                           ("on", answers["on"])])])
    return None


def _proposed(year: str, amount: Any) -> Any:
    """A proposed amount (tsp import's Budget column): whole pounds as a number, pence as
    quoted digits, as the funding entries in data/ are written."""
    shown = int(amount) if amount == int(amount) else DoubleQuotedScalarString(f"{amount:.2f}")
    return CommentedMap([("year", year), ("amount", shown), ("status", "proposed")])


def _change(status: str, on: Any, note: str | None) -> Any:
    pairs: list[tuple[str, Any]] = [("status", status), ("on", on)]
    return CommentedMap(pairs + ([("note", plain_or_quoted(note))] if note else []))


# --- authorities ---------------------------------------------------------------------------


def _authority_heading(repo: Register, answers: Answers) -> str:
    name = answers["name"]
    predecessors = answers.get("predecessors") or []
    if predecessors:
        since = f" from {answers['starts_on']}" if answers.get("starts_on") else ""
        return f"{name} — a new council{since}, succeeding {_names(repo, predecessors)}"
    region = answers.get("region")
    return f"{name} — an authority of the {region} region" if region else f"{name} — an authority"


def _authority_fields(answers: Answers) -> list[tuple[str, Any]]:
    values: dict[str, Any] = {
        "id": answers["id"],
        "name": plain_or_quoted(answers["name"]),
        "gss_code": answers.get("gss_code"),
        # Quoted as the other records are: 070 would otherwise read as a number.
        "dfe_la_code": DoubleQuotedScalarString(answers["dfe_la_code"])
        if answers.get("dfe_la_code") else None,
        "type": answers["type"],
        "region": plain_or_quoted(answers["region"]) if answers.get("region") else None,
        "register_code": answers.get("register_code"),
        "aliases": CommentedSeq([DoubleQuotedScalarString(a)
                                 for a in answers.get("aliases") or []]),
        "starts_on": answers.get("starts_on"),
        "predecessors": CommentedSeq(answers.get("predecessors") or []),
        "notes": folded(answers["notes"]) if answers.get("notes") else None,
    }
    return [(name, values[name]) for name in Authority.model_fields
            if values.get(name) not in (None, [])]


# --- drafts --------------------------------------------------------------------------------


def draft(repo: Register, kind: RecordKind, answers: Answers) -> Draft:
    """The new record's file text, in the house style, checked like any edit."""
    if kind is RecordKind.PACKAGE:
        _refuse_duplicate(repo, answers)
    rendered = render(repo, kind, answers)
    check_text(repo, kind, rendered.record_id, rendered.path, rendered.text)
    return rendered


def render(repo: Register, kind: RecordKind, answers: Answers,
           extra: Mapping[str, Any] | None = None) -> Draft:
    """The new record's file text, in the house style, not yet checked (nor compared with
    the packages already recorded: `draft` refuses a duplicate, `tsp import` compares).

    `extra`: further fields of a package, as the file should hold them, in place of the
    answers' (tsp import reads them from tsp's further sheets; `years` replaces `year`)."""
    if kind is RecordKind.PACKAGE:
        heading = _package_heading(repo, answers)
        fields = _package_fields(answers)
        if extra:
            merged = {**dict(fields), **extra}
            if "years" in extra:
                merged.pop("year", None)
            fields = [(name, merged[name]) for name in Package.model_fields
                      if merged.get(name) not in (None, [])]
        title = str(answers["title"])
    else:
        heading = _authority_heading(repo, answers)
        fields = _authority_fields(answers)
        title = str(answers["name"])
    record_id = str(answers["id"])
    text = render_document(fields, [SCHEMA_LINE.format(path=kind.schema_path), heading])
    path = repo.folder(kind) / f"{record_id}.yaml"
    return Draft(kind, record_id, path, text, title)


class DuplicatePackage(UsageError):
    """The register already records this package."""


def _refuse_duplicate(repo: Register, answers: Answers) -> None:
    year = str(answers["year"])
    existing = duplicate_of(repo, duplicate_key(str(answers["title"]), answers["recipients"],
                                                year))
    if existing is not None:
        path = repo.path_of(RecordKind.PACKAGE, existing.id)
        shown = path.relative_to(repo.root) if path.is_relative_to(repo.root) else path
        raise DuplicatePackage(
            f"{shown} already records this package (same title, recipients and year "
            f"{year}); nothing was written.",
            hint=f"Change it with `tsp status {existing.id} ...` or `tsp set {existing.id} ...`;"
            " if this is different work, give it a title that says how.")


def write_draft(draft: Draft) -> None:
    """Create the file; an existing file is never replaced (FileExists, exit 2)."""
    draft.path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(draft.path, draft.text, create=True)


def next_steps(root: Path, draft: Draft, branch_now: str | None = None
               ) -> list[tuple[str, str]]:
    """What to do after `tsp new`: (what, command) pairs, from checking to a pull request.

    `branch_now` is the branch checked out: on one other than the default (main, master) the
    work is already on its own branch, so there is none to start."""
    relative = draft.path.relative_to(root) if draft.path.is_relative_to(root) else draft.path
    on_own_branch = branch_now is not None and branch_now not in DEFAULT_BRANCHES
    branch = branch_now if on_own_branch and branch_now else f"add-{draft.record_id}"
    message = f"Add {draft.kind.noun} {draft.record_id}: {draft.title}"
    start = [] if on_own_branch else [("start a branch for your change",
                                       f"git switch -c {branch}")]
    return [
        ("check the whole repository", "tsp validate"),
        *start,
        ("stage the new file", f"git add {relative}"),
        ("commit it", f"git commit -m {_quoted(message)}"),
        ("send the branch to GitHub", f"git push -u origin {branch}"),
        ("open a pull request", "on GitHub press 'Compare & pull request' "
         "(or run: gh pr create --fill)"),
    ]


DEFAULT_BRANCHES = frozenset({"main", "master", "trunk", "develop"})


def current_branch(root: Path) -> str | None:
    """The branch checked out in root's git repository; None when not a branch (or no git)."""
    try:
        done = run_git(root, "symbolic-ref", "--quiet", "--short", "HEAD", timeout=5)
    except UsageError:
        return None
    name = done.stdout.decode("utf-8", "replace").strip()
    return name if done.returncode == 0 and name else None


def _quoted(text: str) -> str:
    # Double quotes read the same in every shell people use (bash, zsh, PowerShell, cmd)
    # unless the text holds characters those shells expand; then the POSIX form.
    return f'"{text}"' if not re.search(r'["$`\\!%]', text) else shlex.quote(text)
