"""Report formats, and writing a report file atomically: all of it, or nothing changed."""

from __future__ import annotations

import contextlib
import os
from enum import StrEnum
from pathlib import Path

from tsp.errors import WriteError
from tsp.reporting.errors import ReportUsageError


class ReportFormat(StrEnum):
    MD = "md"
    HTML = "html"
    DOCX = "docx"


EXTENSIONS: dict[str, ReportFormat] = {
    ".md": ReportFormat.MD,
    ".markdown": ReportFormat.MD,
    ".html": ReportFormat.HTML,
    ".htm": ReportFormat.HTML,
    ".docx": ReportFormat.DOCX,
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
            f"({known}) or --format md|html|docx."
        )
    return by_name


def _umask() -> int:
    # The only portable way to read the umask is to set it and set it back.
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`: a reader, a crash or
    a full disk never sees half a report, and on failure an existing file is left untouched."""
    import tempfile  # here, not at the top: every command imports this module at startup

    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise WriteError(f"Cannot write {path}: the folder {folder} does not exist.")
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    except OSError:
        mode = 0o644
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)  # mkstemp makes 0600; a report is meant to be shared
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError):
            raise WriteError(f"Cannot write {path}: {exc.strerror or exc}; "
                             "nothing was changed.") from None
        raise
