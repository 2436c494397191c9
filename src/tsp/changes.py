"""tsp changes: what a branch changes in the register, in the programme's terms.

The register at a git revision is read straight from git's object store (`git ls-tree` and
`git cat-file --batch`, never a checkout, so the working tree is left alone), loaded in memory
like any repository, and compared with the working tree: records added, removed and changed (field by
field), the authorities they concern, and how each year's headline figures move.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tsp.errors import UsageError
from tsp.escape import escape_text
from tsp.git import GitUnavailable, HistoryError, files_at, run_git
from tsp.history import files_of, resolve, start_of
from tsp.models import Record
from tsp.kinds import DATA_DIR, KINDS, RecordKind
from tsp.load import load_checked
from tsp.plan import plan_figures
from tsp.queries import headline
from tsp.register import Register

AUTHORITY_FIELDS = {"recipients", "partners", "sme_lenders", "predecessors",
                    "sme_lending_authorities"}
# Headline figures whose lists of authorities are worth naming when they move.
_FIGURE_LISTS = {
    "areas reached": "engaged",
    "authorities not yet engaged": "not_engaged",
    "authorities receiving support": "recipients",
    "authorities lending SMEs": "sme_lenders",
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class RecordChange:
    change: str  # added | removed | changed
    id: str
    label: str
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class FigureChange:
    year: str
    year_label: str
    figure: str
    old: Any
    new: Any
    gained: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()


# The kinds in the order a change lists them: packages first (what a pull request usually
# changes), then every other kind in the registry's order (tsp.kinds). A new kind of record is
# listed, compared and written as JSON under its folder's name with no change here.
ORDER: tuple[RecordKind, ...] = (RecordKind.PACKAGE,
                                 *(k for k in KINDS if k is not RecordKind.PACKAGE))


@dataclass
class RegisterChanges:
    since: str
    commit: str
    # Between two recorded registers (tsp changes --from --to); empty: since `since`, to the
    # working tree.
    until: str = ""
    until_commit: str = ""
    # The records added, removed or changed, by kind (every kind, in ORDER).
    records: dict[RecordKind, list[RecordChange]] = field(
        default_factory=lambda: {kind: [] for kind in ORDER})
    affected: list[str] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)
    errors_before: int = 0
    errors_after: int = 0
    names: dict[str, str] = field(default_factory=dict)

    @property
    def packages(self) -> list[RecordChange]:
        return self.records[RecordKind.PACKAGE]

    @property
    def authorities(self) -> list[RecordChange]:
        return self.records[RecordKind.AUTHORITY]

    @property
    def empty(self) -> bool:
        return not any(self.records.values())

    def as_dict(self) -> dict[str, Any]:
        def records(changes: list[RecordChange]) -> list[dict[str, Any]]:
            return [{"change": c.change, "id": c.id, "label": c.label,
                     "fields": {f.field: {"old": f.old, "new": f.new} for f in c.fields}}
                    for c in changes]

        return {
            "since": self.since,
            "commit": self.commit,
            **({"until": self.until, "until_commit": self.until_commit} if self.until else {}),
            **{kind.folder: records(self.records[kind]) for kind in ORDER},
            "authorities_affected": self.affected,
            "headline_figures": [
                {"year": f.year, "label": f.year_label, "figure": f.figure, "old": f.old,
                 "new": f.new, "gained": list(f.gained), "lost": list(f.lost)}
                for f in self.figures
            ],
            "errors_before": self.errors_before,
            "errors_after": self.errors_after,
        }


# --- git -----------------------------------------------------------------------------------


# Generous (git archive of a large register), but CI must never wait for ever on a git that
# hangs (a credential prompt, a lock, a network file system).
GIT_TIMEOUT = 120.0


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return run_git(cwd, *args, stdin=stdin, timeout=GIT_TIMEOUT)
    except GitUnavailable as exc:
        if "timed out" in str(exc):
            raise UsageError(f"git did not answer within {GIT_TIMEOUT:g} seconds (git "
                             f"{' '.join(args[:2])}); nothing was compared.") from None
        raise UsageError("git is not installed (or not on PATH); tsp changes reads the "
                         "register's history with git.") from None


def _resolve(root: Path, rev: str) -> tuple[Path, str]:
    """The top folder of the git work tree holding root, and the commit `rev` names."""
    if rev.startswith("-"):
        raise UsageError(f"'{rev}' is not a revision; give a branch, tag or commit.")
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise UsageError(f"{root} is not in a git repository; tsp changes compares the "
                         "register with its git history.",
                         hint="Run it in a clone of the register (git clone …).")
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if commit.returncode != 0:
        raise UsageError(
            f"git does not know the revision '{rev}'.",
            hint="Give a branch, tag or commit, e.g. origin/main or HEAD~3; in a fresh clone "
            "run `git fetch origin` first.",
        )
    return Path(top.stdout.decode().strip()), commit.stdout.decode().strip()


def register_at(root: Path, rev: str) -> tuple[Register, str]:
    """The register as it was at `rev` (read from git into memory, and checked), and the
    commit."""
    top, commit = _resolve(root, rev)
    return load_checked(root, files=files_at(top, root, commit, DATA_DIR)), commit


# --- comparing -----------------------------------------------------------------------------


def _label(record: Record) -> str:
    return str(getattr(record, "title", None) or getattr(record, "name", None)
               or getattr(record, "label", None) or getattr(record, "id"))


def _dump(record: Record) -> dict[str, Any]:
    return record.model_dump(mode="json", exclude_none=True)


def diff_records(old: Mapping[str, Record], new: Mapping[str, Record]) -> list[RecordChange]:
    out = []
    for record_id in sorted(set(old) | set(new)):
        if record_id not in old:
            out.append(RecordChange("added", record_id, _label(new[record_id])))
        elif record_id not in new:
            out.append(RecordChange("removed", record_id, _label(old[record_id])))
        elif old[record_id] != new[record_id]:  # most are the same: no need to dump them
            before, after = _dump(old[record_id]), _dump(new[record_id])
            fields = tuple(
                FieldChange(name, before.get(name), after.get(name))
                for name in type(new[record_id]).model_fields
                if before.get(name) != after.get(name)
            )
            if fields:
                out.append(RecordChange("changed", record_id, _label(new[record_id]), fields))
    return out


def _affected(old: Register, new: Register, packages: list[RecordChange],
              authorities: list[RecordChange]) -> set[str]:
    ids: set[str] = set()
    for change in packages:
        for repo in (old, new):
            if change.id in repo.packages:
                ids.update(repo.packages[change.id].authority_ids())
    ids.update(c.id for c in authorities)
    return ids


def _figures(old: Register, new: Register) -> list[FigureChange]:
    year_ids = sorted(set(old.years) | set(new.years)
                      | {y for r in (old, new) for p in r.packages.values() for y in p.years})
    out = []
    for year_id in year_ids:
        label = (new.years.get(year_id) or old.years.get(year_id))
        year_label = label.label if label else year_id
        before, after = headline(old, year_id), headline(new, year_id)
        old_figures = {**before.as_dict(), **plan_figures(old, year_id)}
        new_figures = {**after.as_dict(), **plan_figures(new, year_id)}
        for figure in list(dict.fromkeys([*new_figures, *old_figures])):
            old_value, new_value = old_figures.get(figure, 0), new_figures.get(figure, 0)
            gained: tuple[str, ...] = ()
            lost: tuple[str, ...] = ()
            if figure in _FIGURE_LISTS:
                attribute = _FIGURE_LISTS[figure]
                was, now = set(getattr(before, attribute)), set(getattr(after, attribute))
                gained, lost = tuple(sorted(now - was)), tuple(sorted(was - now))
            if old_value != new_value or gained or lost:
                out.append(FigureChange(year_id, year_label, figure, old_value, new_value,
                                        gained, lost))
    return out


def compare(root: Path, rev: str) -> RegisterChanges:
    """What the working tree under root changes in the register since `rev`."""
    # With the cache, a file that is the same on both sides is parsed and checked at most once.
    old, commit = register_at(root, rev)
    new = load_checked(root)
    return compare_registers(old, new, RegisterChanges(since=rev, commit=commit))


def compare_registers(old: Register, new: Register, result: RegisterChanges
                      ) -> RegisterChanges:
    """`result` filled with what `new` changes in the register since `old`."""
    result.records = {kind: diff_records(old.of(kind), new.of(kind)) for kind in ORDER}
    result.names = {**{a.id: a.name for a in old.authorities.values()},
                    **{a.id: a.name for a in new.authorities.values()}}
    affected = _affected(old, new, result.packages, result.authorities)
    result.affected = sorted(result.names.get(i, i) for i in affected)
    result.figures = _figures(old, new)
    result.errors_before, result.errors_after = len(old.errors), len(new.errors)
    return result


def changes_between(root: Path, start: str, end: str) -> RegisterChanges:
    """What changed in the register as recorded from the start of `start` to the end of
    `end` (dates or revisions), in the programme's terms."""
    before = start_of(root, start)
    after = resolve(root, end, "--to")
    if before is not None and before.commit.when > after.commit.when:
        raise HistoryError(f"--from {start} is after --to {end}; give the earlier one first.")
    old = load_checked(root, files=files_of(root, before) if before is not None else {})
    new = load_checked(root, files=files_of(root, after))
    return compare_registers(old, new, RegisterChanges(
        since=start, commit=before.commit.sha if before else "", until=end,
        until_commit=after.commit.sha))


# --- showing -------------------------------------------------------------------------------


def _show(value: Any, width: int = 80) -> str:
    if value is None or value == []:
        return "(none)"
    if isinstance(value, list):
        text = ", ".join(_show(v, width) for v in value)
    elif isinstance(value, dict):
        text = ", ".join(f"{k}: {_show(v, width)}" for k, v in value.items())
    else:
        text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def field_lines(change: FieldChange, names: dict[str, str]) -> str:
    """One field's change in words: 'status: agreed → delivered', 'partners: + Kent'."""
    def named(items: Iterable[Any]) -> list[str]:
        if change.field in AUTHORITY_FIELDS:
            return [names.get(str(i), str(i)) for i in items]
        return [_show(i) for i in items]

    if isinstance(change.old, list | type(None)) and isinstance(change.new, list | type(None)) \
            and (change.old or change.new):
        old, new = change.old or [], change.new or []
        added = [i for i in new if i not in old]
        removed = [i for i in old if i not in new]
        parts = [f"+ {v}" for v in named(added)] + [f"− {v}" for v in named(removed)]
        if not parts:
            parts = ["reordered"]
        return f"{change.field}: {'; '.join(parts)}"
    if isinstance(change.old, str) and isinstance(change.new, str) \
            and max(len(change.old), len(change.new)) > 80:
        old_text, new_text = _around_difference(change.old, change.new)
        return f"{change.field}: {old_text} → {new_text}"
    return f"{change.field}: {_show(change.old)} → {_show(change.new)}"


def _around_difference(old: str, new: str, context: int = 30) -> tuple[str, str]:
    """Long texts cut to where they differ, so a reviewer sees the change, not the start."""
    start = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
                 min(len(old), len(new)))
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1

    def cut(text: str) -> str:
        first = max(0, start - context)
        last = min(len(text), len(text) - end + context)
        return ("…" if first else "") + text[first:last] + ("…" if last < len(text) else "")

    return f"“{cut(old)}”", f"“{cut(new)}”"


_SIGN = {"added": "+", "removed": "−", "changed": "~"}


def _figure_text(f: FigureChange) -> str:
    names = [f"+ {n}" for n in f.gained] + [f"− {n}" for n in f.lost]
    return f"{f.figure}: {f.old} → {f.new}" + (f" ({', '.join(names)})" if names else "")


def as_text(changes: RegisterChanges) -> str:
    head = f"Changes to the register since {changes.since} ({changes.commit[:7]})"
    if changes.until:
        start = changes.commit[:7] or "before its history"
        head = (f"Changes to the register from {changes.since} ({start}) to {changes.until} "
                f"({changes.until_commit[:7]})")
    if changes.empty:
        return f"{head}: none.\n" + _errors_note(changes)
    lines = [f"{head}:"]
    for kind in ORDER:
        records = changes.records[kind]
        if records:
            lines += ["", kind.plural_label]
            for c in records:
                lines.append(f"  {_SIGN[c.change]} {c.id}: {c.label} ({c.change})")
                lines += [f"      {field_lines(f, changes.names)}" for f in c.fields]
    if changes.affected:
        lines += ["", f"Authorities affected: {', '.join(changes.affected)}"]
    if changes.figures:
        lines += ["", "Headline figures"]
        last = None
        for f in changes.figures:
            if f.year != last:
                lines.append(f"  {f.year_label} ({f.year})")
                last = f.year
            lines.append(f"    {_figure_text(f)}")
    return "\n".join(lines) + "\n" + _errors_note(changes)


def _md(text: str) -> str:
    # Posted as a pull-request comment: a title must not become a live link, an image, an
    # @mention, HTML or a heading (tsp.escape; * and _ too, the text is literal).
    return escape_text(text, emphasis=False)


def code_span(text: str) -> str:
    """`text` as one Markdown code span, whatever backticks it holds (CommonMark 6.1: the
    fence is one backtick longer than the longest run inside, padded by a space), so a tag
    named a`@x<b>` cannot close it and leave a live @mention or HTML. A line break (git
    forbids one in a name, but a date may be anything typed) becomes a space."""
    text = " ".join(text.splitlines())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest or text.startswith(" ") or text.endswith(" ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _heading(changes: RegisterChanges) -> str:
    if changes.until:
        start = changes.commit[:7] or "before its history"
        return (f"Changes to the register from {code_span(changes.since)} ({start}) to "
                f"{code_span(changes.until)} ({changes.until_commit[:7]})")
    return f"Changes to the register since {code_span(changes.since)} ({changes.commit[:7]})"


def as_markdown(changes: RegisterChanges) -> str:
    head = f"### {_heading(changes)}"
    if changes.empty:
        return f"{head}\n\nNo changes to the register.\n" + _errors_note(changes, "\n")
    lines = [head]
    for kind in ORDER:
        records = changes.records[kind]
        if records:
            lines += ["", f"#### {kind.plural_label}", ""]
            for c in records:
                lines.append(f"- **{c.change}** `{c.id}`: {_md(c.label)}")
                lines += [f"  - {_md(field_lines(f, changes.names))}" for f in c.fields]
    if changes.affected:
        lines += ["", f"**Authorities affected:** {_md(', '.join(changes.affected))}"]
    if changes.figures:
        lines += ["", "#### Headline figures", "", "| Year | Figure | Before | After | Who |",
                  "|---|---|---:|---:|---|"]
        for f in changes.figures:
            who = ", ".join([f"+ {n}" for n in f.gained] + [f"− {n}" for n in f.lost])
            lines.append(f"| {_md(f.year_label)} ({f.year}) | {_md(f.figure)} | {f.old} | "
                         f"{f.new} | {_md(who)} |")
    return "\n".join(lines) + "\n" + _errors_note(changes, "\n")


def _errors_note(changes: RegisterChanges, lead: str = "") -> str:
    if not changes.errors_after:
        return ""
    where = f"the register at {changes.until}" if changes.until else "the working tree"
    return (f"{lead}Note: {where} has {changes.errors_after} data error(s); records "
            "with errors are left out of this comparison (tsp validate lists them).\n")
