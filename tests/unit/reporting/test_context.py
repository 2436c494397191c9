"""The view model: what the templates see is computed from the records."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from tests.helpers import load

from tsp.queries import headline
from tsp.reporting import views
from tsp.reporting.context import year_view
from tsp.reporting.views import Section, Sections

TEMPLATES_README = Path(__file__).resolve().parents[3] / "templates" / "README.md"


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
