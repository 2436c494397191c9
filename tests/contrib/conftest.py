"""A real git repository holding a copy of the register, for tsp changes."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Git = Callable[..., str]


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


def run_git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True).stdout
