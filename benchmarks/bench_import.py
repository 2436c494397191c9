"""How long does `tsp import` take for a team's tracker? And a Tab press of completion?

Prints the median wall time (subprocess, warm, interleaved runs) of

* `tsp import tracker.csv --dry-run` for a tracker of --rows rows (default 200), every row a new
  package for one of the register's authorities, on a scratch copy of the frozen register;
* `tsp list` on the same copy, the cost of any command that loads the register; and
* one shell completion of an authority name (`tsp la Bu<Tab>`),

with the import's cost per row beyond `tsp list`.

    python benchmarks/bench_import.py [--rows 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, medians, ms, tsp_command  # noqa: E402

FROZEN = ROOT / "tests" / "fixtures" / "register"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200, help="rows in the tracker")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tsp-bench-import-") as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(FROZEN, repo)
        names = sorted(p.stem for p in (repo / "data" / "authorities").glob("*.yaml"))
        tracker = Path(tmp) / "tracker.csv"
        with tracker.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Title", "Local authority", "Status", "Area", "Start date"])
            for row in range(args.rows):
                writer.writerow([f"Benchmark workshop {row}", names[row % len(names)],
                                 "Scoping", "SEND", "2026-05"])
        tsp = tsp_command()
        repo_args = ["--repo", str(repo)]
        times = medians({
            "import": tsp + ["import", str(tracker), "--dry-run", *repo_args],
            "list": tsp + ["list", *repo_args],
        }, runs=args.runs, warmup=1)
        completion = medians({"complete": tsp}, runs=args.runs, warmup=1, env={
            "_TSP_COMPLETE": "complete_bash", "COMP_WORDS": "tsp la Bu", "COMP_CWORD": "2",
            "TSP_REPO": str(repo)})
    per_row = (times["import"] - times["list"]) / args.rows
    print(f"tsp import --dry-run, {args.rows} rows: {ms(times['import'])}")
    print(f"tsp list (loads the same register):  {ms(times['list'])}")
    print(f"import cost per row beyond loading:  {ms(per_row)}")
    print(f"completion of an authority name:     {ms(completion['complete'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
