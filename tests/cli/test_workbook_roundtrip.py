"""The workbook round trip (issue 16, point 7): the workbook `tsp list --format xlsx` writes
holds everything a package holds, so `tsp import` of it into an empty register writes every
package again exactly, and into the same register writes nothing and warns nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.helpers import FIXTURES, CliRun, edit
from tsp.yaml_io import parse


def empty_copy(root: Path, target: Path) -> Path:
    """The register with the same authorities and years, and no packages."""
    shutil.copytree(root, target)
    for path in (target / "data" / "packages").rglob("*.yaml"):
        path.unlink()
    return target


def files(root: Path) -> dict[str, object]:
    return {p.name: parse(p.read_text(encoding="utf-8"))
            for p in sorted((root / "data" / "packages").rglob("*.yaml"))}


@pytest.fixture(params=["year2", "register"])
def register(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    root = tmp_path / request.param
    shutil.copytree(FIXTURES / request.param / "data", root / "data")
    if request.param == "year2":
        # Pence written as text, a float as YAML reads it, whole pounds: each kept as written.
        edit(root / "data/packages/northmere-funded-capacity.yaml", "amount: 30000",
             'amount: "30000.50"')
    return root


def test_an_exported_workbook_rebuilds_every_package_in_an_empty_register(
        tsp: CliRun, register: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "packages.xlsx"
    assert tsp("list", "--format", "xlsx", "-o", str(workbook), repo=register).exit_code == 0
    book = openpyxl.load_workbook(workbook)
    if register.name == "year2":  # not vacuous: the fixture has all of these
        for name in ("Funding", "Evidence", "SME contributions", "Status history",
                     "Priorities", "Success measures", "Years"):
            assert book[name].max_row > 1, name
        amounts = [c.value for c in book["Funding"]["C"][1:]]
        assert {"30000.50", 2500.5, 12000, "8000.00"} <= set(amounts), amounts
    else:
        assert book["Status basis"].max_row == 16  # a header and each of the 15 packages

    empty = empty_copy(register, tmp_path / "empty")
    result = tsp("import", str(workbook), repo=empty)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert tsp("list", "--format", "json", repo=empty).stdout == tsp(
        "list", "--format", "json", repo=register).stdout
    assert files(empty) == files(register)
    assert tsp("validate", repo=empty).exit_code == 0


def test_the_same_register_imports_its_own_workbook_as_nothing_to_do(
        tsp: CliRun, register: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "packages.xlsx"
    assert tsp("list", "--format", "xlsx", "-o", str(workbook), repo=register).exit_code == 0
    before = {p: p.read_bytes() for p in (register / "data").rglob("*") if p.is_file()}
    result = tsp("import", str(workbook), repo=register)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith("0 written, ")
    assert "0 not written" in result.stdout and "0 refused" in result.stdout
    assert {p: p.read_bytes() for p in (register / "data").rglob("*") if p.is_file()} == before


def test_a_bad_cell_of_a_further_sheet_is_refused_with_sheet_row_and_column(
        tsp: CliRun, tmp_path: Path) -> None:
    root = tmp_path / "year2"
    shutil.copytree(FIXTURES / "year2" / "data", root / "data")
    workbook = tmp_path / "packages.xlsx"
    assert tsp("list", "--format", "xlsx", "-o", str(workbook), repo=root).exit_code == 0
    book = openpyxl.load_workbook(workbook)
    book["Funding"]["C2"] = "lots"
    book["Funding"]["C3"] = "1e29"
    book["Evidence"]["A2"] = "no-such-package"
    book.save(workbook)
    empty = empty_copy(root, tmp_path / "empty")
    result = tsp("import", str(workbook), repo=empty)
    assert result.exit_code == 1, result.output
    assert "Funding:2:C: error: 'lots' is not a number" in result.output
    assert ("Funding:3:C: error: an amount is at most £999,999,999.99; write the amount in "
            "pounds") in result.output
    assert ":A: error: not imported: its rows on tsp's further sheets have problems " \
        "(Funding:2:C" in result.output
    assert ("Evidence:2:A: error: no package 'no-such-package' in the package table; this row was "
            "not imported") in result.output
    assert "Traceback" not in result.output


def test_a_status_history_changed_in_one_place_only_is_refused(tsp: CliRun,
                                                                tmp_path: Path) -> None:
    root = tmp_path / "year2"
    shutil.copytree(FIXTURES / "year2" / "data", root / "data")
    workbook = tmp_path / "packages.xlsx"
    assert tsp("list", "--format", "xlsx", "-o", str(workbook), repo=root).exit_code == 0
    book = openpyxl.load_workbook(workbook)
    sheet = book["Packages"]
    column = [c.value for c in sheet[1]].index("Status history")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[column].value)
    row[column].value = "2026-01-05 scoping"  # the column edited, the sheet not
    book.save(workbook)
    empty = empty_copy(root, tmp_path / "empty")
    result = tsp("import", str(workbook), repo=empty)
    assert result.exit_code == 1, result.output
    assert (f"Packages:{row[0].row}:A: error: the Status history column and the "
            "Status history sheet say different things") in result.output
