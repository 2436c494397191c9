"""Helpers of the tests, imported explicitly (`from tests.helpers import ...`); conftest.py
holds only fixtures and is never imported."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner, Result

from tsp.cli.main import app
from tsp.load import load_checked
from tsp.register import Register

CHECKOUT = Path(__file__).resolve().parents[1]  # code, docs, templates, schemas: not data/
FIXTURES = CHECKOUT / "tests" / "fixtures"
FROZEN = FIXTURES / "register"  # today's data/, frozen for the tests

# The register the checks of tests/data read: this checkout, or another repository root (the
# growth test points it at a copy with new packages). Tests of code never read it.
DATA_ROOT = Path(os.environ.get("TSP_DATA_ROOT") or CHECKOUT).resolve()
# /work/shared (the source document and the verified reference list), beside the checkout in CI.
SHARED = Path(os.environ.get("TSP_SHARED") or CHECKOUT.parent / "shared").resolve()

EPOCH = 1774915200  # 2026-03-31 00:00 UTC, the month the seed report was written
WHEN = dt.datetime.fromtimestamp(EPOCH, dt.timezone.utc)

CliRun = Callable[..., Result]  # the `tsp` fixture of tests/conftest.py


def run_tsp(*args: str, repo: Path | None = None, input: str | None = None) -> Result:
    """The one way tests run the real `tsp` app in-process: run_tsp("list", repo=path)."""
    argv = list(args) + (["--repo", str(repo)] if repo is not None else [])
    return CliRunner().invoke(app, argv, input=input, catch_exceptions=False)


def load(root: Path) -> Register:
    return load_checked(root).require_valid()


def write_template(root: Path, name: str, text: str) -> Path:
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def lines(text: str) -> list[str]:
    """Output lines without the padding Rich adds to the right."""
    return [line.rstrip() for line in text.splitlines()]


def run_git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True).stdout


def write(path: Path, text: str) -> Path:
    """Write a file of a scratch repository (UTF-8) and return its path."""
    path.write_text(text, encoding="utf-8")
    return path


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file by `new` (and fail loudly if it is not there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit_at(root: Path, when: str, message: str, author: str | None = None) -> str:
    """Commit everything in root as recorded at `when` (ISO 8601, e.g. 2026-03-31T12:00:00Z),
    by `author` if given; the commit's id."""
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    if author is not None:
        env["GIT_AUTHOR_NAME"] = author
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, capture_output=True)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", message], cwd=root,
                   check=True, capture_output=True, env=env)
    return run_git(root, "rev-parse", "HEAD").strip()
