"""Where a report came from: when it was generated, and from which commit of the data.

Every report ends with this, so a reader can tell two printed copies apart. The time can be
fixed with SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/) so that
golden files and reproducible builds get the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tsp.dates import MONTHS
from tsp.errors import UsageError
from tsp.git import GitUnavailable, run_git

if TYPE_CHECKING:
    from tsp.history import Snapshot

ENV_EPOCH = "SOURCE_DATE_EPOCH"
GIT_TIMEOUT = 5.0


@dataclass(frozen=True)
class Footer:
    generated: str
    date: str
    day: str  # "1 December 2026", as a reader writes a date
    git: bool
    commit: str
    dirty: bool
    as_of: bool = False  # the data as committed on `day` (tsp report --as-of), not as it is now


def generation_time(environ: dict[str, str] | None = None) -> dt.datetime:
    """Now, or the fixed moment SOURCE_DATE_EPOCH names (seconds since 1970, UTC)."""
    value = (os.environ if environ is None else environ).get(ENV_EPOCH, "").strip()
    if not value:
        return dt.datetime.now(dt.timezone.utc)
    try:
        return dt.datetime.fromtimestamp(int(value), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            f"{ENV_EPOCH}={value!r} is not a time: set it to whole seconds since "
            "1970-01-01 UTC, e.g. 1774915200, or unset it."
        ) from None


def _git(root: Path, *args: str) -> str | None:
    """git's output, or None where git is missing, slow, or this is not a checkout: the footer
    then says so, and a report is never refused for it."""
    try:
        done = run_git(root, *args, timeout=GIT_TIMEOUT)
    except GitUnavailable:
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def data_commit(root: Path) -> tuple[str, bool] | None:
    """(short commit, whether data/ or templates/ have uncommitted changes), or None."""
    commit = _git(root, "rev-parse", "--short", "HEAD")
    if commit is None or not commit.strip():
        return None
    status = _git(root, "status", "--porcelain", "--", "data", "templates")
    return commit.strip(), bool(status and status.strip()) or _ignored_inputs(root)


# What tsp reads from data/ and templates/; an ignored editor backup or .DS_Store is not.
_READ_SUFFIXES = (".yaml", ".yml", ".md", ".j2")


def _ignored_inputs(root: Path) -> bool:
    """Whether a git-ignored file that tsp reads sits in data/ or templates/: a report made
    from it is not the commit's, so the footer must not say 'from commit X' alone."""
    listed = _git(root, "ls-files", "--others", "--ignored", "--exclude-standard", "-z", "--",
                  "data", "templates")
    if not listed:
        return False
    for name in listed.split("\0"):
        parts = name.split("/")
        if name.endswith(_READ_SUFFIXES) and not any(p.startswith(".") for p in parts):
            return True
    return False


def footer(root: Path, when: dt.datetime, as_of: Snapshot | None = None,
           internal: bool = False) -> Footer:
    if as_of is not None:
        # The register as it was recorded then. A reader's report names the date; only the
        # team's (--internal) names the version too.
        day = as_of.day
        return Footer(
            generated=when.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            date=day.isoformat(), day=f"{day.day} {MONTHS[day.month - 1]} {day.year}",
            git=internal, commit=as_of.commit.short if internal else "", dirty=False,
            as_of=True)
    found = data_commit(root)
    when = when.astimezone(dt.timezone.utc)
    return Footer(
        generated=when.strftime("%Y-%m-%d %H:%M UTC"),
        date=when.date().isoformat(),
        day=f"{when.day} {MONTHS[when.month - 1]} {when.year}",
        git=found is not None,
        commit=found[0] if found else "",
        dirty=found[1] if found else False,
    )
