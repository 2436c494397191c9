"""Report formats, and where a report file is written (atomically, by tsp.edits.atomic)."""

from __future__ import annotations

import os
import re
import stat
import sys
from enum import StrEnum
from pathlib import Path

from tsp.edits.atomic import write_atomic
from tsp.reporting.errors import ReportUsageError

__all__ = ["EXTENSIONS", "ReportFormat", "choose_format", "is_stream", "write_atomic",
           "write_output"]


class ReportFormat(StrEnum):
    MD = "md"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"


EXTENSIONS: dict[str, ReportFormat] = {
    ".md": ReportFormat.MD,
    ".markdown": ReportFormat.MD,
    ".html": ReportFormat.HTML,
    ".htm": ReportFormat.HTML,
    ".docx": ReportFormat.DOCX,
    ".pdf": ReportFormat.PDF,
}


def choose_format(explicit: ReportFormat | None, output: Path | None) -> ReportFormat:
    """--format if given, else the -o file's extension, else Markdown."""
    by_name = EXTENSIONS.get(output.suffix.lower()) if output is not None else None
    if explicit is not None:
        if output is not None and by_name is not None and by_name is not explicit:
            raise ReportUsageError(
                f"--format {explicit} does not match the file name {output.name} "
                f"({output.suffix} is {by_name}); change one of them."
            )
        return explicit
    if output is None:
        return ReportFormat.MD
    if by_name is None:
        known = ", ".join(EXTENSIONS)
        raise ReportUsageError(
            f"Cannot tell the format from the file name {output.name}: use an extension "
            f"({known}) or --format md|html|docx|pdf."
        )
    return by_name


_FD_PATH = re.compile(r"^/(?:dev/fd|proc/self/fd)/(\d+)$")
_STD_PATHS = {"/dev/stdout": 1, "/dev/stderr": 2}


def _descriptor(output: Path) -> int | None:
    """The open file descriptor `-o` names ('-', /dev/stdout, /dev/fd/N), or None."""
    text = str(output)
    if text == "-":
        return 1
    if text in _STD_PATHS:
        return _STD_PATHS[text]
    match = _FD_PATH.match(text)
    return int(match.group(1)) if match else None


def is_stream(output: Path) -> bool:
    """Whether `-o` names something written as a stream (stdout, a FIFO, a device), not a
    file that is replaced whole."""
    if _descriptor(output) is not None:
        return True
    try:
        mode = os.stat(output).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def write_output(output: Path, data: bytes) -> str:
    """Write a report where `-o` points, never destroying what is there; returns how it was
    written ('file' or 'stream').

    A regular file (or a link to one) is replaced atomically, and a link stays a link: its
    target is what is replaced. Standard output ('-', /dev/stdout, /dev/fd/N), a FIFO or a
    character device (/dev/null) is written to as a stream: replacing /dev/null with a file
    as root would break the machine. Anything else (a block device, a socket, a file with
    other hard links, which an atomic replace would silently split) is refused, exit 2."""
    fd = _descriptor(output)
    if fd is not None:
        if fd == 1:
            sys.stdout.flush()
        _write_all(fd, data)
        return "stream"
    try:
        info = os.stat(output)
    except FileNotFoundError:
        write_atomic(output, data)
        return "file"
    except OSError as exc:
        raise ReportUsageError(f"Cannot write {output}: {exc.strerror}.") from None
    mode = info.st_mode
    if stat.S_ISREG(mode):
        if info.st_nlink > 1:
            raise ReportUsageError(
                f"Cannot write {output}: it has {info.st_nlink} hard links, and replacing it "
                "would leave the others with the old report; write to a new file name.")
        write_atomic(Path(os.path.realpath(output)), data)
        return "file"
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        try:
            # No O_CREAT, no O_TRUNC: a stream is written to, never made or emptied.
            target = os.open(output, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        except OSError as exc:
            raise ReportUsageError(f"Cannot write {output}: {exc.strerror}.") from None
        try:
            _write_all(target, data)
        finally:
            os.close(target)
        return "stream"
    kind = "a folder" if stat.S_ISDIR(mode) else "a block device" if stat.S_ISBLK(mode) \
        else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
    raise ReportUsageError(f"Cannot write {output}: it is {kind}; give a file name.")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
