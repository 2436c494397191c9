"""tsp.checks: the checks across records (references, dates, uniqueness)."""

from __future__ import annotations

from pathlib import Path

from tsp.problems import Problem
from tsp.checks import ValidationResult
from tsp.load import load_checked

PACKAGES = Path("data") / "packages"


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def shown(root: Path, problems: list[Problem]) -> list[str]:
    return [f"{p.location(root)}: {p.severity}: {p.message}" for p in problems]


def test_the_real_repository_is_clean(frozen_root: Path) -> None:
    result = ValidationResult.of(load_checked(frozen_root))
    assert result.problems == []
    assert result.ok(strict=True)


def test_an_unknown_authority_reference_suggests_the_close_one(repo_copy: Path) -> None:
    edit(repo_copy, "data/packages/reading-bgm-workforce-engagement.yaml", "  - kent",
         "  - kentt")
    assert shown(repo_copy, ValidationResult.of(load_checked(repo_copy)).problems) == [
        "data/packages/reading-bgm-workforce-engagement.yaml:10:5: error: partners: unknown "
        "authority 'kentt'; did you mean 'kent'?"]


def test_an_unknown_package_in_related_and_in_a_quote(repo_copy: Path) -> None:
    edit(repo_copy, "data/years/2025-26.yaml", "  - id: q1\n",
         "  - id: q1\n    packages: [nonexistent-package]\n")
    result = ValidationResult.of(load_checked(repo_copy))
    assert [p.message for p in result.errors] == [
        "quote q1: unknown package 'nonexistent-package'"]


def test_end_before_start_is_an_error_at_the_end(repo_copy: Path) -> None:
    edit(repo_copy, "data/packages/wokingham-oap-mapping.yaml", "source:",
         "starts: 2026-05\nends: 2026-04-30\nsource:")
    [error] = ValidationResult.of(load_checked(repo_copy)).errors
    assert error.code == "date-order"
    assert error.message == "ends (2026-04-30) is before starts (2026-05)"


def test_partial_dates_overlapping_in_the_same_month_are_in_order(repo_copy: Path) -> None:
    edit(repo_copy, "data/packages/wokingham-oap-mapping.yaml", "source:",
         "starts: 2026-05-20\nends: 2026-05\nsource:")
    assert ValidationResult.of(load_checked(repo_copy)).errors == []


def test_a_year_that_has_no_record(repo_copy: Path) -> None:
    edit(repo_copy, "data/packages/wokingham-oap-mapping.yaml", "year: 2025-26", "year: 2027-28")
    [error] = ValidationResult.of(load_checked(repo_copy)).errors
    assert error.message == ("year '2027-28' has no record in data/years/; known years: "
                             "2025-26, 2026-27")


def test_a_recipient_listed_twice_is_a_warning_at_the_second(repo_copy: Path) -> None:
    edit(repo_copy, "data/packages/wokingham-oap-mapping.yaml", "  - wokingham",
         "  - wokingham\n  - wokingham")
    result = ValidationResult.of(load_checked(repo_copy))
    assert result.errors == []
    [warning] = result.warnings
    assert (warning.code, warning.message) == (
        "duplicate-entry", "recipients: 'wokingham' is listed twice; list each authority once")
    assert not result.ok(strict=True) and result.ok()


def test_a_theme_listed_twice_is_a_warning(repo_copy: Path) -> None:
    edit(repo_copy, "data/packages/reading-bgm-workforce-engagement.yaml", "  - workforce",
         "  - workforce\n  - workforce")
    assert [p.message for p in ValidationResult.of(load_checked(repo_copy)).warnings] == [
        "themes: 'workforce' is listed twice; list it once"]


def test_a_name_or_code_of_two_authorities_is_an_error_on_both(repo_copy: Path) -> None:
    # "Reading" as an alias of Wokingham would make `--la Reading` ambiguous.
    edit(repo_copy, "data/authorities/wokingham.yaml", "shared_abbreviations:",
         "aliases:\n  - Reading\nshared_abbreviations:")
    assert shown(repo_copy, ValidationResult.of(load_checked(repo_copy)).errors) == [
        "data/authorities/reading.yaml:4:7: error: 'Reading' also names wokingham; a name, "
        "alias or code must mean one authority (an abbreviation several share goes in "
        "shared_abbreviations)",
        "data/authorities/wokingham.yaml:11:5: error: 'Reading' also names reading; a name, "
        "alias or code must mean one authority (an abbreviation several share goes in "
        "shared_abbreviations)",
    ]


def test_a_code_reused_by_another_authority_is_an_error(repo_copy: Path) -> None:
    edit(repo_copy, "data/authorities/slough.yaml", 'dfe_la_code: "871"', 'dfe_la_code: "825"')
    result = ValidationResult.of(load_checked(repo_copy))
    assert sorted(p.path.name for p in result.errors) == ["buckinghamshire.yaml", "slough.yaml"]
    assert all("'825' also names" in p.message for p in result.errors)


def test_two_years_with_one_label_are_an_error(repo_copy: Path) -> None:
    edit(repo_copy, "data/years/2026-27.yaml", "label: Year 2", "label: Year 1")
    [error] = ValidationResult.of(load_checked(repo_copy)).errors
    assert error.message == ("label 'Year 1' is also the label of 2025-26; `--year` could not "
                             "tell them apart")


def test_a_package_related_to_itself_is_a_warning(repo_copy: Path) -> None:
    edit(repo_copy, "data/packages/wokingham-oap-mapping.yaml", "source:",
         "related:\n  - wokingham-oap-mapping\nsource:")
    assert [p.message for p in ValidationResult.of(load_checked(repo_copy)).warnings] == [
        "related: a package is not related to itself"]


def test_problems_are_sorted_by_file_then_position(repo_copy: Path) -> None:
    edit(repo_copy, "data/packages/wokingham-oap-mapping.yaml", "  - wokingham", "  - wok1")
    edit(repo_copy, "data/packages/kent-send-engagement-workshops.yaml", "  - kent", "  - kent1")
    edit(repo_copy, "data/authorities/kent.yaml", "type: county", "type: shire")
    problems = ValidationResult.of(load_checked(repo_copy)).problems
    assert problems == sorted(problems)
    assert [p.path.name for p in problems] == [
        "kent.yaml", "kent-send-engagement-workshops.yaml", "wokingham-oap-mapping.yaml"]


def test_an_unquoted_dfe_number_with_a_leading_zero_keeps_its_zero(tmp_path: Path) -> None:
    from tsp.models import Authority
    from tsp.yaml_io import parse

    data = parse("id: x\nname: X\ntype: unitary\ndfe_la_code: 085\n")
    assert Authority.model_validate(data).dfe_la_code == "085"
