"""Fixtures only (helpers live in tests/helpers.py): repositories to run on, the CLI, git."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import EPOCH, WHEN, CliRun, run_git, run_tsp
from tsp.cli import common

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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


@pytest.fixture
def scratch(repo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """repo_copy, and git told not to look above it: the copy is never a git checkout, even
    when the temporary folder happens to sit inside one."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(repo_copy.parent))
    return repo_copy


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A scratch copy of tests/fixtures/minimal: two made-up authorities, two packages."""
    target = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


@pytest.fixture
def year2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of tests/fixtures/year2 (a made-up Year 2 register) with the real
    templates; never a git checkout."""
    target = tmp_path / "year2"
    shutil.copytree(FIXTURES / "year2", target)
    shutil.copytree(ROOT / "templates", target / "templates")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    return target


@pytest.fixture
def tsp(monkeypatch: pytest.MonkeyPatch) -> CliRun:
    """Run the real `tsp` app in-process: tsp("list", "--la", "Reading", repo=path)."""
    monkeypatch.delenv("TSP_REPO", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return run_tsp


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """Every report is generated at the same moment, so outputs compare."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    return WHEN


@pytest.fixture
def columns(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Set the terminal width the command sees (Rich reads $COLUMNS, unless it was fixed
    when the console was made)."""

    def set_width(width: int) -> None:
        monkeypatch.setenv("COLUMNS", str(width))
        monkeypatch.setattr(common.out, "_width", None)
        monkeypatch.setattr(common.err, "_width", None)

    return set_width


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Commits must not depend on (or be signed by) the config of whoever runs the tests.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Contributor")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.org")


@pytest.fixture
def git_repo(git_env: None, tmp_path: Path, real_root: Path) -> Path:
    """tmp/register: the real data/ committed on branch main of a fresh git repository."""
    root = tmp_path / "register"
    shutil.copytree(real_root / "data", root / "data")
    run_git(root, "init", "-q", "-b", "main")
    run_git(root, "add", "data")
    run_git(root, "commit", "-q", "-m", "The register")
    return root
