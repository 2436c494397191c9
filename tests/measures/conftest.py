"""Fixtures of the data challenge's tests: a copy of the made-up register with measures and
figures, and a DfE-format tidy CSV."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def challenge(tmp_path: Path) -> Path:
    """A scratch copy of tests/fixtures/datachallenge: five authorities, two measures."""
    target = tmp_path / "challenge"
    shutil.copytree(FIXTURES / "datachallenge", target)
    return target


@pytest.fixture
def dfe_file() -> Path:
    return FIXTURES / "dfe" / "timeliness_20_week.csv"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
