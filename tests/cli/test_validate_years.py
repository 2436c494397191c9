"""tsp validate on rules across programme years and their quotes (tsp.checks.years): what it
prints."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import CliRun

YEAR = Path("data/years/2025-26.yaml")
QUOTE = ("  - id: {id}\n    text: It helped.\n    publish: {publish}\n"
         "    consent: Given in writing\n")


def with_quotes(minimal: Path, *quotes: tuple[str, str]) -> None:
    path = minimal / YEAR
    text = path.read_text(encoding="utf-8") + "quotes:\n"
    text += "".join(QUOTE.format(id=id, publish=publish) for id, publish in quotes)
    path.write_text(text, encoding="utf-8")


def test_a_quote_id_used_twice_is_an_error_at_the_second(tsp: CliRun, minimal: Path) -> None:
    with_quotes(minimal, ("q1", "true"), ("q1", "true"))
    result = tsp("validate", repo=minimal)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "data/years/2025-26.yaml:8:9: error: quote id 'q1' is used twice in this year")


def test_a_quote_not_cleared_for_publication_is_a_warning(tsp: CliRun, minimal: Path) -> None:
    with_quotes(minimal, ("q1", "true"), ("q2", "false"))
    result = tsp("validate", repo=minimal)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "data/years/2025-26.yaml:10:14: warning: quote q2 is not cleared for publication "
        "(publish: false or absent); reports leave it out until it is")
    assert tsp("validate", "--strict", repo=minimal).exit_code == 1


def test_distinct_published_quotes_are_clean(tsp: CliRun, minimal: Path) -> None:
    with_quotes(minimal, ("q1", "true"), ("q2", "true"))
    assert tsp("validate", "--strict", repo=minimal).exit_code == 0


def test_a_reading_before_any_work_beside_a_quote_about_its_package_is_an_error(
        tsp: CliRun, minimal: Path) -> None:
    """Issue 17: a reading weighs the quotes. A participant's quote about a package says its
    work has taken place; 'agreed' read beside it contradicts the source."""
    package = minimal / "data" / "packages" / "alpha-review.yaml"
    package.write_text(package.read_text(encoding="utf-8") + "status_basis: reading\n",
                       encoding="utf-8")
    path = minimal / YEAR
    path.write_text(path.read_text(encoding="utf-8") + "quotes:\n"
                    + QUOTE.format(id="q1", publish="true")
                    + "    packages:\n      - alpha-review\n", encoding="utf-8")
    result = tsp("validate", repo=minimal)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "data/years/2025-26.yaml:9:9: error: quote q1 is about alpha-review, so its work has "
        "taken place, but its status is read as agreed; read it as in-delivery (or later), or "
        "say in the quote's note why the quote is not about it")
    package.write_text(package.read_text(encoding="utf-8").replace(
        "status: agreed", "status: in-delivery"), encoding="utf-8")
    assert tsp("validate", repo=minimal).exit_code == 0


def test_a_quote_may_concern_only_known_packages(tsp: CliRun, minimal: Path) -> None:
    path = minimal / YEAR
    path.write_text(path.read_text(encoding="utf-8") + "quotes:\n"
                    + QUOTE.format(id="q1", publish="true")
                    + "    may_concern:\n      - alpha-reveiw\n", encoding="utf-8")
    result = tsp("validate", repo=minimal)
    assert result.exit_code == 1
    assert "quote q1: unknown package 'alpha-reveiw'" in result.stdout
