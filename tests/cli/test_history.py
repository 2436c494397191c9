"""--as-of and --status-on through the real CLI, on a repository with commits at fixed dates
(the `dated` fixture)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_git
from tsp.reporting.output import ReportFormat


def test_list_as_of_a_date_says_which_register_it_read(tsp, dated: dict[str, str],
                                                       tmp_path: Path) -> None:
    root = tmp_path / "dated"
    result = tsp("list", "--la", "Slough", "--format", "json", "--as-of", "2026-03-31",
                 repo=root)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []  # Slough's workshop was recorded on 15 April
    assert result.stderr.startswith(
        "As recorded in the register on 31 March 2026, version "
        f"{dated['delivery'][:7]} (--as-of 2026-03-31).\n")
    later = tsp("list", "--la", "Slough", "--format", "json", "--as-of", "2026-04-15",
                repo=root)
    assert [p["id"] for p in json.loads(later.stdout)] == ["slough-transitions-workshop"]


@pytest.mark.parametrize("args", [
    ("show", "reading-annual-review-mapping", "--format", "json"),
    ("la", "Reading", "--format", "json"),
    ("plan", "2026-27", "--format", "json"),
    ("measures", "--format", "json"),
    ("compare", "ehcp-issued-within-20-weeks", "--format", "json"),
])
def test_every_question_answers_as_of_a_checkout_of_that_commit(
        tsp, dated: dict[str, str], tmp_path: Path, args: tuple[str, ...]) -> None:
    root = tmp_path / "dated"
    checkout = tmp_path / "checkout"
    run_git(root, "worktree", "add", "-q", "--detach", str(checkout), dated["delivery"])
    as_of = tsp(*args, "--as-of", "2026-03-31", repo=root)
    there = tsp(*args, repo=checkout)
    assert as_of.exit_code == there.exit_code == 0, as_of.output
    assert as_of.stdout == there.stdout
    now = tsp(*args, repo=root)
    if args[0] == "show":
        assert now.stdout != as_of.stdout  # Reading's mapping was delivered since


@pytest.mark.parametrize("fmt", [ReportFormat.MD, ReportFormat.HTML])
def test_a_report_as_of_a_date_is_the_report_of_a_checkout_of_that_commit(
        tsp, dated: dict[str, str], tmp_path: Path, fmt: ReportFormat) -> None:
    root = tmp_path / "dated"
    checkout = tmp_path / "checkout"
    run_git(root, "worktree", "add", "-q", "--detach", str(checkout), dated["delivery"])
    # The tests' SOURCE_DATE_EPOCH is 31 March 2026: the checkout's report is dated that day.
    there = tsp("report", "year1", "--format", str(fmt), repo=checkout)
    as_of = tsp("report", "year1", "--format", str(fmt), "--as-of", "2026-03-31", repo=root)
    assert there.exit_code == as_of.exit_code == 0, as_of.output
    theirs, ours = there.stdout.splitlines(), as_of.stdout.splitlines()
    assert len(theirs) == len(ours)
    differ = [(a, b) for a, b in zip(theirs, ours, strict=True) if a != b]
    # A reader's report names the date the data were recorded, never a version, so the
    # report as of a date is the checkout's report, line for line.
    assert differ == []
    assert "Data as recorded in the register on 31 March 2026." in as_of.stdout
    assert dated["delivery"][:7] not in as_of.stdout
    assert dated["delivery"][:7] not in there.stdout


def test_the_teams_report_as_of_names_the_version(tsp, dated: dict[str, str],
                                                  tmp_path: Path) -> None:
    result = tsp("report", "year1", "--internal", "--as-of", "2026-03-31",
                 repo=tmp_path / "dated")
    assert (f"Data as recorded in the register on 31 March 2026 (version "
            f"{dated['delivery'][:7]})") in result.stdout


def test_status_on_answers_from_the_records_own_dates(tsp, dated: dict[str, str],
                                                     tmp_path: Path) -> None:
    root = tmp_path / "dated"
    # Recorded on 1 May, true since 28 April: --status-on reads the record's own dates.
    result = tsp("list", "--status", "delivered", "--status-on", "2026-04-28", "--format",
                 "json", repo=root)
    assert result.exit_code == 0, result.output
    assert [p["id"] for p in json.loads(result.stdout)] == ["reading-annual-review-mapping"]
    assert "by the records' own dated status changes (when they were true, not when they " \
        "were recorded)" in result.stderr
    assert "15 packages left out: their records date no status change on or before that " \
        "day." in result.stderr
    before = tsp("list", "--status", "in-delivery", "--status-on", "2026-04-27", "--format",
                 "json", repo=root)
    assert [p["id"] for p in json.loads(before.stdout)] == ["reading-annual-review-mapping"]
    # recorded on 1 May: as of 30 April the register did not yet say it was delivered
    recorded = tsp("list", "--status", "delivered", "--status-on", "2026-04-28", "--as-of",
                   "2026-04-30", "--format", "json", repo=root)
    assert json.loads(recorded.stdout) == []


def test_status_on_needs_a_status(tsp, dated: dict[str, str], tmp_path: Path) -> None:
    result = tsp("list", "--status-on", "2026-04-28", repo=tmp_path / "dated")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --status-on needs --status")


def test_as_of_errors_exit_2_without_a_traceback(tsp, dated: dict[str, str],
                                                tmp_path: Path) -> None:
    root = tmp_path / "dated"
    for when, says in (("2025-12-31", "is before the register's history begins"),
                       ("no-such-tag", "'no-such-tag' names no commit of this repository"),
                       ("2026-02-30", "is not a date")):
        result = tsp("report", "year1", "--as-of", when, repo=root)
        assert result.exit_code == 2, (when, result.output)
        assert says in result.stderr


def test_help_says_which_date_is_which(tsp) -> None:
    text = " ".join(tsp("list", "--help").stdout.split())
    assert "recorded (committed) by the end of this day" in text
    assert "when it was true; not when it was recorded (that is --as-of)" in text
