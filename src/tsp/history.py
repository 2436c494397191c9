"""The register over time: as it was recorded at a date or revision (--as-of); each record's
history (tsp history) is tsp.record_history.

Two dates are kept apart. When a fact was *recorded* is the commit that put it in the register
on the first-parent history of the current branch (what `--as-of` reads); when it was *true*
is the record's own date (a status change's `on:`, an evidence entry's date: what
`--status-on` reads, with tsp.queries.status_on). The register at a commit is read from git's
object store into memory (tsp.git) and loaded through the one loader (tsp.load), so the content-keyed cache serves
every file that is the same as in any register loaded before.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from tsp.dates import day_text, parse_date
from tsp.git import Commit, HistoryError, commit_of, files_at, first_parent, toplevel
from tsp.kinds import DATA_DIR

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Snapshot:
    """The register as recorded on `day`: the commit that held it then."""

    asked: str
    commit: Commit
    day: dt.date

    @property
    def words(self) -> str:
        return f"as recorded in the register on {day_text(self.day)}, version {self.commit.short}"


def is_date(text: str) -> bool:
    return bool(_DATE.match(text.strip()))


def end_of(day: dt.date) -> dt.datetime:
    """The last moment of a day (UTC): a date names the register as it stood that evening."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.timezone.utc)


def commit_on(top: Path, day: dt.date, what: str = "--as-of") -> Commit:
    """The last commit of the current branch's first-parent history recorded by the end of
    `day` (UTC)."""
    if day > dt.datetime.now(dt.timezone.utc).date():
        raise HistoryError(f"{what} {day.isoformat()} is in the future; the register records "
                           "what happened, up to today.")
    history = first_parent(top)
    cutoff = end_of(day)
    for commit in history:  # newest first
        if commit.when < cutoff:
            return commit
    first = history[-1]
    raise HistoryError(
        f"{what} {day.isoformat()} is before the register's history begins: its first commit "
        f"was recorded on {day_text(first.when.date())} ({first.short}).",
        hint=f"Give a date on or after {first.when.date().isoformat()}.")


def resolve(root: Path, text: str, what: str = "--as-of") -> Snapshot:
    """The commit a date (YYYY-MM-DD: the end of that day, UTC) or a revision names."""
    top = toplevel(root)
    text = text.strip()
    if is_date(text):
        day = parse_date(text, what)
        return Snapshot(text, commit_on(top, day, what), day)
    commit = commit_of(top, text)
    return Snapshot(text, commit, commit.when.date())


def start_of(root: Path, text: str, what: str = "--from") -> Snapshot | None:
    """The register as recorded at the start of a period: for a date, by the end of the day
    before it (None when that is before the register's history begins); for a revision, at
    that commit."""
    top = toplevel(root)
    text = text.strip()
    if not is_date(text):
        return resolve(root, text, what)
    day = parse_date(text, what)
    history = first_parent(top)
    if history and history[-1].when >= end_of(day - dt.timedelta(days=1)):
        return None  # the period starts before anything was recorded: everything is new
    return Snapshot(text, commit_on(top, day - dt.timedelta(days=1), what),
                    day - dt.timedelta(days=1))


def files_of(root: Path, snapshot: Snapshot) -> dict[str, bytes]:
    """The register's files as committed in the snapshot (bytes by path relative to root,
    data/...): what tsp.load.load_checked(root, files=...) loads, as it loads the disk."""
    return files_at(toplevel(root), root, snapshot.commit.sha, DATA_DIR)
