"""Hostile figures (issue 21, point 5): two imports at once, absurd numbers, numbers written
as words or with separators, a new measure that would not validate, and files that are no
files. Each was reproduced before its fix."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import CliRun, FIXTURES, write
from tests.hostile.conftest import TSP

ROUNDS = int(os.environ.get("TSP_RACE_ROUNDS", "6"))
DFE = FIXTURES / "dfe" / "timeliness_20_week.csv"


def _one_year(folder: Path, year: str) -> Path:
    """DfE's file with the rows of one year only (its header kept)."""
    lines = DFE.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    return write(folder / f"timeliness_{year}.csv",
                 "".join([lines[0], *(line for line in lines[1:] if line.startswith(year))]))


def _edit_row(folder: Path, old: str, new: str) -> Path:
    text = DFE.read_text(encoding="utf-8-sig")
    assert old in text
    return write(folder / "edited.csv", text.replace(old, new, 1))


BETA_2024 = "E06000902,902,Beta,All EHC plans issued,All EHC plans issued,100,100,45,45,45,45"


def test_two_imports_of_one_measure_at_once_lose_no_figures(challenge: Path, tmp_path: Path
                                                            ) -> None:
    figures = challenge / "data/figures/timeliness.csv"
    files = [_one_year(tmp_path, "2023"), _one_year(tmp_path, "2024")]
    env = {**os.environ, "TSP_REPO": str(challenge), "COLUMNS": "200"}
    for number in range(ROUNDS):
        figures.unlink(missing_ok=True)  # both create the file in even rounds, else both merge
        if number % 2:
            figures.write_text("authority,period,breakdown,numerator,denominator,value,symbol,"
                               "rule_version,source\n")
        runs = [subprocess.Popen([str(TSP), "figures", "import", str(f), "-m", "timeliness"],
                                 env=env, text=True, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE) for f in files]
        outputs = [(p, *p.communicate(timeout=60)) for p in runs]
        text = figures.read_text()
        for process, stdout, stderr in outputs:
            assert "Traceback" not in stderr
            assert process.returncode == 0, stderr
            assert "Wrote data/figures/timeliness.csv" in stdout
        # Each file holds England, the region and three authorities' rows for its year.
        assert text.count(",2023,") == 3, f"round {number}: the 2023 figures were lost"
        assert text.count(",2024,") == 6, f"round {number}: the 2024 figures were lost"


def test_an_absurd_number_in_a_figures_file_is_a_problem_not_a_crash(tsp: CliRun,
                                                                     challenge: Path) -> None:
    path = challenge / "data/figures/timeliness.csv"
    text = path.read_text()
    path.write_text(text.replace("beta,2023,,60,100,60,", "beta,2023,,60,100,1e30,", 1))
    for command in (["validate"], ["list"], ["compare", "timeliness"], ["report", "data"],
                    ["measures"]):
        result = tsp(*command, repo=challenge)
        assert result.exit_code in (0, 1), (command, result.output)
        if command != ["list"]:  # tsp list reads no figures, so it has nothing to say
            assert "timeliness.csv:3:19: error: value: '1e30' is too large to be a figure " \
                "(more than 15 digits)" in result.output, command


def test_an_absurd_number_in_dfe_s_file_refuses_the_import(tsp: CliRun, challenge: Path,
                                                          tmp_path: Path) -> None:
    before = (challenge / "data/figures/timeliness.csv").read_bytes()
    source = _edit_row(tmp_path, BETA_2024, BETA_2024.replace("45,45,45,45", "45,45,1e30,45"))
    result = tsp("figures", "import", str(source), "-m", "timeliness", repo=challenge)
    assert result.exit_code == 1
    assert "edited.csv:10:17: error: column pc_plans_issued_within_20_weeks (cell 17): " \
        "'1e30' is too large to be a figure (more than 15 digits); check the cell" \
        in result.stderr
    assert "Traceback" not in result.output
    assert (challenge / "data/figures/timeliness.csv").read_bytes() == before


def test_a_numerator_with_a_thousands_separator_is_read(challenge: Path, tsp: CliRun,
                                                        tmp_path: Path) -> None:
    source = _edit_row(tmp_path, BETA_2024,
                       BETA_2024.replace("100,100,45,45,45,45",
                                         '"2,000","2,000","1,100","1,100",55,55'))
    result = tsp("figures", "import", str(source), "-m", "timeliness", repo=challenge)
    assert result.exit_code == 0, result.output
    assert "beta,2024,,1100,2000,55,," in (challenge / "data/figures/timeliness.csv").read_text()


def test_a_numerator_in_words_refuses_the_import_and_says_where(challenge: Path, tsp: CliRun,
                                                                tmp_path: Path) -> None:
    before = (challenge / "data/figures/timeliness.csv").read_bytes()
    source = _edit_row(tmp_path, BETA_2024,
                       BETA_2024.replace("100,100,45,45", "100,100,two hundred,45"))
    result = tsp("figures", "import", str(source), "-m", "timeliness", repo=challenge)
    assert result.exit_code == 1
    assert "edited.csv:10:15: error: column plans_issued_within_20_weeks (cell 15): 'two " \
        "hundred' is neither a number nor one of DfE's symbols" in result.stderr
    assert "nothing was imported" in result.stderr
    assert (challenge / "data/figures/timeliness.csv").read_bytes() == before


def test_a_percentage_without_a_denominator_is_not_written(tsp: CliRun, challenge: Path
                                                           ) -> None:
    result = tsp("new", "measure", "pct", "--title", "Pct", "--numerator", "n", "--unit",
                 "percentage", "--polarity", "neither", "--period-type", "snapshot",
                 "--source", "s", repo=challenge)
    assert result.exit_code == 2
    assert "a percentage is counted out of something: say what in denominator" \
        in result.stderr
    assert not (challenge / "data/measures/pct.yaml").exists()


def test_a_line_feed_in_a_title_injects_no_key(tsp: CliRun, challenge: Path) -> None:
    result = tsp("new", "measure", "pct", "--title", "Pct\nstatus: agreed", "--numerator",
                 "n", "--unit", "count", "--polarity", "neither", "--period-type", "snapshot",
                 "--source", "s", repo=challenge)
    assert result.exit_code == 2
    assert "title: a title is one line" in result.stderr
    assert not (challenge / "data/measures/pct.yaml").exists()
    assert tsp("validate", repo=challenge).exit_code == 0


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_a_file_that_is_no_regular_file_is_refused_before_it_is_read(
        challenge: Path, tmp_path: Path, kind: str) -> None:
    if kind == "device":
        source = Path("/dev/zero")
    elif kind == "fifo":
        source = tmp_path / "figures.csv"
        os.mkfifo(source)
    else:
        source = tmp_path / "folder.csv"
        source.mkdir()
    result = subprocess.run([str(TSP), "figures", "import", str(source), "-m", "timeliness",
                             "--repo", str(challenge)], capture_output=True, text=True,
                            timeout=30, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "not a regular file" in result.stderr or "directory" in result.stderr.lower()


def test_a_file_over_the_limit_is_refused_by_its_size(challenge: Path, tmp_path: Path,
                                                      tsp: CliRun) -> None:
    from tsp.edits.figures_import import MAX_IMPORT_BYTES

    source = tmp_path / "huge.csv"
    shutil.copy(DFE, source)
    with source.open("r+b") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 1)  # sparse: costs no disk
    result = tsp("figures", "import", str(source), "-m", "timeliness", repo=challenge)
    assert result.exit_code == 2
    assert f"is {MAX_IMPORT_BYTES + 1:,} bytes; tsp imports files up to" in result.stderr
