"""Every fact of the source document the register holds reaches the Year 1 and Year 2 reports
rendered from the live register, in the source's own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.data.source import AREAS_REACHED, LEARNING_THEMES, NAMED_PACKAGES, QUOTE_PHRASES
from tests.helpers import run_tsp
from tsp.models import ProgrammeYear
from tsp.load import load_checked


def plain(markdown: str) -> str:
    """The words of a Markdown report: escapes, emphasis and line breaks do not count."""
    text = re.sub(r"\\(.)", r"\1", markdown)
    text = re.sub(r"[*_]", "", text)
    return re.sub(r"\s+", " ", text)


def words(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_]", "", text)).strip()


@pytest.fixture(scope="module")
def year1_report(data_root: Path) -> str:
    result = run_tsp("report", "year1", repo=data_root)
    assert result.exit_code == 0, result.output
    return plain(result.stdout)


@pytest.fixture(scope="module")
def year2_report(data_root: Path) -> str:
    result = run_tsp("report", "year2", repo=data_root)
    assert result.exit_code == 0, result.output
    return plain(result.stdout)


@pytest.fixture(scope="module")
def years(data_root: Path) -> dict[str, ProgrammeYear]:
    return load_checked(data_root).years


@pytest.mark.parametrize("phrase", [p for _, p in NAMED_PACKAGES] + QUOTE_PHRASES
                         + LEARNING_THEMES)
def test_the_year1_report_carries_the_source_s_words(year1_report: str, phrase: str) -> None:
    assert words(phrase) in year1_report


def test_the_year1_report_names_every_area_reached(year1_report: str, data_root: Path) -> None:
    authorities = load_checked(data_root).authorities
    for authority_id in sorted(AREAS_REACHED):
        assert authorities[authority_id].name in year1_report, authority_id


def test_the_year1_report_carries_every_list_of_the_year(year1_report: str,
                                                          years: dict[str, ProgrammeYear]
                                                          ) -> None:
    year1 = years["2025-26"]
    for item in [*(p.text for p in year1.design_principles), *year1.approach,
                 *year1.limitations,
                 *(t.text for t in year1.learning_themes)]:
        assert words(item) in year1_report, item


def test_the_year2_report_carries_every_list_of_the_year(year2_report: str,
                                                          years: dict[str, ProgrammeYear]
                                                          ) -> None:
    year2 = years["2026-27"]
    items = [*(a.text for a in year2.main_areas), *(m.text for m in year2.success_measures),
             *year2.national_context]
    for group in year2.priorities:
        items += [group.title, *(i.text for i in group.items)]
    for item in items:
        assert words(item) in year2_report, item
    assert "still in draft" in year2_report


@pytest.fixture(scope="module")
def year_markdown(data_root: Path) -> dict[str, str]:
    found = {}
    for name in ("year1", "year2"):
        result = run_tsp("report", name, repo=data_root)
        assert result.exit_code == 0, result.output
        found[name] = result.stdout
    return found


def test_no_tick_of_the_source_gets_a_second_marker(year_markdown: dict[str, str]) -> None:
    for name, markdown in year_markdown.items():
        assert not re.search(r"^[-*+] \u2713", markdown, re.MULTILINE), name


def test_no_link_of_the_source_points_nowhere(year_markdown: dict[str, str]) -> None:
    for name, markdown in year_markdown.items():
        assert "](#)" not in markdown, name
