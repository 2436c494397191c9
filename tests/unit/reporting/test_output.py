"""Formats from --format or the file name, and atomic writes: all of a report or nothing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from tests.helpers import CliRun, write_template

from tsp.errors import WriteError
from tsp.reporting.errors import ReportUsageError
from tsp.reporting.output import ReportFormat, choose_format, write_atomic

OLD = b"the old report, intact\n"


@pytest.mark.parametrize(("explicit", "name", "expected"), [
    (None, None, ReportFormat.MD),
    (None, "r.md", ReportFormat.MD),
    (None, "r.markdown", ReportFormat.MD),
    (None, "R.HTML", ReportFormat.HTML),
    (None, "r.htm", ReportFormat.HTML),
    (None, "r.docx", ReportFormat.DOCX),
    (ReportFormat.HTML, None, ReportFormat.HTML),
    (ReportFormat.HTML, "r.html", ReportFormat.HTML),
    (ReportFormat.MD, "notes.txt", ReportFormat.MD),
])
def test_choose_format(explicit: ReportFormat | None, name: str | None,
                       expected: ReportFormat) -> None:
    assert choose_format(explicit, Path(name) if name else None) is expected


def test_a_format_that_contradicts_the_file_name_is_a_usage_error() -> None:
    with pytest.raises(ReportUsageError, match="--format html does not match the file name "
                       "r.docx"):
        choose_format(ReportFormat.HTML, Path("r.docx"))


def test_an_unknown_extension_without_format_is_a_usage_error() -> None:
    with pytest.raises(ReportUsageError, match="Cannot tell the format from the file name r.odt"):
        choose_format(None, Path("r.odt"))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_atomic_writes_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()
    target.chmod(0o640)
    write_atomic(target, b"newer")
    assert target.read_bytes() == b"newer"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failure_mid_write_leaves_the_old_file_and_no_temp(
        failing: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.html"
    target.write_bytes(OLD)
    seen: list[bytes] = []

    def fail(*args: object) -> None:
        # By now the new bytes are in the temporary file beside the target.
        seen.extend(p.read_bytes() for p in tmp_path.iterdir() if p.name.endswith(".tmp"))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(WriteError, match=r"Cannot write .*r.html: No space left on device; "
                       "nothing was changed."):
        write_atomic(target, b"half a report")
    assert seen == [b"half a report"]
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_an_interrupt_mid_write_also_cleans_up(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.md"
    target.write_bytes(OLD)

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_a_missing_folder_is_a_write_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="the folder .* does not exist"):
        write_atomic(tmp_path / "nope" / "r.md", b"x")


def test_the_cli_leaves_an_existing_file_alone_when_writing_fails(
        tsp: CliRun, scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = scratch / "year1.docx"
    target.write_bytes(OLD)

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = tsp("report", "year1", "-o", str(target), repo=scratch)
    assert result.exit_code == 1
    assert "No space left on device; nothing was changed." in result.stderr
    assert target.read_bytes() == OLD
    assert _leftovers(scratch) == []


def test_the_cli_writes_nothing_when_the_template_fails(tsp: CliRun, scratch: Path) -> None:
    target = scratch / "year1.html"
    target.write_bytes(OLD)
    write_template(scratch, "year1.md.j2", "{#\nyear: 2025-26\n#}\n{{ year.nope }}\n")
    result = tsp("report", "year1", "-o", str(target), repo=scratch)
    assert result.exit_code == 1
    assert target.read_bytes() == OLD
    assert _leftovers(scratch) == []
