"""How quick is the happy path? `tsp list --la Reading` against the real floor of our stack.

The floor (benchmarks/floor_app.py) is the least any command on this stack costs: a Typer app
with one command and one option that defines one small Pydantic model and loads and validates
one YAML file with ruamel.yaml. (`python -c "import typer, pydantic, ruamel.yaml"` is printed
for scale only: `import pydantic` loads almost nothing until a model is used, so it is not
a floor any real command has.)

Prints, all measured in the same run with interleaved runs, the median wall time and the peak
memory of

* the floor app, loading this repository's data/authorities/reading.yaml;
* the same floor app run as the `tsp` command runs (benchmarks/floor_app_like_tsp.py: the
  garbage collector off while it starts, everything frozen at exit, as tsp.cli.entry does),
  for the like-for-like ratio: what tsp costs beyond the floor, that arrangement aside;
* `tsp list --la Reading` with its cache warm (the usual case: every run after the first on
  a machine; the cache is a fresh folder, made by the warm-up runs);
* `tsp list --la Reading` cold (TSP_NO_CACHE=1: a fresh CI runner, or the first run);

and their ratios to the floor (and, for the warm run, to the floor run like tsp). Target
(issue #7): warm at most 1.3x the floor.

    python benchmarks/bench_list.py [--runs 21] [--repo PATH] [--la Reading] [--check]

With --check the script exits 1 when the warm ratio is over the target.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, Command, mb, measure, ms, tsp_command  # noqa: E402

TARGET = 1.3
FLOOR_APP = Path(__file__).resolve().parent / "floor_app.py"
FLOOR_LIKE_TSP = FLOOR_APP.with_name("floor_app_like_tsp.py")
IMPORTS = [sys.executable, "-c", "import typer, pydantic, ruamel.yaml"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="timed runs of each command "
                        "(at least 11)")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the repository to query")
    parser.add_argument("--la", default="Reading", help="the authority to list")
    parser.add_argument("--check", action="store_true", help="exit 1 over the target ratio")
    args = parser.parse_args(argv)
    runs = max(args.runs, 11)
    one_file = args.repo / "data" / "authorities" / "reading.yaml"
    if not one_file.is_file():
        one_file = sorted((args.repo / "data" / "authorities").glob("*.yaml"))[0]
    query = [*tsp_command(), "list", "--la", args.la, "--repo", str(args.repo)]
    with tempfile.TemporaryDirectory(prefix="tsp-bench-cache-") as cache:
        result = measure({
            "imports": Command(IMPORTS),
            "floor": Command([sys.executable, str(FLOOR_APP), "--file", str(one_file)]),
            "floor-like-tsp": Command([sys.executable, str(FLOOR_LIKE_TSP), "--file",
                                       str(one_file)]),
            "warm": Command(query, env={"TSP_CACHE_DIR": cache}),
            "cold": Command(query, env={"TSP_NO_CACHE": "1"}),
        }, runs=runs)
    floor = result["floor"].median
    print(f"repository: {args.repo}")
    print(f"runs: {runs} of each, interleaved, after 2 warm-up runs; medians of wall time "
          "(ratio to the floor), of CPU time, and peak resident memory")
    rows = [
        ("imports", "python -c 'import typer, pydantic, ruamel.yaml' (scale only)"),
        ("floor", f"floor app: Typer + one model + one YAML file ({one_file.name})"),
        ("floor-like-tsp", "the floor app run as tsp runs (collector off at start-up)"),
        ("warm", f"tsp list --la {args.la}, cache warm"),
        ("cold", f"tsp list --la {args.la}, no cache (TSP_NO_CACHE=1)"),
    ]
    for name, label in rows:
        figures = result[name]
        target = f"   (target <= {TARGET}x)" if name == "warm" else ""
        print(f"{label:<66}{ms(figures.median):>10}  {figures.median / floor:5.2f}x  "
              f"cpu {ms(figures.cpu):>9}  {mb(figures.peak_kb):>7}{target}")
    ratio = result["warm"].median / floor
    print(f"like for like: tsp list warm is {result['warm'].median / result['floor-like-tsp'].median:.2f}x "
          "the floor app run as tsp runs")
    return 1 if args.check and ratio > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
