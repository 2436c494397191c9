"""Running git: the one place tsp starts it (tsp changes reads the register's history; every
report's footer names the commit it was made from)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tsp.errors import UsageError


class GitUnavailable(UsageError):
    """git could not be run: it is not installed, not on PATH, or did not answer in time."""


def run_git(cwd: Path, *args: str, stdin: bytes | None = None,
            timeout: float | None = None) -> subprocess.CompletedProcess[bytes]:
    """git's result, whatever its exit status (the caller reads it), or GitUnavailable.

    A revision from the command line must never reach `args` where git could read it as an
    option: callers refuse one that starts with '-'.
    """
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, timeout=timeout,
            check=False,
            # tsp only reads; it must not take git's index lock from under the user's own git.
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitUnavailable(f"git could not be run ({exc}).") from None
