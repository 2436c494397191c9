"""tsp figures fetch: a counting rule's figures from DfE's Explore Education Statistics API.

The rule's dfe_import names the data set (data_set_id) and the version it reads
(data_set_version). The data set's versions are listed (a paged endpoint), the CSV of the
latest published one is downloaded (the data set in DfE's tidy format, gzip on the wire) and
read through the same checked import as `tsp figures import`. The figures' source column
records the data set and version, so the next fetch can say what changed since.

No key is needed. The API's base URL is https://api.education.gov.uk/statistics, or
TSP_EES_API_URL (tests point it at a local server of recorded responses).
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import socket
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tsp.edits.figures_import import MAX_IMPORT_BYTES, import_figures
from tsp.edits.figures_write import ImportResult
from tsp.errors import UsageError
from tsp.measures.compare import find_measure

if TYPE_CHECKING:
    from tsp.register import Register

API_URL = "https://api.education.gov.uk/statistics"
TIMEOUT = 30.0  # seconds without an answer before giving up
PAGE_SIZE = 20
MAX_PAGES = 50
MAX_JSON_BYTES = 4 * 1024 * 1024


class Unreachable(UsageError):
    """DfE's statistics API could not be reached; nothing was written."""


class ApiError(UsageError):
    """DfE's statistics API refused the request; nothing was written."""


@dataclass
class FetchResult:
    measure: str
    data_set: str
    version: str
    recorded_version: str | None  # the rule's data_set_version
    last_fetched: list[str]  # versions the figures it replaced were fetched from
    imported: ImportResult
    notes: list[str] = field(default_factory=list)

    @property
    def new_version(self) -> bool:
        return self.recorded_version is not None and self.version != self.recorded_version


def api_url() -> str:
    return (os.environ.get("TSP_EES_API_URL") or API_URL).rstrip("/")


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())


def _open(url: str, what: str, accept: str) -> Any:
    request = urllib.request.Request(url, headers={
        "Accept": accept, "Accept-Encoding": "gzip", "User-Agent": "tsp (figures fetch)"})
    host = urllib.parse.urlsplit(url).netloc
    try:
        return urllib.request.urlopen(request, timeout=TIMEOUT)  # noqa: S310 - https or a test server
    except urllib.error.HTTPError as exc:
        detail = ""
        try:
            body = json.loads(exc.read(64 * 1024) or b"{}")
            detail = str(body.get("title") or body.get("detail") or "")
        except (ValueError, OSError, AttributeError):
            pass
        raise ApiError(f"DfE's statistics API answered {exc.code} {exc.reason} for {what}"
                       f"{': ' + detail if detail else ''}; nothing was written.") from None
    except (TimeoutError, socket.timeout):
        raise Unreachable(f"DfE's statistics API ({host}) did not answer within "
                          f"{TIMEOUT:g} s; nothing was written: try again later.") from None
    except http.client.HTTPException as exc:
        raise Unreachable(f"DfE's statistics API ({host}) broke off its answer "
                          f"({type(exc).__name__}); nothing was written: try again later.") \
            from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise Unreachable(f"DfE's statistics API ({host}) did not answer within "
                              f"{TIMEOUT:g} s; nothing was written: try again later.") \
                from None
        raise Unreachable(f"Cannot reach DfE's statistics API ({host}): "
                          f"{getattr(reason, 'strerror', None) or reason}; nothing was "
                          "written (is this machine offline?).") from None


def _body(response: Any, limit: int) -> bytes:
    """The response's bytes (gunzipped), refusing more than `limit`."""
    data = bytearray()
    encoded = response.headers.get("Content-Encoding", "") == "gzip"
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoded else None
    try:
        while True:
            chunk = response.read(1 << 20)
            if not chunk:
                break
            data += inflate.decompress(chunk, limit + 1 - len(data)) if inflate else chunk
            if len(data) > limit:
                raise ApiError(f"DfE's statistics API sent more than {limit:,} bytes; tsp "
                               "reads no more; nothing was written.")
    except (TimeoutError, socket.timeout, OSError, http.client.HTTPException):
        raise Unreachable("DfE's statistics API stopped answering part-way; nothing was "
                          "written: try again later.") from None
    except (zlib.error, gzip.BadGzipFile):
        raise ApiError("DfE's statistics API sent a damaged gzip stream; nothing was "
                       "written.") from None
    finally:
        response.close()
    return bytes(data)


def _json(url: str, what: str) -> Any:
    raw = _body(_open(url, what, "application/json"), MAX_JSON_BYTES)
    try:
        return json.loads(raw)
    except ValueError:
        raise ApiError(f"DfE's statistics API sent no JSON for {what}; nothing was "
                       "written.") from None


def versions(data_set: str) -> list[str]:
    """The data set's published versions, page by page."""
    found: list[str] = []
    base = f"{api_url()}/v1/data-sets/{urllib.parse.quote(data_set)}/versions"
    page, pages = 1, 1
    while page <= pages and page <= MAX_PAGES:
        body = _json(f"{base}?page={page}&pageSize={PAGE_SIZE}",
                     f"the versions of data set {data_set}")
        for result in body.get("results", []):
            status = str(result.get("status", "Published"))
            if status == "Published" and isinstance(result.get("version"), str):
                found.append(result["version"])
        pages = int(body.get("paging", {}).get("totalPages", 1) or 1)
        page += 1
    return sorted(set(found), key=_version_key)


def fetch_figures(repo: Register, measure_id: str, *, write: bool = True,
                  neighbours: bool = True) -> FetchResult:
    """Fetch the latest published version of the rule's data set and import it."""
    measure = find_measure(repo, measure_id)
    rule = measure.dfe_import
    if rule is None or rule.data_set_id is None:
        where = (f" DfE publishes its CSV at {rule.csv_url}: download it and run tsp figures "
                 f"import FILE -m {measure_id}." if rule is not None and rule.csv_url else
                 f" Add dfe_import.data_set_id to data/measures/{measure_id}.yaml (the API "
                 "data set id on its Explore Education Statistics page), or import a CSV "
                 "with tsp figures import.")
        raise UsageError(f"Measure '{measure_id}' names no data set on DfE's statistics "
                         f"API.{where}")
    data_set = rule.data_set_id
    published = versions(data_set)
    if not published:
        raise ApiError(f"Data set {data_set} has no published version on DfE's statistics "
                       "API; nothing was written.")
    version = published[-1]
    url = (f"{api_url()}/v1/data-sets/{urllib.parse.quote(data_set)}/csv?"
           f"dataSetVersion={urllib.parse.quote(version)}")
    csv_bytes = _body(_open(url, f"the CSV of data set {data_set} version {version}",
                            "text/csv"), MAX_IMPORT_BYTES)
    label = f"ees:{data_set}@{version}"
    with tempfile.TemporaryDirectory(prefix="tsp-fetch-") as folder:
        path = Path(folder) / f"{measure_id}.csv"
        path.write_bytes(csv_bytes)
        del csv_bytes
        imported = import_figures(repo, path, measure_id, neighbours=neighbours,
                                  write=write, label=label)
    last = sorted({s.split("@", 1)[1] for s in imported.previous_sources
                   if s.startswith(f"ees:{data_set}@")}, key=_version_key)
    return FetchResult(measure_id, data_set, version, rule.data_set_version, last, imported)
