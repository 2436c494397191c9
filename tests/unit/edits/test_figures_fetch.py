"""tsp figures fetch, offline: recorded responses of DfE's statistics API served on
127.0.0.1 (paging, a new version, revised and suppressed values, an API error, a timeout,
no network)."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import FIXTURES, CliRun, edit

EES = FIXTURES / "ees"
DATA_SET = "019d431f-519e-7527-999a-8019a8016012"


class Recorded(BaseHTTPRequestHandler):
    """Answers as the API does, from tests/fixtures/ees/; `delay` stalls every answer."""

    delay = 0.0
    requests: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        Recorded.requests.append(self.path)
        time.sleep(self.delay)
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        base = f"/v1/data-sets/{DATA_SET}"
        if url.path == f"{base}/versions":
            self._send(200, "application/json",
                       (EES / f"versions-page{query['page'][0]}.json").read_bytes())
        elif url.path == f"{base}/csv":
            name = f"v{query['dataSetVersion'][0]}.csv"
            self._send(200, "text/csv", gzip.compress((EES / name).read_bytes()), gzipped=True)
        else:
            self._send(404, "application/problem+json", (EES / "not-found.json").read_bytes())

    def _send(self, status: int, kind: str, body: bytes, gzipped: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout test)


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorded)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("TSP_EES_API_URL", url)
    Recorded.delay, Recorded.requests = 0.0, []
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def fetching(challenge: Path) -> Path:
    """The data challenge, its timeliness rule reading the data set at version 1.0."""
    edit(challenge / "data/measures/timeliness.yaml", "  value: pc_plans_issued_within_20_weeks\n",
         "  value: pc_plans_issued_within_20_weeks\n"
         f"  data_set_id: {DATA_SET}\n  data_set_version: \"1.0\"\n")
    (challenge / "data/figures/timeliness.csv").unlink()
    return challenge


def test_a_fetch_pages_through_the_versions_and_imports_the_latest(
        tsp: CliRun, fetching: Path, api: str) -> None:
    result = tsp("figures", "fetch", "timeliness", repo=fetching)
    assert result.exit_code == 0, result.output
    assert [p.split("?")[0].rsplit("/", 1)[1] for p in Recorded.requests] == [
        "versions", "versions", "csv"]
    assert "dataSetVersion=2.0" in Recorded.requests[-1]  # not the draft 2.1
    assert (f"Data set {DATA_SET}, version 2.0: a new version (the rule reads 1.0; set "
            "data_set_version in data/measures/timeliness.yaml once it is checked).") \
        in result.stdout
    assert "Wrote data/figures/timeliness.csv" in result.stdout
    text = (fetching / "data/figures/timeliness.csv").read_text()
    assert f"alpha,2024,,82,100,82,,2,ees:{DATA_SET}@2.0:8\n" in text
    assert f"beta,2025,,,,,c,2,ees:{DATA_SET}@2.0:21\n" in text  # suppressed stays a symbol
    assert tsp("validate", repo=fetching).exit_code == 0


def test_a_second_fetch_says_what_changed_since_the_last(tsp: CliRun, fetching: Path,
                                                         api: str, monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    import tsp.edits.figures_fetch as fetch

    monkeypatch.setattr(fetch, "versions", lambda data_set: ["1.0"])
    assert tsp("figures", "fetch", "timeliness", repo=fetching).exit_code == 0
    monkeypatch.undo()
    monkeypatch.setenv("TSP_EES_API_URL", api)
    before = (fetching / "data/figures/timeliness.csv").read_bytes()
    dry = tsp("figures", "fetch", "timeliness", "--dry-run", repo=fetching)
    assert dry.exit_code == 0, dry.output
    assert "Last fetched from version 1.0." in dry.stdout
    assert "New periods: 2025." in dry.stdout
    assert "Revised: Alpha 2024: 80 → 82" in dry.stdout
    assert "Dry run: data/figures/timeliness.csv not written." in dry.stdout
    assert (fetching / "data/figures/timeliness.csv").read_bytes() == before


def test_an_api_error_is_one_line_and_writes_nothing(tsp: CliRun, fetching: Path, api: str
                                                     ) -> None:
    edit(fetching / "data/measures/timeliness.yaml", DATA_SET, "0000aaaa-unknown")
    result = tsp("figures", "fetch", "timeliness", repo=fetching)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: DfE's statistics API answered 404 Not Found for the versions of data set "
        "0000aaaa-unknown: Resource not found; nothing was written."]
    assert not (fetching / "data/figures/timeliness.csv").exists()


def test_a_timeout_is_one_line_and_writes_nothing(tsp: CliRun, fetching: Path, api: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import tsp.edits.figures_fetch as fetch

    monkeypatch.setattr(fetch, "TIMEOUT", 0.3)
    Recorded.delay = 1.0
    result = tsp("figures", "fetch", "timeliness", repo=fetching)
    assert result.exit_code == 2
    assert "did not answer within 0.3 s; nothing was written" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (fetching / "data/figures/timeliness.csv").exists()


def test_no_network_is_one_line_exit_2_and_nothing_written(
        tsp: CliRun, fetching: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("TSP_EES_API_URL", f"http://127.0.0.1:{port}")
    result = tsp("figures", "fetch", "timeliness", repo=fetching)
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: Cannot reach DfE's statistics API (127.0.0.1:{port}): ")
    assert line.endswith("nothing was written (is this machine offline?).")
    assert not (fetching / "data/figures/timeliness.csv").exists()


def test_a_rule_without_a_data_set_says_where_its_csv_is(tsp: CliRun, challenge: Path) -> None:
    edit(challenge / "data/measures/timeliness.yaml", "  value: pc_plans_issued_within_20_weeks\n",
         "  value: pc_plans_issued_within_20_weeks\n  csv_url: https://example.org/t.csv\n")
    result = tsp("figures", "fetch", "timeliness", repo=challenge)
    assert result.exit_code == 2
    assert "DfE publishes its CSV at https://example.org/t.csv" in result.stderr
