"""How quick is the SEND data challenge? `tsp compare` against the stack floor, and the import
of DfE's 2.1 MB timeliness file.

Prints the median wall time (subprocess, warm, interleaved runs) of

* `tsp compare ehcp-issued-within-20-weeks --la Reading` on this checkout's shipped figures,
* `benchmarks/floor_app.py` -- a Typer app with one command and one option, one small Pydantic
  model, loading and validating one YAML file with ruamel.yaml: the floor of our stack,

and their ratio (target <= 1.3x), with the like-for-like ratio to the floor app run as the
`tsp` command runs (benchmarks/floor_app_like_tsp.py: the collector off at start-up, as
tsp.cli.entry does); then of

* `tsp figures import timeliness_20_week.csv --measure ehcp-issued-within-20-weeks --dry-run`,
  which reads and matches the whole 2.1 MB file and checks the result (target <= 2 s).

    python benchmarks/bench_compare.py [--runs 15] [--dfe-file PATH] [--check]

The DfE file is not in the repository; by default it is read from ../shared/data (set
--dfe-file or $TSP_DFE_TIMELINESS elsewhere). With --check the script exits 1 over a target.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, medians, ms, tsp_command  # noqa: E402

RATIO_TARGET = 1.3
IMPORT_TARGET = 2.0
MEASURE = "ehcp-issued-within-20-weeks"
DEFAULT_DFE = ROOT.parent / "shared" / "data" / "dfe-ehcp-2025" / "timeliness_20_week.csv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command "
                        "(at least 7)")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the repository to compare")
    parser.add_argument("--dfe-file", type=Path,
                        default=Path(os.environ.get("TSP_DFE_TIMELINESS", DEFAULT_DFE)),
                        help="DfE's timeliness_20_week.csv")
    parser.add_argument("--check", action="store_true", help="exit 1 over a target")
    args = parser.parse_args(argv)
    runs = max(args.runs, 7)
    # The floor app reads a record with an id and a name: an authority's.
    floor = [sys.executable, str(Path(__file__).with_name("floor_app.py")), "--file",
             str(args.repo / "data" / "authorities" / "reading.yaml")]
    like_tsp = [sys.executable, str(Path(__file__).with_name("floor_app_like_tsp.py")),
                *floor[2:]]
    compare = [*tsp_command(), "compare", MEASURE, "--la", "Reading", "--repo", str(args.repo)]
    result = medians({"floor": floor, "like_tsp": like_tsp, "compare": compare}, runs=runs)
    ratio = result["compare"] / result["floor"]
    print(f"runs: {runs} each, interleaved, after 2 warm-up runs; medians of wall time")
    print(f"stack floor (Typer + Pydantic + one YAML file)        {ms(result['floor']):>10}")
    print(f"the floor app run as tsp runs                         {ms(result['like_tsp']):>10}")
    print(f"tsp compare {MEASURE} --la Reading  {ms(result['compare']):>10}   {ratio:.2f}x "
          f"(target <= {RATIO_TARGET}x); like for like "
          f"{result['compare'] / result['like_tsp']:.2f}x")
    failed = ratio > RATIO_TARGET
    if args.dfe_file.is_file():
        size = args.dfe_file.stat().st_size
        importing = [*tsp_command(), "figures", "import", str(args.dfe_file), "--measure",
                     MEASURE, "--dry-run", "--repo", str(args.repo)]
        seconds = medians({"import": importing}, runs=max(runs // 3, 5), warmup=1)["import"]
        print(f"tsp figures import {args.dfe_file.name} ({size / 1e6:.1f} MB) --dry-run"
              f"   {ms(seconds):>10}   (target <= {IMPORT_TARGET:.0f} s)")
        failed = failed or seconds > IMPORT_TARGET
    else:
        print(f"(no DfE file at {args.dfe_file}: import not timed; pass --dfe-file)")
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
