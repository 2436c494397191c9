"""Issue 17: every reading of the live register is marked and none contradicts its source.

One rule, applied to every package (a check of the register with assertions growth cannot
break: a new package is held to the same rule). A package's summary is the source's own
words; the source's paragraph that holds it is what the source says of the package."""

from __future__ import annotations

import pytest

from tests.data.source import SOURCE
from tests.helpers import DATA_ROOT
from tsp.models import BEFORE_WORK, Package, ReadField, StatusBasis
from tsp.load import load_checked

# The words by which the source names an area.
AREA_WORDS = {"send": "SEND", "childrens-social-care": "social care"}

pytestmark = pytest.mark.skipif(not SOURCE.is_file(), reason=f"{SOURCE} is not there")


def _source() -> str:
    # Called while the tests are collected (parametrize), before the skip above applies: a
    # clone without shared/ beside it collects no case rather than failing to collect.
    return SOURCE.read_text(encoding="utf-8") if SOURCE.is_file() else ""


def _paragraph(p: Package) -> str:
    """The source's paragraph holding the package's summary ('' if the source has none)."""
    return next((line for line in _source().splitlines() if p.summary and p.summary in line), "")


def _source_packages() -> list[Package]:
    repo = load_checked(DATA_ROOT)
    return [p for p in repo.packages.values() if _paragraph(p)]


def _ids() -> list[str]:
    return [p.id for p in _source_packages()]


@pytest.mark.parametrize("package", _source_packages(), ids=_ids())
def test_a_title_not_in_the_source_is_marked_as_the_register_s(package: Package) -> None:
    in_source = package.title in _source()
    assert (ReadField.TITLE in package.readings) is not in_source, package.title


@pytest.mark.parametrize("package", _source_packages(), ids=_ids())
def test_an_area_the_source_does_not_name_is_marked(package: Package) -> None:
    named = all(AREA_WORDS[str(a)] in (package.summary or "") for a in package.areas)
    if package.areas:
        assert (ReadField.AREAS in package.readings) is not named, package.id
    else:
        assert ReadField.AREAS not in package.readings


@pytest.mark.parametrize("package", _source_packages(), ids=_ids())
def test_a_recipient_the_source_does_not_name_is_marked(package: Package) -> None:
    repo = load_checked(DATA_ROOT)
    paragraph = _paragraph(package).replace("&", "and")
    named = all(repo.authorities[a].name in paragraph for a in package.recipients)
    assert (ReadField.RECIPIENTS in package.readings) is not named, package.id


def test_no_reading_before_work_stands_beside_a_quote_about_its_package() -> None:
    repo = load_checked(DATA_ROOT)
    for year in repo.years.values():
        for quote in year.quotes:
            for package_id in quote.packages:
                p = repo.packages[package_id]
                assert not (p.status_basis is StatusBasis.READING
                            and p.status in BEFORE_WORK), (quote.id, package_id)


def test_buckinghamshire_s_review_is_read_from_the_audits_its_quote_says_were_completed(
) -> None:
    repo = load_checked(DATA_ROOT)
    quote = next(q for q in repo.years["2025-26"].quotes
                 if q.text.startswith("I enjoyed completing the audits"))
    assert "Bucks" in quote.text and quote.text in _source()
    for package_id in quote.packages:
        assert repo.packages[package_id].status not in BEFORE_WORK


def test_alternative_provision_and_section_19_are_not_recorded_as_send() -> None:
    repo = load_checked(DATA_ROOT)
    for p in repo.packages.values():
        if "Section 19" in p.title:
            assert not p.areas or ReadField.AREAS in p.readings, p.id
