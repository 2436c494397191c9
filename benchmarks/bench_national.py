"""How does tsp hold up at national scale? `tsp validate` and `tsp list --la X` on a synthetic
register of 153 authorities and 10,000 packages (benchmarks/generate_national.py).

Prints the median wall time (subprocess, interleaved runs) of each command

* with a warm parse cache (the usual case: the second and later runs on a machine),
* without the cache (TSP_NO_CACHE=1: a fresh CI runner, or the first run after a change),

and of the import floor `python -c "import typer, pydantic, ruamel.yaml"`, in the same run.

    python benchmarks/bench_national.py [--repo DIR] [--runs 5] [--la Reading]

Without --repo it generates the register into a temporary folder first (about a second).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import medians, ms, tsp_command  # noqa: E402
from generate_national import generate  # noqa: E402

FLOOR = [sys.executable, "-c", "import typer, pydantic, ruamel.yaml"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, help="a generated register (default: make one)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (at least 5)")
    parser.add_argument("--la", default="Reading", help="the authority to list")
    args = parser.parse_args(argv)
    runs = max(args.runs, 5)
    with tempfile.TemporaryDirectory(prefix="tsp-national-") as tmp:
        repo = args.repo
        if repo is None:
            repo = Path(tmp) / "national"
            generate(repo, packages=10_000, authorities=153, years=10, seed=1)
        cache = Path(tmp) / "cache"
        validate = [*tsp_command(), "validate", "--repo", str(repo)]
        listing = [*tsp_command(), "list", "--la", args.la, "--repo", str(repo)]
        files = sum(1 for _ in (repo / "data").rglob("*.yaml"))
        warm = medians({"floor": FLOOR, "validate": validate, "list": listing}, runs=runs,
                       warmup=1, env={"TSP_CACHE_DIR": str(cache)})
        cold = medians({"validate": validate, "list": listing}, runs=runs, warmup=1,
                       env={"TSP_NO_CACHE": "1"})
    print(f"register: {repo} ({files:,} YAML files)")
    print(f"runs: {runs} each, interleaved; medians of wall time")
    print(f"import floor                          {ms(warm['floor'])}")
    for name, label in (("validate", "tsp validate"), ("list", f"tsp list --la {args.la}")):
        print(f"{label:<24} cache warm   {ms(warm[name]):>10}   ({warm[name] / warm['floor']:.1f}x "
              f"floor)")
        print(f"{label:<24} no cache     {ms(cold[name]):>10}   ({cold[name] / warm['floor']:.1f}x "
              f"floor)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
