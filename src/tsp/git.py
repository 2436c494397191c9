"""Running git: the one place tsp starts it (tsp changes reads the register's history; every
report's footer names the commit it was made from)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
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


# --- the register's history ----------------------------------------------------------------
# Read with git's own plumbing, no library: `git log` for the commits and `git cat-file --batch`
# for the blobs (one process each, however many files or commits). pygit2 would read blobs a
# little faster, but it is a compiled dependency for every user and CI image, and the
# cat-file path already reads the whole register at a commit in a few milliseconds
# (benchmarks/bench_history.py).

# Generous (a national register's history), but CI must never wait for ever on a git that
# hangs (a credential prompt, a lock, a network file system).
HISTORY_TIMEOUT = 120.0
_FIELD = "\x1f"  # separates a commit's fields in `git log --format`


class HistoryError(UsageError):
    """The register's history cannot be read as asked."""


@dataclass(frozen=True)
class Commit:
    sha: str
    when: dt.datetime  # the committer date, UTC: when the change was recorded on the branch
    author: str
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]


def git_output(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """git's standard output, or HistoryError quoting git's own complaint."""
    try:
        done = run_git(cwd, *args, stdin=stdin, timeout=HISTORY_TIMEOUT)
    except GitUnavailable as exc:
        if "timed out" in str(exc):
            raise HistoryError(f"git did not answer within {HISTORY_TIMEOUT:g} seconds (git "
                               f"{' '.join(args[:2])}).") from None
        raise HistoryError("git is not installed (or not on PATH); tsp reads the register's "
                           "history with git.") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if any("does not have any commits yet" in line or "bad revision 'HEAD'" in line
               for line in said):
            raise HistoryError("the register has no history yet: nothing has been committed.",
                               hint="Commit the register first (git add data && git commit).")
        raise HistoryError(f"git {args[0]} failed: {said[-1] if said else 'no message'}",
                           hint="The repository may be damaged: `git fsck` says what is "
                           "wrong.")
    return done.stdout


def toplevel(root: Path) -> Path:
    """The top of the git work tree holding root; HistoryError if root is in none."""
    try:
        done = run_git(root, "rev-parse", "--show-toplevel", "--is-shallow-repository",
                       timeout=HISTORY_TIMEOUT)
    except GitUnavailable:
        raise HistoryError("git is not installed (or not on PATH); tsp reads the register's "
                           "history with git.") from None
    if done.returncode != 0:
        raise HistoryError(f"{root} is not in a git repository, so the register has no "
                           "history to read.",
                           hint="Run it in a clone of the register (git clone …).")
    top, shallow = done.stdout.decode().split("\n")[:2]
    if shallow.strip() == "true":
        raise HistoryError("the register's history is not in this clone (shallow); fetch it "
                           "with `git fetch --unshallow`",
                           hint="In GitHub Actions, check out with `fetch-depth: 0`.")
    return Path(top)


def first_parent(top: Path, rev: str = "HEAD", paths: tuple[str, ...] = ()) -> list[Commit]:
    """The commits of rev's first-parent history (newest first), optionally only those that
    change `paths`."""
    text = git_output(top, "log", "--first-parent", "-z", f"--format=%H{_FIELD}%ct{_FIELD}"
                      f"%an{_FIELD}%s", rev, "--", *paths).decode("utf-8", "replace")
    return [_commit(entry) for entry in text.split("\0") if entry]


def _commit(entry: str) -> Commit:
    sha, seconds, author, subject = entry.split(_FIELD, 3)
    return Commit(sha, dt.datetime.fromtimestamp(int(seconds), dt.timezone.utc), author,
                  subject)


def commit_of(top: Path, rev: str) -> Commit:
    """The commit a revision (branch, tag, commit) names; HistoryError if it names none."""
    if rev.startswith("-") or not rev.strip():
        raise HistoryError(f"'{rev}' is not a revision; give a date (YYYY-MM-DD), a branch, "
                           "a tag or a commit.")
    done = run_git(top, "rev-parse", "--verify", "--quiet", "--end-of-options",
                   f"{rev}^{{commit}}", timeout=HISTORY_TIMEOUT)
    if done.returncode != 0:
        raise HistoryError(f"'{rev}' names no commit of this repository.",
                           hint="Give a date (YYYY-MM-DD), a branch, a tag or a commit, e.g. "
                           "2026-03-31, main or HEAD~3; in a fresh clone run `git fetch "
                           "origin` first.")
    sha = done.stdout.decode().strip()
    entry = git_output(top, "log", "-1", "-z", f"--format=%H{_FIELD}%ct{_FIELD}%an{_FIELD}%s",
                       sha).decode("utf-8", "replace")
    return _commit(entry.strip("\0"))


def tree_files(top: Path, commit: str, folder: str) -> list[tuple[str, str]]:
    """(blob id, path from the top) of each regular file under `folder` at `commit`."""
    listing = git_output(top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", folder)
    blobs: list[tuple[str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        # Regular files only: a symlink in data/ is not part of the register.
        if kind == "blob" and mode in ("100644", "100755"):
            blobs.append((sha, name.decode("utf-8", "surrogateescape")))
    return blobs


def read_blobs(top: Path, shas: list[str], what: str = "") -> dict[str, bytes]:
    """The contents of these blobs, by id, through one `git cat-file --batch`. A blob git
    does not have (a damaged repository) is a HistoryError naming it, never a traceback."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return {}
    output = git_output(top, "cat-file", "--batch",
                        stdin="".join(f"{s}\n" for s in wanted).encode())
    blobs: dict[str, bytes] = {}
    offset = 0
    for sha in wanted:
        header_end = output.find(b"\n", offset)
        header = output[offset:header_end].split() if header_end >= 0 else []
        if len(header) != 3 or header[1] != b"blob":
            raise HistoryError(
                f"git cannot read {what or 'a file of the register'} (object {sha[:12]} is "
                f"{header[1].decode('utf-8', 'replace') if len(header) > 1 else 'missing'}): "
                "the repository is damaged.",
                hint="`git fsck` says what is missing; a fresh clone of the register "
                "repairs it.")
        size = int(header[2])
        blobs[sha] = output[header_end + 1: header_end + 1 + size]
        offset = header_end + 1 + size + 1
    return blobs


def files_at(top: Path, root: Path, commit: str, folder: str) -> dict[str, bytes]:
    """The files under root/folder as they were at `commit`, by path relative to root, read
    from git's object store into memory (never written out: a national register is 10,000
    files)."""
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    path = folder if prefix == "." else f"{prefix}/{folder}"
    blobs = tree_files(top, commit, path)
    contents = read_blobs(top, [sha for sha, _ in blobs], f"{path} at {commit[:12]}")
    files: dict[str, bytes] = {}
    for sha, name in blobs:
        relative = name[len(prefix) + 1:] if prefix != "." else name
        if ".." not in relative.split("/"):
            files[relative] = contents[sha]
    return files
