"""The footer: when, and from which commit, using real git in a temporary repository."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.helpers import EPOCH, CliRun

from tsp.errors import UsageError
from tsp.reporting.provenance import data_commit, footer, generation_time

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
         "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=root, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def checkout(scratch: Path) -> Path:
    git(scratch, "init", "-q")
    git(scratch, "add", "data", "templates")
    git(scratch, "commit", "-q", "-m", "register")
    return scratch


def _footer_line(tsp: CliRun, root: Path, *options: str) -> str:
    """The footer of the team's report: a reader's gives the date, never a commit id."""
    result = tsp("report", "la", "Reading", *(options or ("--internal",)), repo=root)
    assert result.exit_code == 0, result.output
    return result.stdout.rstrip("\n").splitlines()[-1]


def test_a_clean_checkout_names_its_commit(tsp: CliRun, checkout: Path) -> None:
    commit = git(checkout, "rev-parse", "--short", "HEAD")
    assert _footer_line(tsp, checkout) == (
        f"*Data as recorded in the register on 31 March 2026 (version {commit}). Sections "
        "headed as the register's are computed from its records; the programme's own words "
        "are reproduced as its report wrote them.*")


def test_a_reader_s_footer_gives_the_date_and_no_commit(tsp: CliRun, checkout: Path) -> None:
    commit = git(checkout, "rev-parse", "--short", "HEAD")
    line = _footer_line(tsp, checkout, "--format", "md")
    assert line.startswith("*Data as recorded in the register on 31 March 2026. Sections ")
    assert commit not in line and "version" not in line


def test_changed_data_is_flagged(tsp: CliRun, checkout: Path) -> None:
    path = checkout / "data" / "packages" / "wokingham-oap-mapping.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert ", with changes not yet committed." in _footer_line(tsp, checkout)


def test_an_untracked_template_is_flagged(checkout: Path) -> None:
    (checkout / "templates" / "new.md.j2").write_text("x\n", encoding="utf-8")
    assert data_commit(checkout) == (git(checkout, "rev-parse", "--short", "HEAD"), True)


def test_changes_outside_data_and_templates_are_not_flagged(checkout: Path) -> None:
    (checkout / "notes.txt").write_text("scratch\n", encoding="utf-8")
    found = data_commit(checkout)
    assert found is not None and found[1] is False


def test_not_a_checkout(tsp: CliRun, scratch: Path) -> None:
    assert data_commit(scratch) is None
    line = _footer_line(tsp, scratch)
    assert line.startswith("*Data as recorded in the register on 31 March 2026. ")
    assert "version" not in line


def test_no_git_at_all_is_not_an_error(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(scratch / "no-such-folder"))
    result = footer(scratch, dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.timezone.utc))
    assert (result.git, result.commit, result.dirty) == (False, "", False)
    assert result.generated == "2026-01-02 03:04 UTC"


def test_generation_time() -> None:
    assert generation_time({"SOURCE_DATE_EPOCH": str(EPOCH)}) == dt.datetime(
        2026, 3, 31, tzinfo=dt.timezone.utc)
    now = generation_time({})
    assert now.tzinfo is not None
    assert abs((dt.datetime.now(dt.timezone.utc) - now).total_seconds()) < 60
    with pytest.raises(UsageError, match="is not a time"):
        generation_time({"SOURCE_DATE_EPOCH": "yesterday"})


def test_a_bad_epoch_is_a_usage_error(tsp: CliRun, scratch: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    result = tsp("report", "year1", repo=scratch)
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH='soon' is not a time" in result.stderr
