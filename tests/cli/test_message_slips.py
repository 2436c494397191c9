"""Messages that said something untrue or said a thing twice (issue 22), each as a user meets
it: the real CLI on a copy of the minimal register."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import CliRun, edit


def test_a_gss_code_written_for_an_authority_is_called_a_code(tsp: CliRun,
                                                            minimal: Path) -> None:
    edit(minimal / "data/packages/alpha-review.yaml", "  - alpha\n", "  - E06000901\n")
    result = tsp("validate", repo=minimal)
    assert "recipients[0]: 'E06000901' is the GSS code of an authority: write its id " \
        "'alpha'" in result.stdout
    edit(minimal / "data/packages/alpha-review.yaml", "  - E06000901\n", "  - Alf\n")
    assert "'Alf' is the name of an authority: write its id 'alpha'" in tsp(
        "validate", repo=minimal).stdout


def test_an_impossible_date_names_its_field(tsp: CliRun, minimal: Path) -> None:
    path = minimal / "data/packages/alpha-review.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "starts: 2026-02-30\n", encoding="utf-8")
    result = tsp("validate", repo=minimal)
    assert "alpha-review.yaml:15:9: error: starts: '2026-02-30' is not a real date (day is " \
        "out of range for month)" in result.stdout


def test_a_flag_names_its_field_once(tsp: CliRun, minimal: Path) -> None:
    result = tsp("new", "package", "--la", "Alpha", "--title", "Transitions workshop",
                 "--status", "scoping", "--starts", "2026-13", "--yes", repo=minimal)
    assert result.exit_code == 2
    assert "error: --starts: month 13 is not a month" in result.stderr
    assert "starts: starts" not in result.stderr


def test_a_file_name_that_is_no_id_is_not_offered_as_one(tsp: CliRun, minimal: Path) -> None:
    # "set id: Slough-Transitions" was itself invalid
    source = minimal / "data/packages/beta-coaching.yaml"
    source.rename(minimal / "data/packages/Beta-Coaching.yaml")
    result = tsp("validate", repo=minimal)
    assert "(rename the file to beta-coaching.yaml)" in result.stdout
    assert "set id: Beta-Coaching" not in result.stdout
