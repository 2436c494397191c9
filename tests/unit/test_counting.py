"""One count everywhere (issue 16, point 9): `tsp la --list`, the reports, `tsp changes` and
`tsp plan` read tsp.counting, so the same register gives the same numbers in each.

Each disagreement was first seen on the real register: Brighton & Hove had 4 "packages
received" in `la --list` and 3 in the Year 1 report; `changes` counted 15 packages where the
report said 14; `plan` listed 22 priorities with no package where `changes` said 18.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from tests.helpers import CHECKOUT, CliRun, load, run_git, write
from tsp import counting
from tsp.plan import build_plan, plan_figures
from tsp.queries import headline


def report_number(text: str, pattern: str) -> int:
    found = re.search(pattern, text, re.MULTILINE)
    assert found, pattern
    return int(found.group(1))


def figure_change(text: str, figure: str) -> tuple[int, int]:
    found = re.search(rf"^\s+{re.escape(figure)}: (\d+) → (\d+)$", text, re.MULTILINE)
    assert found, text
    return int(found.group(1)), int(found.group(2))


def test_an_expression_of_interest_is_not_a_package(frozen_root: Path) -> None:
    register = load(frozen_root)
    packages = [p for p in register.packages.values() if "2025-26" in p.years]
    interests = counting.expressions_of_interest(packages)
    assert [p.id for p in interests] == ["brighton-and-hove-joint-commissioning"]
    assert len(counting.packages_of_support(packages)) == len(packages) - 1 == 14
    assert counting.received(packages)["brighton-and-hove"] == 3
    assert headline(register, "2025-26").packages == 14
    assert headline(register, "2025-26").interests == 1


def test_la_list_and_the_year1_report_count_the_same_packages(tsp: CliRun,
                                                               frozen_root: Path) -> None:
    listing = json.loads(tsp("la", "--list", "--format", "json", repo=frozen_root).stdout)
    brighton = next(a for a in listing if a["id"] == "brighton-and-hove")
    report = tsp("report", "year1", repo=frozen_root).stdout
    in_report = report_number(report, r"^\| Brighton and Hove \| (\d+) \|")
    assert len(brighton["received"]) == in_report == 3
    assert brighton["expressions_of_interest"] == ["brighton-and-hove-joint-commissioning"]
    text = tsp("la", "--list", repo=frozen_root).stdout
    assert re.search(r"Brighton and Hove .*│ +3 │ +0 │ 2025-26", text), text
    assert sum(len(a["received"]) for a in listing) == sum(
        report_number(report, rf"^\| {re.escape(name)} \| (\d+) \|")
        for name in (a["name"] for a in listing))


def test_changes_counts_the_packages_the_report_counts(tsp: CliRun, git_repo: Path) -> None:
    shutil.copytree(CHECKOUT / "templates", git_repo / "templates")
    before = report_number(tsp("report", "year1", repo=git_repo).stdout,
                           r"^\| Packages of support \| (\d+) \|")
    write(git_repo / "data/packages/slough-interest.yaml",
          "id: slough-interest\ntitle: Interest in a diagnostic\nyear: 2025-26\n"
          "status: interest\nrecipients:\n  - slough\n")
    write(git_repo / "data/packages/slough-workshop.yaml",
          "id: slough-workshop\ntitle: A workshop\nyear: 2025-26\nstatus: agreed\n"
          "recipients:\n  - slough\n")
    after = report_number(tsp("report", "year1", repo=git_repo).stdout,
                          r"^\| Packages of support \| (\d+) \|")
    changes = tsp("changes", "--since", "main", repo=git_repo)
    assert changes.exit_code == 0, changes.output
    assert figure_change(changes.stdout, "packages") == (before, after) == (14, 15)
    assert figure_change(changes.stdout, "expressions of interest") == (1, 2)


def test_plan_changes_and_the_year2_report_agree_on_priorities_with_no_package(
        tsp: CliRun, year2: Path, git_env: None) -> None:
    run_git(year2, "init", "-q", "-b", "main")
    run_git(year2, "add", "data")
    run_git(year2, "commit", "-q", "-m", "The register")

    def in_plan() -> list[str]:
        plan = json.loads(tsp("plan", "2026-27", "--format", "json", repo=year2).stdout)
        return list(plan["priorities_without_packages"])

    def in_report() -> int:
        report = tsp("report", "year2", repo=year2).stdout
        served = re.search(r"^(\d+) of the (\d+) priorities", report, re.MULTILINE)
        assert served, report
        return int(served.group(2)) - int(served.group(1))

    before = in_plan()
    # The expression of interest names a priority: it still has no package.
    assert "strengthen-confidence-in-defensible-decision-making" in before
    assert len(before) == in_report()
    register = load(year2)
    year = register.years["2026-27"]
    assert before == counting.priorities_with_no_package(year, register.packages.values())
    assert [r.id for r in build_plan(register, year).uncovered] == before
    assert plan_figures(register, "2026-27")["priorities with no package"] == len(before)

    write(year2 / "data/packages/lowmoor-expert-offer.yaml",
          "id: lowmoor-expert-offer\ntitle: Experts at hand\nyear: 2026-27\nstatus: agreed\n"
          "recipients:\n  - lowmoor\npriorities:\n  - " + before[0] + "\n")
    after = in_plan()
    assert after == before[1:]
    assert len(after) == in_report()
    changes = tsp("changes", "--since", "main", repo=year2).stdout
    assert figure_change(changes, "priorities with no package") == (len(before), len(after))
