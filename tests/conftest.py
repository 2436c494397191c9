"""Fixtures only (helpers live in tests/helpers.py): repositories to run on, the CLI, git."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import (CHECKOUT, DATA_ROOT, EPOCH, FIXTURES, FROZEN, WHEN, CliRun, commit_at,
                           run_git, run_tsp)
from tsp.cli import common


# A test of code that reads the live data/ fails, whoever wrote it: the register grows by pull
# request, so such a test would break on the next valid package. Only tests/data may read it.
LIVE_DATA = str(CHECKOUT / "data")
DATA_CHECKS = CHECKOUT / "tests" / "data"
_reads: list[str] | None = None  # the live paths read by the running test of code


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _reads is None or event not in ("open", "os.scandir", "os.listdir") or not args:
        return
    path = args[0]
    # Absolute paths only: a relative one may be relative to a dir_fd the event does not show
    # (shutil.rmtree of a temporary folder opens "data" that way). tsp resolves its root.
    if isinstance(path, str | bytes | os.PathLike):
        name = os.fsdecode(path)
        if name == LIVE_DATA or name.startswith(LIVE_DATA + os.sep):
            _reads.append(name)


sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def no_live_data(request: pytest.FixtureRequest) -> Iterator[None]:
    global _reads
    if request.node.path.is_relative_to(DATA_CHECKS):
        yield
        return
    _reads = []
    try:
        yield
    finally:
        read, _reads = _reads, None
    if read:
        pytest.fail(f"a test of code read the live register ({read[0]}); run it on a "
                    "fixture (frozen_root, repo_copy, minimal: tests/fixtures/README.md)",
                    pytrace=False)


def build_frozen(target: Path) -> Path:
    """A repository at target: the frozen register's data/ and this checkout's templates/
    (templates are code, so the goldens follow a change of template, not of data)."""
    shutil.copytree(FROZEN / "data", target / "data")
    if (CHECKOUT / "templates").is_dir():
        shutil.copytree(CHECKOUT / "templates", target / "templates")
    return target


@pytest.fixture(scope="session")
def frozen_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen register (tests/fixtures/register) with the checkout's templates,
    shared by the whole session: read it, never write to it (use repo_copy)."""
    return build_frozen(tmp_path_factory.mktemp("frozen") / "repo")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """tsp caches what it loads under ~/.cache/tsp; tests keep theirs in a folder of their own
    (one for the session, so the cache is exercised as on a user's machine)."""
    monkeypatch.setenv("TSP_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "tsp-cache"))


@pytest.fixture
def real_root(frozen_root: Path) -> Path:
    """The old name of frozen_root, kept so tests written before the move still merge. It is
    NOT the live data/: no test of code reads that (tests/data checks it)."""
    return frozen_root


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A scratch copy of the frozen register, with the templates, free to break."""
    return build_frozen(tmp_path / "repo")


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
    shutil.copytree(CHECKOUT / "templates", target / "templates")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    return target


@pytest.fixture
def challenge(tmp_path: Path) -> Path:
    """A scratch copy of tests/fixtures/datachallenge: five made-up authorities, two measures
    and their figures (the SEND data challenge)."""
    target = tmp_path / "challenge"
    shutil.copytree(FIXTURES / "datachallenge", target)
    return target


@pytest.fixture
def dfe_file() -> Path:
    """A file in DfE's Explore Education Statistics tidy format (tests/fixtures/dfe/)."""
    return FIXTURES / "dfe" / "timeliness_20_week.csv"


@pytest.fixture
def tsp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRun:
    """Run the real `tsp` app in-process: tsp("list", "--la", "Reading", repo=path). It runs
    in an empty folder, so a command without repo= never finds the checkout's live data/."""
    monkeypatch.delenv("TSP_REPO", raising=False)
    monkeypatch.chdir(tmp_path)
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
def git_repo(git_env: None, tmp_path: Path) -> Path:
    """tmp/register: the frozen register's data/ committed on branch main of a fresh git
    repository."""
    root = tmp_path / "register"
    shutil.copytree(FROZEN / "data", root / "data")
    run_git(root, "init", "-q", "-b", "main")
    run_git(root, "add", "data")
    run_git(root, "commit", "-q", "-m", "The register")
    return root


@pytest.fixture(scope="session")
def data_root() -> Path:
    """The live register the checks of tests/data read (this checkout, or $TSP_DATA_ROOT)."""
    if not (DATA_ROOT / "data").is_dir():
        pytest.fail(f"{DATA_ROOT} has no data/ folder (set TSP_DATA_ROOT to a tsp repository)")
    return DATA_ROOT


_SLOUGH_FLAGS = ("new", "package", "--la", "Slough", "--title", "Transitions workshop",
                 "--year", "2025-26", "--area", "send", "--kind", "workshop",
                 "--status", "scoping", "--yes")


@pytest.fixture
def dated(tsp, git_env: None, tmp_path: Path) -> dict[str, str]:
    """tmp/dated: the frozen register and the templates, committed on 10 January 2026; then
    Reading's mapping in delivery (since 15 February) recorded on 20 February; Slough's
    workshop recorded on 15 April; Reading's mapping delivered recorded on 1 May, by someone
    else. The commits by name."""
    root = tmp_path / "dated"
    shutil.copytree(FROZEN / "data", root / "data")
    shutil.copytree(CHECKOUT / "templates", root / "templates")
    run_git(root, "init", "-q", "-b", "main")
    commits = {"start": commit_at(root, "2026-01-10T12:00:00Z", "The register")}
    assert tsp("status", "reading-annual-review-mapping", "in-delivery", "--on",
               "2026-02-15", repo=root).exit_code == 0
    commits["delivery"] = commit_at(root, "2026-02-20T09:30:00Z", "Reading's mapping started")
    assert tsp(*_SLOUGH_FLAGS, repo=root).exit_code == 0
    commits["slough"] = commit_at(root, "2026-04-15T16:00:00Z", "Slough: transitions workshop")
    assert tsp("status", "reading-annual-review-mapping", "delivered", "--on", "2026-04-28",
               repo=root).exit_code == 0
    commits["delivered"] = commit_at(root, "2026-05-01T08:00:00Z",
                                     "Reading's mapping delivered", author="Ada Lovelace")
    return commits
