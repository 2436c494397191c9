"""Two edits at once lose nothing: each either lands with the other's or is refused, exit 2."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.hostile.conftest import TSP
from tsp.edits.atomic import FileChanged, write_atomic

ROUNDS = int(os.environ.get("TSP_RACE_ROUNDS", "8"))
PACKAGE = "data/packages/alpha-review.yaml"
EMPTY_LISTS = "partners:\n  - beta\n"


def _start(register: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TSP_REPO": str(register)}
    return subprocess.Popen([str(TSP), "set", "alpha-review", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_two_concurrent_tsp_set_never_lose_an_edit(register: Path) -> None:
    path = register / PACKAGE
    original = path.read_text()
    for number in range(ROUNDS):
        path.write_text(original)
        first = _start(register, "themes", "--add", f"first-{number}")
        second = _start(register, "outputs", "--add", f"Second output {number}")
        results = [(p, *p.communicate(timeout=60)) for p in (first, second)]
        text = path.read_text()
        for process, stdout, stderr, wanted in zip(
                (first, second), (r[1] for r in results), (r[2] for r in results),
                (f"first-{number}", f"Second output {number}")):
            assert "Traceback" not in stderr
            if process.returncode == 0:
                assert "Updated" in stdout
                assert wanted in text, f"round {number}: an edit that said Updated was lost"
            else:
                assert process.returncode == 2, stderr
                assert "changed while editing" in stderr and "run it again" in stderr
                assert wanted not in text


def test_a_write_is_refused_when_the_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(b"id: r\n")
    write_atomic(path, b"id: r\ntitle: mine\n", expected=b"id: r\n")
    with pytest.raises(FileChanged, match="changed while editing"):
        write_atomic(path, b"id: r\ntitle: theirs\n", expected=b"id: r\n")
    assert path.read_bytes() == b"id: r\ntitle: mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]  # no temporary file left
