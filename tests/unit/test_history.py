"""The register over time, in a real git repository whose commits are at fixed dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.helpers import run_git
from tsp.git import HistoryError
from tsp.history import files_of, resolve
from tsp.load import load
from tsp.queries import status_on



def root_of(tmp_path: Path) -> Path:
    return tmp_path / "dated"


def test_a_date_names_the_last_commit_recorded_by_the_end_of_that_day(
        dated: dict[str, str], tmp_path: Path) -> None:
    root = root_of(tmp_path)
    assert resolve(root, "2026-01-10").commit.sha == dated["start"]
    assert resolve(root, "2026-02-19").commit.sha == dated["start"]
    assert resolve(root, "2026-02-20").commit.sha == dated["delivery"]
    march = resolve(root, "2026-03-31")
    assert march.commit.sha == dated["delivery"]
    assert march.day == dt.date(2026, 3, 31)
    assert march.words == ("as recorded in the register on 31 March 2026, version "
                           f"{dated['delivery'][:7]}")
    # a revision: its own date
    tagged = resolve(root, "HEAD~1")
    assert (tagged.commit.sha, tagged.day) == (dated["slough"], dt.date(2026, 4, 15))


def test_what_was_recorded_then_is_what_as_of_reads(dated: dict[str, str],
                                                     tmp_path: Path) -> None:
    root = root_of(tmp_path)
    january = load(root, files=files_of(root, resolve(root, "2026-01-31")))
    march = load(root, files=files_of(root, resolve(root, "2026-03-31")))
    now = load(root, files=files_of(root, resolve(root, "HEAD")))
    reading = "reading-annual-review-mapping"
    assert [str(r.packages[reading].status) for r in (january, march, now)] == [
        "agreed", "in-delivery", "delivered"]
    assert "slough-transitions-workshop" not in march.packages
    assert "slough-transitions-workshop" in now.packages
    assert not january.errors and not now.errors


def test_a_date_before_the_first_commit_says_when_history_begins(dated: dict[str, str],
                                                                  tmp_path: Path) -> None:
    with pytest.raises(HistoryError, match="before the register's history begins: its first "
                       "commit was recorded on 10 January 2026"):
        resolve(root_of(tmp_path), "2025-12-31")


def test_a_revision_naming_no_commit_and_an_option_are_refused(dated: dict[str, str],
                                                               tmp_path: Path) -> None:
    for text in ("no-such-tag", "--output=/tmp/x", "2026-02-30"):
        with pytest.raises(Exception) as caught:
            resolve(root_of(tmp_path), text)
        assert caught.value.__class__.__name__ in ("HistoryError", "UsageError")


def test_a_shallow_clone_says_how_to_fetch_the_history(dated: dict[str, str], tmp_path: Path,
                                                        tsp) -> None:
    shallow = tmp_path / "shallow"
    run_git(tmp_path, "clone", "-q", "--depth", "1", f"file://{root_of(tmp_path)}",
            str(shallow))
    result = tsp("list", "--as-of", "2026-03-31", repo=shallow)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: the register's history is not in this clone (shallow); fetch it with "
        "`git fetch --unshallow`\n")


def test_status_on_reads_the_records_own_dates(dated: dict[str, str], tmp_path: Path) -> None:
    root = root_of(tmp_path)
    package = load(root, files=files_of(root, resolve(root, "HEAD"))).packages[
        "reading-annual-review-mapping"]
    assert status_on(package, dt.date(2026, 2, 14)) is None  # no dated change by then
    assert status_on(package, dt.date(2026, 2, 15)) == "in-delivery"
    assert status_on(package, dt.date(2026, 4, 27)) == "in-delivery"
    assert status_on(package, dt.date(2026, 4, 28)) == "delivered"


def test_a_shallow_clone_stops_every_history_command(dated: dict[str, str], tmp_path: Path,
                                                     tsp) -> None:
    shallow = tmp_path / "shallow"
    run_git(tmp_path, "clone", "-q", "--depth", "2", f"file://{root_of(tmp_path)}",
            str(shallow))
    for args in (("history", "reading-annual-review-mapping"),
                 ("changes", "--from", "2026-04-01", "--to", "2026-06-30"),
                 ("report", "update", "--from", "2026-04-01", "--to", "2026-06-30"),
                 ("show", "reading-annual-review-mapping", "--as-of", "HEAD~1")):
        result = tsp(*args, repo=shallow)
        assert result.exit_code == 2, (args, result.output)
        assert "the register's history is not in this clone (shallow); fetch it with " \
            "`git fetch --unshallow`" in result.stderr


def test_a_date_reads_the_branchs_first_parent_history_not_a_merged_branchs_dates(
        dated: dict[str, str], tmp_path: Path) -> None:
    import os
    import subprocess

    from tests.helpers import commit_at, edit

    root = root_of(tmp_path)
    run_git(root, "switch", "-q", "-c", "side", dated["delivered"])
    edit(root / "data/packages/kent-send-engagement-workshops.yaml", "status: agreed",
         "status: scoping")
    side = commit_at(root, "2026-05-02T10:00:00Z", "Kent: back to scoping (on a branch)")
    run_git(root, "switch", "-q", "main")
    when = "2026-05-20T10:00:00Z"
    subprocess.run(["git", "merge", "-q", "--no-ff", "-m", "Merge the Kent branch", "side"],
                   cwd=root, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})
    # The branch's commit is dated 2 May, but it reached the register on 20 May.
    assert resolve(root, "2026-05-10").commit.sha == dated["delivered"]
    merged = resolve(root, "2026-05-20").commit
    assert merged.sha != side and merged.subject == "Merge the Kent branch"
    kent = "kent-send-engagement-workshops"
    may_10 = load(root, files=files_of(root, resolve(root, "2026-05-10")))
    may_20 = load(root, files=files_of(root, resolve(root, "2026-05-20")))
    assert str(may_10.packages[kent].status) == "agreed"
    assert str(may_20.packages[kent].status) == "scoping"


def test_a_repository_with_no_commits_says_so(tsp, git_env: None, repo_copy: Path) -> None:
    run_git(repo_copy, "init", "-q", "-b", "main")
    result = tsp("list", "--as-of", "2026-03-31", repo=repo_copy)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: the register has no history yet: nothing has been "
                                    "committed.\n")
