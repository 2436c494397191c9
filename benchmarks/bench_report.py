"""How long does the evaluation report take? `tsp report year1 -o x.html` against the import floor.

Prints the median wall time (subprocess, warm, interleaved runs) of

* `python -c "import typer, pydantic, ruamel.yaml"` -- the floor no tsp command can beat,
* `tsp report year1 -o x.html` on this checkout's repository (or each --repo PATH), and
* the same on a synthetic national repository (153 authorities, 10,000 packages), made with
  benchmarks/generate_national.py when that script is there (or given as --national PATH),

all measured in the same run, with each one's ratio to the floor.

    python benchmarks/bench_report.py [--runs 11] [--repo PATH ...] [--national PATH]
                                      [--no-national] [--report year1]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, medians, tsp_command  # noqa: E402

GENERATOR = ROOT / "benchmarks" / "generate_national.py"
FLOOR = [sys.executable, "-c", "import typer, pydantic, ruamel.yaml"]

# The real Year 1 template reads these narrative sections (StrictUndefined makes a missing one an
# error); the synthetic register's narrative has other headings, so the benchmark adds them.
YEAR1_SECTIONS = ("Context", "Programme design", "What Year 1 achieved", "Approach",
                  "Subject matter experts", "Key learning")


def prepare_national(target: Path) -> Path:
    """A synthetic national register with this checkout's templates, ready for `year1`."""
    if not (target / "data" / "authorities").is_dir():
        if not GENERATOR.exists():
            sys.exit(f"bench_report: no {GENERATOR.relative_to(ROOT)}; pass --national PATH "
                     "to a national repository, or --no-national")
        subprocess.run([sys.executable, str(GENERATOR), str(target)], check=True,
                       stdout=subprocess.DEVNULL)
    if not (target / "templates").is_dir():
        shutil.copytree(ROOT / "templates", target / "templates")
    narrative = target / "data" / "years" / "2025-26.md"
    text = narrative.read_text(encoding="utf-8") if narrative.exists() else ""
    missing = [s for s in YEAR1_SECTIONS if f"\n## {s}\n" not in f"\n{text}"]
    if missing:
        text += "".join(f"\n\n## {s}\n\nSynthetic text for the benchmark.\n" for s in missing)
        narrative.write_text(text, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="timed runs of each command")
    parser.add_argument("--repo", type=Path, action="append", help="a repository to report "
                        "on (repeatable; default: this checkout)")
    parser.add_argument("--national", type=Path, help="a national repository (made with "
                        "generate_national.py there if the folder has no data/)")
    parser.add_argument("--no-national", action="store_true", help="skip the national run")
    parser.add_argument("--report", default="year1", help="the report to render")
    args = parser.parse_args(argv)
    runs = max(args.runs, 5)
    work = Path(tempfile.mkdtemp(prefix="bench-report-"))
    try:
        repos = {f"real: {r}": r.resolve() for r in (args.repo or [ROOT])}
        if not args.no_national and (args.national or GENERATOR.exists()):
            national = args.national or work / "national"
            repos["national (153 LAs, 10,000 packages)"] = prepare_national(national)
        commands = {"floor": FLOOR}
        for index, (label, repo) in enumerate(repos.items()):
            out = work / f"report-{index}.html"
            commands[label] = [*tsp_command(), "report", args.report, "-o", str(out),
                               "--repo", str(repo)]
        result = medians(commands, runs, env={"SOURCE_DATE_EPOCH": "1774915200"})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    floor = result.pop("floor")
    print(f"runs: {runs} each, interleaved, after 2 warm-up runs; medians of wall time")
    print(f"{'import floor':<40} {floor * 1000:8.1f} ms   "
          "python -c 'import typer, pydantic, ruamel.yaml'")
    for label, seconds in result.items():
        print(f"{'tsp report ' + args.report + ' -o x.html':<40} {seconds * 1000:8.1f} ms   "
              f"{seconds / floor:5.2f}x floor   {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
