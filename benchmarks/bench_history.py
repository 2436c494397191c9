"""How fast does tsp read the register's history? Issue #20's three targets, each printed
beside its baseline from the same run (runs interleaved, medians of wall time):

* the real register (this checkout, in git): `tsp list` and `tsp report year1` with
  `--as-of` today's date (the last commit, found through the first-parent log, read from git's
  object store) against the same command on the working tree, both with the cache warm:
  at most 1.5x;
* `tsp history ID` on a synthetic repository whose one package changes in each of 1,000
  commits (built here with git fast-import): at most 1 s, warm (cold printed too);
* the national register (benchmarks/generate_national.py: 10,000 packages, in git):
  `tsp list --la Reading --as-of` today against the same on the working tree, warm: at most 2x.

    python benchmarks/bench_history.py [--runs 5] [--check] [--skip-national]

With --check the script exits 1 when a figure is over its target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, Command, measure, ms, tsp_command  # noqa: E402
from bench_national import GIT_ENV, with_history  # noqa: E402
from generate_national import generate  # noqa: E402

AS_OF_TARGET = 1.5
HISTORY_TARGET_S = 1.0
NATIONAL_TARGET = 2.0
COMMITS = 1000
PACKAGE = "reading-annual-review-mapping"


def synthetic_history(repo: Path, commits: int = COMMITS) -> None:
    """The frozen test register committed once, then `commits` commits each changing one
    field of one package (its summary, and every tenth time its status), through one
    `git fast-import` (1,000 `git commit` runs would take longer than what is measured)."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "register" / "data", repo / "data")
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True,
                   env={**os.environ, **GIT_ENV})
    base = (repo / "data" / "packages" / f"{PACKAGE}.yaml").read_text(encoding="utf-8")
    summary = next(line for line in base.splitlines() if line.startswith("summary:"))
    files = sorted(p for p in (repo / "data").rglob("*") if p.is_file())
    stream: list[bytes] = []
    when = int(dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc).timestamp())

    def commit(number: int, message: str, changes: list[tuple[str, bytes]]) -> None:
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"committer bench <bench@example.org> {when + number * 3600} +0000\n"
                      .encode())
        data = message.encode()
        stream.append(f"data {len(data)}\n".encode() + data + b"\n")
        for path, content in changes:
            stream.append(f"M 100644 inline {path}\ndata {len(content)}\n".encode())
            stream.append(content + b"\n")

    commit(0, "The register", [(p.relative_to(repo).as_posix(), p.read_bytes()) for p in files])
    for number in range(1, commits + 1):
        text = base.replace(summary, f"summary: Revision {number} of the mapping's summary.")
        if number % 10 == 0:
            text = text.replace("status: agreed", "status: scoping" if number % 20 else
                                "status: agreed")
        commit(number, f"Revision {number}",
               [(f"data/packages/{PACKAGE}.yaml", text.encode("utf-8"))])
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=b"".join(stream),
                   check=True, env={**os.environ, **GIT_ENV})
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (at least 5)")
    parser.add_argument("--check", action="store_true", help="exit 1 over a target")
    parser.add_argument("--skip-national", action="store_true",
                        help="leave out the national register (it takes minutes to build)")
    args = parser.parse_args(argv)
    runs = max(args.runs, 5)
    tsp = tsp_command()
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    checks: list[tuple[str, bool]] = []
    with tempfile.TemporaryDirectory(prefix="tsp-history-") as tmp:
        scratch = Path(tmp)
        warm = {"TSP_CACHE_DIR": str(scratch / "cache")}
        commands: dict[str, Command] = {}
        for name, words in (("list", ["list"]), ("report", ["report", "year1"])):
            argv_ = [*tsp, *words, "--repo", str(ROOT)]
            commands[f"{name} head"] = Command(argv_, env=warm)
            commands[f"{name} as-of"] = Command([*argv_, "--as-of", today], env=warm)
        synthetic = scratch / "synthetic"
        synthetic_history(synthetic)
        history = [*tsp, "history", PACKAGE, "--repo", str(synthetic)]
        commands["history warm"] = Command(history, env=warm)
        commands["history cold"] = Command(history, env={"TSP_NO_CACHE": "1"})
        if not args.skip_national:
            national = scratch / "national"
            generate(national, packages=10_000, authorities=153, years=10, seed=1)
            with_history(national)
            listing = [*tsp, "list", "--la", "Reading", "--repo", str(national)]
            commands["national head"] = Command(listing, env=warm)
            commands["national as-of"] = Command([*listing, "--as-of", today], env=warm)
        result = measure(commands, runs=runs, warmup=2)
    print(f"runs: {runs} of each, interleaved, after 2 warm-up runs; medians of wall time")
    for name, figures in result.items():
        print(f"  {name:<16}{ms(figures.median):>11}  cpu {ms(figures.cpu):>11}")
    for name in ("list", "report"):
        ratio = result[f"{name} as-of"].median / result[f"{name} head"].median
        checks.append((f"real register, tsp {name} --as-of {today}, warm: {ratio:.2f}x the "
                       f"working tree's {ms(result[f'{name} head'].median)} (target <= "
                       f"{AS_OF_TARGET}x)", ratio <= AS_OF_TARGET))
    seconds = result["history warm"].median
    checks.append((f"tsp history over {COMMITS:,} commits, warm: {seconds:.2f} s (target <= "
                   f"{HISTORY_TARGET_S} s; CPU {result['history warm'].cpu:.2f} s); cold: "
                   f"{result['history cold'].median:.2f} s",
                   seconds <= HISTORY_TARGET_S))
    if "national as-of" in result:
        ratio = result["national as-of"].median / result["national head"].median
        checks.append((f"national register, tsp list --la Reading --as-of, warm: {ratio:.2f}x "
                       f"the working tree's {ms(result['national head'].median)} (target <= "
                       f"{NATIONAL_TARGET}x)", ratio <= NATIONAL_TARGET))
    print("targets:")
    for text, ok in checks:
        print(f"  {'met ' if ok else 'MISSED'}  {text}")
    return 1 if args.check and not all(ok for _, ok in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
