"""An authority's report as its template sees it: its packages, quotes and reorganisation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.helpers import load

from tsp.reporting.authority_view import authority_report


def test_authority_report(frozen_root: Path) -> None:
    repo = load(frozen_root)
    bucks = authority_report(repo, repo.authorities["buckinghamshire"], dt.date(2026, 3, 31))
    assert [q.id for q in bucks.quotes] == ["q1"]
    assert [p.id for p in bucks.received] == ["buckinghamshire-send-assessment-throughput"]
    assert bucks.authority.former_codes == ("E10000002 (until 31 March 2020)",)
    brighton = authority_report(repo, repo.authorities["brighton-and-hove"], dt.date(2026, 3, 31))
    assert brighton.sme_lending_years == ("Year 1 (2025–26)",)
    assert brighton.engaged
    wight = authority_report(repo, repo.authorities["isle-of-wight"], dt.date(2026, 3, 31))
    assert not wight.engaged and wight.received == () and wight.quotes == ()


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2026, 3, 31), "ends on 31 March 2027 (decided 28 October 2025)"),
    (dt.date(2027, 4, 1), "ended on 31 March 2027 (decided 28 October 2025)"),
])
def test_reorganisation_tense_follows_the_report_date(frozen_root: Path, day: dt.date,
                                                      expected: str) -> None:
    repo = load(frozen_root)
    surrey = authority_report(repo, repo.authorities["surrey"], day).authority
    assert surrey.reorganisation == expected
    assert surrey.successors == ("East Surrey Council", "West Surrey Council")


def test_a_proposal_reaches_the_view_in_the_register_s_words(frozen_root: Path) -> None:
    repo = load(frozen_root)
    kent = authority_report(repo, repo.authorities["kent"], dt.date(2026, 3, 31)).authority
    assert (kent.reorganisation, kent.proposal, kent.proposal_consulted,
            kent.proposal_expected) == ("", "Kent & Medway", "2025–26", "April 2028")
    surrey = authority_report(repo, repo.authorities["surrey"], dt.date(2026, 3, 31)).authority
    assert (surrey.proposal, surrey.proposal_consulted, surrey.proposal_expected) == ("", "", "")
