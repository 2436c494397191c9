"""tsp validate on measures and figures: every problem at file:line:column."""

from __future__ import annotations

from pathlib import Path

from tsp.checks import ValidationResult
from tsp.load import load_checked

from tests.helpers import edit as replace, write

HEADER = "authority,period,breakdown,numerator,denominator,value,symbol,rule_version,source\n"


def lines_of(root: Path) -> list[str]:
    result = ValidationResult.of(load_checked(root))
    return [f"{p.location(root)}: {p.severity}: {p.message}" for p in result.problems]


def test_the_fixture_loads_clean_with_its_measures_and_figures(challenge: Path) -> None:
    repo = load_checked(challenge)
    assert repo.problems == []
    assert sorted(repo.measures) == ["timeliness", "waiting"]
    assert len(repo.figures["timeliness"].rows) == 15
    gamma = next(r for r in repo.figures["timeliness"].rows if r.key == ("gamma", "2023", ""))
    assert (gamma.value, gamma.symbol) == (None, "x")


def test_a_figure_of_a_proposed_rule_is_noted_provisional_and_fails_nothing(
        challenge: Path) -> None:
    result = ValidationResult.of(load_checked(challenge))
    assert result.ok(strict=True)
    assert [(p.location(challenge), p.code) for p in result.notes] == [
        ("data/figures/waiting.csv:1:1", "provisional")]


def test_provisional_figures_are_noted_once_for_every_proposed_rule(frozen_root: Path) -> None:
    # three proposed rules with figures: one note, not three on every run (issue 22)
    notes = ValidationResult.of(load_checked(frozen_root)).notes
    assert len(notes) == 1
    assert notes[0].message.startswith("provisional: 1441 figures are counted under 3 proposed "
                                       "rules (children-looked-after-rate version 1, ")


def test_each_bad_figure_is_placed_at_its_cell(challenge: Path) -> None:
    write(challenge / "data/figures/timeliness.csv", HEADER + "\n".join([
        "alpha,2023,,50,100,50,,1,s",
        "alpah,2023,,50,100,50,,1,s",          # unknown authority
        "beta,2023-24,,50,100,50,,1,s",        # not a calendar year
        "gamma,2023,,120,100,120,,1,s",        # numerator above denominator
        "delta,2023,,30,100,35,,1,s",          # value does not agree
        "epsilon,2023,,,,12,x,1,s",            # number and symbol
        "alpha,2023,,50,100,50,,1,s",          # duplicate
        "england,2023,,50,100,50,,7,s",        # no version 7
        "south-east,2023,,,,,,1,s",            # neither number nor symbol
        "beta,2024,,1,3,33.33,,2,s",           # too many decimal places
    ]) + "\n")
    assert lines_of(challenge) == [
        "data/figures/timeliness.csv:3:1: error: authority: 'alpah' is no authority of the "
        "register, nor england or south-east, nor the GSS code of an English authority in "
        "data/reference/dfe-las.csv; did you mean 'alpha'?",
        "data/figures/timeliness.csv:4:6: error: period: '2023-24' is not a calendar-year "
        "period; write it as e.g. 2024",
        "data/figures/timeliness.csv:5:13: error: numerator 120 is more than the denominator "
        "100",
        "data/figures/timeliness.csv:6:20: error: value 35 does not agree with numerator ÷ "
        "denominator (30 ÷ 100 = 30.0 to 1 decimal places)",
        "data/figures/timeliness.csv:7:20: error: the row has a value (12) and a symbol ('x'); "
        "a figure is a number or a symbol, not both",
        "data/figures/timeliness.csv:8:1: error: a second figure for alpha, 2023: line 2 has "
        "it already",
        "data/figures/timeliness.csv:9:26: error: rule_version: timeliness has no version 7; "
        "its versions are 1, 2",
        "data/figures/timeliness.csv:10:20: error: the row has no value and no symbol; write "
        "the number, or DfE's symbol (x, z, c, low …) in the symbol column",
        "data/figures/timeliness.csv:11:16: error: value 33.33 has 2 decimal places; "
        "timeliness has 1",
    ]


def test_a_value_rounded_either_way_agrees(challenge: Path) -> None:
    # 1 ÷ 8 = 12.5%: 12 (half even) and 13 (half up) are both DfE-style roundings at 0 places.
    replace(challenge / "data/measures/timeliness.yaml", "decimal_places: 1",
            "decimal_places: 0")
    write(challenge / "data/figures/timeliness.csv",
          HEADER + "alpha,2023,,1,8,12,,1,s\nbeta,2023,,1,8,13,,1,s\ngamma,2023,,1,8,14,,1,s\n")
    assert [line.split(": error: ")[0] for line in lines_of(challenge)] == [
        "data/figures/timeliness.csv:4:17"]


def test_unreadable_cells_and_symbols_are_named(challenge: Path) -> None:
    write(challenge / "data/figures/timeliness.csv",
          HEADER + "alpha,2023,,x,100,50,,1,s\nbeta,2023,,,,,n/a,1,s\ngamma,2023,,,,,x,one,s\n")
    assert lines_of(challenge) == [
        "data/figures/timeliness.csv:2:13: error: numerator: 'x' is not a number; 'x' is a "
        "symbol: put it in the symbol column",
        "data/figures/timeliness.csv:3:15: error: symbol: 'n/a' is not one of DfE's symbols: "
        "x (not available), z (not applicable), c (confidential), low (a small non-zero "
        "figure), u (low reliability), ~ (fewer than 5 (older files)), : (not available "
        "(older files))",
        "data/figures/timeliness.csv:4:18: error: rule_version: 'one' is not a version number "
        "(1, 2, …)",
    ]


def test_a_figures_file_with_a_person_level_column_is_refused(challenge: Path) -> None:
    write(challenge / "data/figures/timeliness.csv",
          "authority,period,UPN,Date of birth,value,symbol,rule_version\n"
          "alpha,2023,A123,2015-01-01,1,,1\n")
    assert lines_of(challenge) == [
        "data/figures/timeliness.csv:1:18: error: column 'UPN' would hold data about "
        "individual people; the register holds aggregate figures only: remove the column (and "
        "never commit person-level data)",
        "data/figures/timeliness.csv:1:22: error: column 'Date of birth' would hold data about "
        "individual people; the register holds aggregate figures only: remove the column (and "
        "never commit person-level data)",
    ]
    assert "timeliness" not in load_checked(challenge).figures


def test_a_figures_file_needs_its_measure_and_its_columns(challenge: Path) -> None:
    write(challenge / "data/figures/timelines.csv", HEADER)
    write(challenge / "data/figures/waiting.csv", "authority,period,valeu,symbol\n")
    assert lines_of(challenge) == [
        "data/figures/timelines.csv:1:1: error: no measure 'timelines' in data/measures/ for "
        "this figures file (a figures file is named for its measure); did you mean "
        "'timeliness'?",
        "data/figures/waiting.csv:1:1: error: missing columns value, rule_version; the header "
        "should be authority,period,breakdown,numerator,denominator,value,symbol,"
        "rule_version,source",
        "data/figures/waiting.csv:1:18: error: unknown column 'valeu': the columns are "
        "authority, period, breakdown, numerator, denominator, value, symbol, rule_version, "
        "source; did you mean 'value'?",
    ]


def test_a_measure_is_checked_against_the_plan_and_the_packages(challenge: Path) -> None:
    path = challenge / "data/measures/timeliness.yaml"
    replace(path, "priority: strengthening-assurance", "priority: strengthening-asurance")
    replace(path, "  - alpha-assessment-review", "  - alpha-assesment-review")
    replace(path, "  - version: 2\n    status: agreed", "  - version: 2\n    status: retired")
    problems = lines_of(challenge)
    assert problems == [
        "data/measures/timeliness.yaml:2:1: error: the record: the last history entry (version 2, retired) "
        "must match the rule's status and version (2, agreed); add a history entry for the "
        "change",
    ]
    replace(path, "  - version: 2\n    status: retired", "  - version: 2\n    status: agreed")
    assert lines_of(challenge) == [
        "data/measures/timeliness.yaml:30:15: error: serves: 'strengthening-asurance' is no "
        "main area, priority or priority item of 2026-27; did you mean "
        "'strengthening-assurance'?",
        "data/measures/timeliness.yaml:32:5: error: related: unknown package "
        "'alpha-assesment-review'; did you mean 'alpha-assessment-review'?",
    ]


def test_a_broken_measure_file_is_a_schema_problem_at_its_line(challenge: Path) -> None:
    replace(challenge / "data/measures/waiting.yaml", "unit: count", "unit: counts")
    [problem] = lines_of(challenge)
    assert problem.startswith("data/measures/waiting.yaml:5:7: error: unit: 'counts' is not ")
    # Its figures are not checked against a measure that did not load.
    assert not any("waiting.csv" in line for line in lines_of(challenge))
