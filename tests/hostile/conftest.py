"""Fixtures of the hostile-input tests: a scratch register and the real `tsp` executable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TSP = Path(sys.executable).with_name("tsp")

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of tests/fixtures/minimal, never inside a git checkout."""
    target = tmp_path / "register"
    shutil.copytree(FIXTURES / "minimal", target)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.delenv("TSP_REPO", raising=False)
    return target


@pytest.fixture
def run() -> Run:
    """The installed `tsp` in a real process: run("validate", repo=root, timeout=10)."""

    def call(*args: str, repo: Path | None = None, timeout: float = 30,
             env: dict[str, str] | None = None, input: str | None = None
             ) -> subprocess.CompletedProcess[str]:
        argv = [str(TSP), *args, *(["--repo", str(repo)] if repo is not None else [])]
        environment = {**os.environ, "COLUMNS": "200", **(env or {})}
        environment.pop("TSP_REPO", None) if env is None or "TSP_REPO" not in env else None
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                              env=environment, input=input, check=False)

    return call


HEAD = "{#\ndescription: a test report\nyear: 2025-26\n#}\n"  # lines 1-4


def write_template(root: Path, text: str, name: str = "t.md.j2", head: str = HEAD) -> Path:
    """templates/NAME holding the opening comment (4 lines) and then `text`."""
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(head + text, encoding="utf-8")
    footer = root / "templates" / "partials" / "footer.md.j2"
    if not footer.exists():
        footer.parent.mkdir(exist_ok=True)
        shutil.copyfile(TEMPLATES / "partials" / "footer.md.j2", footer)
    return path


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True, env={**os.environ, "GIT_AUTHOR_NAME": "t",
                                          "GIT_AUTHOR_EMAIL": "t@example.org",
                                          "GIT_COMMITTER_NAME": "t",
                                          "GIT_COMMITTER_EMAIL": "t@example.org"}).stdout


def set_line(path: Path, key: str, value: str) -> None:
    """Replace (or add) the top-level `key:` line of a record with `key: value`."""
    lines = [line for line in path.read_text().splitlines() if not line.startswith(f"{key}:")]
    path.write_text("\n".join([*lines, f"{key}: {value}"]) + "\n")


# Property tests (test_properties.py): a quick run by default, the full one in CI
# (HYPOTHESIS_PROFILE=ci in .ci/run: more than 10,000 examples across the properties).
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("default", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
settings.register_profile("ci", max_examples=2_600, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
