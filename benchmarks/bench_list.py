"""How quick is the happy path? `tsp list --la Reading` against the import floor of our stack.

Prints the median wall time (subprocess, warm, interleaved runs) of

* `tsp list --la Reading` on this checkout's repository, and
* `python -c "import typer, pydantic, ruamel.yaml"` -- the floor no tsp command can beat,

both measured in the same run, and their ratio. Issue #2's target: ratio <= 1.5.

For scale it also times a Typer app with one option that does nothing: Typer 0.29 imports
pydantic and builds a TypeAdapter per option when a command runs, so that app alone sits near
the target ratio; what tsp adds is the rest.

    python benchmarks/bench_list.py [--runs 21] [--repo PATH] [--check]

With --check the script exits 1 when the ratio is over the target.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, medians, ms, tsp_command  # noqa: E402

TARGET = 1.5
FLOOR = [sys.executable, "-c", "import typer, pydantic, ruamel.yaml"]
TYPER_APP = [sys.executable, "-c", "import typer\napp = typer.Typer()\n@app.command()\n"
             "def main(la: str = typer.Option(None)) -> None: pass\napp()", "--la", "x"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="timed runs of each command "
                        "(at least 11)")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the repository to query")
    parser.add_argument("--la", default="Reading", help="the authority to list")
    parser.add_argument("--check", action="store_true", help="exit 1 over the target ratio")
    args = parser.parse_args(argv)
    runs = max(args.runs, 11)
    query = [*tsp_command(), "list", "--la", args.la, "--repo", str(args.repo)]
    result = medians({"floor": FLOOR, "typer": TYPER_APP, "list": query}, runs=runs)
    ratio = result["list"] / result["floor"]
    print(f"runs: {runs} each, interleaved, after 2 warm-up runs; medians of wall time")
    print(f"import floor     python -c 'import typer, pydantic, ruamel.yaml'   "
          f"{ms(result['floor']):>9}")
    print(f"one-option Typer app (reference)                        "
          f"{ms(result['typer']):>9}   {result['typer'] / result['floor']:.2f}x")
    print(f"tsp list --la {args.la:<42}{ms(result['list']):>9}   {ratio:.2f}x "
          f"(target <= {TARGET}x)")
    return 1 if args.check and ratio > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
