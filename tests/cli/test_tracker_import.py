"""tsp import on a tracker as teams keep one (issue 16): a title above the header, a RAG
column, a Budget £ column, a Total row, names and dates as people type them, one workshop on
one row per authority, the same row twice, no Year column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook import Workbook

from tests.helpers import CliRun
from tsp.models import Package
from tsp.yaml_io import parse

HEADER = ["Activity", "Local Authority", "Area", "Status", "RAG", "Start date", "Budget £",
          "Notes"]
ROWS: list[list[object]] = [
    ["Annual Review mapping support", "Bucks CC", "SEND", "In progress", "Green", "Jan 2026",
     4500, ""],
    ["SEND transitions workshop", "West Sussex CC", "SEND/CSC", "Pipeline", "Amber",
     "15/01/2026", "TBC", "n/a"],
    ["Leadership coaching", "RBWM", "CSC", "Live", "Green", dt.datetime(2026, 2, 15),
     "£12,500", "-"],
    *[["Safe Uncertainty Peer Case Review Workshop", name, "CSC", "Complete", "Green",
       "w/c 19 Jan 2026", None, None]
      for name in ("Brighton & Hove", "East Sussex", "Portsmouth", "Southampton",
                   "West Sussex CC")],
    [None] * 8,
    ["Family hubs diagnostic", "IoW", "CSC", "On hold", "Red", "Mar 2026", None, None],
    ["Panel review", "Reading Council", "SEND", "Complete", "Green", "Feb 2026", 3000, None],
    ["Panel review", "Reading Council", "SEND", "Complete", "Green", "Feb 2026", 3000, None],
    ["Inclusion workshop", "Slough BC, Wokingham", "SEND", "Pipeline", "Amber", "Apr 2026",
     None, None],
    ["New workshop", "Narnia", "housing", "Green", "Green", "Jan 2026", None, None],
]
FIRST = 5  # the spreadsheet row of ROWS[0]: title, "last updated", blank, header above it


def build_tracker(path: Path, rows: list[list[object]] | None = None) -> Path:
    rows = ROWS if rows is None else rows
    book = Workbook()
    cover = book.active
    cover.title = "Read me"
    cover["A1"] = "How to use this tracker"
    cover["A3"] = "One row per authority. Keep the RAG up to date."
    sheet = book.create_sheet("Tracker")
    sheet["A1"] = "SESLIP Targeted Support Programme — tracker 2025-26"
    sheet.merge_cells("A1:H1")
    sheet["A2"] = "Last updated: 3 March 2026"
    sheet.append([])  # row 3 blank (append starts after the last row written)
    for column, name in enumerate(HEADER, 1):
        sheet.cell(4, column, name)
    for number, row in enumerate(rows, FIRST):
        for column, value in enumerate(row, 1):
            if value is not None:
                sheet.cell(number, column, value)
    total = FIRST + len(rows)
    sheet.cell(total, 1, "Total")
    sheet.cell(total, 7, f"=SUM(G{FIRST}:G{total - 1})")
    lists = book.create_sheet("Lists")
    for number, word in enumerate(("Red", "Amber", "Green"), 1):
        lists.cell(number, 1, word)
    book.save(path)
    return path


def written(root: Path) -> dict[str, Package]:
    return {p.stem: Package.model_validate(parse(p.read_text(encoding="utf-8")))
            for p in sorted((root / "data" / "packages").glob("*.yaml"))}


def test_a_real_tracker_imports_as_the_team_keeps_it(tsp: CliRun, repo_copy: Path,
                                                      tmp_path: Path) -> None:
    before = written(repo_copy)
    tracker = build_tracker(tmp_path / "tracker.xlsx")
    result = tsp("import", str(tracker), repo=repo_copy)
    # Two rows are refused, so the run is not clean.
    assert result.exit_code == 1, result.output
    new = {k: v for k, v in written(repo_copy).items() if k not in before}
    assert sorted(new) == ["buckinghamshire-annual-review-mapping-support",
                           "inclusion-workshop", "reading-panel-review",
                           "west-sussex-send-transitions-workshop",
                           "windsor-and-maidenhead-leadership-coaching"]
    bucks = new["buckinghamshire-annual-review-mapping-support"]
    # The year is read from the start date (January 2026 is in 2025-26), the status word
    # through the table, the budget as proposed funding for that year.
    assert (bucks.year, bucks.status, bucks.starts) == ("2025-26", "in-delivery", "2026-01")
    assert [(f.year, f.amount, f.status) for f in bucks.funding] == [
        ("2025-26", 4500, "proposed")]
    sussex = new["west-sussex-send-transitions-workshop"]
    assert [str(a) for a in sussex.areas] == ["send", "childrens-social-care"]
    assert (sussex.status, sussex.starts, sussex.funding, sussex.notes) == (
        "interest", "2026-01-15", [], None)  # TBC and n/a are blank, not values
    rbwm = new["windsor-and-maidenhead-leadership-coaching"]
    assert (rbwm.recipients, rbwm.starts, rbwm.notes) == (
        ["windsor-and-maidenhead"], "2026-02-15", None)
    assert [f.amount for f in rbwm.funding] == [12500]
    panel = new["reading-panel-review"]
    assert (panel.status, panel.year, panel.recipients) == ("delivered", "2025-26", ["reading"])
    # April 2026 opens the next programme year; two authorities in one cell, one package.
    inclusion = new["inclusion-workshop"]
    assert (inclusion.year, inclusion.recipients) == ("2026-27", ["slough", "wokingham"])
    # The workshop on five rows is the package already recorded: not written again.
    assert "safe-uncertainty-peer-case-review-2" not in new
    assert written(repo_copy)["safe-uncertainty-peer-case-review"] == \
        before["safe-uncertainty-peer-case-review"]

    err = result.stderr
    assert "note: Read me: no table" in err
    assert "note: Lists: no table" in err
    assert "note: Tracker:4:E: the column 'RAG' is a RAG rating" in err
    assert "note: Tracker:8: rows 8, 9, 10, 11, 12 differ only in the authority" in err
    assert "note: Tracker:16: the same as row 15; imported once." in err
    assert "note: Tracker:19: a Total row; skipped." in err
    assert "Tracker:8: warning: the package 'safe-uncertainty-peer-case-review'" in err
    # Every problem of a row, in one run.
    assert "Tracker:14:D: error: 'On hold' says the work paused" in err
    assert "Tracker:18:B: error: No authority matches 'Narnia'" in err
    assert "Tracker:18:C: error: 'housing' is not an area" in err
    assert "Tracker:18:D: error: 'Green' is a RAG rating, not a status" in err
    assert "did you mean 'agreed'" not in err
    assert "=SUM" not in result.output
    out = result.stdout
    assert "Read from the start date (programme years run April to March): year 2025-26 " \
        "for 4 row(s): Tracker:5, Tracker:6, Tracker:7, Tracker:15." in out
    assert "year 2026-27 for 1 row(s): Tracker:17." in out
    assert "From the command line" not in out
    assert out.rstrip().endswith("5 written, 0 already in the register, 1 not written "
                                 "(see the warnings), 2 refused.")
    assert tsp("validate", repo=repo_copy).exit_code == 0

    # Again: nothing is written twice, whatever year exists now.
    again = tsp("import", str(tracker), repo=repo_copy)
    assert "0 written, 5 already in the register" in again.stdout
    assert written(repo_copy).keys() == {*before, *new}


def test_every_row_written_or_there_is_exit_0(tsp: CliRun, repo_copy: Path,
                                              tmp_path: Path) -> None:
    good = [r for r in ROWS if r[0] not in ("Family hubs diagnostic", "New workshop")]
    tracker = build_tracker(tmp_path / "tracker.xlsx", good)
    first = tsp("import", str(tracker), repo=repo_copy)
    assert first.exit_code == 0, first.output
    assert tsp("import", str(tracker), repo=repo_copy).exit_code == 0


def test_values_from_the_command_line_are_said(tsp: CliRun, repo_copy: Path,
                                               tmp_path: Path) -> None:
    rows = [["Peer review", "Kent", "SEND", None, None, None, None, None]]
    tracker = build_tracker(tmp_path / "tracker.xlsx", rows)
    refused = tsp("import", str(tracker), repo=repo_copy)
    assert refused.exit_code == 1
    assert "Tracker:5:D: error: the row has no status (its Status cell is blank)" \
        in refused.stderr
    assert "Tracker:5: error: the row has no programme year (the sheet has no Year " \
        "column, nor a start date" in refused.stderr
    result = tsp("import", str(tracker), "--year", "2026-27", "--status", "Pipeline",
                 repo=repo_copy)
    assert result.exit_code == 0, result.output
    assert "From the command line: --year 2026-27 for 1 row(s) that give none." in result.stdout
    assert "From the command line: --status interest for 1 row(s) that give none." \
        in result.stdout
    package = written(repo_copy)["kent-peer-review"]
    assert (package.year, package.status) == ("2026-27", "interest")


def test_the_header_row_and_the_sheet_can_be_named(tsp: CliRun, minimal: Path,
                                                   tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Q3"
    sheet.append(["Who", "What", "When"])
    sheet.append(["Alpha", "Panel review", "2025-26"])
    path = tmp_path / "odd.xlsx"
    book.save(path)
    none = tsp("import", str(path), repo=minimal)
    assert none.exit_code == 1
    assert "note: Q3: no table" in none.stderr
    mapped = tsp("import", str(path), "--map", "Who=recipients", "--map", "What=title",
                 "--map", "When=year", "--header-row", "1", "--status", "agreed",
                 "--sheet", "Q3", repo=minimal)
    assert mapped.exit_code == 0, mapped.output
    assert "alpha-panel-review" in written(minimal)
    missing = tsp("import", str(path), "--sheet", "Q4", repo=minimal)
    assert missing.exit_code == 2
    assert "--sheet 'Q4': odd.xlsx has no such sheet" in missing.stderr


def test_a_csv_tracker_with_uk_dates_typed(tsp: CliRun, minimal: Path, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Title,LA,Status,Starts,Ends,Budget\n"
                    "Review,Alpha Council,Complete,15/01/2026,31/13/2026,1e29\n"
                    "Plan,Beta,Pipeline,w/c 9 Feb 2026,Mar 2026,\"£2,000.50\"\n",
                    encoding="utf-8")
    result = tsp("import", str(path), repo=minimal)
    assert result.exit_code == 1
    assert "t.csv:2:E: error: '31/13/2026' is not a date that exists" in result.stderr
    assert "t.csv:2:F: error: '1e29' is not an amount of pounds" in result.stderr
    plan = written(minimal)["beta-plan"]
    assert (plan.starts, plan.ends, plan.year) == ("2026-02-09", "2026-03", "2025-26")
    assert [str(f.amount) for f in plan.funding] == ["2000.50"]


def test_a_huge_amount_is_refused_with_its_cell(tsp: CliRun, minimal: Path,
                                                tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["Title", "Recipients", "Status", "Year", "Amount"])
    book.active.append(["Review", "Alpha", "agreed", "2025-26", 1e29])
    path = tmp_path / "t.xlsx"
    book.save(path)
    result = tsp("import", str(path), repo=minimal)
    assert result.exit_code == 1
    assert "Sheet:2:E: error: £100,000,000,000,000,000,000,000,000,000 is more than one " \
        "package is given" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("typed, expected", [
    ("Bucks CC", "buckinghamshire"), ("West Sussex CC", "west-sussex"),
    ("RBWM", "windsor-and-maidenhead"), ("IoW", "isle-of-wight"),
    ("Reading Council", "reading"), ("Slough BC", "slough"),
])
def test_authorities_as_people_type_them(repo_copy: Path, typed: str, expected: str) -> None:
    from tests.helpers import load
    from tsp.authorities import resolve

    assert resolve(load(repo_copy).authorities, typed).id == expected


def test_openpyxl_reads_back_the_fixture(tmp_path: Path) -> None:
    # The fixture is what the tests say it is: a merged title, the header on row 4.
    book = openpyxl.load_workbook(build_tracker(tmp_path / "t.xlsx"))
    sheet = book["Tracker"]
    assert "A1:H1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [c.value for c in sheet[4]] == HEADER
    assert sheet.cell(FIRST + len(ROWS), 7).value.startswith("=SUM(")


def test_the_readme_status_table_is_the_code_table() -> None:
    import re

    from tsp.edits.tracker_cells import status
    from tsp.errors import UsageError
    from tsp.tracker import STATUS_WORDS
    from tsp.vocabulary import fold

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("| In the sheet | tsp status |\n|---|---|\n", 1)[1].split("\n\n")[0]
    rows = re.findall(r"^\| ([^|]+) \| ([^|]+) \|$", table, flags=re.M)
    shown = {fold(word): target.strip() for words, target in rows
             for word in words.split(",")}
    assert {k for k in STATUS_WORDS} <= set(shown)
    for word, target in shown.items():
        if target.startswith("refused"):
            with pytest.raises(UsageError):
                status(word)
        else:
            assert status(word) == target, word


def test_the_workbook_reader_gives_what_openpyxl_gives(tmp_path: Path) -> None:
    # tsp reads sheets with its own streaming reader (tsp.edits.tracker_xlsx); on the
    # realistic tracker it gives the values openpyxl gives, dates as dates.
    from tsp.edits.tracker_read import read_tables
    from tsp.edits.tracker_import import known_headers

    path = build_tracker(tmp_path / "t.xlsx")
    table = read_tables(path, known_headers({})).tables[0]
    sheet = openpyxl.load_workbook(path, data_only=True)["Tracker"]
    for number, cells in table.rows[:-1]:
        expected = [c.value for c in sheet[number]]
        assert cells + [None] * (len(expected) - len(cells)) == expected
    assert table.rows[2][1][5] == dt.datetime(2026, 2, 15)
    # openpyxl saves the Total's =SUM without a value: read as the formula it is, not blank.
    number, total = table.rows[-1]
    assert total[6] == f"=SUM(G{FIRST}:G{number - 1})"
    assert sheet.cell(number, 7).value is None


def test_a_formula_without_its_value_is_refused_not_read(tsp: CliRun, minimal: Path,
                                                        tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Title", "Recipients", "Status", "Year", "Budget"])
    book.active.append(["Review", "Alpha", "agreed", "2025-26", "=1000+500"])
    book.save(tmp_path / "t.xlsx")
    result = tsp("import", str(tmp_path / "t.xlsx"), repo=minimal)
    assert result.exit_code == 1
    assert "Sheet:2:E: error: the cell holds the formula =1000+500 with no value saved" \
        in result.stderr


def test_a_formula_in_a_csv_is_refused_not_read_as_text(tsp: CliRun, minimal: Path,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Title,Recipients,Status,Year\n=SUM(A1:A3),Alpha,agreed,2025-26\n"
                    "'=not a formula,Beta,agreed,2025-26\n", encoding="utf-8")
    result = tsp("import", str(path), repo=minimal)
    assert result.exit_code == 1
    assert "t.csv:2:A: error: the cell holds the formula =SUM(A1:A3) with no value saved" \
        in result.stderr
    assert written(minimal)["beta-not-a-formula"].title == "=not a formula"


def test_a_row_matching_a_package_of_another_year_is_a_warning(tsp: CliRun, repo_copy: Path,
                                                               tmp_path: Path) -> None:
    rows = [["Safe Uncertainty Peer Case Review Workshop", name, "CSC", "Pipeline", None,
             "Apr 2026", None, None]
            for name in ("Brighton & Hove", "East Sussex", "Portsmouth", "Southampton",
                         "West Sussex")]
    tracker = build_tracker(tmp_path / "tracker.xlsx", rows)
    before = written(repo_copy)
    result = tsp("import", str(tracker), repo=repo_copy)
    assert "Tracker:5:A: warning: the package 'safe-uncertainty-peer-case-review' of 2025-26 " \
        "has the same title and recipients (this row is 2026-27)" in result.stderr
    assert written(repo_copy) == before
    assert result.exit_code == 0, result.output


def test_every_problem_of_a_row_comes_in_one_run(tsp: CliRun, minimal: Path,
                                                 tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Title,LA,Status,Starts,Ends,Area\n"
                    "Review,Narnia,Green,Mar 2026,Jan 2026,housing\n", encoding="utf-8")
    result = tsp("import", str(path), repo=minimal)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert [line.split(": error: ")[0] for line in lines] == [
        "t.csv:2:B", "t.csv:2:C", "t.csv:2:F", "t.csv:2:E"]
    assert "t.csv:2:E: error: ends (2026-01) is before starts (2026-03)" in lines
