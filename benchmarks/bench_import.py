"""How long does `tsp import` take for a team's tracker? And a Tab press of completion?

Prints the median wall time and the peak memory (subprocess, interleaved runs) of

* `tsp import tracker.xlsx` for a tracker of --rows rows (default 10,000) kept as teams keep
  one (a title and a "last updated" line above the header, a RAG and a Budget £ column, no
  Year column, names as typed, dates as "Jan 2026"), every row a new package, into a fresh
  scratch copy of the frozen register each run (target: at most 15 s and 500 MB);
* the same as CSV, with --dry-run;
* `tsp list` on the same copy, the cost of any command that loads the register;
* `tsp import` of a sheet of --big-rows rows (default 1,000,000) with no <dimension> to give
  its size away: its rows are counted from the zip stream and it is refused (target: refused
  or read in under 60 s and 500 MB);
* `tsp import` of a workbook of a few MB whose shared strings inflate to --bomb-mb MB
  (default 3,000), refused from its zip directory before anything is inflated; and
* one shell completion of an authority name (`tsp la Bu<Tab>`).

    python benchmarks/bench_import.py [--rows 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, Command, mb, measure, medians, ms, tsp_command  # noqa: E402

FROZEN = ROOT / "tests" / "fixtures" / "register"
NAMES = ["Bucks CC", "West Sussex CC", "RBWM", "IoW", "Reading Council", "Slough BC", "Kent",
         "Medway", "Brighton & Hove", "Portsmouth", "Southampton", "Surrey", "Oxfordshire",
         "Hampshire", "East Sussex", "Wokingham", "Bracknell Forest", "West Berkshire",
         "Milton Keynes"]
WORDS = ["In progress", "Pipeline", "Live", "Complete", "Scoping", "Agreed"]
MONTHS = ["Apr 2025", "Jun 2025", "Sep 2025", "Nov 2025", "Jan 2026", "Mar 2026"]
HEADER = ["Activity", "Local Authority", "Area", "Status", "RAG", "Start date", "Budget £",
          "Notes"]


def tracker_rows(rows: int) -> list[list[object]]:
    return [[f"Benchmark workshop {n}", NAMES[n % len(NAMES)], ("SEND", "CSC", "SEND/CSC")[n % 3],
             WORDS[n % len(WORDS)], ("Green", "Amber", "Red")[n % 3], MONTHS[n % len(MONTHS)],
             1000 + n, "TBC" if n % 5 else "Follow-up agreed"] for n in range(rows)]


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Tracker")
    sheet.append(["SESLIP Targeted Support Programme — tracker"])
    sheet.append(["Last updated: 3 March 2026"])
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    sheet.append(["Total", None, None, None, None, None, f"=SUM(G5:G{4 + len(rows)})"])
    book.save(path)


def write_big_sheet(path: Path, rows: int) -> None:
    """A sheet of `rows` rows written by hand, with no <dimension>: only reading tells."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.'
                         'org/package/2006/content-types"><Default Extension="rels" '
                         'ContentType="application/vnd.openxmlformats-package.relationships+'
                         'xml"/><Default Extension="xml" ContentType="application/xml"/>'
                         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
                         'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
                         'application/vnd.openxmlformats-officedocument.spreadsheetml.'
                         'worksheet+xml"/></Types>')
        archive.writestr("_rels/.rels", f'{rels}<Relationship Id="rId1" Type="{office}/'
                         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{office}">'
                         '<sheets><sheet name="Big" sheetId="1" r:id="rId1"/></sheets>'
                         '</workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", f'{rels}<Relationship Id="rId1" '
                         f'Type="{office}/worksheet" Target="worksheets/sheet1.xml"/>'
                         '</Relationships>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<worksheet xmlns="{main}"><sheetData>'.encode())
            header = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
                             for i, h in enumerate(HEADER[:4]))
            part.write(f'<row r="1">{header}</row>'.encode())
            for start in range(2, rows + 2, 10_000):
                part.write("".join(
                    f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Row {n}</t></is></c>'
                    f'<c r="B{n}" t="inlineStr"><is><t>Kent</t></is></c></row>'
                    for n in range(start, min(start + 10_000, rows + 2))).encode())
            part.write(b"</sheetData></worksheet>")


def write_bomb(path: Path, megabytes: int) -> None:
    """An ordinary workbook plus shared strings that inflate to `megabytes` MB."""
    write_xlsx(path, tracker_rows(2))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b"<sst><si><t>")
            chunk = b"a" * 2**20
            for _ in range(megabytes):
                part.write(chunk)
            part.write(b"</t></si></sst>")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows in the tracker")
    parser.add_argument("--big-rows", type=int, default=1_000_000,
                        help="rows in the sheet too big to import")
    parser.add_argument("--bomb-mb", type=int, default=3_000,
                        help="MB the inflating workbook's shared strings inflate to")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each command")
    args = parser.parse_args(argv)
    tsp = tsp_command()
    with tempfile.TemporaryDirectory(prefix="tsp-bench-import-") as tmp:
        base = Path(tmp)
        repo = base / "repo"
        shutil.copytree(FROZEN, repo)
        rows = tracker_rows(args.rows)
        book = base / "tracker.xlsx"
        write_xlsx(book, rows)
        table = base / "tracker.csv"
        with table.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([HEADER, *rows])
        big, bomb = base / "big.xlsx", base / "bomb.xlsx"
        write_big_sheet(big, args.big_rows)
        write_bomb(bomb, args.bomb_mb)
        fresh = ["sh", "-c", f'rm -rf "{repo}" && cp -r "{FROZEN}" "{repo}"']
        on = ["--repo", str(repo)]
        figures = measure({
            "xlsx": Command([*tsp, "import", str(book), *on], before=[fresh]),
            "csv": Command([*tsp, "import", str(table), "--dry-run", *on], before=[fresh]),
            "list": Command([*tsp, "list", *on], before=[fresh]),
            "big": Command([*tsp, "import", str(big), *on], before=[fresh], ok=(2,)),
            "bomb": Command([*tsp, "import", str(bomb), *on], before=[fresh], ok=(2,)),
        }, runs=args.runs, warmup=1)
        completion = medians({"complete": tsp}, runs=args.runs, warmup=1, env={
            "_TSP_COMPLETE": "complete_bash", "COMP_WORDS": "tsp la Bu", "COMP_CWORD": "2",
            "TSP_REPO": str(repo)})
        sizes = {name: path.stat().st_size / 2**20 for name, path in
                 (("xlsx", book), ("big", big), ("bomb", bomb))}
    def line(label: str, name: str, target: str) -> None:
        f = figures[name]
        print(f"{label:<58} {f.median:7.2f} s {f.cpu:7.2f} s  {mb(f.peak_kb):>7}   {target}")

    # CPU time is what a run costs whatever else the machine is doing (2 cores, shared).
    print(f"{'median of ' + str(args.runs) + ' runs':<58} {'wall':>9} {'cpu':>9}  {'peak':>7}")
    line(f"tsp import, {args.rows:,}-row tracker .xlsx ({sizes['xlsx']:.1f} MB)", "xlsx",
         f"(target <= 15 s, 500 MB; {figures['xlsx'].median / 15:.2f} of it)")
    line(f"tsp import --dry-run, the same as .csv", "csv", "")
    line("tsp list (loads the same register)", "list", "")
    line(f"tsp import, {args.big_rows:,}-row sheet ({sizes['big']:.0f} MB), refused", "big",
         f"(target < 60 s, 500 MB; {figures['big'].median / 60:.2f} of it)")
    line(f"tsp import, {sizes['bomb']:.0f} MB workbook inflating to {args.bomb_mb:,} MB, "
         "refused", "bomb", "")
    per_row = (figures["xlsx"].median - figures["list"].median) / args.rows
    print(f"import cost per row beyond loading: {ms(per_row)}")
    print(f"completion of an authority name:    {ms(completion['complete'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
