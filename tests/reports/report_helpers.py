"""Helpers of the report tests (a module, not conftest.py, so tests can import them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from tsp.repository import Repository, load_repository

EPOCH = 1774915200  # 2026-03-31 00:00 UTC, the month the seed report was written
WHEN = dt.datetime.fromtimestamp(EPOCH, dt.timezone.utc)
CliRun = Callable[..., Result]  # the `tsp` fixture of tests/conftest.py


def load(root: Path) -> Repository:
    return load_repository(root).require_valid()


def write_template(root: Path, name: str, text: str) -> Path:
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
