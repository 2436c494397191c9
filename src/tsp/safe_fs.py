"""Walking and reading the register's folders as hostile input: nothing outside is ever read.

Data and templates arrive by pull request, and CI reads them with the checkout's credentials on
disk. So every file and folder tsp reads under data/, templates/ or schemas/ must resolve to a
path inside the repository and outside .git/; a link that leads anywhere else is a problem
naming the link, and its target is never opened. Link loops and absurdly deep trees, dangling
links, FIFOs, sockets and devices, and names with control characters or stray spaces are
reported instead of crashing or being skipped in silence. `shown()` makes any name safe to print.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from tsp.problems import Problem, Severity

# data/packages/ and templates/ hold files and, at most, a folder or two of partials.
MAX_DEPTH = 16
MAX_ENTRIES = 200_000  # entries one walk looks at before it stops and says so


class Unsafe(Exception):
    """A path tsp will not read; the message says why (it names the path, escaped)."""

    def __init__(self, message: str, code: str = "layout") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def shown(text: object) -> str:
    """Text safe to print anywhere: control and format characters (ESC, a newline, U+2028,
    a bidi override) are written as escapes, so a file name cannot move the cursor, set the
    clipboard (OSC 52) or forge an output line."""
    value = str(text)
    if value.isprintable():
        return value
    parts = []
    for char in value:
        code = ord(char)
        parts.append(char if char.isprintable() or char == " " else
                     f"\\x{code:02x}" if code < 0x100 else
                     f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(parts)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _real_root(root: Path) -> str:
    return os.path.realpath(root)


def where_it_leads(path: Path, root: Path, within: Path | None = None) -> str | None:
    """None when `path` (after every link) is inside the repository and outside .git/ (and
    inside `within`, when given); else why tsp will not read it."""
    real_root = _real_root(root)
    try:
        real = os.path.realpath(path, strict=True)
    except FileNotFoundError:
        target = _link_text(path)
        if target is not None:
            return f"a symbolic link to {shown(target)}, which does not exist"
        return None  # not there at all: the caller says so in its own words
    except OSError as exc:
        if exc.errno is not None and exc.errno in (40, 62):  # ELOOP (Linux, macOS)
            return "a symbolic link loop (it leads back to itself)"
        return f"cannot be followed ({exc.strerror})"
    except RuntimeError:  # a loop, on Pythons that raise it
        return "a symbolic link loop (it leads back to itself)"
    git = os.path.join(real_root, ".git")
    if not _inside(real, real_root):
        return f"a symbolic link to {shown(real)}, outside the register"
    if _inside(real, git):
        return f"a symbolic link to {shown(real)}, inside .git/"
    if within is not None and not _inside(real, os.path.realpath(within)):
        return (f"a symbolic link to {shown(_relative(Path(real), Path(real_root)))}, outside "
                f"{shown(_relative(within, root))}/")
    return None


def _link_text(path: Path) -> str | None:
    try:
        return os.readlink(path)
    except OSError:
        return None


def check_contained(path: Path, root: Path, what: str = "file", within: Path | None = None
                    ) -> None:
    """Unsafe unless `path` resolves inside the repository (and `within`), outside .git/, to
    a regular file (what="file") or a folder (what="folder")."""
    reason = where_it_leads(path, root, within)
    if reason is not None:
        raise Unsafe(f"this is {reason}; tsp does not follow it (put the {what} itself here)")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise Unsafe(f"cannot read it: {exc.strerror}", "io") from None
    if what == "folder" and not stat.S_ISDIR(mode):
        raise Unsafe(f"this is {_kind(mode)}, not a folder")
    if what == "file" and not stat.S_ISREG(mode):
        raise Unsafe(f"this is {_kind(mode)}, not a regular file; tsp reads only regular "
                     "files")


class NotRegular(Exception):
    """A path that opened as a folder, FIFO, socket or device: never read."""

    def __init__(self, mode: int) -> None:
        super().__init__(_kind(mode))
        self.kind = _kind(mode)  # "a FIFO (named pipe)", "a folder", ...
        self.is_folder = stat.S_ISDIR(mode)


def open_regular(path: str | Path) -> tuple[int, os.stat_result]:
    """The one way tsp opens a file it did not write: a file descriptor and its status, for a
    regular file only. Opened without blocking (a FIFO cannot hang the reader) and checked on
    the open file, so nothing swapped in after an earlier check slips through. Raises
    OSError when it cannot be opened, NotRegular (closing it) when it is not a regular file;
    the caller closes the descriptor."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(info.st_mode)
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def read_at_most(fd: int, most: int | None) -> bytes:
    """At most `most` bytes of an open file (None: all of it); read past a limit by one byte
    to tell the caller it is over."""
    chunks: list[bytes] = []
    got = 0
    while most is None or got < most:
        chunk = os.read(fd, 1 << 20 if most is None else min(most - got, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_bytes(path: Path, root: Path, limit: int, within: Path | None = None) -> bytes:
    """The bytes of a contained regular file, at most `limit` + 1 of them (the caller says
    'too large')."""
    check_contained(path, root, within=within)
    try:
        fd, _ = open_regular(os.path.realpath(path))
    except NotRegular as exc:
        raise Unsafe(f"this is {exc.kind}, not a regular file; tsp reads only "
                     "regular files") from None
    except OSError as exc:
        raise Unsafe(f"cannot read the file: {exc.strerror}", "io") from None
    try:
        return read_at_most(fd, limit + 1)
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def odd_name(name: str) -> str | None:
    """Why a file name cannot be a record's, or None: a name that only looks right
    ('x.yaml ' with a trailing space, a control character) would be skipped in silence."""
    if not name.isprintable():
        return "has a control or invisible character in its name"
    if name != name.strip():
        return "has a space at the start or end of its name"
    return None


@dataclass
class Walk:
    """What a walk found: the regular files (sorted, depth first) and the problems."""

    names: list[str] = field(default_factory=list)  # the files' paths, as strings
    problems: list[Problem] = field(default_factory=list)
    # The folders it went into (paths, as strings): an empty one is still part of what the
    # register holds (a stray folder in data/figures/ is warned about), so a cache keys on it.
    folders: list[str] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        """The regular files found, as Paths."""
        return [Path(name) for name in self.names]


def walk(folder: Path, root: Path, suffixes: tuple[str, ...] = ()) -> Walk:
    """Every regular file under `folder` (hidden names skipped), depth first and sorted,
    following links only where they stay inside the repository and outside .git/.

    A folder whose name ends in one of `suffixes` is a problem (a record is one file).
    A folder that is missing gives nothing (the caller knows whether it must exist)."""
    found = Walk()
    if not os.path.lexists(folder):
        return found
    reason = where_it_leads(folder, root)
    if reason is not None:
        found.problems.append(_problem(folder, root, reason))
        return found
    try:
        real = os.stat(folder)
    except OSError as exc:
        found.problems.append(Problem(folder, 1, 1, Severity.ERROR,
                                      f"cannot read the folder: {exc.strerror}", "io"))
        return found
    if not stat.S_ISDIR(real.st_mode):
        return found
    seen = {(real.st_dev, real.st_ino)}
    budget = [MAX_ENTRIES]
    _walk(folder, root, suffixes, 0, seen, budget, found)
    return found


def _problem(path: Path, root: Path, reason: str, severity: Severity = Severity.ERROR
             ) -> Problem:
    return Problem(path, 1, 1, severity,
                   f"this is {reason}; tsp does not follow it (put the file or folder itself "
                   "here)", "layout")


def _walk(folder: Path, root: Path, suffixes: tuple[str, ...], depth: int,
          seen: set[tuple[int, int]], budget: list[int], found: Walk) -> None:
    # Iterative would need the same bookkeeping; depth is capped at MAX_DEPTH, far from
    # Python's recursion limit.
    try:
        with os.scandir(folder) as entries:
            listed = sorted(entries, key=lambda e: e.name)
    except FileNotFoundError:
        return
    except OSError as exc:
        found.problems.append(Problem(folder, 1, 1, Severity.ERROR,
                                      f"cannot read the folder: {exc.strerror}", "io"))
        return
    for entry in listed:
        if entry.name.startswith("."):
            continue
        budget[0] -= 1
        if budget[0] < 0:
            found.problems.append(Problem(folder, 1, 1, Severity.ERROR,
                                          f"more than {MAX_ENTRIES:,} entries; tsp stopped "
                                          "looking here", "layout"))
            return
        odd = odd_name(entry.name)
        if odd is not None:
            found.problems.append(Problem(
                Path(entry.path), 1, 1, Severity.ERROR, f"'{shown(entry.name)}' {odd}; tsp "
                "does not read it (rename it, e.g. without the space)", "name"))
            continue
        # The entry's own type (from the folder listing, no system call on Linux): a file
        # that is no link is a regular file, and kept as a string; only links, folders and
        # whatever else is there are looked at further.
        try:
            if entry.is_symlink():
                path = Path(entry.path)
                reason = where_it_leads(path, root)
                if reason is not None:
                    found.problems.append(_problem(path, root, reason))
                    continue
                info = os.stat(entry.path)
            elif entry.is_file(follow_symlinks=False):
                found.names.append(entry.path)
                continue
            else:
                info = entry.stat(follow_symlinks=False)
        except OSError as exc:
            found.problems.append(Problem(Path(entry.path), 1, 1, Severity.ERROR,
                                          f"cannot read it: {exc.strerror}", "io"))
            continue
        path = Path(entry.path)
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in seen:
                found.problems.append(_problem(
                    path, root, "a symbolic link to a folder tsp has already read (a link loop)"))
                continue
            if entry.name.lower().endswith(suffixes) and suffixes:
                found.problems.append(Problem(
                    path, 1, 1, Severity.ERROR, f"'{shown(entry.name)}' is a folder, not a "
                    "file; a record is one YAML file", "layout"))
                continue
            if depth + 1 > MAX_DEPTH:
                found.problems.append(Problem(
                    path, 1, 1, Severity.ERROR, f"folders nest more than {MAX_DEPTH} levels "
                    "deep here; tsp does not look further (records need no sub-folders)",
                    "layout"))
                continue
            seen.add(key)
            found.folders.append(entry.path)
            _walk(path, root, suffixes, depth + 1, seen, budget, found)
        elif stat.S_ISREG(info.st_mode):
            found.names.append(entry.path)
        else:
            found.problems.append(Problem(
                path, 1, 1, Severity.ERROR, f"'{shown(entry.name)}' is {_kind(info.st_mode)}, "
                "not a regular file; tsp reads only regular files (delete it)", "layout"))
