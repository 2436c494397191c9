"""tsp figures import: DfE's tidy CSV into data/figures/, by column name, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from tsp.errors import DataError, NotFound, UsageError
from tsp.edits.figures_import import import_figures
from tsp.load import load_checked

from tests.helpers import write


def test_the_import_maps_codes_keeps_symbols_and_lists_what_it_cannot_map(
        challenge: Path, dfe_file: Path) -> None:
    (challenge / "data/figures/timeliness.csv").unlink()
    result = import_figures(load_checked(challenge), dfe_file, "timeliness")
    text = (challenge / "data/figures/timeliness.csv").read_text()
    assert text == (
        "authority,period,breakdown,numerator,denominator,value,symbol,rule_version,source\n"
        "alpha,2023,,50,100,50,,2,timeliness_20_week.csv:4\n"
        "south-east,2023,,220,400,55,,2,timeliness_20_week.csv:3\n"
        "england,2023,,500,1000,50,,2,timeliness_20_week.csv:2\n"
        "alpha,2024,,80,100,80,,2,timeliness_20_week.csv:8\n"
        "beta,2024,,45,100,45,,2,timeliness_20_week.csv:10\n"
        "gamma,2024,,,,,x,2,timeliness_20_week.csv:11\n"
        "south-east,2024,,280,400,70,,2,timeliness_20_week.csv:7\n"
        "england,2024,,620,1000,62,,2,timeliness_20_week.csv:5\n"
        "E06000990,2024,,95,100,95,,2,timeliness_20_week.csv:13\n"
    )
    assert dict(result.by_former_code) == {("E10000991", "Alpha"): 1}
    assert [(p.line, p.message) for p in result.unmapped] == [
        (12, "not imported: no authority has GSS code 'E06000999' or DfE number '999' (Zeta); "
             "add it to data/authorities/ (or its former_codes) if it belongs to the register")]
    assert (result.added, result.changed, result.unchanged) == (9, 0, 0)
    assert load_checked(challenge).problems == []


def test_importing_the_same_file_twice_changes_nothing(challenge: Path, dfe_file: Path
                                                       ) -> None:
    path = challenge / "data/figures/timeliness.csv"
    path.unlink()
    import_figures(load_checked(challenge), dfe_file, "timeliness")
    first = path.read_bytes()
    again = import_figures(load_checked(challenge), dfe_file, "timeliness")
    assert path.read_bytes() == first
    assert (again.added, again.changed, again.unchanged, again.written) == (0, 0, 9, False)


def test_an_import_replaces_its_figures_and_keeps_the_others(challenge: Path, dfe_file: Path
                                                             ) -> None:
    result = import_figures(load_checked(challenge), dfe_file, "timeliness")
    rows = {(r.authority, r.period): r for r in load_checked(challenge)
            .figures["timeliness"].rows}
    # alpha 2024 was 75 (rule v2) and is now DfE's 80; delta's 2024 'c' was not in the file.
    assert rows[("alpha", "2024")].value == 80
    assert rows[("delta", "2024")].symbol == "c"
    assert rows[("epsilon", "2023")].source == "made-up"
    assert result.kept == 6


def test_a_dry_run_writes_nothing(challenge: Path, dfe_file: Path) -> None:
    path = challenge / "data/figures/timeliness.csv"
    before = path.read_bytes()
    result = import_figures(load_checked(challenge), dfe_file, "timeliness", write=False)
    assert result.changes > 0 and not result.written
    assert path.read_bytes() == before


def test_neighbours_beyond_the_region_can_be_left_out(challenge: Path, dfe_file: Path) -> None:
    result = import_figures(load_checked(challenge), dfe_file, "timeliness",
                            neighbours=False)
    assert not any(r.authority == "E06000990" and r.source.startswith("timeliness_20")
                   for r in result.rows)


def test_a_person_level_file_is_refused_and_nothing_is_written(challenge: Path, tmp_path: Path
                                                               ) -> None:
    path = challenge / "data/figures/timeliness.csv"
    before = path.read_bytes()
    bad = write(tmp_path / "pupils.csv", "time_period,geographic_level,upn,value\n"
                "2024,Local authority,A1,1\n")
    with pytest.raises(DataError) as caught:
        import_figures(load_checked(challenge), bad, "timeliness")
    assert [p.code for p in caught.value.problems] == ["person-level"]
    assert path.read_bytes() == before


def test_a_file_without_the_measures_columns_is_a_usage_error(challenge: Path, tmp_path: Path
                                                               ) -> None:
    other = write(tmp_path / "other.csv", "time_period,time_identifier,geographic_level,"
                  "breakdown_topic,breakdown,plans_issued_den,pc_plans_issued_within_20_week\n")
    with pytest.raises(UsageError, match=r"^other.csv has no column "
                       r"plans_issued_within_20_weeks, pc_plans_issued_within_20_weeks \(did "
                       r"you mean 'pc_plans_issued_within_20_week'\?\)\. Is it the file "
                       r"timeliness reads\?"):
        import_figures(load_checked(challenge), other, "timeliness")


def test_an_unknown_measure_suggests_the_close_one(challenge: Path, dfe_file: Path) -> None:
    with pytest.raises(NotFound) as caught:
        import_figures(load_checked(challenge), dfe_file, "timelines")
    assert caught.value.suggestions == ["timeliness"]


def test_an_import_that_would_not_validate_is_refused(challenge: Path, dfe_file: Path) -> None:
    # The measure is now a count: DfE's percentages would fail the checks, so nothing is written.
    path = challenge / "data/measures/timeliness.yaml"
    text = path.read_text().replace("unit: percentage", "unit: rate-per-10000")
    path.write_text(text)
    figures = challenge / "data/figures/timeliness.csv"
    figures.unlink()
    with pytest.raises(DataError) as caught:
        import_figures(load_checked(challenge), dfe_file, "timeliness")
    assert "does not agree with numerator" in caught.value.problems[0].message
    assert not figures.exists()
