"""A package's measures: validated, and shown as each recipient's figures since the
baseline beside the region and England, as context (issue 21, point 3)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import CHECKOUT, CliRun, edit

PACKAGE = "data/packages/alpha-assessment-review.yaml"


def _link(root: Path, *links: tuple[str, str]) -> None:
    text = "measures:\n" + "".join(f"  - measure: {m}\n    baseline: {b}\n" for m, b in links)
    with (root / PACKAGE).open("a", encoding="utf-8") as handle:
        handle.write(text)


def test_validate_checks_the_rule_the_period_and_the_baseline_figures(tsp: CliRun,
                                                                      challenge: Path) -> None:
    _link(challenge, ("timelines", '"2023"'), ("waiting", "2023"), ("timeliness", "2022"))
    result = tsp("validate", repo=challenge)
    assert result.exit_code == 1
    assert (f"{PACKAGE}:10:14: error: measures: no counting rule 'timelines' in "
            "data/measures/; did you mean 'timeliness'?") in result.output
    assert (f"{PACKAGE}:13:15: error: baseline: '2023' is not a period of waiting, which "
            "writes its periods (academic-year) as e.g.") in result.output
    assert (f"{PACKAGE}:15:15: warning: baseline: the register holds no timeliness figure "
            "for alpha in 2022") in result.output


def test_show_la_and_the_reports_give_the_figures_since_the_baseline(tsp: CliRun,
                                                                     challenge: Path) -> None:
    _link(challenge, ("timeliness", "2023"))
    assert tsp("validate", "--strict", repo=challenge).exit_code == 0
    line = ("Plans issued on time (2023 to 2024, %): Alpha 50.0 → 75.0 (+25.0); beside them "
            "South East 55.0 → 70.0 (+15.0); England 50.0 → 60.0 (+10.0)")
    shown = tsp("show", "alpha-assessment-review", repo=challenge)
    assert shown.exit_code == 0, shown.output
    assert "Figures for Alpha since the package began (the register's):" in shown.stdout
    assert line in shown.stdout
    profile = tsp("la", "Alpha", repo=challenge)
    assert f"Assessment review: {line}" in profile.stdout
    assert "Figures for Beta" not in tsp("la", "Beta", repo=challenge).stdout
    shutil.copytree(CHECKOUT / "templates", challenge / "templates")
    report = tsp("report", "la", "Alpha", repo=challenge)
    assert report.exit_code == 0, report.output
    assert "### Figures for Alpha since the package began" in report.stdout
    assert ("| Assessment review | Plans issued on time (%, 2023 to 2024) | Alpha | 50.0 | "
            "75.0 | +25.0 |") in report.stdout
    assert "| England | 50.0 | 60.0 | +10.0 |" in report.stdout
    assert "they do not measure its effect" in report.stdout
    assert "improved" not in report.stdout


def test_a_suppressed_figure_stays_suppressed_and_no_change_is_shown(tsp: CliRun,
                                                                     challenge: Path) -> None:
    edit(challenge / PACKAGE, "  - alpha\n", "  - alpha\n  - delta\n")
    _link(challenge, ("timeliness", "2023"))
    shown = tsp("show", "alpha-assessment-review", repo=challenge)
    assert "Delta 30.0 → c;" in shown.stdout  # delta's 2024 figure is confidential


def test_a_success_measure_names_counting_rules_and_tsp_plan_shows_them(
        tsp: CliRun, challenge: Path) -> None:
    year = challenge / "data/years/2026-27.yaml"
    year.write_text(year.read_text(encoding="utf-8") + (
        "success_measures:\n  - id: quicker-plans\n    text: Plans are issued sooner\n"
        "    counting_rules:\n      - timeliness\n      - timelines\n"), encoding="utf-8")
    result = tsp("validate", repo=challenge)
    assert "data/years/2026-27.yaml:14:9: error: counting_rules: no counting rule " \
        "'timelines' in data/measures/; did you mean 'timeliness'?" in result.output
    edit(year, "      - timelines\n", "")
    assert tsp("validate", "--strict", repo=challenge).exit_code == 0
    plan = tsp("plan", "2026-27", repo=challenge)
    assert plan.exit_code == 0, plan.output
    assert "Counting rules: Plans issued on time" in plan.stdout
    markdown = tsp("plan", "2026-27", "--format", "markdown", repo=challenge)
    assert "Plans are issued sooner (counting rules: Plans issued on time)" in markdown.stdout
