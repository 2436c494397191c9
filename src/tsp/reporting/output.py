"""Report formats, and where a report file is written (atomically, by tsp.edits.atomic)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from tsp.edits.atomic import write_atomic
from tsp.reporting.errors import ReportUsageError

__all__ = ["EXTENSIONS", "ReportFormat", "choose_format", "write_atomic"]


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
