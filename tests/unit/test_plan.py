"""tsp.plan and the plan's models: the questions `tsp plan`, `tsp list` and the Year 2 report
ask, answered on the Year 2 fixture register."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.helpers import load
from tsp.errors import NotFound
from tsp.models import Funding, Package
from tsp.counting import is_funded
from tsp.plan import Totals, build_plan, money, plan_figures, resolve_plan_id, totals

BASE = {"id": "p", "title": "T", "status": "interest", "recipients": ["a"]}


def test_year_or_years_gives_one_list_of_years_and_the_first_as_year() -> None:
    one = Package.model_validate({**BASE, "year": "2025-26"})
    assert (one.year, one.years, one.span) == ("2025-26", ["2025-26"], "2025-26")
    several = Package.model_validate({**BASE, "years": ["2026-27", "2027-28"]})
    assert (several.year, several.years, several.span) == (
        "2026-27", ["2026-27", "2027-28"], "2026-27, 2027-28")
    with pytest.raises(ValidationError, match="a package needs its programme year"):
        Package.model_validate(BASE)


@pytest.mark.parametrize(("written", "exact"), [
    (12500, Decimal("12500")), ("12500.00", Decimal("12500.00")), (12500.5, Decimal("12500.5")),
    (0.1, Decimal("0.1")), ("£1,250.75", Decimal("1250.75")),
])
def test_amounts_are_exact_decimals_from_the_digits_written(written: object,
                                                            exact: Decimal) -> None:
    entry = Funding.model_validate({"year": "2026-27", "amount": written, "status": "proposed"})
    assert isinstance(entry.amount, Decimal)
    assert entry.amount == exact
    assert str(entry.amount) == str(exact)  # 0.1 stays 0.1, not 0.1000000000000000055…


def test_money_is_shown_in_pounds_and_pence() -> None:
    assert money(Decimal("106500.5")) == "£106,500.50"
    assert money(Decimal("0")) == "£0.00"


def test_the_plan_of_year_2(year2: Path) -> None:
    register = load(year2)
    plan = build_plan(register, register.years["2026-27"])
    assert len(plan.packages) == 12
    groups = {r.id: [p.id for p in r.packages] for r in plan.priorities if r.is_group}
    # a package serving an item serves its group; one naming only the group counts there
    assert groups["strengthening-assurance"] == [
        "westvale-qa-send", "eastholm-defensible-decisions", "highcliff-data-learning",
        "highcliff-peer-review"]
    assert [r.id for r in plan.uncovered] == [
        "supporting-the-developing-the-experts-at-hand-offer", "process-development-and-review",
        "provide-tools-to-empower-system-leadership",
        "delivery-support-leaders-and-supervisors-to-model-safe-proportionate-practice",
        "support-leaders-and-supervisors-to-disseminate-and-embed-learning-within-the-"
        "workforce-and-promote-learning-within-the-partnership",
        # named only by an expression of interest, counted apart (tsp.counting)
        "strengthen-confidence-in-defensible-decision-making",
        "ensure-improvements-are-visible-to-families-not-just-services"]
    assert [(m.id[:20], len(m.evidence), m.latest[1].on.isoformat() if m.latest else None)
            for m in plan.measures] == [
        ("clear-evidence-of-im", 2, "2026-11-20"), ("las-report-tangible-", 1, "2026-09-15"),
        ("reduced-escalation-d", 1, "2026-10-01"), ("stronger-assurance-t", 3, "2026-08-12"),
        ("increased-evidence-o", 1, "2026-09-30")]
    assert plan.untied == ()


def test_funding_is_split_by_year_and_summed_by_status(year2: Path) -> None:
    register = load(year2)
    plan = build_plan(register, register.years["2026-27"])
    assert dict(plan.funding_by_year) == {
        "2025-26": Totals(spent=Decimal("6000")),  # westvale-qa-send's first year
        "2026-27": Totals(Decimal("14500.50"), Decimal("77500"), Decimal("14500")),
        "2027-28": Totals(proposed=Decimal("20000")),  # the coaching programme's second year
    }
    assert plan.funding == dict(plan.funding_by_year)["2026-27"]
    assert dict(plan.paid_to) == {"northmere": Totals(committed=Decimal("30000"))}
    # a joint package counts in full for each recipient
    assert dict(plan.funding_by_authority)["eastholm"] == Totals(Decimal("8000"),
                                                                 Decimal("18000"))


def test_funded_means_committed_or_spent(year2: Path) -> None:
    packages = load(year2).packages
    assert is_funded(packages["highcliff-data-learning"])
    assert not is_funded(packages["eastholm-inclusive-education"])  # proposed only
    assert is_funded(packages["regional-coaching-mentoring"], "2026-27")
    assert not is_funded(packages["regional-coaching-mentoring"], "2027-28")
    assert totals(packages["southcombe-commissioning-sufficiency"]).total == Decimal("14500.50")


def test_sme_lenders_with_people_and_days_where_recorded(year2: Path) -> None:
    register = load(year2)
    plan = build_plan(register, register.years["2026-27"])
    assert [(s.authority, len(s.packages), s.people, s.days) for s in plan.sme] == [
        ("midford", 1, 1, None), ("northmere", 2, 5, Decimal("18"))]


def test_plan_ids_from_the_command_line(year2: Path) -> None:
    register = load(year2)
    assert resolve_plan_id(register, "stronger", "success measure") == \
        "stronger-assurance-that-systems-are-working-as-intended"
    with pytest.raises(NotFound) as ambiguous:
        resolve_plan_id(register, "strengthen", "priority")
    assert "strengthening-assurance" in ambiguous.value.suggestions
    with pytest.raises(NotFound, match="is a success measure of 2025-26, not of 2026-27"):
        resolve_plan_id(register, "year-one-take-up", "success measure", ["2026-27"])


def test_plan_figures_for_tsp_changes(year2: Path) -> None:
    figures = plan_figures(load(year2), "2026-27")
    # the expression of interest counts apart, for the group and for its priority
    assert figures["packages for Strengthening Assurance"] == 3
    assert figures["priorities with no package"] == 7
    assert figures["funding committed"] == "£77,500.00"
