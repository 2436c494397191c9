"""tsp.queries: filters, years, profiles and headline figures over the real register."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tsp.errors import NotFound
from tsp.models import Area, Kind, Role, Status
from tsp.queries import (
    PackageFilter,
    authority_profile,
    filter_packages,
    find_package,
    find_year,
    headline,
    reorganisation_status,
    unknown_values,
)
from tests.helpers import FROZEN
from tsp.load import load_checked
from tsp.register import Register


@pytest.fixture(scope="module")
def repo() -> Register:
    return load_checked(FROZEN).require_valid()


def ids(repo: Register, **criteria: object) -> list[str]:
    return [row.package.id for row in filter_packages(repo, PackageFilter(**criteria))]


def test_an_authority_is_found_in_every_role_and_the_role_is_said(repo: Register) -> None:
    rows = filter_packages(repo, PackageFilter(authority="kent"))
    assert [(r.package.id, r.roles) for r in rows] == [
        ("kent-send-engagement-workshops", (Role.RECIPIENT,)),
        ("reading-bgm-workforce-engagement", (Role.PARTNER,)),
    ]


def test_roles_narrow_an_authority_filter(repo: Register) -> None:
    assert ids(repo, authority="kent", roles=(Role.PARTNER,)) == [
        "reading-bgm-workforce-engagement"]
    assert ids(repo, authority="kent", roles=(Role.SME_LENDER,)) == []


def test_filters_combine(repo: Register) -> None:
    everything = ids(repo)
    assert len(everything) == len(repo.packages)
    send = ids(repo, areas=(Area.SEND,))
    workshops = ids(repo, kinds=(Kind.WORKSHOP,))
    assert ids(repo, areas=(Area.SEND,), kinds=(Kind.WORKSHOP,)) == [
        i for i in send if i in workshops]
    assert ids(repo, statuses=(Status.DELIVERED,)) == ["safe-uncertainty-peer-case-review"]
    assert ids(repo, themes=("bgm-workforce",)) == ["reading-bgm-workforce-engagement"]
    assert ids(repo, years=("2026-27",)) == []


@pytest.mark.parametrize("text", ["2025-26", "2025/26", "2025-2026", "Year 1", "year1", "YEAR 1",
                                  "1", "Y1"])
def test_a_year_by_id_label_or_number(repo: Register, text: str) -> None:
    assert find_year(repo, text).id == "2025-26"


def test_an_unknown_year_lists_the_known_ones(repo: Register) -> None:
    with pytest.raises(NotFound) as caught:
        find_year(repo, "3")
    assert str(caught.value) == ("No programme year '3'. Known years: 2025-26 (Year 1), "
                                 "2026-27 (Year 2).")


def test_an_unknown_package_suggests_close_ids(repo: Register) -> None:
    with pytest.raises(NotFound) as caught:
        find_package(repo, "reading-annual-review")
    assert caught.value.suggestions[0] == "reading-annual-review-mapping"


def test_reorganisation_status_of_surrey(repo: Register) -> None:
    surrey = repo.authorities["surrey"]
    assert reorganisation_status(surrey, dt.date(2026, 6, 1)) == (
        "ends on 2027-03-31; succeeded by East Surrey Council, West Surrey Council")
    assert reorganisation_status(surrey, dt.date(2027, 4, 1)).startswith("ended on 2027-03-31")
    assert reorganisation_status(repo.authorities["reading"], dt.date(2026, 6, 1)) == (
        "no reorganisation recorded")


def test_reorganisation_status_of_a_proposal_not_yet_decided(repo: Register) -> None:
    assert reorganisation_status(repo.authorities["kent"], dt.date(2026, 6, 1)) == (
        "proposed, not yet decided: Kent & Medway, consulted on in 2025-26; new councils "
        "expected from 2028-04")


def test_the_profile_of_medway_shows_the_smes_it_lent(repo: Register) -> None:
    profile = authority_profile(repo, repo.authorities["medway"])
    assert [y.id for y in profile.sme_lending_years] == ["2025-26"]
    assert [p.id for p in profile.received] == ["medway-coproduction-oap"]
    assert profile.engaged


def test_the_profile_of_buckinghamshire_has_its_published_quotes(repo: Register) -> None:
    profile = authority_profile(repo, repo.authorities["buckinghamshire"])
    assert profile.quotes
    assert all(q.publish and "buckinghamshire" in q.authorities for _, q in profile.quotes)


def test_an_authority_with_nothing_recorded_is_not_engaged(repo: Register) -> None:
    assert not authority_profile(repo, repo.authorities["slough"]).engaged


def test_an_unused_theme_gets_a_did_you_mean(repo: Register) -> None:
    assert unknown_values(repo, themes=("annual-review", "workforce")) == [
        "No package has the theme 'annual-review'; did you mean 'annual-reviews'?"]


def test_headline_counts_are_computed_from_the_records(repo: Register) -> None:
    figures = headline(repo, "2025-26")
    assert figures.packages + figures.interests == len(
        [p for p in repo.packages.values() if p.year == "2025-26"])
    assert figures.interests == 1
    assert figures.authorities == 19
    assert len(figures.engaged) + len(figures.not_engaged) == 19
    assert set(figures.sme_lenders) >= {"Brighton and Hove", "East Sussex", "Medway",
                                        "Milton Keynes"}
