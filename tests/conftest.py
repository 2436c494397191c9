"""Shared fixtures: the real repository, a scratch copy of it, and the real CLI."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tsp.cli.main import app

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """tsp caches what it loads under ~/.cache/tsp; tests keep theirs in a folder of their own
    (one for the session, so the cache is exercised as on a user's machine)."""
    monkeypatch.setenv("TSP_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "tsp-cache"))


@pytest.fixture
def real_root() -> Path:
    """The repository this checkout holds (read it, never write to it)."""
    return ROOT


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A scratch copy of the real data/ and templates/, free to break."""
    target = tmp_path / "repo"
    shutil.copytree(ROOT / "data", target / "data")
    if (ROOT / "templates").is_dir():
        shutil.copytree(ROOT / "templates", target / "templates")
    return target


CliRun = Callable[..., Result]


@pytest.fixture
def tsp(monkeypatch: pytest.MonkeyPatch) -> CliRun:
    """Run the real `tsp` app in-process: tsp("list", "--la", "Reading", repo=path)."""
    monkeypatch.delenv("TSP_REPO", raising=False)
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str, repo: Path | None = None, input: str | None = None) -> Result:
        argv = list(args) + (["--repo", str(repo)] if repo is not None else [])
        return CliRunner().invoke(app, argv, input=input, catch_exceptions=False)

    return run
