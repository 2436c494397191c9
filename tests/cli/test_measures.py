"""The data challenge's commands through the real CLI: exit codes and exact output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import CliRun
from tests.helpers import write


def test_measures_lists_status_version_and_latest_period(tsp: CliRun, challenge: Path) -> None:
    result = tsp("measures", "--format", "csv", repo=challenge)
    assert (result.exit_code, result.stdout) == (0, (
        "\ufeffid,title,status,version,unit,latest period,figures\n"
        "timeliness,Plans issued on time,agreed,2,percentage,2024,15\n"
        "waiting,Children waiting,proposed,1,count,2024-25,4\n"))


def test_compare_as_csv_ranks_and_shows_symbols_unranked(tsp: CliRun, challenge: Path) -> None:
    result = tsp("compare", "timeliness", "--format", "csv", repo=challenge)
    assert (result.exit_code, result.stdout) == (0, (
        "\ufeffrank,authority,2024,change since 2023,band,trend\n"
        "1,Gamma,90.0,,best quarter, ▅\n"
        "2,Alpha,75.0,25.0,second quarter,▁█\n"
        "3,Epsilon,70.0,-10.0,third quarter,█▁\n"
        "4,Beta,45.0,-15.0,bottom quarter,█▁\n"
        ",Delta,c,,,▅ \n"
        ",South East,70.0,15.0,,▁█\n"
        ",England,60.0,10.0,,▁█\n"))


def test_compare_as_json_carries_neighbours_and_provisional(tsp: CliRun, challenge: Path
                                                            ) -> None:
    result = tsp("compare", "timeliness", "--la", "alpha", "--period", "2024", "-f", "json",
                 repo=challenge)
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert (payload["period"], payload["previous_period"], payload["provisional"]) == (
        "2024", "2023", False)
    assert [(a["id"], a["rank"], a["value"], a["symbol"]) for a in payload["authorities"]] == [
        ("gamma", 1, 90, None), ("alpha", 2, 75, None), ("epsilon", 3, 70, None),
        ("beta", 4, 45, None), ("delta", None, None, "c")]
    assert payload["neighbours"]["place"] == 3
    assert payload["neighbours"]["rows"][0]["closeness"] == "Very close"


def test_compare_as_a_table_names_the_rule_and_its_neighbours(tsp: CliRun, challenge: Path
                                                              ) -> None:
    result = tsp("compare", "waiting", "--la", "Alpha", repo=challenge)
    assert result.exit_code == 0
    assert "Children waiting, 2024-25 (count, lower-is-better) — provisional" in result.stdout
    assert "Alpha is 2 of 2 with a figure." in result.stdout
    assert "c: confidential" in result.stdout and "low: a small non-zero figure" in result.stdout


def test_compare_an_unknown_measure_or_period_is_a_usage_error(tsp: CliRun, challenge: Path
                                                               ) -> None:
    result = tsp("compare", "timelines", repo=challenge)
    assert result.exit_code == 2
    assert "Did you mean: timeliness?" in result.stderr
    result = tsp("compare", "timeliness", "--period", "2019", repo=challenge)
    assert result.exit_code == 2
    assert "its periods are 2023, 2024" in result.stderr


def test_figures_import_then_again_changes_nothing(tsp: CliRun, challenge: Path,
                                                    dfe_file: Path) -> None:
    first = tsp("figures", "import", str(dfe_file), "--measure", "timeliness", repo=challenge)
    assert first.exit_code == 0, first.output
    assert "timeliness_20_week.csv:12:1: warning: not imported: no authority has GSS code " \
        "'E06000999'" in first.stderr
    assert "Matched 1 row by the former code E10000991 (Alpha)." in first.stdout
    assert "Wrote data/figures/timeliness.csv (15 figures)." in first.stdout
    again = tsp("figures", "import", str(dfe_file), "-m", "timeliness", "--strict",
                repo=challenge)
    assert again.exit_code == 1  # --strict: a row of the region was not matched
    assert "0 added, 0 changed, 9 unchanged" in again.stdout
    assert "No change: data/figures/timeliness.csv already holds these figures." in again.stdout


def test_figures_import_refuses_person_level_data(tsp: CliRun, challenge: Path, tmp_path: Path
                                                  ) -> None:
    bad = write(tmp_path / "children.csv", "time_period,geographic_level,Name,value\n")
    result = tsp("figures", "import", str(bad), "-m", "timeliness", repo=challenge)
    assert result.exit_code == 1
    assert "column 'Name' would hold data about individual people" in result.stderr
    assert "Traceback" not in result.output


def test_new_measure_writes_a_proposed_rule_that_validates(tsp: CliRun, challenge: Path
                                                           ) -> None:
    result = tsp("new", "measure", "plans-on-time", "--title", "Plans on time",
                 "--numerator", "Plans issued within 20 weeks", "--denominator", "Plans issued",
                 "--unit", "percentage", "--polarity", "higher-is-better",
                 "--period-type", "calendar-year", "--source", "SEN2", repo=challenge)
    assert result.exit_code == 0, result.output
    text = (challenge / "data/measures/plans-on-time.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/measure.schema.json\n")
    assert "status: proposed\n" in text
    assert tsp("validate", "--strict", repo=challenge).exit_code == 0
    again = tsp("new", "measure", "plans-on-time", "--title", "x", "--numerator", "x",
                "--unit", "count", "--polarity", "neither", "--period-type", "snapshot",
                "--source", "x", repo=challenge)
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_new_measure_with_a_bad_unit_writes_nothing(tsp: CliRun, challenge: Path) -> None:
    result = tsp("new", "measure", "odd", "--title", "Odd", "--numerator", "x",
                 "--unit", "percent", "--polarity", "neither", "--period-type", "snapshot",
                 "--source", "x", repo=challenge)
    assert result.exit_code == 2
    assert "unit: 'percent' is not one of" in result.stderr
    assert not (challenge / "data/measures/odd.yaml").exists()


def test_report_data_with_a_period_writes_a_page(tsp: CliRun, challenge: Path,
                                                 tmp_path: Path) -> None:
    import shutil

    shutil.copytree(Path(__file__).resolve().parents[2] / "templates",
                    challenge / "templates")
    out = tmp_path / "data.html"
    result = tsp("report", "data", "--period", "2023", "-o", str(out), repo=challenge)
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert "Plans issued on time, 2023" in page and 'id="chart-rug"' in page


def test_show_a_measure_gives_the_rule_in_plain_words(tsp: CliRun, challenge: Path) -> None:
    result = tsp("show", "timeliness", repo=challenge)
    assert result.exit_code == 0, result.output
    assert "Status: Agreed (version 2, 10 February 2026)." in result.stdout
    assert "Figures: 15, latest 2024" in result.stdout
    shown = json.loads(tsp("show", "timeliness", "-f", "json", repo=challenge).stdout)
    assert (shown["version"], shown["figures"], shown["latest_period"]) == (2, 15, "2024")


def test_show_a_measure_keeps_its_figures_when_another_file_is_left_out(
    tsp: CliRun, challenge: Path
) -> None:
    """A broken package is left out of the answer; the measure's figures are not broken and
    still count."""
    package = challenge / "data/packages/alpha-assessment-review.yaml"
    package.write_text(package.read_text(encoding="utf-8") + "recipents: [beta]\n",
                       encoding="utf-8")
    result = tsp("show", "timeliness", repo=challenge)
    assert result.exit_code == 0, result.output
    assert "1 file left out of this answer" in result.stderr
    assert "Figures: 15, latest 2024" in result.stdout
    shown = json.loads(tsp("show", "timeliness", "-f", "json", repo=challenge).stdout)
    assert (shown["figures"], shown["latest_period"]) == (15, "2024")


def test_show_a_measure_leaves_out_figures_of_a_broken_file(tsp: CliRun, challenge: Path
                                                            ) -> None:
    figures = challenge / "data/figures/timeliness.csv"
    figures.write_text(figures.read_text(encoding="utf-8") + "alpha,2025,,1,2,lots,,2,x\n",
                       encoding="utf-8")
    result = tsp("show", "timeliness", repo=challenge)
    assert result.exit_code == 0, result.output
    assert "data/figures/timeliness.csv" in result.stderr
    assert "Figures: none yet" in result.stdout


def test_a_title_that_excel_would_run_stays_text(tsp: CliRun, challenge: Path) -> None:
    from tests.helpers import edit

    edit(challenge / "data/measures/timeliness.yaml", "title: Plans issued on time",
         'title: "=HYPERLINK(\\"http://x\\")"')
    result = tsp("measures", "-f", "csv", repo=challenge)
    assert "timeliness,\"'=HYPERLINK(\"\"http://x\"\")\",agreed" in result.stdout


def test_compare_as_xlsx_is_a_workbook_of_numbers_and_symbols(tsp: CliRun, challenge: Path,
                                                              tmp_path: Path) -> None:
    import openpyxl

    target = tmp_path / "compare.xlsx"
    result = tsp("compare", "timeliness", "--la", "alpha", "--format", "xlsx", "-o",
                 str(target), repo=challenge)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Ranking", "Neighbours"]
    sheet = book["Ranking"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Rank", "Authority", "2024 (percentage)", "Change since 2023", "Band",
                       "Trend"]
    assert rows[2] == [2, "Alpha", 75, 25, "second quarter", "▁█"]
    assert rows[3][:4] == [3, "Epsilon", 70, -10]  # a number Excel can sort, not text
    assert rows[5][:3] == [None, "Delta", "c"]  # a symbol stays DfE's symbol
    assert [r[1] for r in rows[6:]] == ["South East", "England"]
    assert sheet.freeze_panes == "A2"
    neighbours = [[c.value for c in row] for row in book["Neighbours"].iter_rows()]
    assert neighbours[0][:3] == ["Rank", "Authority", "Closeness"]
    assert "Very close" in [r[2] for r in neighbours]


def test_measures_as_xlsx_is_a_workbook(tsp: CliRun, challenge: Path, tmp_path: Path) -> None:
    import openpyxl

    target = tmp_path / "measures.xlsx"
    result = tsp("measures", "--format", "xlsx", "-o", str(target), repo=challenge)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target)["Measures"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["ID", "Title", "Status", "Version", "Unit", "Latest period", "Figures"],
        ["timeliness", "Plans issued on time", "agreed", 2, "percentage", "2024", 15],
        ["waiting", "Children waiting", "proposed", 1, "count", "2024-25", 4]]


def test_a_workbook_is_not_written_to_a_terminal_or_a_missing_folder(
        tsp: CliRun, challenge: Path, tmp_path: Path) -> None:
    result = tsp("compare", "timeliness", "-f", "xlsx", "-o",
                 str(tmp_path / "nowhere" / "c.xlsx"), repo=challenge)
    assert result.exit_code == 2
    assert "the folder" in result.stderr and "does not exist" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_compare_as_markdown_titles_the_table_and_adds_the_neighbours(
        tsp: CliRun, challenge: Path) -> None:
    result = tsp("compare", "timeliness", "--la", "alpha", "-f", "markdown", repo=challenge)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("**Plans issued on time**, 2024\n\n| rank | authority |")
    assert "| 3 | Epsilon | 70.0 | −10.0 | third quarter |" in result.stdout
    assert "| rank | authority | closeness |" in result.stdout


def test_compare_csv_keeps_formula_safety_for_names(tsp: CliRun, challenge: Path) -> None:
    from tests.helpers import edit

    edit(challenge / "data/authorities/beta.yaml", "name: Beta", 'name: "-Beta"')
    result = tsp("compare", "timeliness", "-f", "csv", repo=challenge)
    assert result.exit_code == 0, result.output
    assert "4,'-Beta,45.0,-15.0,bottom quarter" in result.stdout


def test_compare_with_too_few_figures_shows_no_band_and_says_why(tsp: CliRun, challenge: Path
                                                                 ) -> None:
    result = tsp("compare", "waiting", "-f", "csv", repo=challenge)
    assert result.stdout.splitlines()[1:3] == ["1,Gamma,7,,,▅", "2,Alpha,12,,,▅"]
    text = tsp("compare", "waiting", repo=challenge).stdout
    assert "quarter" not in text
    assert "No quartile bands: 2 authorities have a figure, and banding needs at least 4." \
        in text


def test_measures_at_80_columns_is_a_block_each_with_the_id_whole(
    tsp: CliRun, challenge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = tsp("measures", repo=challenge)
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert result.exit_code == 0 and max(map(len, lines)) <= 80
    assert lines[:5] == ["Measures: 2", "", "Plans issued on time", "  timeliness",
                         "  agreed · version 2 · percentage · latest period 2024 · 15 figures"]
    assert "  waiting" in lines


def test_measures_in_a_wide_terminal_is_a_table_with_every_column_whole(
    tsp: CliRun, challenge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    lines = tsp("measures", repo=challenge).stdout.splitlines()
    assert lines[2].split() == ["id", "title", "status", "version", "unit", "latest",
                                "period", "figures"]
    assert lines[4].split() == ["timeliness", "Plans", "issued", "on", "time", "agreed", "2",
                                "percentage", "2024", "15"]
