"""Year 2 on the fixture register: tsp plan, the list filters, tsp log, tsp validate,
tsp changes and the reports, each compared with a golden file.

Regenerate after an intended change with

    TSP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/cli/test_year2.py

and read the diff before committing it.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import CliRun, load, run_git

GOLDEN = Path(__file__).parent / "golden" / "year2"
UPDATE = os.environ.get("TSP_UPDATE_GOLDEN") == "1"

CASES = [
    ("plan.txt", ["plan"]),
    ("plan.json", ["plan", "2026-27", "--format", "json"]),
    ("plan.csv", ["plan", "Year 2", "--format", "csv"]),
    ("plan.md", ["plan", "2", "--format", "markdown"]),
    ("list-assurance-unfunded.md", ["list", "--year", "2026-27", "--priority",
                                    "strengthening-assurance", "--unfunded", "-f", "markdown"]),
    ("list-measure.md", ["list", "--measure", "stronger", "-f", "markdown"]),
    ("list-funded-2027-28.md", ["list", "--year", "2027-28", "--funded", "-f", "markdown"]),
    ("list-unfunded-2027-28.md", ["list", "--year", "2027-28", "--unfunded", "-f",
                                  "markdown"]),
    ("log-westvale-qa-send.txt", ["log", "westvale-qa-send"]),
    ("show-westvale-qa-send.txt", ["show", "westvale-qa-send"]),
    ("report-year2.md", ["report", "year2"]),
    ("report-la-westvale.md", ["report", "la", "Westvale"]),
]


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "args"), CASES, ids=[c[0] for c in CASES])
def test_output_matches_golden(name: str, args: list[str], tsp: CliRun, year2: Path,
                               columns: Callable[[int], None]) -> None:
    columns(120)
    result = tsp(*args, repo=year2)
    assert result.exit_code == 0, result.output
    golden(name, result.stdout)


def test_goldens_are_all_checked() -> None:
    expected = [c[0] for c in CASES] + ["validate.txt", "changes.txt"]
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(expected)


def test_validate_warns_of_the_package_over_the_cap(tsp: CliRun, year2: Path) -> None:
    result = tsp("validate", repo=year2)
    assert result.exit_code == 0
    golden("validate.txt", result.stderr + result.stdout)
    assert tsp("validate", "--strict", repo=year2).exit_code == 1


def test_json_and_csv_are_exact_and_parse(tsp: CliRun, year2: Path) -> None:
    plan = json.loads(tsp("plan", "2026-27", "-f", "json", repo=year2).stdout)
    assert plan["funding"] == {"proposed": "14500.50", "committed": "77500", "spent": "14500",
                               "total": "106500.50"}
    assert plan["funding_by_year"]["2027-28"]["proposed"] == "20000"
    rows = list(csv.DictReader(io.StringIO(
        tsp("plan", "2026-27", "-f", "csv", repo=year2).stdout.lstrip("\ufeff"))))
    by_id = {r["id"]: r for r in rows}
    assert by_id["strengthening-assurance"]["section"] == "priority group"
    assert by_id["2026-27"]["committed"] == "77500"


def test_an_unknown_priority_is_a_usage_error_with_suggestions(tsp: CliRun,
                                                               year2: Path) -> None:
    result = tsp("list", "--priority", "strenghtening-assurance", repo=year2)
    assert result.exit_code == 2
    assert "No priority has the id 'strenghtening-assurance'" in result.stderr
    assert "strengthening-assurance" in result.stderr
    assert "Traceback" not in result.output


def test_log_appends_an_entry_keeping_the_file(tsp: CliRun, year2: Path) -> None:
    path = year2 / "data/packages/northmere-send-reform-plan.yaml"
    path.write_text(path.read_text().replace("starts: 2026-05\n",
                                             "starts: 2026-05  # as agreed in April\n"))
    before = path.read_text()
    result = tsp("log", "northmere-send-reform-plan", "Plan agreed by the partnership board",
                 "--kind", "outcome", "--measure", "las-report", "--on", "2026-10-02",
                 "--la", "Northmere", "--source", "Board minutes", repo=year2)
    assert result.exit_code == 0, result.output
    after = path.read_text()
    assert after.startswith(before)  # every byte kept, the entry appended
    assert after[len(before):] == (
        "  - on: 2026-10-02\n"
        "    kind: outcome\n"
        "    text: Plan agreed by the partnership board\n"
        "    measures:\n"
        "      - las-report-tangible-benefit-to-delivering-send-reforms\n"
        "    authorities:\n"
        "      - northmere\n"
        "    source: Board minutes\n")
    entry = load(year2).packages["northmere-send-reform-plan"].evidence[-1]
    assert (entry.kind, entry.on.isoformat()) == ("outcome", "2026-10-02")


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "outcome", "--measure", "year-one-take-up"],
     "'year-one-take-up' is a success measure of 2025-26, not of 2026-27."),
    (["--kind", "outcome", "--measure", "no-such-measure"],
     "No success measure of 2026-27 has the id 'no-such-measure'"),
    (["--kind", "feedbak"], "'feedbak' is not one of: output, outcome, feedback, milestone."),
    (["--kind", "feedback", "--publish"], "--publish needs --consent"),
    (["--kind", "output", "--publish", "--consent", "x"], "--publish and --consent are for "
                                                          "feedback"),
    ([], "--kind is needed"),
    (["--kind", "outcome", "--on", "2026-13-01"], "is not a date"),
    # forms Python's date parser reads but nobody types for a day (issue 22)
    (["--kind", "outcome", "--on", "20260228"], "--on: '20260228' is not a date; write "
                                                "YYYY-MM-DD"),
    (["--kind", "outcome", "--on", "2026-W05"], "--on: '2026-W05' is not a date"),
    (["--kind", "outcome", "--on", "0001-01-01"], "--on: '0001-01-01' is not a date in the "
                                                  "years tsp records (1900–2099)"),
])
def test_log_refuses_bad_entries_and_writes_nothing(tsp: CliRun, year2: Path,
                                                    args: list[str], message: str) -> None:
    path = year2 / "data/packages/northmere-send-reform-plan.yaml"
    before = path.read_bytes()
    result = tsp("log", "northmere-send-reform-plan", "Some text", *args, repo=year2)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert path.read_bytes() == before


def test_log_dry_run_shows_the_diff_and_writes_nothing(tsp: CliRun, year2: Path) -> None:
    path = year2 / "data/packages/westvale-qa-send.yaml"
    before = path.read_bytes()
    result = tsp("log", "westvale-qa-send", "Good work", "--kind", "feedback", "--publish",
                 "--consent", "By email", "--on", "2026-08-01", "--dry-run", repo=year2)
    assert result.exit_code == 0
    assert "+    publish: true\n+    consent: By email\n" in result.stdout
    assert path.read_bytes() == before


def test_a_package_with_no_log_says_so(tsp: CliRun, year2: Path) -> None:
    result = tsp("log", "midford-peer-learning", repo=year2)
    assert result.stdout == "midford-peer-learning has no evidence logged yet.\n"


def test_unpublished_feedback_never_reaches_a_report(tsp: CliRun, year2: Path) -> None:
    for args in (["year2"], ["la", "Southcombe"], ["la", "Eastholm"]):
        text = tsp("report", *args, repo=year2).stdout
        assert "Parent carers said they were heard" not in text
        assert "Having a mentor from another authority" not in text
    assert "The framework gave our auditors a shared language." in tsp(
        "report", "year2", repo=year2).stdout


def test_changes_report_plan_coverage_and_funding(tsp: CliRun, year2: Path, git_env: None
                                                  ) -> None:
    run_git(year2, "init", "-q", "-b", "main")
    run_git(year2, "add", "data")
    run_git(year2, "commit", "-q", "-m", "The register")
    # (a package of support: an expression of interest would serve no priority, tsp.counting)
    assert tsp("set", "midford-peer-learning", "priorities", "--add",
               "strengthen-co-production-and-trust", repo=year2).exit_code == 0
    package = year2 / "data/packages/midford-peer-learning.yaml"
    package.write_text(package.read_text() + "funding:\n  - year: 2026-27\n    amount: 3000\n"
                       "    status: committed\n    paid_by: SESLIP\n")
    result = tsp("changes", "--since", "main", repo=year2)
    assert result.exit_code == 0, result.output
    golden("changes.txt", result.stdout.replace(run_git(year2, "rev-parse", "--short",
                                                        "main").strip(), "COMMIT"))
    assert "packages for Impact for Children and Families: 2 → 3" in result.stdout
    assert "funding committed: £77,500.00 → £80,500.00" in result.stdout


def test_new_package_offers_the_years_priorities_and_measures(tsp: CliRun,
                                                              year2: Path) -> None:
    typed = "\n".join(["Lowmoor", "Peer review of the SEND self-assessment", "",
                       "17, strengthening-assurance", "4", "2"] + [""] * 20)
    result = tsp("new", "package", "--interactive", "--year", "2026-27", "--yes",
                 repo=year2, input=typed.replace("Lowmoor\nPeer review of the SEND "
                                                 "self-assessment\n\n",
                                                 "Lowmoor\nPeer review of the SEND "
                                                 "self-assessment\n", 1))
    assert result.exit_code == 0, result.output
    assert "  15) Strengthening Assurance (strengthening-assurance)" in result.stdout
    written = load(year2).packages["lowmoor-peer-review-of-the-send-self-assessment"]
    assert written.priorities == ["improve-use-of-data-as-a-learning-tool",
                                  "strengthening-assurance"]
    assert written.success_measures == [
        "stronger-assurance-that-systems-are-working-as-intended"]


def test_set_years_turns_year_into_years(tsp: CliRun, year2: Path) -> None:
    result = tsp("set", "midford-peer-learning", "years", "--add", "2027-28", repo=year2)
    assert result.exit_code == 0, result.output
    text = (year2 / "data/packages/midford-peer-learning.yaml").read_text()
    assert "years:\n  - 2026-27\n  - 2027-28\nstatus: scoping\n" in text
    assert "\nyear:" not in text
    assert load(year2).packages["midford-peer-learning"].years == ["2026-27", "2027-28"]
    refused = tsp("set", "midford-peer-learning", "years", "--add", "2025-26", repo=year2)
    assert refused.exit_code == 2
    assert "2025-26 is listed after 2027-28" in refused.stderr


def test_log_lists_as_json(tsp: CliRun, year2: Path) -> None:
    data = json.loads(tsp("log", "westvale-qa-send", "-f", "json", repo=year2).stdout)
    assert data["package"] == "westvale-qa-send"
    assert [e["kind"] for e in data["evidence"]] == ["output", "outcome", "feedback"]
    assert data["evidence"][2]["publish"] is True


def test_plan_of_a_year_without_a_plan_says_so(tsp: CliRun, minimal: Path) -> None:
    result = tsp("plan", "-f", "markdown", repo=minimal)
    assert result.exit_code == 0, result.output
    assert "The register records no priorities for 2025-26." in result.stdout
    assert "The register records no funding for these packages." in result.stdout
    assert "|---|" not in result.stdout


def test_every_report_renders_in_every_format_from_the_fixture(tsp: CliRun, year2: Path) -> None:
    result = tsp("report", "--check", repo=year2)
    assert result.exit_code == 0, result.output


def test_a_package_over_several_years_counts_in_each(tsp: CliRun, year2: Path) -> None:
    def ids(*args: str) -> list[str]:
        return [p["id"] for p in json.loads(tsp("list", *args, "-f", "json",
                                                repo=year2).stdout)]

    assert "westvale-qa-send" in ids("--year", "2025-26")
    assert "westvale-qa-send" in ids("--year", "2026-27")
    assert ids("--year", "2027-28") == ["regional-coaching-mentoring"]
    assert "regional-coaching-mentoring" in ids("--year", "2026-27")


@pytest.mark.parametrize("written", ["-0", "-0.00", '"-0"'])
def test_a_funding_amount_of_minus_zero_shows_as_zero_pounds(tsp: CliRun, year2: Path,
                                                             written: str) -> None:
    # -0 is not negative, so it is valid; it must not show as "£-0.00" (issue 22)
    path = year2 / "data/packages/westvale-qa-send.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    amount: 6000\n", f"    amount: {written}\n"), encoding="utf-8")
    result = tsp("show", "westvale-qa-send", repo=year2)
    assert result.exit_code == 0, result.output
    assert "2025-26: £0.00 spent" in result.stdout
    assert "£-" not in result.stdout


def test_the_plan_at_80_columns_gives_the_priorities_the_room(tsp: CliRun, frozen_root: Path,
                                                              columns: Callable[[int], None]
                                                              ) -> None:
    # no package yet: empty columns keep to their headings, the priorities' words take the
    # rest (they wrapped into a quarter of the screen beside them: issue 22)
    columns(80)
    result = tsp("plan", "2026-27", repo=frozen_root)
    assert result.exit_code == 0, result.output
    table = result.stdout.split("Priorities with no package yet")[0].splitlines()
    assert max(len(line.rstrip()) for line in table) <= 80
    assert any("Developing specific work aligned to LA" in line for line in table)
