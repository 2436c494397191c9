"""How does tsp hold up at national scale? A synthetic register of 153 authorities, 10,000
packages and 10 years (benchmarks/generate_national.py), in git with five commits of edits.

Prints, all measured in the same run with interleaved runs, the median wall time and peak
memory of

* `tsp list --la Reading`, `tsp validate` and `tsp changes --since HEAD~5`, each with the
  cache warm (a fresh cache folder, filled by the warm-up runs: every run after the first on
  a machine) and cold (TSP_NO_CACHE=1: a fresh CI runner, or the first run after tsp changed);
* check-jsonschema on the same files with tsp's schemas as `tsp schema` writes them for that
  register (their references list its authorities' ids; three runs, one per folder, timed as
  one), which checks each file's shape and which authorities it names, but no other reference;
* the floor app (benchmarks/floor_app.py), for scale;

and checks them against issue #7's targets: warm `tsp list --la X` at most 0.5 s; warm
`tsp validate` at most 0.5x check-jsonschema; warm `tsp changes --since HEAD~5` at most 1.5x
a cold `tsp validate`.

    python benchmarks/bench_national.py [--repo DIR] [--runs 5] [--la Reading] [--check]

Without --repo it generates the register (and its git history) into a temporary folder.
With --check the script exits 1 when a figure is over its target.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, Command, Figures, mb, measure, ms, tsp_command  # noqa: E402
from generate_national import generate  # noqa: E402

FLOOR_APP = Path(__file__).resolve().parent / "floor_app.py"
LIST_TARGET_S = 0.5
VALIDATE_TARGET = 0.5
CHANGES_TARGET = 1.5
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, **GIT_ENV})


def with_history(repo: Path) -> None:
    """The register in git, then five commits of the edits a pull request makes: a status
    moved on, a package added, a title changed, a package removed, a partner added."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "The national register")
    packages = sorted((repo / "data" / "packages").glob("*.yaml"))

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    first = packages[0].read_text(encoding="utf-8")
    status = next(line for line in first.splitlines() if line.startswith("status:"))
    edit(packages[0], status + "\n", "status: closed\n" if status != "status: closed"
         else "status: withdrawn\n")
    git(repo, "commit", "-q", "-am", "A status moves on")
    added = packages[1].with_name("bench-added-package.yaml")
    text = packages[1].read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    added.write_text(text.replace(f"id: {packages[1].stem}\n", "id: bench-added-package\n", 1)
                     .replace(title + "\n", "title: A new package\n", 1), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "A package added")
    title = next(line for line in packages[2].read_text(encoding="utf-8").splitlines()
                 if line.startswith("title:"))
    edit(packages[2], title + "\n", "title: A retitled package\n")
    git(repo, "commit", "-q", "-am", "A title changed")
    packages[3].unlink()
    git(repo, "commit", "-q", "-am", "A package removed")
    edit(packages[4], "\nrecipients:\n", "\nrecipients:\n  - reading\n")
    git(repo, "commit", "-q", "-am", "An authority added to a package")
    git(repo, "commit", "-q", "--allow-empty", "-m", "Nothing")


RUN_ALL = """\
import subprocess, sys
tool, *jobs = sys.argv[1:]
for job in jobs:
    schema, listing = job.split("=", 1)
    with open(listing, encoding="utf-8") as handle:
        files = handle.read().split("\\n")[:-1]
    subprocess.run([tool, "--schemafile", schema, *files], check=True, stdout=subprocess.DEVNULL)
"""


def register_schemas(repo: Path, scratch: Path) -> Path:
    """tsp's schemas as `tsp schema` writes them for this register (their references list
    its authorities' ids, as the committed schemas list the real register's), in scratch."""
    from tsp import schema

    folder = scratch / "schemas-root"
    for item in schema.generate(schema.known_ids(repo)):
        path = folder / item.relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(item.text, encoding="utf-8")
    return folder / "schemas"


def check_jsonschema_command(repo: Path, scratch: Path) -> list[str]:
    """One command running check-jsonschema once per folder (every file on one command line,
    as `check-jsonschema --schemafile S data/packages/*.yaml` would) with tsp's schema for it,
    made for this register."""
    tool = Path(sys.executable).with_name("check-jsonschema")
    if not tool.exists():
        sys.exit("benchmarks: check-jsonschema is not installed (pip install -e '.[test]')")
    schemas = register_schemas(repo, scratch)
    jobs = []
    for folder, schema in (("authorities", "authority"), ("packages", "package"),
                           ("years", "year")):
        listing = scratch / f"{folder}.txt"
        listing.write_text("".join(f"{p}\n" for p in sorted(
            (repo / "data" / folder).glob("*.yaml"))), encoding="utf-8")
        jobs.append(f"{schemas / f'{schema}.schema.json'}={listing}")
    return [sys.executable, "-c", RUN_ALL, str(tool), *jobs]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, help="a generated register in git, with at "
                        "least five commits (default: make one)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (at least 5)")
    parser.add_argument("--la", default="Reading", help="the authority to list")
    parser.add_argument("--check", action="store_true", help="exit 1 over a target")
    args = parser.parse_args(argv)
    runs = max(args.runs, 5)
    with tempfile.TemporaryDirectory(prefix="tsp-national-") as tmp:
        scratch = Path(tmp)
        repo = args.repo
        if repo is None:
            repo = scratch / "national"
            generate(repo, packages=10_000, authorities=153, years=10, seed=1)
            with_history(repo)
        files = sum(1 for _ in (repo / "data").rglob("*.yaml"))
        tsp = tsp_command()
        warm = {"TSP_CACHE_DIR": str(scratch / "cache")}
        cold = {"TSP_NO_CACHE": "1"}
        commands = {
            "floor": Command([sys.executable, str(FLOOR_APP), "--file",
                              str(repo / "data" / "authorities" / "reading.yaml")]),
            "cjs": Command(check_jsonschema_command(repo, scratch)),
        }
        for name, argv in (("list", ["list", "--la", args.la]), ("validate", ["validate"]),
                           ("changes", ["changes", "--since", "HEAD~5"])):
            full = [*tsp, *argv, "--repo", str(repo)]
            commands[f"{name} warm"] = Command(full, env=warm)
            commands[f"{name} cold"] = Command(full, env=cold)
        result = measure(commands, runs=runs, warmup=1)
    print(f"register: {files:,} YAML files (153 authorities, 10 years, 10,000 packages), "
          "in git")
    print(f"runs: {runs} of each, interleaved, after 1 warm-up run; medians of wall time and "
          "of CPU time (what a run costs whatever else the machine is doing); peak memory")
    labels = {
        "floor": "floor app (one YAML file; scale only)",
        "cjs": "check-jsonschema, the register's schemas",
        "list warm": f"tsp list --la {args.la}, cache warm",
        "list cold": f"tsp list --la {args.la}, no cache",
        "validate warm": "tsp validate, cache warm",
        "validate cold": "tsp validate, no cache",
        "changes warm": "tsp changes --since HEAD~5, cache warm",
        "changes cold": "tsp changes --since HEAD~5, no cache",
    }
    for name, label in labels.items():
        figures = result[name]
        print(f"{label:<48}{ms(figures.median):>11}  cpu {ms(figures.cpu):>11}  "
              f"{mb(figures.peak_kb):>7}")
    checks = targets(result)
    print("targets:")
    for text, ok in checks:
        print(f"  {'met ' if ok else 'MISSED'}  {text}")
    return 1 if args.check and not all(ok for _, ok in checks) else 0


def targets(result: dict[str, Figures]) -> list[tuple[str, bool]]:
    listing, listing_cpu = result["list warm"].median, result["list warm"].cpu
    validate = result["validate warm"].median / result["cjs"].median
    changes = result["changes warm"].median / result["validate cold"].median
    return [
        (f"tsp list --la, warm: {listing:.2f} s (target <= {LIST_TARGET_S} s); CPU "
         f"{listing_cpu:.2f} s",
         listing <= LIST_TARGET_S),
        (f"tsp validate, warm: {validate:.2f}x check-jsonschema (target <= "
         f"{VALIDATE_TARGET}x); cold: "
         f"{result['validate cold'].median / result['cjs'].median:.2f}x",
         validate <= VALIDATE_TARGET),
        (f"tsp changes --since HEAD~5, warm: {changes:.2f}x a cold tsp validate (target <= "
         f"{CHANGES_TARGET}x); cold: "
         f"{result['changes cold'].median / result['validate cold'].median:.2f}x",
         changes <= CHANGES_TARGET),
    ]


if __name__ == "__main__":
    sys.exit(main())
