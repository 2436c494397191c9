"""Hostile trackers (issue 16, point 10): each exits with a clear message and no traceback,
imports the good rows where there are any, and shows nothing raw on the terminal."""

from __future__ import annotations

import errno
import zipfile
from pathlib import Path

import pytest
from openpyxl.workbook import Workbook

from tests.helpers import CliRun

GOOD = ["Review", "Alpha", "agreed", "2025-26"]
HEADER = ["Title", "Recipients", "Status", "Year"]


def _book(path: Path, rows: list[list[object]], title: str = "Sheet") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in [HEADER, *rows]:
        sheet.append(row)
    book.save(path)
    return path


def _packages(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "data" / "packages").glob("*.yaml"))


def _raw_xlsx(path: Path, sheet_xml: bytes | None = None, *,
              shared_strings: int = 0) -> Path:
    """A workbook written by hand: the parts openpyxl needs and nothing else, so a test can
    give a sheet with no <dimension> or shared strings that inflate to any size."""
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships">')
    types = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
             b'2006/content-types"><Default Extension="rels" ContentType="application/'
             b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
             b'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
             b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
             b'sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
             b'"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
             b'</Types>')
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    office = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels + b'<Relationship Id="rId1" Type="' + office
                         + b'/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        archive.writestr("xl/workbook.xml", b'<?xml version="1.0"?><workbook xmlns="' + main
                         + b'" xmlns:r="' + office + b'"><sheets><sheet name="Big" sheetId='
                         b'"1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", rels + b'<Relationship Id="rId1" '
                         b'Type="' + office + b'/worksheet" Target="worksheets/sheet1.xml"/>'
                         b'</Relationships>')
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml or b'<worksheet xmlns="' + main
                         + b'"><sheetData/></worksheet>')
        if shared_strings:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                part.write(b'<sst xmlns="' + main + b'"><si><t>')
                chunk = b"a" * 2**20
                for _ in range(shared_strings // len(chunk)):
                    part.write(chunk)
                part.write(b"</t></si></sst>")
    return path


def _sheet_xml(rows: int, dimension: str | None) -> bytes:
    def cells(number: int, values: list[str]) -> str:
        return f'<row r="{number}">' + "".join(
            f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
            for i, v in enumerate(values)) + "</row>"
    body = [cells(1, HEADER)] + [cells(n, [f"Review {n}", "Alpha", "agreed", "2025-26"])
                                 for n in range(2, rows + 2)]
    head = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'{head}<sheetData>{"".join(body)}</sheetData></worksheet>').encode()


def test_a_del_in_an_xlsx_title_refuses_that_row_only(tsp: CliRun, minimal: Path,
                                                      tmp_path: Path) -> None:
    path = _book(tmp_path / "t.xlsx", [["Bad\x7ftitle", "Alpha", "agreed", "2025-26"], GOOD])
    result = tsp("import", str(path), repo=minimal)
    assert result.exit_code == 1
    assert "Sheet:2:A: error: the cell holds the control character U+007F" in result.stderr
    assert "alpha-review-2" in _packages(minimal) or "alpha-review" in _packages(minimal)
    assert "Wrote data/packages/" in result.stdout


def test_a_nul_in_a_csv_refuses_that_row_only(tsp: CliRun, minimal: Path,
                                              tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"Title,Recipients,Status,Year\nNul\x00here,Alpha,agreed,2025-26\n"
                     b"Workshop,Beta,agreed,2025-26\n")
    result = tsp("import", str(path), repo=minimal)
    assert result.exit_code == 1
    assert "t.csv:2:A: error: the cell holds the control character U+0000" in result.stderr
    assert "beta-workshop" in _packages(minimal)


def test_a_300_character_id_is_refused(tsp: CliRun, minimal: Path, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("ID,Title,Recipients,Status,Year\n" + "a" * 300
                    + ",Review,Alpha,agreed,2025-26\n", encoding="utf-8")
    result = tsp("import", str(path), repo=minimal)
    assert result.exit_code == 1
    assert "t.csv:2:A: error: the id is 300 characters; an id is the file name" in result.stderr


def test_a_200000_character_csv_field_is_refused_with_its_cell(tsp: CliRun, minimal: Path,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Title,Recipients,Status,Year,Summary\n"
                    f"Review,Alpha,agreed,2025-26,{'x' * 200_000}\n"
                    "Workshop,Beta,agreed,2025-26,short\n", encoding="utf-8")
    result = tsp("import", str(path), repo=minimal)
    assert result.exit_code == 1
    assert "t.csv:2:E: error: the cell holds 200,000 characters; a cell holds at most 32,767" \
        in result.stderr
    assert "beta-workshop" in _packages(minimal)


def test_escapes_from_cells_never_reach_the_terminal_raw(tsp: CliRun, minimal: Path,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Title,Recipients,Status,Year,\x1b[2J\x1b]0;pwned\x07Owner\n"
                    "Review,Alpha,agreed,2025-26,x\n"
                    "Visit,\"\x1b[31mBeta\n9 written\",agreed,2025-26,y\n", encoding="utf-8")
    result = tsp("import", str(path), repo=minimal)
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "the column '\\x1b[2J\\x1b]0;pwned\\x07Owner' is not a package field" \
        in result.stderr
    assert "t.csv:3:B: error: the cell holds the control character U+001B" in result.stderr
    assert not any(line.startswith("9 written") for line in result.output.splitlines())


def test_a_sheet_name_with_line_feeds_cannot_forge_the_summary(tsp: CliRun, minimal: Path,
                                                               tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "Q1"
    book.active.append(HEADER)
    book.active.append(GOOD)
    book.create_sheet("Notes").append(["nothing here"])
    book.save(tmp_path / "t.xlsx")
    # Excel refuses such a name; a file can still hold one.
    _rename_sheet(tmp_path / "t.xlsx", "Notes", "Notes\n3 written, 0 refused.\n")
    result = tsp("import", str(tmp_path / "t.xlsx"), repo=minimal)
    assert "note: Notes\\x0a3 written, 0 refused.\\x0a: no table" in result.stderr
    assert not any(line.startswith("3 written") for line in result.output.splitlines())


def _rename_sheet(path: Path, old: str, new: str) -> None:
    from xml.sax.saxutils import quoteattr

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        f'name="{old}"'.encode(), f"name={quoteattr(new, {chr(10): '&#10;'})}".encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheets_are_skipped_with_a_note(tsp: CliRun, minimal: Path, tmp_path: Path,
                                               state: str) -> None:
    book = Workbook()
    book.active.title = "Visible"
    book.active.append(HEADER)
    book.active.append(GOOD)
    secret = book.create_sheet("Old")
    secret.sheet_state = state
    secret.append(HEADER)
    secret.append(["Workshop", "Beta", "agreed", "2025-26"])
    book.save(tmp_path / "t.xlsx")
    result = tsp("import", str(tmp_path / "t.xlsx"), "--dry-run", repo=minimal)
    what = "very hidden" if state == "veryHidden" else "hidden"
    assert f"note: Old: a {what} sheet; not read (--include-hidden reads it)." in result.stderr
    assert "beta-workshop" not in result.stdout
    both = tsp("import", str(tmp_path / "t.xlsx"), "--dry-run", "--include-hidden",
               repo=minimal)
    assert "Would write data/packages/beta-workshop.yaml" in both.stdout


@pytest.mark.parametrize("error", ["#N/A", "#REF!"])
def test_excel_error_cells_are_refused_not_titles(tsp: CliRun, minimal: Path, tmp_path: Path,
                                                  error: str) -> None:
    path = _book(tmp_path / "t.xlsx", [[error, "Alpha", "agreed", "2025-26"]])
    result = tsp("import", str(path), repo=minimal)
    assert result.exit_code == 1
    assert f"Sheet:2:A: error: the cell holds the Excel error {error}" in result.stderr
    assert _packages(minimal) == ["alpha-review", "beta-coaching"]


def test_a_full_disk_names_every_file_written(tsp: CliRun, minimal: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from tsp.edits import atomic

    real = atomic._write_temp
    calls = []

    def write_until_full(*args: object, **kwargs: object) -> Path:
        calls.append(args)
        if len(calls) > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic, "_write_temp", write_until_full)
    path = tmp_path / "t.csv"
    path.write_text("Title,Recipients,Status,Year\n" + "".join(
        f"Workshop {n},Beta,agreed,2025-26\n" for n in range(1, 5)), encoding="utf-8")
    result = tsp("import", str(path), repo=minimal)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == ["Wrote data/packages/beta-workshop-1.yaml",
                                              "Wrote data/packages/beta-workshop-2.yaml"]
    assert "No space left on device; the 2 file(s) named above were written, no other." \
        in result.stderr
    assert "nothing was changed" not in result.output
    assert _packages(minimal) == ["alpha-review", "beta-coaching", "beta-workshop-1",
                                  "beta-workshop-2"]


def test_a_sheet_declaring_a_million_rows_is_refused_at_once(tsp: CliRun, minimal: Path,
                                                            tmp_path: Path) -> None:
    path = _raw_xlsx(tmp_path / "big.xlsx", _sheet_xml(3, "A1:D1000001"))
    result = tsp("import", str(path), repo=minimal)
    assert result.exit_code == 1
    assert "Big:1: error: the sheet has more than 20,000 rows" in result.stderr
    assert "(it says it has 1,000,001)" in result.stderr


def test_rows_beyond_the_limit_are_counted_before_reading(tsp: CliRun, minimal: Path,
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    from tsp.edits import tracker_read

    monkeypatch.setattr(tracker_read, "MAX_ROWS", 100)
    monkeypatch.setattr(tracker_read, "HEADER_SCAN", 5)
    path = _raw_xlsx(tmp_path / "big.xlsx", _sheet_xml(400, None))  # no <dimension>
    result = tsp("import", str(path), repo=minimal)
    assert result.exit_code == 2
    assert "big.xlsx: the sheet 'Big' has 401 rows; tsp reads at most 100 from one sheet" \
        in result.stderr
    assert _packages(minimal) == ["alpha-review", "beta-coaching"]
    # Just under the limit, the same sheet imports.
    path = _raw_xlsx(tmp_path / "fits.xlsx", _sheet_xml(100, None))
    assert tsp("import", str(path), "--dry-run", repo=minimal).exit_code == 0


def test_shared_strings_that_inflate_too_far_are_refused_before_reading(
        tsp: CliRun, minimal: Path, tmp_path: Path) -> None:
    path = _raw_xlsx(tmp_path / "bomb.xlsx", shared_strings=80 * 2**20)
    assert path.stat().st_size < 2 * 2**20  # small on disk
    result = tsp("import", str(path), repo=minimal)
    assert result.exit_code == 2
    assert "bomb.xlsx would inflate to 80 MB (80 MB of text); tsp reads workbooks" \
        in result.stderr
    assert "Traceback" not in result.output
