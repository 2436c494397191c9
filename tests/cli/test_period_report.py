"""tsp report update --from --to: the period's update for the board, on a repository with
commits at fixed dates (the `dated` fixture)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import commit_at


@pytest.fixture
def quarter(tsp, dated: dict[str, str], tmp_path: Path) -> Path:
    """`dated`, and on 10 June: an outcome logged for Reading's mapping (dated 5 June) and a
    2026 figure for Reading published."""
    root = tmp_path / "dated"
    assert tsp("log", "reading-annual-review-mapping", "Annual reviews completed on time",
               "--kind", "outcome", "--on", "2026-06-05", repo=root).exit_code == 0
    with (root / "data/figures/children-looked-after-rate.csv").open("a") as figures:
        figures.write("reading,2026,,200,40000,50,,1,a return\n")
    commit_at(root, "2026-06-10T10:00:00Z", "June: evidence and a figure")
    return root


def test_the_quarter_says_what_happened_and_what_was_recorded(tsp, quarter: Path) -> None:
    result = tsp("report", "update", "--from", "2026-04-01", "--to", "2026-06-30",
                 repo=quarter)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Targeted Support Programme: update, 1 April 2026 to 30 June "
                           "2026\n")
    assert "## Started\n\nNo package started in the period.\n" in text
    # true on 28 April (the record's own date), recorded on 1 May
    assert ("## Delivered\n\n- **Annual Review process mapping** (Reading): delivered on "
            "28 April 2026.\n") in text
    assert ("## Evidence logged\n\n- **Annual Review process mapping**, outcome, 5 June 2026: "
            "Annual reviews completed on time\n") in text
    assert "New packages recorded in the register:\n\n- Transitions workshop\n" in text
    assert "Figures published in the register:\n\n- " in text
    assert ": 2026, for 1 authority.\n" in text
    # a reader's report: no ids, commands or commit ids
    assert "reading-annual-review-mapping" not in text and "tsp " not in text


def test_the_quarter_before_leaves_out_what_came_later(tsp, quarter: Path) -> None:
    text = tsp("report", "update", "--from", "2026-01-01", "--to", "2026-03-31",
               repo=quarter).stdout
    assert ("## Started\n\n- **Annual Review process mapping** (Reading): in delivery from "
            "15 February 2026.\n") in text
    assert "No package was delivered in the period." in text
    assert "No evidence was logged in the period." in text
    # the register's history begins on 10 January: every package and figure was first
    # recorded then, but not June's figure
    assert "New packages recorded in the register:\n\n- " in text
    assert "Figures published in the register:\n\n- " in text
    assert "2026, for 1 authority" not in text


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_every_report_format(tsp, quarter: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"update.{fmt}"
    result = tsp("report", "update", "--from", "2026-04-01", "--to", "2026-06-30", "-o",
                 str(target), repo=quarter)
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 1000
    if fmt == "html":
        page = target.read_text(encoding="utf-8")
        assert "delivered on 28 April 2026" in page and "Transitions workshop" in page


def test_the_dates_are_asked_for_and_only_where_they_belong(tsp, quarter: Path) -> None:
    missing = tsp("report", "update", repo=quarter)
    assert missing.exit_code == 2
    assert "tsp report update reports a period: give its first day" in missing.stderr
    elsewhere = tsp("report", "year1", "--from", "2026-04-01", repo=quarter)
    assert elsewhere.exit_code == 2
    assert "--from and --to are for a report of a period" in elsewhere.stderr
    backwards = tsp("report", "update", "--from", "2026-06-30", "--to", "2026-04-01",
                    repo=quarter)
    assert backwards.exit_code == 2 and "is after --to" in backwards.stderr


def test_check_renders_the_period_report_without_git(tsp, repo_copy: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(repo_copy.parent))
    result = tsp("report", "--check", repo=repo_copy)
    assert result.exit_code == 0, result.output
