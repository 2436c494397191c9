"""tsp history ID: every change to one record, field by field, as the register recorded it.

One `git log --first-parent --raw -M` over the record kind's folder finds the commits that
touched the record's file (following a rename: a renamed file is a record whose id changed),
one `git cat-file --batch` reads each version, and each version is read by the loader's own
`load_record` (tsp.load.records.Versions: through the content-keyed cache, so a second run
parses nothing). A year's
narrative (data/years/ID.md) is part of the year's history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tsp.changes import ORDER, FieldChange, field_lines
from tsp.errors import NotFound
from tsp.escape import escape_text
from tsp.git import Commit, git_output, read_blobs, toplevel
from tsp.kinds import DATA_DIR, KINDS, RecordKind
from tsp.load import SUFFIXES
from tsp.load.records import Versions

_RECORD = "\x1e"
_FIELD = "\x1f"
_NO_BLOB = "0" * 40
NARRATIVE = "narrative"  # a year's Markdown, shown as one field of the year


@dataclass(frozen=True)
class Entry:
    """One commit's change to the record."""

    commit: Commit
    change: str  # added | changed | removed | renamed | unreadable
    path: str
    fields: tuple[FieldChange, ...] = ()
    renamed_from: str = ""
    problem: str = ""  # why this version could not be read as a record


@dataclass
class RecordHistory:
    record_id: str
    kind: RecordKind
    entries: list[Entry] = field(default_factory=list)  # oldest first

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.record_id, "kind": self.kind.noun, "changes": [
            {"commit": e.commit.sha, "date": e.commit.when.isoformat(),
             "author": e.commit.author, "subject": e.commit.subject, "change": e.change,
             "path": e.path, "renamed_from": e.renamed_from or None,
             "problem": e.problem or None,
             "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in e.fields]}
            for e in self.entries]}


@dataclass(frozen=True)
class _Touch:
    commit: Commit
    status: str  # git's: A M D R
    old_sha: str
    new_sha: str
    old_path: str
    new_path: str


def _log(top: Path, folder: str) -> list[tuple[Commit, list[tuple[str, str, str, str, str]]]]:
    """Each first-parent commit that changes `folder` (newest first), with its raw changes:
    (status, old blob, new blob, old path, new path)."""
    raw = git_output(top, "log", "--first-parent", "-z", "--raw", "--no-abbrev", "-M",
                     f"--format={_RECORD}%H{_FIELD}%ct{_FIELD}%an{_FIELD}%s", "HEAD", "--",
                     folder).decode("utf-8", "surrogateescape")
    commits = []
    for chunk in raw.split(_RECORD)[1:]:
        header, _, rest = chunk.partition("\0")
        sha, seconds, author, subject = header.split(_FIELD, 3)
        commit = Commit(sha, dt.datetime.fromtimestamp(int(seconds), dt.timezone.utc), author,
                        subject)
        tokens = rest.lstrip("\n").split("\0")
        changes = []
        i = 0
        while i < len(tokens):
            meta = tokens[i]
            if not meta.startswith(":"):
                i += 1
                continue
            _, _, old_sha, new_sha, status = meta[1:].split(" ")
            if status[0] in "RC":
                changes.append((status[0], old_sha, new_sha, tokens[i + 1], tokens[i + 2]))
                i += 3
            else:
                changes.append((status[0], old_sha, new_sha, tokens[i + 1], tokens[i + 1]))
                i += 2
        commits.append((commit, changes))
    return commits


def _record_file(name: str, kind: RecordKind, record_id: str, prefix: str) -> bool:
    folder = f"{prefix}{DATA_DIR}/{kind.folder}/"
    if not name.startswith(folder) or "/" in name[len(folder):]:
        return False
    stem, dot, suffix = name[len(folder):].rpartition(".")
    return stem == record_id and f"{dot}{suffix}" in (*SUFFIXES, ".md")


def _touches(top: Path, prefix: str, record_id: str, kinds: tuple[RecordKind, ...]
             ) -> tuple[RecordKind, list[_Touch]]:
    """The kind the id is a record of, and the changes to its files, newest first, following
    renames back from the newest name."""
    for kind in kinds:
        log = _log(top, f"{prefix}{DATA_DIR}/{kind.folder}")
        tracked: set[str] = set()
        touches: list[_Touch] = []
        for commit, changes in log:
            for status, old_sha, new_sha, old_path, new_path in changes:
                if not tracked and _record_file(new_path, kind, record_id, prefix):
                    tracked.add(new_path)
                if new_path in tracked:
                    touches.append(_Touch(commit, status, old_sha, new_sha, old_path, new_path))
                    if status == "R":
                        tracked.add(old_path)
                # A year's narrative beside its YAML: the same record.
                if new_path not in tracked and kind is RecordKind.YEAR and any(
                        new_path.rsplit(".", 1)[0] == t.rsplit(".", 1)[0] for t in tracked):
                    tracked.add(new_path)
                    touches.append(_Touch(commit, status, old_sha, new_sha, old_path, new_path))
        if touches:
            return kind, touches
    folders = [kind.folder for kind in ORDER]
    raise NotFound(f"no record '{record_id}' in the register's history "
                   f"({', '.join(folders[:-1])} or {folders[-1]}).",
                   suggestions=[])


def record_history(root: Path, record_id: str) -> RecordHistory:
    """Every change to the record `record_id` on the current branch's first-parent history,
    oldest first."""
    top = toplevel(root)
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else f"{prefix}/"
    kind, touches = _touches(top, prefix, record_id, KINDS)
    blobs = read_blobs(top, [s for t in touches for s in (t.old_sha, t.new_sha)
                             if s != _NO_BLOB], f"the history of {record_id}")
    history = RecordHistory(record_id, kind)
    reader = _Versions(root, kind, prefix, blobs)
    for touch in reversed(touches):
        entry = _entry(touch, reader)
        last = history.entries[-1] if history.entries else None
        if last is not None and last.commit.sha == entry.commit.sha:
            # A year's YAML and narrative changed in one commit: one change to the year.
            first, second = (last, entry) if entry.path.endswith(".md") else (entry, last)
            entry = Entry(first.commit, first.change, first.path, first.fields + second.fields,
                          first.renamed_from, first.problem)
            history.entries[-1] = entry
        else:
            history.entries.append(entry)
    reader.versions.close()
    return history


class _Versions:
    """Each version of the record's file as fields, read once (a version is the new side of
    one change and the old side of the next), through the content-keyed cache: a record
    validated before is rebuilt from it, unparsed."""

    def __init__(self, root: Path, kind: RecordKind, prefix: str, blobs: dict[str, bytes]
                 ) -> None:
        self.root, self.kind, self.prefix, self.blobs = root, kind, prefix, blobs
        self.read: dict[tuple[str, str], tuple[dict[str, Any] | None, str]] = {}
        self.versions = Versions(root, kind, blobs.values())

    def __call__(self, sha: str, path: str, present: bool) -> tuple[dict[str, Any] | None, str]:
        if not present:
            return None, ""
        if (sha, path) not in self.read:
            self.read[(sha, path)] = self._read(sha, path)
        return self.read[(sha, path)]

    def _read(self, sha: str, path: str) -> tuple[dict[str, Any] | None, str]:
        content = self.blobs.get(sha)
        if content is None:
            return None, ""
        if path.endswith(".md"):
            return {NARRATIVE: content.decode("utf-8", "replace")}, ""
        file = self.root / path[len(self.prefix):]
        record, problems = self.versions.record(file, content)
        if record is None:
            return None, problems[0].message if problems else "not a record"
        return record.model_dump(mode="json", exclude_none=True), ""


def _entry(touch: _Touch, version: _Versions) -> Entry:
    prefix = version.prefix
    old, _ = version(touch.old_sha, touch.old_path, touch.status != "A")
    new, problem = version(touch.new_sha, touch.new_path, touch.status != "D")
    path = touch.new_path[len(prefix):]
    renamed = touch.old_path[len(prefix):] if touch.status == "R" else ""
    if touch.status == "D":
        return Entry(touch.commit, "removed", path)
    if new is None and problem:
        return Entry(touch.commit, "unreadable", path, problem=problem)
    before, after = old or {}, new or {}
    names = list(dict.fromkeys([*after, *before]))
    fields = tuple(FieldChange(name, before.get(name), after.get(name)) for name in names
                   if before.get(name) != after.get(name))
    change = "added" if touch.status == "A" or old is None and not renamed else (
        "renamed" if renamed else "changed")
    if change == "added":
        fields = tuple(f for f in fields if f.field == NARRATIVE)  # the record is shown whole
    return Entry(touch.commit, change, path, fields, renamed)


# --- showing -------------------------------------------------------------------------------


def _headline(history: RecordHistory) -> str:
    count = len(history.entries)
    return (f"History of {history.kind.noun} {history.record_id}, as recorded in the register "
            f"(oldest first): {count} change{'s' if count != 1 else ''}")


def _what(entry: Entry) -> str:
    if entry.change == "renamed":
        return f"renamed from {Path(entry.renamed_from).stem}"
    if entry.change == "unreadable":
        return f"not readable as a record: {entry.problem}"
    return entry.change


def field_texts(entry: Entry) -> list[str]:
    def one_line(value: Any) -> Any:
        return " ".join(value.split()) if isinstance(value, str) else value

    return [field_lines(FieldChange(f.field, one_line(f.old), one_line(f.new)), {})
            for f in entry.fields]


def as_text(history: RecordHistory) -> str:
    lines = [_headline(history)]
    for e in history.entries:
        lines += ["", f"{e.commit.when:%Y-%m-%d %H:%M} UTC  {e.commit.author}  "
                  f"{e.commit.short}  {e.commit.subject}", f"  {_what(e)}"]
        lines += [f"    {text}" for text in field_texts(e)]
    return "\n".join(lines) + "\n"


def as_markdown(history: RecordHistory) -> str:
    # Posted in an issue or a pull request: a subject or a value must not become a live
    # link, @mention, HTML or heading (tsp.escape).
    def md(text: str) -> str:
        return escape_text(text, emphasis=False)

    lines = [f"### {md(_headline(history))}"]
    for e in history.entries:
        lines += ["", f"- **{e.commit.when:%Y-%m-%d}** {md(e.commit.author)}: "
                  f"{md(e.commit.subject)} ({e.commit.short}): {md(_what(e))}"]
        lines += [f"  - {md(text)}" for text in field_texts(e)]
    return "\n".join(lines) + "\n"


def as_rows(history: RecordHistory) -> tuple[list[str], list[list[str]]]:
    """One row per field changed (and one for a change with no fields): for CSV."""
    import json

    def cell(value: Any) -> str:
        if value is None:
            return ""
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    columns = ["date", "commit", "author", "subject", "change", "path", "field", "old", "new"]
    rows = []
    for e in history.entries:
        head = [e.commit.when.isoformat(), e.commit.sha, e.commit.author, e.commit.subject,
                _what(e), e.path]
        rows += [head + [f.field, cell(f.old), cell(f.new)] for f in e.fields] or [
            head + ["", "", ""]]
    return columns, rows
