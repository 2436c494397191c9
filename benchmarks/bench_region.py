"""How long does `tsp init` take for London, and what does a national figures import cost?

Prints the median wall time of

* `tsp init DIR --region London` (33 authorities, with its first commit), target at most 3 s;
* `tsp figures fetch` of a recorded 20,000-row data set served on 127.0.0.1 (gzip), target
  at most 3 s and 300 MB;
* `tsp figures import` of a generated file in DfE's tidy format the size of DfE's national
  EHC plan timeliness file (--megabytes, default 140), into a scratch copy of
  tests/fixtures/datachallenge, with its peak memory (GNU time), target within 1 GB.

    python benchmarks/bench_region.py [--runs 5] [--megabytes 140] [--fetch-rows 20000]
"""

from __future__ import annotations

import argparse
import gzip
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ROOT, peak_kb, run_once, tsp_command  # noqa: E402

CHALLENGE = ROOT / "tests" / "fixtures" / "datachallenge"
DFE = ROOT / "tests" / "fixtures" / "dfe" / "timeliness_20_week.csv"
BREAKDOWNS = ["All EHC plans issued", "Age under 5", "Age 5 to 10", "Age 11 to 15",
              "Age 16 to 19", "Age 20 to 25", "Autism", "SEMH", "SLCN", "MLD", "SLD", "PMLD"]


def national_file(path: Path, megabytes: int) -> int:
    """A tidy CSV of about `megabytes` MB: every English authority × year × breakdown; only
    the 'All EHC plans issued' rows of the fixture's five authorities pass the filters."""
    header = DFE.read_text(encoding="utf-8-sig").splitlines()[0]
    las = [line.split(",") for line in
           (ROOT / "kit" / "reference" / "dfe-las.csv").read_text(encoding="utf-8-sig")
           .splitlines()[1:] if ",live," in line and "/" not in line and '"' not in line]
    rows = 0
    target = megabytes * 1024 * 1024
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("\ufeff" + header + "\n")
        year = 1990
        while out.tell() < target:
            year += 1
            for code, name, _, _, region, *_rest in las:
                number = _rest[-1]
                for breakdown in BREAKDOWNS:
                    topic = "All EHC plans issued" if breakdown == BREAKDOWNS[0] else "Age"
                    out.write(f"{year},Calendar year,Local authority,E92000001,England,"
                              f"{region},Region,{code},{number},{name},{topic},{breakdown},"
                              "100,90,50,48,50,53.3,x,x,x,x,x,x,x,x\n")
                    rows += 1
    return rows


DATA_SET = "019d431f-519e-7527-999a-8019a8016012"


def recorded_api(rows: int) -> ThreadingHTTPServer:
    """A local server answering as DfE's API does: one page of versions, and a data set's
    CSV of `rows` rows (gzip), each year's first three for the fixture's authorities."""
    header = DFE.read_text(encoding="utf-8-sig").splitlines()[0]
    body = [header]
    codes = [("E06000901", "901", "Alpha"), ("E06000902", "902", "Beta"),
             ("E06000903", "903", "Gamma")]
    for index in range(rows):
        year = 2000 + index // 2000
        code, number, name = codes[index % 2000] if index % 2000 < 3 else (
            f"E0900{index % 1000:04d}", f"{100 + index % 800}", f"Place {index % 1000}")
        breakdown = "All EHC plans issued" if index % 2000 < 1000 else "Age 5 to 10"
        body.append(f"{year},Calendar year,Local authority,E92000001,England,E12000008,"
                    f"South East,{code},{number},{name},{breakdown},{breakdown},"
                    "100,90,50,48,50,53.3,x,x,x,x,x,x,x,x")
    csv_body = gzip.compress(("\ufeff" + "\n".join(body) + "\n").encode("utf-8"))
    versions = (b'{"paging":{"page":1,"pageSize":20,"totalResults":1,"totalPages":1},'
                b'"results":[{"version":"1.0","status":"Published"}]}')

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            gzipped = "/csv" in self.path
            payload = csv_body if gzipped else versions
            self.send_response(200)
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each")
    parser.add_argument("--megabytes", type=int, default=140, help="size of the national file")
    parser.add_argument("--fetch-rows", type=int, default=20_000, help="rows of the data set")
    args = parser.parse_args(argv)
    tsp = tsp_command()
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    with tempfile.TemporaryDirectory(prefix="tsp-bench-region-") as tmp:
        scratch = Path(tmp)
        env["GIT_CEILING_DIRECTORIES"] = str(scratch)
        times = []
        for run in range(args.runs + 1):
            target = scratch / f"london-{run}"
            took = run_once([*tsp, "init", str(target), "--region", "London"], env)
            if run:  # the first run warms the disk cache
                times.append(took)
        init = statistics.median(times)
        print(f"tsp init --region London: median {init:.2f} s over {args.runs} runs "
              f"(target 3 s: {init / 3:.0%} of it)")

        server = recorded_api(args.fetch_rows)
        fetch_env = {**env, "TSP_EES_API_URL": f"http://127.0.0.1:{server.server_address[1]}"}
        repo = scratch / "fetching"
        shutil.copytree(CHALLENGE, repo)
        rule = repo / "data" / "measures" / "timeliness.yaml"
        rule.write_text(rule.read_text(encoding="utf-8") + f"  data_set_id: {DATA_SET}\n",
                        encoding="utf-8")
        fetch = [*tsp, "figures", "fetch", "timeliness", "--dry-run", "--repo", str(repo)]
        times = [run_once(fetch, fetch_env) for _ in range(args.runs + 1)][1:]
        peak = peak_kb(fetch, fetch_env)
        shown = f"{peak / 1024:.0f} MB" if peak else "unknown (no /usr/bin/time)"
        print(f"tsp figures fetch of {args.fetch_rows:,} rows: median "
              f"{statistics.median(times):.2f} s, peak memory {shown} (targets 3 s, 300 MB)")
        server.shutdown()

        source = scratch / "national.csv"
        rows = national_file(source, args.megabytes)
        size = source.stat().st_size / 1024 / 1024
        times = []
        for _ in range(max(1, args.runs // 2)):
            repo = scratch / "challenge"
            shutil.rmtree(repo, ignore_errors=True)
            shutil.copytree(CHALLENGE, repo)
            times.append(run_once([*tsp, "figures", "import", str(source), "-m", "timeliness",
                                   "--repo", str(repo)], env))
        shutil.rmtree(scratch / "challenge")
        shutil.copytree(CHALLENGE, scratch / "challenge")
        peak = peak_kb([*tsp, "figures", "import", str(source), "-m", "timeliness",
                        "--repo", str(scratch / "challenge")], env)
        shown = f"{peak / 1024:.0f} MB" if peak else "unknown (no /usr/bin/time)"
        print(f"tsp figures import of {size:.0f} MB ({rows:,} rows): median "
              f"{statistics.median(times):.2f} s, peak memory {shown} (target 1 GB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
