"""The spreadsheet in and out: tsp list --format xlsx, tsp la --list --format xlsx, tsp import."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from tests.helpers import CliRun
from tsp import further_sheets
from tsp.models import Package
from tsp.yaml_io import parse


def packages(root: Path) -> dict[str, Package]:
    return {p.stem: Package.model_validate(parse(p.read_text(encoding="utf-8")))
            for p in sorted((root / "data" / "packages").glob("*.yaml"))}


def test_list_xlsx_is_a_real_workbook(tsp: CliRun, minimal: Path, tmp_path: Path) -> None:
    (minimal / "data" / "packages" / "alpha-review.yaml").write_text(
        (minimal / "data" / "packages" / "alpha-review.yaml").read_text()
        + "starts: 2026-01-15\nends: 2026-03\nsummary: \"=HYPERLINK('x')\"\n")
    target = tmp_path / "packages.xlsx"
    result = tsp("list", "--format", "xlsx", "-o", str(target), repo=minimal)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    # the package table, then tsp's further sheets (tests/cli/test_workbook_roundtrip.py)
    assert book.sheetnames == ["Packages", *(s.name for s in further_sheets.SHEETS)]
    sheet = book["Packages"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["ID", "Title", "Year", "Status", "Area", "Recipients"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
    row = {h: c for h, c in zip(header, sheet[2])}
    assert row["ID"].value == "alpha-review"
    assert row["Recipients"].value == "Alpha"
    assert row["Area"].value == "SEND"
    # A full date is a date; a partial one stays as written; text is never a formula.
    assert row["Starts"].value == dt.datetime(2026, 1, 15)
    assert row["Ends"].value == "2026-03"
    assert row["Summary"].value == "=HYPERLINK('x')" and row["Summary"].data_type == "s"
    assert sheet.column_dimensions["B"].width >= len("Annual Review mapping")


@pytest.mark.parametrize("args", [["list"], ["la", "--list"]])
def test_a_workbook_prints_landscape_one_page_wide(tsp: CliRun, frozen_root: Path,
                                                    tmp_path: Path, args: list[str]) -> None:
    # it printed as 13 portrait pages of one column each (issue 22)
    target = tmp_path / "sheet.xlsx"
    assert tsp(*args, "--format", "xlsx", "-o", str(target), repo=frozen_root).exit_code == 0
    sheet = openpyxl.load_workbook(target).worksheets[0]
    setup = sheet.page_setup
    # fitToWidth 1 is the file format's default, which XlsxWriter leaves unwritten
    assert (setup.orientation, setup.fitToWidth or 1, setup.fitToHeight) == ("landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows.replace("$", "") == "1:1"  # the header on every page


def test_xlsx_refuses_a_terminal_and_a_missing_folder(tsp: CliRun, minimal: Path,
                                                     tmp_path: Path) -> None:
    result = tsp("list", "--format", "xlsx", "-o", str(tmp_path / "nope" / "p.xlsx"),
                 repo=minimal)
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_la_list_xlsx(tsp: CliRun, minimal: Path, tmp_path: Path) -> None:
    target = tmp_path / "las.xlsx"
    result = tsp("la", "--list", "--format", "xlsx", "-o", str(target), repo=minimal)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target).active
    assert [c.value for c in sheet[1]][:4] == ["ID", "Name", "GSS code", "DfE LA number"]
    # The DfE number stays text: '0012'-style codes never lose their zeros.
    assert sheet["D2"].value == "901" and sheet["D2"].data_type == "s"


def test_exported_sheet_imports_back_to_the_same_packages(tsp: CliRun, minimal: Path,
                                                          tmp_path: Path) -> None:
    alpha = minimal / "data" / "packages" / "alpha-review.yaml"
    alpha.write_text(alpha.read_text() + "starts: 2026-01-15\nrelated:\n  - beta-coaching\n"
                     "outputs:\n  - A map, with notes\n  - A plan\nstatus_history:\n"
                     "  - status: agreed\n    on: 2026-01-02\n    note: signed off\n")
    before = packages(minimal)
    sheet = tmp_path / "tracker.xlsx"
    assert tsp("list", "-f", "xlsx", "-o", str(sheet), repo=minimal).exit_code == 0
    for path in (minimal / "data" / "packages").glob("*.yaml"):
        path.unlink()
    result = tsp("import", str(sheet), repo=minimal)
    assert result.exit_code == 0, result.output
    assert packages(minimal) == before
    assert tsp("validate", repo=minimal).exit_code == 0
    # A second import writes nothing new.
    again = tsp("import", str(sheet), repo=minimal)
    assert again.exit_code == 0
    assert "0 written, 2 already in the register" in again.stdout


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_import_csv_with_map_dry_run_and_a_bad_row(tsp: CliRun, minimal: Path,
                                                   tmp_path: Path) -> None:
    tracker = _csv(tmp_path / "tracker.csv", [
        ["Package", "Council", "Stage", "Area", "Start date", "Owner"],
        ["Transitions workshop", "Alf", "Scoping", "SEND", "2026-02", "Sam"],
        ["Mystery review", "Narnia", "agreed", "send", "", ""],
        ["Panel review", "Beta", "agreed", "housing", "", ""],
    ])
    dry = tsp("import", str(tracker), "--map", "Council=recipients", "--dry-run", repo=minimal)
    assert dry.exit_code == 1
    assert "Would write data/packages/alpha-transitions-workshop.yaml" in dry.stdout
    assert not (minimal / "data" / "packages" / "alpha-transitions-workshop.yaml").exists()
    assert "tracker.csv:3:B: error: No authority matches 'Narnia'" in dry.stderr
    assert "tracker.csv:4:D: error: 'housing' is not an area" in dry.stderr
    assert "tracker.csv:1:F: the column 'Owner' is not a package field" in dry.stderr

    done = tsp("import", str(tracker), "--map", "Council=recipients", repo=minimal)
    assert done.exit_code == 1
    written = packages(minimal)["alpha-transitions-workshop"]
    assert written.recipients == ["alpha"] and written.status == "scoping"
    assert written.starts == "2026-02" and [str(a) for a in written.areas] == ["send"]
    assert tsp("validate", repo=minimal).exit_code == 0
    again = tsp("import", str(tracker), "--map", "Council=recipients", repo=minimal)
    assert "0 written, 1 already in the register" in again.stdout


def test_a_row_without_a_title_says_so_in_plain_words(tsp: CliRun, minimal: Path,
                                                       tmp_path: Path) -> None:
    # it said "the row has no a title" (issue 22)
    tracker = _csv(tmp_path / "t.csv", [["Title", "Recipients", "Status"],
                                        ["", "Alpha", "agreed"]])
    result = tsp("import", str(tracker), "--year", "2025-26", repo=minimal)
    assert "t.csv:2:A: error: the row has no title; a package needs one" in result.stderr


def test_import_never_overwrites_a_changed_package(tsp: CliRun, minimal: Path,
                                                   tmp_path: Path) -> None:
    original = (minimal / "data" / "packages" / "alpha-review.yaml").read_text()
    tracker = _csv(tmp_path / "t.csv", [["ID", "Title", "Recipients", "Status"],
                                        ["alpha-review", "Another title", "Alpha", "agreed"]])
    result = tsp("import", str(tracker), "--year", "2025-26", repo=minimal)
    assert result.exit_code == 0
    assert "t.csv:2:A: warning: the package 'alpha-review' is already in the register" \
        in result.stderr
    assert (minimal / "data" / "packages" / "alpha-review.yaml").read_text() == original


@pytest.mark.parametrize("name, message", [
    ("tracker.ods", "tsp imports .xlsx workbooks and .csv files"),
    ("broken.xlsx", "is not an Excel workbook"),
])
def test_import_unreadable_files(tsp: CliRun, minimal: Path, tmp_path: Path, name: str,
                                 message: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"not a spreadsheet")
    result = tsp("import", str(path), repo=minimal)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_bad_map(tsp: CliRun, minimal: Path, tmp_path: Path) -> None:
    tracker = _csv(tmp_path / "t.csv", [["Title"], ["x"]])
    result = tsp("import", str(tracker), "--map", "Council=recipint", repo=minimal)
    assert result.exit_code == 2
    assert "'recipint' is not a package field; did you mean 'recipients'?" in result.stderr


def test_any_table_result_is_a_sheet(tmp_path: Path) -> None:
    # A result type that only has a CSV table (as a new command's would) still makes a
    # workbook through the reporter layer.
    from dataclasses import dataclass

    from tsp.cli.reporters import Table, as_table, emit

    @dataclass(frozen=True)
    class Plan:
        rows: list[list[str]]

    as_table.register(Plan, lambda result: Table(["Priority", "Packages"], result.rows))
    target = tmp_path / "plan.xlsx"
    emit(Plan([["P1", "3"], ["P2", "0012"]]), "xlsx", target)
    sheet = openpyxl.load_workbook(target).active
    assert sheet.title == "Plan"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Priority", "Packages"], ["P1", "3"], ["P2", "0012"]]
    assert sheet.freeze_panes == "A2"


def test_a_csv_export_imports_back_too(tsp: CliRun, minimal: Path, tmp_path: Path) -> None:
    alpha = minimal / "data" / "packages" / "alpha-review.yaml"
    alpha.write_text(alpha.read_text() + 'summary: "-1 day slip: =not a formula"\n')
    before = packages(minimal)
    exported = tmp_path / "packages.csv"
    assert tsp("list", "-f", "csv", "-o", str(exported), repo=minimal).exit_code == 0
    assert "'-1 day slip" in exported.read_text(encoding="utf-8-sig")  # guarded for Excel
    for path in (minimal / "data" / "packages").glob("*.yaml"):
        path.unlink()
    result = tsp("import", str(exported), repo=minimal)
    assert result.exit_code == 0, result.output
    assert packages(minimal) == before


def test_a_row_the_register_checks_refuse_takes_out_the_rows_that_lean_on_it(
        tsp: CliRun, minimal: Path, tmp_path: Path) -> None:
    tracker = _csv(tmp_path / "t.csv", [
        ["ID", "Title", "Recipients", "Status", "Starts", "Ends", "Related packages"],
        ["alpha-plan", "Plan", "Alpha", "agreed", "2026-05", "2026-01", ""],
        ["alpha-follow-up", "Follow-up", "Alpha", "agreed", "", "", "alpha-plan"],
        ["beta-visit", "Visit", "Beta", "agreed", "", "", "beta-coaching"],
    ])
    result = tsp("import", str(tracker), "--year", "2025-26", repo=minimal)
    assert result.exit_code == 1
    assert "t.csv:2:F: error: ends (2026-01) is before starts (2026-05)" in result.stderr
    assert "t.csv:3:G: error: related" in result.stderr and "alpha-plan" in result.stderr
    written = sorted(p.stem for p in (minimal / "data" / "packages").glob("*.yaml"))
    assert written == ["alpha-review", "beta-coaching", "beta-visit"]
    assert tsp("validate", repo=minimal).exit_code == 0


def test_a_file_name_says_the_format_when_no_format_is_given(tsp: CliRun, minimal: Path,
                                                             tmp_path: Path) -> None:
    book_path, json_path, text_path = (tmp_path / "packages.xlsx", tmp_path / "list.json",
                                       tmp_path / "alpha.md")
    assert tsp("list", "-o", str(book_path), repo=minimal).exit_code == 0
    assert openpyxl.load_workbook(book_path).sheetnames[0] == "Packages"
    assert tsp("la", "--list", "-o", str(json_path), repo=minimal).exit_code == 0
    assert json_path.read_text(encoding="utf-8").startswith("[")
    # `tsp la NAME` has no Markdown form: the file holds its text, as --format says
    assert tsp("la", "Alpha", "-o", str(text_path), repo=minimal).exit_code == 0
    assert text_path.read_text(encoding="utf-8").startswith("Alpha")
    # and a format given is kept, whatever the file is called
    assert tsp("list", "--format", "csv", "-o", str(json_path), repo=minimal).exit_code == 0
    assert json_path.read_text(encoding="utf-8").startswith("\ufeffid,")
