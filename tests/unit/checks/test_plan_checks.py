"""tsp.checks.plan: plan ids, packages tied to their year's plan, years, funding, evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.checks.test_checks import edit, shown
from tsp.checks import ValidationResult
from tsp.load import load_checked

CAP = ("data/packages/northmere-funded-capacity.yaml:13:5: warning: funding for 2026-27 comes "
       "to £30,000.00, over that year's cap of £25,000.00 per package")


def problems(root: Path) -> list[str]:
    return [p for p in shown(root, ValidationResult.of(load_checked(root)).problems) if p != CAP]


def test_the_fixture_has_one_warning_the_package_over_the_cap(year2: Path) -> None:
    assert shown(year2, ValidationResult.of(load_checked(year2)).problems) == [CAP]


def test_plan_ids_are_unique_within_a_year(year2: Path) -> None:
    edit(year2, "data/years/2026-27.yaml", "  - id: strengthen-co-production-and-trust",
         "  - id: process-development-and-review")
    assert problems(year2) == [
        # the package naming the renamed id now names an unknown one
        "data/packages/southcombe-co-production.yaml:13:5: error: priorities: unknown priority "
        "'strengthen-co-production-and-trust' for 2026-27; did you mean "
        "'strengthening-assurance'?",
        "data/years/2026-27.yaml:74:9: error: plan id 'process-development-and-review' "
        "(priority) is also the id of a priority of this year; ids in a year's plan must be "
        "unique (give one of them another id)",
    ]


def test_plan_entries_written_as_plain_text_get_the_slug_of_their_text(year2: Path) -> None:
    from tests.helpers import load

    year1 = load(year2).years["2025-26"]
    assert [p.id for p in year1.design_principles] == [
        "work-collaboratively-with-las",
        "enable-las-to-take-work-forward-themselves-once-the-support-had-concluded"]
    assert [t.id for t in year1.learning_themes] == ["diagnostic-work-creates-momentum",
                                                     "process-clarity-matters"]


def test_an_unknown_priority_suggests_the_close_one(year2: Path) -> None:
    edit(year2, "data/packages/midford-peer-learning.yaml",
         "  - using-peer-learning-and-sme-support-to-build-confidence",
         "  - using-peer-learning-and-sme-support-to-build-confidenc")
    assert problems(year2) == [
        "data/packages/midford-peer-learning.yaml:13:5: error: priorities: unknown priority "
        "'using-peer-learning-and-sme-support-to-build-confidenc' for 2026-27; did you mean "
        "'using-peer-learning-and-sme-support-to-build-confidence'?"]


def test_an_id_of_another_year_is_an_error_naming_that_year(year2: Path) -> None:
    edit(year2, "data/packages/midford-peer-learning.yaml", "priorities:\n",
         "success_measures:\n  - year-one-take-up\npriorities:\n")
    assert problems(year2) == [
        "data/packages/midford-peer-learning.yaml:13:5: error: success_measures: "
        "'year-one-take-up' is a success measure of 2025-26, not of this package's year "
        "(2026-27)"]


def test_a_success_measure_listed_as_a_priority_says_where_it_belongs(year2: Path) -> None:
    edit(year2, "data/packages/midford-peer-learning.yaml",
         "  - using-peer-learning-and-sme-support-to-build-confidence",
         "  - reduced-escalation-driven-by-process-inefficiency")
    assert problems(year2) == [
        "data/packages/midford-peer-learning.yaml:13:5: error: priorities: "
        "'reduced-escalation-driven-by-process-inefficiency' is a success measure of 2026-27, "
        "not a priority; list it under success_measures"]


def test_a_year_package_may_not_have_both_year_and_years(year2: Path) -> None:
    edit(year2, "data/packages/midford-peer-learning.yaml", "year: 2026-27\n",
         "year: 2026-27\nyears: [2026-27]\n")
    [message] = problems(year2)
    assert message.endswith("give year (one programme year) or years (several), not both")


@pytest.mark.parametrize(("years", "expected"), [
    ("[2026-27, 2025-26]", "years.1: 2025-26 is listed after 2026-27: list each year once, "
                           "oldest first"),
    ("[]", "years: list at least one programme year, e.g. [2026-27, 2027-28]"),
])
def test_years_are_listed_once_oldest_first(year2: Path, years: str, expected: str) -> None:
    edit(year2, "data/packages/midford-peer-learning.yaml", "year: 2026-27\n",
         f"years: {years}\n")
    [message] = problems(year2)
    assert expected.split(": ", 1)[1] in message


def test_a_later_year_may_be_unrecorded_but_not_one_before_the_last(year2: Path) -> None:
    # regional-coaching-mentoring runs into 2027-28, which has no record: fine while it is
    # later than every recorded year.
    edit(year2, "data/packages/midford-peer-learning.yaml", "year: 2026-27\n",
         "years: [2026-27, 2030-31]\n")
    assert problems(year2) == []
    (year2 / "data/years/2028-29.yaml").write_text("id: 2028-29\nlabel: Year 4\n")
    assert problems(year2) == [
        "data/packages/regional-coaching-mentoring.yaml:6:5: error: years: 2027-28 has no "
        "record in data/years/ and is not after the last recorded year (2028-29); list "
        "recorded years or later ones"]


def test_funding_for_a_year_the_package_does_not_run_in_is_an_error(year2: Path) -> None:
    edit(year2, "data/packages/eastholm-inclusive-education.yaml", "  - year: 2026-27\n",
         "  - year: 2027-28\n")
    assert problems(year2) == [
        "data/packages/eastholm-inclusive-education.yaml:15:11: error: funding for 2027-28, a "
        "year the package does not run in (2026-27); correct the year, or add it to years"]


@pytest.mark.parametrize(("amount", "message"), [
    ("12.345", "12.345 has more than two decimal places; amounts are pounds and pence"),
    ("-5", "an amount cannot be negative (-5)"),
    ('"twelve"', "'twelve' is not an amount of pounds"),
    ("true", "an amount is a number of pounds, e.g. 12500, not true or false"),
])
def test_an_amount_is_pounds_and_pence(year2: Path, amount: str, message: str) -> None:
    edit(year2, "data/packages/eastholm-inclusive-education.yaml", 'amount: "8000.00"',
         f"amount: {amount}")
    [problem] = problems(year2)
    assert "data/packages/eastholm-inclusive-education.yaml:16:" in problem
    assert message in problem


def test_evidence_is_checked_against_the_years_measures_and_authorities(year2: Path) -> None:
    edit(year2, "data/packages/highcliff-data-learning.yaml",
         "    measures:\n      - stronger-assurance-that-systems-are-working-as-intended",
         "    authorities: [highclif]\n    publish: true\n    measures:\n      - year-one-take-up")
    assert problems(year2) == [
        "data/packages/highcliff-data-learning.yaml:29:19: error: evidence 2026-08-12: unknown "
        "authority 'highclif'; did you mean 'highcliff'?",
        "data/packages/highcliff-data-learning.yaml:30:14: warning: evidence 2026-08-12: "
        "publish and consent are for feedback; an output is a fact and appears in reports "
        "without them",
        "data/packages/highcliff-data-learning.yaml:32:9: error: evidence 2026-08-12: "
        "'year-one-take-up' is a success measure of 2025-26, not of 2026-27",
    ]


def test_published_feedback_says_how_consent_was_given(year2: Path) -> None:
    edit(year2, "data/packages/westvale-qa-send.yaml",
         "    consent: Agreed on the feedback form, July 2026\n", "")
    assert problems(year2) == [
        "data/packages/westvale-qa-send.yaml:50:14: warning: evidence 2026-07-20: feedback "
        "cleared for publication without saying how (add consent: e.g. 'Agreed by email, "
        "2026-05-02')"]


def test_an_sme_contribution_names_a_lender(year2: Path) -> None:
    edit(year2, "data/packages/westvale-qa-send.yaml", "  - authority: northmere",
         "  - authority: midford")
    assert problems(year2) == [
        "data/packages/westvale-qa-send.yaml:29:16: warning: sme_contributions: midford is not "
        "in sme_lenders; add it there too, so lists and reports count it"]
