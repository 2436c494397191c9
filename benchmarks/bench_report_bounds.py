"""How long do WeasyPrint and python-docx take at the sizes tsp hands them at most?

tsp refuses a PDF over limits.PDF_ROWS table rows or limits.PDF_CHARACTERS characters of
HTML, and a Word document over limits.WORD_ROWS rows or limits.WORD_CHARACTERS characters of
Markdown (tsp.reporting.limits), because a template within every render limit printed 40,000
rows that took WeasyPrint 174 s and 2.1 GB. This prints, for a table of N rows in each format
(by default a tenth of the bound and the bound), the median wall time and the peak memory of a
child process that renders it, so the bounds can be checked against the machine.

    python benchmarks/bench_report_bounds.py [--runs 3] [--rows 300 3000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

CHILD = r"""
import datetime as dt, json, resource, sys, time
from tsp.reporting.blocks import DocumentInfo
from tsp.reporting.html import to_html
fmt, n = sys.argv[1], int(sys.argv[2])
md = "# Rows\n\n| Authority | Measure | Figure |\n|---|---|---|\n" + "".join(
    f"| Authority {i} | Some measure of the authority | 12.5% |\n" for i in range(n))
info = DocumentInfo("Rows", "rows", "team")
when = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)
started = time.perf_counter()
if fmt == "pdf":
    from tsp.reporting.pdf import to_pdf
    to_pdf(to_html(md, info=info, print_only=True), info, when)
else:
    from tsp.reporting.word import to_docx
    to_docx(md, when, {}, info)
print(json.dumps([time.perf_counter() - started,
                  resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]))
"""


def main() -> None:
    from tsp.reporting import limits

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, nargs="*")
    args = parser.parse_args()
    for fmt, bound in (("pdf", limits.PDF_ROWS), ("docx", limits.WORD_ROWS)):
        for rows in args.rows or (bound // 10, bound - 1):
            runs = [json.loads(subprocess.run([sys.executable, "-c", CHILD, fmt, str(rows)],
                                              check=True, capture_output=True,
                                              text=True).stdout)
                    for _ in range(args.runs)]
            seconds = statistics.median(r[0] for r in runs)
            memory = max(r[1] for r in runs)
            print(f"{fmt:5} {rows:7,} rows (bound {bound:,}): median {seconds:6.1f} s, "
                  f"peak {memory:6.0f} MB")


if __name__ == "__main__":
    main()
