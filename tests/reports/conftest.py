"""Fixtures of the report tests: a fixed generation time, and no git above a scratch repo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from report_helpers import EPOCH, WHEN


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """Every report in these tests is generated at the same moment, so outputs compare."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    return WHEN


@pytest.fixture
def scratch(repo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """repo_copy, and git told not to look above it: the copy is never a git checkout, even
    when the temporary folder happens to sit inside one."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(repo_copy.parent))
    return repo_copy
