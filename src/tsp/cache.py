"""A cache of parsed YAML for large repositories, so a national register stays quick.

What it holds: for each data file that parsed cleanly, the plain data the safe parser made of
it, keyed by a hash of the file's bytes. What it never holds: validation results. Every record
is validated and every cross-record check runs on every load, so the cache can only save the
YAML parse, and a file whose bytes changed is parsed again (its key changed with it). A file
that did not parse is never cached, so its problem is found and reported on every run.

Where it lives: outside the repository, under $TSP_CACHE_DIR, else $XDG_CACHE_HOME/tsp, else
~/.cache/tsp, one JSON file per repository root. It is outside the repository because data
arrives by pull request: a cache file committed to a branch must not be able to stand in for
the files CI checks. JSON, not pickle, so that reading a cache file can never run code. It is
written atomically (a temporary file, then a rename), ignored when unreadable or from another
version of tsp or ruamel.yaml, and only written for repositories of at least MIN_FILES files:
below that the parse takes a few milliseconds and a cache would only leave files behind.
TSP_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path
from typing import Any

ENV_DIR = "TSP_CACHE_DIR"
ENV_OFF = "TSP_NO_CACHE"
# Raised whenever the parser refuses something it used to accept (2: characters an escape
# gives that no report can show), so that no cached parse stands in for the stricter one.
FORMAT = 2
MIN_FILES = 200
STALE_AFTER = 30 * 24 * 3600  # cache files of repositories not loaded for 30 days go
_DATE, _DATETIME = "$date", "$datetime"


class _Unsupported(Exception):
    """Data that the JSON encoding cannot give back exactly; such a file is not cached."""


def cache_dir() -> Path:
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tsp"


def digest(data: bytes) -> str:
    import hashlib  # 2 ms to import (OpenSSL): only large repositories get here

    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _versions() -> dict[str, Any]:
    from ruamel.yaml import __version__ as ruamel_version

    from tsp import __version__

    return {"format": FORMAT, "tsp": __version__, "ruamel.yaml": ruamel_version}


def _encode(value: Any) -> Any:
    if isinstance(value, str | bool | int | float) or value is None:
        return value
    if isinstance(value, dt.datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) and not k.startswith("$") for k in value):
            raise _Unsupported  # e.g. a key that is a number: an error; keep it uncached
        return {k: _encode(v) for k, v in value.items()}
    raise _Unsupported


def _decode_object(value: dict[str, Any]) -> Any:
    if len(value) == 1:
        if _DATE in value:
            return dt.date.fromisoformat(value[_DATE])
        if _DATETIME in value:
            return dt.datetime.fromisoformat(value[_DATETIME])
    return value


class ParseCache:
    """Parsed data by content hash, for one repository root."""

    def __init__(self, path: Path | None, min_files: int = MIN_FILES, *,
                 root: Path | None = None) -> None:
        self._path = path
        self._root = root
        self.min_files = min_files
        self._old: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self._encoded: dict[str, Any] = {}
        self._loaded = False

    @classmethod
    def for_root(cls, root: Path) -> ParseCache:
        """The cache of `root` (a cache that neither reads nor writes when TSP_NO_CACHE)."""
        if os.environ.get(ENV_OFF, "") not in ("", "0"):
            return cls(None)  # neither reads nor writes
        return cls(None, root=root)

    @property
    def path(self) -> Path | None:
        """The cache file, named for the repository root (worked out only when used)."""
        if self._path is None and self._root is not None:
            import hashlib

            name = hashlib.sha256(str(self._root.resolve()).encode()).hexdigest()[:20]
            self._path = cache_dir() / f"parsed-{name}.json"
        return self._path

    def _load(self) -> None:
        self._loaded = True
        if self.path is None:
            return
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"),
                             object_hook=_decode_object)
        except (OSError, ValueError, TypeError, RecursionError):
            return  # no cache yet, or a damaged one: parse everything and write a new one
        if isinstance(raw, dict) and raw.get("versions") == _versions():
            entries = raw.get("entries")
            if isinstance(entries, dict):
                self._old = entries

    def get(self, key: str) -> tuple[bool, Any]:
        """(True, data) when the file with this content hash was parsed before."""
        if not self._loaded:
            self._load()
        if key in self._old:
            self._used[key] = self._old[key]
            return True, self._used[key]
        return False, None

    def put(self, key: str, data: Any) -> None:
        if self.path is None:
            return
        try:
            self._encoded[key] = _encode(data)
        except (_Unsupported, RecursionError):
            return
        self._used[key] = data

    def save(self) -> None:
        """Write what this run used, if it changed."""
        if self.path is None:
            return
        if not self._encoded and len(self._used) == len(self._old):
            return
        try:
            entries = {k: self._encoded[k] if k in self._encoded else _encode(v)
                       for k, v in self._used.items()}
            payload = json.dumps({"versions": _versions(), "entries": entries},
                                 ensure_ascii=False, separators=(",", ":"))
            import tempfile

            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".parsed-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(payload)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            _prune(self.path.parent, keep=self.path)
        except (OSError, _Unsupported, RecursionError, ValueError):
            pass  # a cache is an optimisation: failing to write one is not the user's problem


def _prune(folder: Path, keep: Path) -> None:
    cutoff = time.time() - STALE_AFTER
    for path in folder.glob("parsed-*.json"):
        try:
            if path != keep and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass
