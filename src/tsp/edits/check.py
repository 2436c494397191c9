"""An edit, checked in memory before anything is written.

Every command that changes a record (tsp set, status, fund, log, new) builds the file's new
text, then `check_text` loads that text as the record it would be, in memory, and checks the
register holding it the way `tsp validate` checks the repository. Only problems the edit brings
are held against it: errors refuse it (nothing is written), warnings are shown with it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from tsp import queries
from tsp.authorities import resolve
from tsp.checks import check
from tsp.edits.atomic import write_atomic
from tsp.errors import DataError, RejectedChange
from tsp.kinds import RecordKind
from tsp.load import SUFFIXES, load_text, names_to_ids
from tsp.models import Authority, Package, Record
from tsp.problems import Problem
from tsp.register import Register


@dataclass(frozen=True)
class Edit:
    """A checked change to one file, ready to write."""

    root: Path
    path: Path
    old_text: str
    new_text: str
    changes: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()
    bom: bool = False

    @property
    def relative_path(self) -> str:
        try:
            return str(self.path.relative_to(self.root))
        except ValueError:
            return str(self.path)

    def diff(self) -> str:
        return "".join(difflib.unified_diff(
            self.old_text.splitlines(keepends=True), self.new_text.splitlines(keepends=True),
            fromfile=f"a/{self.relative_path}", tofile=f"b/{self.relative_path}",
        ))

    def write(self) -> None:
        # Compare-and-swap: written only if the file still holds what the edit was made from
        # (its byte-order mark, if it had one, kept).
        mark = "\ufeff" if self.bom else ""
        write_atomic(self.path, mark + self.new_text, expected=mark + self.old_text)


def check_text(register: Register, kind: RecordKind, record_id: str, path: Path,
               text: str) -> list[Problem]:
    """The problems `text` would bring as the record `record_id` at `path`.

    Errors raise RejectedChange (nothing is written); warnings are returned. Problems the
    register already had are not the edit's and are left out.
    """
    record, problems = load_text(path, text, kind.model, names_to_ids(register))
    if record is not None:
        problems = problems + check(register.with_record(kind, record, path, text))
    known = {(p.path, p.message) for p in register.problems + check(register)}
    new = sorted(p for p in problems if (p.path, p.message) not in known)
    errors = [p for p in new if p.is_error]
    if errors:
        relative = path.relative_to(register.root) if path.is_relative_to(register.root) else path
        raise RejectedChange(errors, f"Nothing was written: this would make {relative} "
                             "invalid.", root=register.root)
    return [p for p in new if not p.is_error]


def checked_edit(register: Register, kind: RecordKind, record_id: str, path: Path,
                 new_text: str, changes: tuple[str, ...], bom: bool, *, old_text: str) -> Edit:
    warnings = check_text(register, kind, record_id, path, new_text)
    return Edit(register.root, path, old_text, new_text, changes, tuple(warnings), bom)


def find_record(register: Register, kind: RecordKind, text: str) -> Record:
    """A record to edit: a package by id, an authority by id, name, alias or code.

    A record whose file has errors is refused with those errors (DataError)."""
    records = register.of(kind)
    if text in records:
        return records[text]
    _broken_file(register, kind, text)
    if kind is RecordKind.AUTHORITY:
        return resolve(register.authorities, text)
    return queries.find_package(register, text)


def find_package(register: Register, text: str) -> Package:
    package = find_record(register, RecordKind.PACKAGE, text)
    assert isinstance(package, Package)
    return package


def find_authority(register: Register, text: str) -> Authority:
    authority = find_record(register, RecordKind.AUTHORITY, text)
    assert isinstance(authority, Authority)
    return authority


def _broken_file(register: Register, kind: RecordKind, record_id: str) -> None:
    for suffix in SUFFIXES:
        path = register.folder(kind) / f"{record_id}{suffix}"
        problems = [p for p in register.errors if p.path == path]
        if path.is_file() and problems:
            raise DataError(problems, f"{path.relative_to(register.root)} has errors; fix them "
                            "first (tsp validate lists them all).", root=register.root)
