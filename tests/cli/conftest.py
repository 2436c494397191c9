"""Fixtures of the CLI tests: a copy of the minimal fixture repository, and a terminal width."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tsp.cli import common

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A scratch copy of tests/fixtures/minimal: two made-up authorities, two packages."""
    target = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


@pytest.fixture
def columns(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Set the terminal width the command sees (Rich reads $COLUMNS, unless it was fixed
    when the console was made)."""

    def set_width(width: int) -> None:
        monkeypatch.setenv("COLUMNS", str(width))
        monkeypatch.setattr(common.out, "_width", None)
        monkeypatch.setattr(common.err, "_width", None)

    return set_width


def lines(text: str) -> list[str]:
    """Output lines without the padding Rich adds to the right."""
    return [line.rstrip() for line in text.splitlines()]
