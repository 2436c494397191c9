"""Local returns: tsp figures template writes a workbook for one authority, and tsp figures
import reads it back through the same checks, disclosure rule applied (issue 21, point 4)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.helpers import CliRun


def _template(tsp: CliRun, challenge: Path, tmp_path: Path) -> Path:
    path = tmp_path / "alpha-return.xlsx"
    result = tsp("figures", "template", "waiting", "--la", "Alpha", "-o", str(path),
                 repo=challenge)
    assert result.exit_code == 0, result.output
    return path


def test_the_template_holds_the_authority_s_rows_the_rule_and_checked_cells(
        tsp: CliRun, challenge: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_template(tsp, challenge, tmp_path))
    sheet = book["Return"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["period", "breakdown", "numerator", "denominator", "value", "symbol"]
    assert rows[1][:1] == ["2024-25"] and rows[1][4] == 12  # Alpha's figure so far
    assert rows[2][0] == "2025-26"  # a row for the next period
    kinds = {v.type for v in sheet.data_validations.dataValidation}
    assert {"whole", "decimal", "list", "textLength"} <= kinds
    about = {r[0].value: r[1].value for r in book["About"].iter_rows() if r[0].value}
    assert about["measure"] == "waiting" and about["authority"] == "alpha"
    assert about["Definition"].startswith("Counts children waiting more than a year")
    assert about["Small numbers"] == "Counts below 5 are shown as c."


def test_a_filled_return_round_trips_with_the_disclosure_rule_applied(
        tsp: CliRun, challenge: Path, tmp_path: Path) -> None:
    path = _template(tsp, challenge, tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["Return"]
    sheet["E2"] = 14  # 2024-25 corrected
    sheet["E3"] = 4  # 2025-26: below the threshold of 5
    book.save(path)
    result = tsp("figures", "import", str(path), repo=challenge)
    assert result.exit_code == 0, result.output
    assert "2 rows read; 1 added, 1 changed, 0 unchanged; 1 kept as the disclosure " \
        "rule's symbol." in result.stdout
    text = (challenge / "data/figures/waiting.csv").read_text()
    assert "alpha,2024-25,,,,14,,1,alpha-return.xlsx:Return!2\n" in text
    assert "alpha,2025-26,,,,,c,1,alpha-return.xlsx:Return!3\n" in text
    assert ",4," not in text
    assert tsp("validate", repo=challenge).exit_code == 0
    again = tsp("figures", "import", str(path), repo=challenge)
    assert "No change: data/figures/waiting.csv already holds these figures." in again.stdout


def test_words_in_a_cell_and_person_level_columns_are_refused(
        tsp: CliRun, challenge: Path, tmp_path: Path) -> None:
    before = (challenge / "data/figures/waiting.csv").read_bytes()
    path = _template(tsp, challenge, tmp_path)
    book = openpyxl.load_workbook(path)
    book["Return"]["E3"] = "two hundred"
    book.save(path)
    result = tsp("figures", "import", str(path), repo=challenge)
    assert result.exit_code == 1
    assert "alpha-return.xlsx:3:5: error: Return!E3: value: 'two hundred' is not a number" \
        in result.stderr
    book["Return"]["E3"] = 20
    book["Return"]["G1"] = "Date of birth"
    book.save(path)
    result = tsp("figures", "import", str(path), repo=challenge)
    assert result.exit_code == 1
    assert "Return!G1: column 'Date of birth' would hold data about individual people" \
        in result.stderr
    assert (challenge / "data/figures/waiting.csv").read_bytes() == before
