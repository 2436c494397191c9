"""Atomic writes: the old file or the new one, never a part; create never overwrites."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tsp.edits.atomic import FileExists, write_atomic
from tsp.errors import WriteError


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("old: 1\n")
    path.chmod(0o640)
    write_atomic(path, "new: 2\n")
    assert path.read_text() == "new: 2\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("failing", ["fsync", "replace", "chmod"])
def test_a_failure_during_the_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("old: 1\n")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(WriteError, match="nothing was changed"):
        write_atomic(path, "new: 2\n" * 1000)
    monkeypatch.undo()
    assert path.read_text() == "old: 1\n"
    assert leftovers(tmp_path) == []


def test_an_interrupt_during_the_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("old: 1\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "new: 2\n")
    monkeypatch.undo()
    assert path.read_text() == "old: 1\n"
    assert leftovers(tmp_path) == []


def test_create_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("mine: 1\n")
    with pytest.raises(FileExists):
        write_atomic(path, "theirs: 2\n", create=True)
    assert path.read_text() == "mine: 1\n"
    assert leftovers(tmp_path) == []


def test_create_loses_a_race_safely(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The file appears after the first check: the hard link into place refuses it.
    path = tmp_path / "x.yaml"
    real_link = os.link

    def link_after_someone_else(src: str, dst: str) -> None:
        Path(dst).write_text("someone else: 1\n")
        real_link(src, dst)

    monkeypatch.setattr(os, "link", link_after_someone_else)
    with pytest.raises(FileExists):
        write_atomic(path, "mine: 2\n", create=True)
    assert path.read_text() == "someone else: 1\n"
    assert leftovers(tmp_path) == []


def test_create_writes_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    write_atomic(path, "new: 1\n", create=True)
    assert path.read_text() == "new: 1\n"
    assert leftovers(tmp_path) == []
