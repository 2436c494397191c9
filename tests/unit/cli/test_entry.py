"""The console script's entry point (tsp.cli.entry): the collector off while tsp starts, on
for the command's own work, and the answer the same as the application's."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tsp.cli.collector
import tsp.cli.entry
import tsp.queries
from tests.helpers import FIXTURES, run_tsp

MINIMAL = FIXTURES / "minimal"


@pytest.fixture
def collector() -> Iterator[None]:
    """Put the test process's collector back as it was, whatever the entry point did."""
    enabled = gc.isenabled()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()
        else:  # pragma: no cover - pytest runs with the collector on
            gc.disable()


def run_entry(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["tsp", *args])
    with pytest.raises(SystemExit) as exit_:
        tsp.cli.entry.run()
    return int(exit_.value.code or 0)


def test_the_command_runs_with_the_collector_on_and_start_up_with_it_off(
    collector: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[bool] = []
    real = tsp.queries.filter_packages

    def filtering(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr("tsp.cli.query.filter_packages", filtering)
    started: list[bool] = []
    real_starts = tsp.cli.collector.command_starts

    def starts() -> None:
        started.append(gc.isenabled())
        real_starts()

    monkeypatch.setattr(tsp.cli.collector, "command_starts", starts)
    assert run_entry(monkeypatch, "list", "--repo", str(MINIMAL)) == 0
    assert started == [False]  # off until the command's options were parsed
    assert seen == [True]  # and on again for its work
    assert "Annual Review mapping" in capsys.readouterr().out


def test_importing_the_application_leaves_the_collector_alone() -> None:
    # Tests and library users import tsp.cli.main and run `app` themselves: nothing changes.
    code = ("import gc, sys; import tsp.cli.main; from typer.testing import CliRunner; "
            "r = CliRunner().invoke(tsp.cli.main.app, ['list', '--repo', sys.argv[1]]); "
            "print(r.exit_code, gc.isenabled(), gc.get_freeze_count())")
    done = subprocess.run([sys.executable, "-c", code, str(MINIMAL)], capture_output=True,
                          text=True, check=True)
    assert done.stdout.split() == ["0", "True", "0"]


def test_the_console_script_says_what_the_application_says(tmp_path: Path) -> None:
    tsp_script = Path(sys.executable).with_name("tsp")
    done = subprocess.run([str(tsp_script), "list", "--la", "Alpha", "--format", "json",
                           "--repo", str(MINIMAL)], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "TSP_CACHE_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout == run_tsp("list", "--la", "Alpha", "--format", "json",
                                  repo=MINIMAL).stdout
