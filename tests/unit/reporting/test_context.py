"""The view model: what the templates see is computed from the records."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from tests.helpers import load

from tsp.queries import headline
from tsp.reporting import views
from tsp.reporting.authority_view import authority_report
from tsp.reporting.context import note_paragraphs, paragraphs, year_view
from tsp.reporting.labels import date_label, kind_label, year_span
from tsp.reporting.views import Section, Sections
from tsp.models import Kind

TEMPLATES_README = Path(__file__).resolve().parents[3] / "templates" / "README.md"


def test_labels() -> None:
    assert date_label("2026") == "2026"
    assert date_label("2026-01") == "January 2026"
    assert date_label("2026-03-11") == "11 March 2026"
    assert date_label(None) == ""
    assert year_span("2025-26") == "2025–26"
    assert kind_label(Kind.COACHING_MENTORING) == "coaching and mentoring"
    assert kind_label(Kind.CO_DELIVERY) == "co-delivery"
    assert kind_label(Kind.PROCESS_MAPPING) == "process mapping"
    assert paragraphs("a\nb\n\n  \nc") == ("a\nb", "c")
    assert note_paragraphs("one\ntwo\n") == ("one", "two")


def test_year1_view_agrees_with_headline(frozen_root: Path) -> None:
    repo = load(frozen_root)
    view = year_view(repo, repo.years["2025-26"])
    head = headline(repo, "2025-26")
    # an expression of interest is counted apart from the packages of support
    assert view.figures.packages == head.packages == 14
    assert view.figures.interests == head.interests == 1
    assert view.coverage.total == head.authorities == 19
    assert view.coverage.engaged == head.engaged
    assert view.coverage.not_engaged == head.not_engaged
    assert [r.authority for r in view.coverage.rows if r.engaged] == list(head.engaged)
    assert sum(c.value for c in view.figures.by_status) == 14
    assert {c.label: c.value for c in view.figures.by_status} == {
        status.replace("-", " "): n for status, n in head.by_status.items()
        if status != "interest"}
    assert sum(c.value for c in view.figures.per_authority) == sum(
        len(p.recipients) for p in repo.packages.values()
        if p.year == "2025-26" and p.status != "interest")


def test_year1_packages_are_grouped_by_authority(frozen_root: Path) -> None:
    repo = load(frozen_root)
    view = year_view(repo, repo.years["2025-26"])
    assert [p.id for p in view.packages.joint] == ["safe-uncertainty-peer-case-review"]
    groups = [g.authority for g in view.packages.by_authority]
    assert groups == sorted(groups)
    assert groups == ["Brighton and Hove", "Buckinghamshire", "Hampshire", "Kent", "Medway",
                      "Milton Keynes", "Oxfordshire", "Reading", "Surrey", "Wokingham"]
    listed = [p.id for g in view.packages.by_authority for p in g.packages]
    listed += [p.id for p in view.packages.joint]
    assert sorted(listed) == sorted(p.id for p in repo.packages.values()
                                    if p.year == "2025-26")
    assert len(view.summary) == 19  # a row per recipient of each package
    assert [r.authority for r in view.summary] == sorted(r.authority for r in view.summary)


def test_year1_reciprocity(frozen_root: Path) -> None:
    repo = load(frozen_root)
    r = year_view(repo, repo.years["2025-26"]).reciprocity
    lenders = ("Brighton and Hove", "East Sussex", "Medway", "Milton Keynes")
    assert tuple(lender.authority for lender in r.lent) == lenders
    assert r.received_and_lent == lenders
    assert r.lent_only == ()
    assert [p.authority for p in r.partners] == ["Kent", "West Sussex"]
    assert r.lender_packages_recorded is False
    assert len(r.received) == 14


def test_only_published_quotes_are_in_the_view(frozen_root: Path) -> None:
    repo = load(frozen_root)
    year = repo.years["2025-26"]
    unpublished = year.quotes[0].model_copy(update={"id": "secret", "publish": False})
    year = year.model_copy(update={"quotes": [*year.quotes, unpublished]})
    view = year_view(repo, year)
    assert [q.id for q in view.quotes] == [f"q{i}" for i in range(1, 10)]


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


def test_sections_reach_by_attribute_or_slug() -> None:
    sections = Sections({"items": Section("x", ("x",))})
    assert sections.items.text == "x"  # not shadowed by a dict method
    assert sections["items"].text == "x"
    assert "items" in sections and "nope" not in sections
    assert list(sections) == ["items"]
    with pytest.raises(AttributeError):
        sections.nope  # noqa: B018


def test_every_view_field_is_documented_for_template_authors() -> None:
    """templates/README.md is the reference a template author reads; it must not fall behind."""
    readme = TEMPLATES_README.read_text(encoding="utf-8")
    classes = [obj for obj in vars(views).values()
               if dataclasses.is_dataclass(obj) and isinstance(obj, type)
               and obj.__module__ == views.__name__]
    assert len(classes) > 15
    missing = [f"{view.__name__}.{f.name}" for view in classes
               for f in dataclasses.fields(view) if f"`{f.name}`" not in readme
               and f"{f.name}`" not in readme and f".{f.name}" not in readme]
    assert missing == []
