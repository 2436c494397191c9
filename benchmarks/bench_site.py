"""How long does `tsp site` take on the real register? Without PDFs (target ≤ 3 s) and with
them (target ≤ 30 s), as medians of wall and CPU time over interleaved runs (subprocess, warm), with
the search index where Pagefind is installed; and optionally the synthetic national register
(153 authorities, 10,000 packages: target ≤ 120 s and 1.5 GB), once, with its peak memory.

    python benchmarks/bench_site.py [--runs 5] [--repo PATH] [--national PATH | --no-national]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, peak_kb, run_measured, run_once, tsp_command  # noqa: E402

TARGETS = {"without PDFs": 3.0, "with PDFs": 30.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each build")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the repository (this "
                        "checkout's by default)")
    parser.add_argument("--national", type=Path, help="a synthetic national repository "
                        "(benchmarks/generate_national.py), built once without PDFs")
    args = parser.parse_args(argv)
    tsp = tsp_command()
    with tempfile.TemporaryDirectory(prefix="bench-site-") as folder:
        out = Path(folder) / "site"
        commands = {
            "without PDFs": [*tsp, "site", "--repo", str(args.repo), "-o", str(out),
                             "--no-pdf"],
            "with PDFs": [*tsp, "site", "--repo", str(args.repo), "-o", str(out)],
        }
        for argv_ in commands.values():  # warm: the cache of the loaded register, the OS
            run_once(argv_)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv_ in commands.items():
                wall, used, _kb = run_measured(argv_)
                times[name].append(wall)
                cpu[name].append(used)
        pages = sum(1 for _ in out.rglob("*.html") if "pagefind" not in _.parts)
        print(f"tsp site on {args.repo} ({pages} pages), median of {args.runs} runs:")
        for name, found in times.items():
            median = statistics.median(found)
            verdict = "within" if median <= TARGETS[name] else "OVER"
            print(f"  {name:<13} {median:6.2f} s wall, {statistics.median(cpu[name]):6.2f} s CPU"
                  f"   (target ≤ {TARGETS[name]:.0f} s: {verdict})")
        # A shared machine stretches wall time; CPU time (this process and the children it
        # waited for) is what the build costs whatever else runs.
        print(f"  load average while measuring: {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores")
        if args.national is not None:
            argv_ = [*tsp, "site", "--repo", str(args.national), "-o",
                     str(Path(folder) / "national"), "--no-pdf"]
            seconds = run_once(argv_)
            kb = peak_kb(argv_)
            memory = f", peak {kb / 1024:,.0f} MB" if kb else ""
            print(f"  national, without PDFs: {seconds:6.1f} s{memory} "
                  "(target ≤ 120 s, 1.5 GB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
