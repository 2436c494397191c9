"""tsp.checks.years: rules across programme years and their quotes, called on a loaded
register."""

from __future__ import annotations

from pathlib import Path

from tsp.checks import years
from tsp.load import load

YEAR = Path("data/years/2025-26.yaml")
ALPHA = Path("data/packages/alpha-review.yaml")
QUOTE = ("  - id: {id}\n    text: It helped.\n    publish: {publish}\n"
         "    consent: Given in writing\n")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def found(minimal: Path) -> list[str]:
    register = load(minimal)
    assert register.problems == []
    return [f"{p.location(minimal)}: {p.severity}: {p.message}"
            for p in sorted(years.check(register))]


def test_a_quote_id_used_twice_is_an_error_at_the_second(minimal: Path) -> None:
    append(minimal / YEAR, "quotes:\n" + QUOTE.format(id="q1", publish="true") * 2)
    assert found(minimal) == [
        "data/years/2025-26.yaml:8:9: error: quote id 'q1' is used twice in this year"]


def test_a_quote_not_cleared_for_publication_is_a_warning(minimal: Path) -> None:
    append(minimal / YEAR, "quotes:\n" + QUOTE.format(id="q1", publish="true")
           + QUOTE.format(id="q2", publish="false"))
    assert found(minimal) == [
        "data/years/2025-26.yaml:10:14: warning: quote q2 is not cleared for publication "
        "(publish: false or absent); reports leave it out until it is"]


def test_distinct_published_quotes_are_clean(minimal: Path) -> None:
    append(minimal / YEAR, "quotes:\n" + QUOTE.format(id="q1", publish="true")
           + QUOTE.format(id="q2", publish="true"))
    assert found(minimal) == []


def test_a_reading_before_any_work_beside_a_quote_about_its_package_is_an_error(
        minimal: Path) -> None:
    append(minimal / ALPHA, "status_basis: reading\n")
    append(minimal / YEAR, "quotes:\n" + QUOTE.format(id="q1", publish="true")
           + "    packages:\n      - alpha-review\n")
    assert found(minimal) == [
        "data/years/2025-26.yaml:9:9: error: quote q1 is about alpha-review, so its work has "
        "taken place, but its status is read as agreed; read it as in-delivery (or later), or "
        "say in the quote's note why the quote is not about it"]


def test_a_quote_may_concern_only_known_packages(minimal: Path) -> None:
    append(minimal / YEAR, "quotes:\n" + QUOTE.format(id="q1", publish="true")
           + "    may_concern:\n      - alpha-reveiw\n")
    assert any("quote q1: unknown package 'alpha-reveiw'" in line for line in found(minimal))
