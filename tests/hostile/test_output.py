"""`tsp report -o` never destroys what it points at: streams are written to, files replaced."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from tests.hostile.conftest import Run, write_template

BODY = "Report of {{ year.label }}\n"


@pytest.fixture
def reportable(register: Path) -> Path:
    write_template(register, BODY)
    return register


def test_dash_and_dev_stdout_write_the_report_to_standard_output(reportable: Path,
                                                                 run: Run) -> None:
    for target in ("-", "/dev/stdout", "/dev/fd/1"):
        result = run("report", "t", "-o", target, repo=reportable)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Report of Year 1\n"), target


def test_a_fifo_is_written_to_and_stays_a_fifo(reportable: Path, run: Run,
                                               tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("report", "t", "-o", str(fifo), repo=reportable, timeout=20)
    reader.join(10)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received[0].startswith(b"Report of Year 1\n")


def test_a_character_device_is_written_to_not_replaced(reportable: Path, run: Run,
                                                       tmp_path: Path) -> None:
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here (needs root)")
    result = run("report", "t", "-o", str(null), repo=reportable)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def test_a_link_to_a_file_stays_a_link_and_its_target_gets_the_report(
        reportable: Path, run: Run, tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("old\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    result = run("report", "t", "-o", str(link), repo=reportable)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert target.read_text().startswith("Report of Year 1\n")


def test_a_file_with_other_hard_links_is_refused_and_left_alone(reportable: Path, run: Run,
                                                                tmp_path: Path) -> None:
    first = tmp_path / "a.md"
    first.write_text("old\n")
    os.link(first, tmp_path / "b.md")
    result = run("report", "t", "-o", str(first), repo=reportable)
    assert result.returncode == 2
    assert "it has 2 hard links" in result.stderr
    assert first.read_text() == (tmp_path / "b.md").read_text() == "old\n"
    assert os.stat(first).st_nlink == 2


def test_a_socket_is_refused_with_exit_2(reportable: Path, run: Run, tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s.md"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        result = run("report", "t", "-o", str(path), repo=reportable)
    finally:
        server.close()
    assert result.returncode == 2
    assert "it is a socket" in result.stderr
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_regular_file_is_still_replaced_atomically(reportable: Path, run: Run,
                                                     tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("old\n")
    os.chmod(path, 0o640)
    result = run("report", "t", "-o", str(path), repo=reportable)
    assert result.returncode == 0
    assert path.read_text().startswith("Report of Year 1\n")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
