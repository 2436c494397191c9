"""tsp fund records a package's funding through the round-trip editor, and tsp plan writes
xlsx and takes -o (issue 16, point 8)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from tests.helpers import CliRun

MIDFORD = "data/packages/midford-peer-learning.yaml"
HIGHCLIFF = "data/packages/highcliff-data-learning.yaml"


def funding(tsp: CliRun, root: Path, package_id: str) -> list[dict[str, str]]:
    result = tsp("show", package_id, "--format", "json", repo=root)
    return list(json.loads(result.stdout).get("funding", []))


def plan_funding(tsp: CliRun, root: Path) -> dict[str, str]:
    plan = json.loads(tsp("plan", "2026-27", "--format", "json", repo=root).stdout)
    return dict(plan["funding"])


def test_fund_adds_an_entry_keeping_the_rest_of_the_file(tsp: CliRun, year2: Path) -> None:
    path = year2 / MIDFORD
    before = path.read_text(encoding="utf-8")
    result = tsp("fund", "midford-peer-learning", "£5,000", "--year", "Year 2", "--status",
                 "Committed", "--paid-by", "SESLIP", repo=year2)
    assert result.exit_code == 0, result.output
    assert result.stdout == ("Updated data/packages/midford-peer-learning.yaml:\n"
                             "  funding: + 2026-27 committed £5,000.00\n")
    after = path.read_text(encoding="utf-8")
    assert after == before + ("funding:\n  - year: 2026-27\n    amount: 5000\n"
                              "    status: committed\n    paid_by: SESLIP\n")
    assert funding(tsp, year2, "midford-peer-learning") == [
        {"year": "2026-27", "amount": "5000", "status": "committed", "paid_by": "SESLIP"}]
    assert plan_funding(tsp, year2)["committed"] == "82500"
    # The same money again is the same entry, never a second sum.
    again = tsp("fund", "midford-peer-learning", "5000", "--status", "committed", repo=year2)
    assert again.exit_code == 0, again.output
    assert "is already recorded; nothing changed" in again.stdout
    assert path.read_text(encoding="utf-8") == after


def test_fund_replaces_a_stage_or_moves_money_on_without_counting_it_twice(
        tsp: CliRun, year2: Path) -> None:
    totals = plan_funding(tsp, year2)
    result = tsp("fund", "highcliff-data-learning", "2500.50", "--status", "committed",
                 repo=year2)
    assert result.exit_code == 0, result.output
    assert "funding: 2026-27 committed £2,500.00 → committed £2,500.50" in result.stdout
    assert '    amount: "2500.50"\n    status: committed\n' in (year2 / HIGHCLIFF).read_text()
    moved = tsp("fund", "highcliff-data-learning", "2500.50", "--status", "spent", "--was",
                "committed", "--note", "Invoice paid", repo=year2)
    assert moved.exit_code == 0, moved.output
    assert [(f["amount"], f["status"]) for f in funding(tsp, year2, "highcliff-data-learning")
            ] == [("5000", "spent"), ("2500.50", "spent")]
    after = plan_funding(tsp, year2)
    assert float(after["committed"]) == float(totals["committed"]) - 2500
    assert float(after["spent"]) == float(totals["spent"]) + 2500.50
    assert tsp("validate", repo=year2).exit_code == 0


def test_fund_refuses_what_it_cannot_record(tsp: CliRun, year2: Path) -> None:
    before = {p: p.read_bytes() for p in (year2 / "data").rglob("*.yaml")}
    cases = [
        (("midford-peer-learning", "1e29", "--status", "spent"),
         "AMOUNT: an amount is at most £999,999,999.99"),
        (("midford-peer-learning", "lots", "--status", "spent"),
         "'lots' is not an amount of pounds"),
        (("midford-peer-learning", "5000", "--status", "paid"),
         "'paid' is not one of: proposed, committed, spent"),
        (("midford-peer-learning", "5000", "--status", "spent", "--year", "2025-26"),
         "midford-peer-learning runs in 2026-27, not 2025-26"),
        (("regional-coaching-mentoring", "5000", "--status", "spent"),
         "runs in 2026-27, 2027-28: say which year with --year"),
        (("midford-peer-learning", "5000", "--status", "spent", "--was", "proposed"),
         "has no proposed funding for 2026-27 to move on"),
        (("no-such-package", "5000", "--status", "spent"), "No package has the id"),
    ]
    for args, message in cases:
        result = tsp("fund", *args, repo=year2)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in (year2 / "data").rglob("*.yaml")} == before


def test_plan_writes_a_workbook_and_takes_o(tsp: CliRun, year2: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    result = tsp("plan", "2026-27", "-o", str(target), repo=year2)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target)["Plan 2026-27"]
    header = [c.value for c in sheet[1]]
    assert header[:8] == ["section", "id", "text", "packages", "authorities", "proposed",
                          "committed", "spent"]
    by_year = {row[1]: row for row in sheet.iter_rows(values_only=True)
               if row[0] == "funding by year"}
    assert by_year["2026-27"][5:8] == (14500.5, 77500, 14500)  # numbers a sheet can sum
    markdown = tmp_path / "plan.md"
    assert tsp("plan", "-o", str(markdown), repo=year2).exit_code == 0
    assert markdown.read_text(encoding="utf-8").startswith("## The plan for Year 2 (2026-27)")
    refused = tsp("plan", "--format", "xlsx", "-o", str(tmp_path / "no" / "plan.xlsx"),
                  repo=year2)
    assert refused.exit_code == 2 and "does not exist" in refused.stderr


def test_tsp_set_points_to_tsp_fund(tsp: CliRun, year2: Path) -> None:
    result = tsp("set", "midford-peer-learning", "funding", "5000", repo=year2)
    assert result.exit_code == 2
    assert "use `tsp fund ID AMOUNT --status STATUS [--year YEAR]`" in result.stderr
