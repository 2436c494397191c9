"""How do the plan's questions hold up at national scale? The synthetic register of
benchmarks/generate_national.py (153 authorities, 10,000 packages), with the real Year 2 plan
and every 2026-27 package tied to one priority and one success measure.

Prints the median (in-process) time of the plan checks `tsp validate` runs, of the plan
`tsp plan` and the Year 2 report compute, and of the plan figures `tsp changes` compares.

    python benchmarks/bench_plan.py [--runs 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_national import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    from tsp.checks import plan as plan_checks
    from tsp.kinds import RecordKind
    from tsp.plan import build_plan, plan_figures
    from tsp.load import load

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "national"
        generate(root, 10_000, 153, 2, 1)
        shutil.copy(ROOT / "data/years/2026-27.yaml", root / "data/years/2026-27.yaml")
        register = load(root)
    year = register.years["2026-27"]
    priorities, measures = list(year.priority_ids()), list(year.measure_ids())
    packages = register.records[RecordKind.PACKAGE]
    tied = 0
    for package_id, package in list(packages.items()):
        if year.id in package.years:
            packages[package_id] = package.model_copy(update={
                "priorities": [priorities[tied % len(priorities)]],
                "success_measures": [measures[tied % len(measures)]]})
            tied += 1
    print(f"register: {len(packages):,} packages, {tied:,} of them in 2026-27 and tied to "
          f"the plan; medians of {args.runs} runs")
    print(f"plan checks (tsp validate)      {median_ms(lambda: plan_checks.check(register), args.runs):7.1f} ms")
    print(f"build_plan (tsp plan, report)   {median_ms(lambda: build_plan(register, year), args.runs):7.1f} ms")
    print(f"plan_figures (tsp changes)      {median_ms(lambda: plan_figures(register, year.id), args.runs):7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
