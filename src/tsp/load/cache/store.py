"""The cache's database: what loading found, so the second run on a register is quick.

A load deals with it through tsp.load.cache (the seam), and the parser keeps what it parsed
here; docs/load.md is the overview.

What it holds (file hashes by path; everything else by a hash of the bytes it came from):
* parsed YAML: the plain data the safe parser made of a file that parsed;
* records: a file that validated with no problem at all, as its record's fields, read back
  with `model_construct` (no validation: it passed validation before, on these very bytes);
* verdicts: for one state of the whole register (every file under data/: path and content hash),
  every problem the full load and cross-record checks found, and which package files name each
  authority, so that a question about one authority reads only that authority's packages.

Why it is honest: a key is the hash of a file's bytes (or of every path and hash of the
register), so any change to any file misses; and every entry was made by this very tsp, the
same pydantic and the same YAML parser: the cache carries a fingerprint of tsp's own source
(a hash of every module), tsp's version and its parsers' versions, and a cache with another
fingerprint is emptied before use. A damaged or unreadable cache is removed and rebuilt; failing
to write one is never the user's problem.

What it is: one SQLite database per repository root, outside the repository (under
$TSP_CACHE_DIR, else $XDG_CACHE_HOME/tsp, else ~/.cache/tsp), because data arrives by pull
request: a cache committed to a branch must not stand in for the files CI checks. Entries are
JSON of plain data, never pickle, so reading a cache can never run code: a record is rebuilt as
the model of its folder, from its fields' own types, and kept only if it reads back exactly as
it was. TSP_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Mapping
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core

import tsp
from tsp.load.cache.codec import Unsupported, decode_object, dumps, encode, plain, rebuilder, same
from tsp.models.common import Record

ENV_DIR = "TSP_CACHE_DIR"
ENV_OFF = "TSP_NO_CACHE"
# Raised whenever what an entry means changes (4: records and verdicts, in SQLite; 5: a
# verdict holds the problems of the years' narratives too).
FORMAT = 5
MIN_FILES = 1
STALE_AFTER = 30 * 24 * 3600  # caches of repositories not loaded for 30 days go
SETTLED_NS = 2_000_000_000  # a file's hash is known by its stat only once it is this old
KEEP_VERDICTS = 8  # the working tree and a few revisions `tsp changes` compared it with
_SCHEMA = """
create table if not exists meta (key text primary key, value text not null);
create table if not exists parsed (key text primary key, data text not null);
create table if not exists records (key text not null, model text not null,
                                    data text not null, primary key (key, model));
create table if not exists files (path text primary key, signature text not null,
                                  key text not null);
create table if not exists verdicts (state text primary key, used real not null,
                                     problems text not null, checks text not null,
                                     authorities text not null);
"""


def cache_dir() -> Path:
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tsp"


def digest(data: bytes) -> str:
    """The hash a cache entry is kept under: BLAKE2b of the bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


_FINGERPRINT: str | None = None


def fingerprint() -> str:
    """What made the entries: this cache's format, tsp's version and a hash of its source, and
    the versions of pydantic and of the YAML parser. Any change empties the cache."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        source = hashlib.blake2b(digest_size=16)
        package = _package()
        for path in _source_files():
            with open(path, "rb") as handle:
                data = handle.read()
            if path.startswith(package):
                source.update(Path(path).relative_to(package).as_posix().encode() + b"\0")
                source.update(data + b"\0")
            else:
                source.update(data)  # ruamel.yaml's __init__, which holds its version
        _FINGERPRINT = _fingerprint_of(source.hexdigest())
    return _FINGERPRINT


def _fingerprint_of(source_hash: str) -> str:
    return json.dumps([FORMAT, tsp.__version__, source_hash, pydantic.VERSION,
                       pydantic_core.__version__])


def _package() -> str:
    return os.path.dirname(os.path.abspath(tsp.__file__))


def _source_files() -> list[str]:
    """Every module of tsp, in a fixed order, then ruamel.yaml's __init__ (found without
    importing it: 9 ms on a run that needs no parsing)."""
    files: list[str] = []

    def walk(folder: str) -> None:
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                    walk(entry.path)
                elif entry.name.endswith(".py") and entry.is_file():
                    files.append(entry.path)

    walk(_package())
    spec = find_spec("ruamel.yaml")
    if spec is not None and spec.origin:
        files.append(spec.origin)
    return files


def _source_signature() -> str | None:
    """What `stat` says of every file the fingerprint hashes, as the files' hashes are known
    by their stat (see tsp.load.cache): the fingerprint kept with the same signature is still
    true, so its source need not be read again. None when a file changed too lately to tell."""
    now = time.time_ns()
    lines = []
    try:
        for path in _source_files():
            stat = os.stat(path)
            if now - max(stat.st_mtime_ns, stat.st_ctime_ns) <= SETTLED_NS:
                return None
            lines.append(f"{path}\0{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:"
                         f"{stat.st_ino}")
    except OSError:
        return None
    return digest("\n".join(lines).encode("utf-8", "surrogateescape"))


def _current_fingerprint(kept: Mapping[str, str]) -> tuple[str, str | None]:
    """(the fingerprint, the source signature) from what a cache's meta table keeps: its
    source is hashed only when a file of it changed since the kept signature was taken."""
    signature = _source_signature()
    if signature is not None and "sources" in kept:
        try:
            seen, made_by = json.loads(kept["sources"])
            if seen == signature and isinstance(made_by, str):
                return _fingerprint_of(json.loads(made_by)[2]), signature
        except (ValueError, TypeError, IndexError, KeyError, RecursionError):
            pass  # not what tsp wrote (nested too deep to read, say): hash the source
    return fingerprint(), signature


# --- the cache ----------------------------------------------------------------------------


class ParseCache:
    """Parsed data, validated records and verdicts by content hash, for one repository root."""

    def __init__(self, path: Path | None, min_files: int = MIN_FILES, *,
                 root: Path | None = None) -> None:
        self._path = path
        self._root = root
        self.min_files = min_files
        self._db: sqlite3.Connection | None = None
        self._opened = False
        self._parsed: dict[str, str] = {}
        self._records: dict[tuple[str, str], str] = {}
        self._verdicts: dict[str, tuple[str, str, str]] = {}
        self._touched: list[str] = []
        self._live: set[str] = set()
        self._file_hashes: dict[str, tuple[str, str]] = {}

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
            name = digest(str(self._root.resolve()).encode("utf-8", "surrogateescape"))[:20]
            self._path = cache_dir() / f"tsp-{name}.sqlite"
        return self._path

    def _connect(self) -> sqlite3.Connection | None:
        if self._opened:
            return self._db
        self._opened = True
        path = self.path
        if path is None or not path.is_file():
            return None
        self._db = self._open(path)
        if self._db is None:  # damaged: start again
            try:
                path.unlink()
            except OSError:
                pass
        return self._db

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection | None:
        db: sqlite3.Connection | None = None
        try:
            db = sqlite3.connect(path, timeout=1.0, isolation_level=None)
            # A cache lost in a power cut is rebuilt (a damaged one is removed), so no fsync.
            db.execute("pragma synchronous = off")
            db.executescript(_SCHEMA)
            kept = dict(db.execute("select key, value from meta"))
            current, signature = _current_fingerprint(kept)
            if kept.get("fingerprint") != current:
                db.executescript("begin; delete from parsed; delete from records; "
                                 "delete from verdicts; delete from files; delete from meta; commit;")
                db.execute("insert into meta values ('fingerprint', ?)", (current,))
                kept = {}
            sources = json.dumps([signature, current])
            if signature is not None and kept.get("sources") != sources:
                try:
                    db.execute("insert or replace into meta values ('sources', ?)",
                               (sources,))
                except sqlite3.OperationalError:
                    # Another tsp is saving (the write lock is its): the note only saves
                    # hashing the source next time, so the cache is still good to read.
                    pass
            return db
        except (sqlite3.Error, OSError, ValueError):
            if db is not None:
                db.close()
            return None

    # parsed YAML

    def get(self, key: str) -> tuple[bool, Any]:
        """(True, data) when the file with this content hash was parsed before."""
        db = self._connect()
        if db is None:
            return False, None
        try:
            row = db.execute("select data from parsed where key = ?", (key,)).fetchone()
            if row is None:
                return False, None
            return True, json.loads(row[0], object_hook=decode_object)
        except (sqlite3.Error, ValueError, TypeError, RecursionError):
            return False, None

    def put(self, key: str, data: Any) -> None:
        if self.path is None:
            return
        try:
            self._parsed[key] = dumps(encode(data))
        except (Unsupported, RecursionError):
            pass

    # validated records

    def records(self, model: type[Record], keys: Iterable[str]) -> dict[str, Record]:
        """The records of these content hashes that validated before, rebuilt unvalidated."""
        db = self._connect()
        wanted = list(dict.fromkeys(keys))
        if db is None or not wanted:
            return {}
        found: dict[str, Record] = {}
        try:
            rebuild = rebuilder(model)
        except Unsupported:
            return {}
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                rows = db.execute(
                    f"select key, data from records where model = ? and key in "
                    f"({','.join('?' * len(chunk))})", (model.__name__, *chunk)).fetchall()
                for key, data in rows:
                    try:
                        found[key] = rebuild(json.loads(data))
                    except (KeyError, IndexError, ValueError, TypeError, RecursionError):
                        continue  # not something tsp made: parse and validate the file
        except sqlite3.Error:
            return {}
        return found

    def put_record(self, key: str, record: Record) -> None:
        """Keep a record that validated, if it reads back exactly as it is (else not at all)."""
        if self.path is None:
            return
        try:
            text = dumps(plain(record))
            if same(rebuilder(type(record))(json.loads(text)), record):
                self._records[(key, type(record).__name__)] = text
        except (Unsupported, RecursionError, ValueError, TypeError, KeyError, IndexError):
            pass

    # content hashes of files on disk, by what stat says of them

    def file_hashes(self) -> dict[str, tuple[str, str]]:
        """(stat signature, content hash) of each file by its path relative to the root."""
        db = self._connect()
        if db is None:
            return {}
        try:
            return {path: (signature, key) for path, signature, key
                    in db.execute("select path, signature, key from files")}
        except sqlite3.Error:
            return {}

    def put_file_hash(self, path: str, signature: str, key: str) -> None:
        if self.path is not None:
            self._file_hashes[path] = (signature, key)

    # verdicts on a whole register

    def verdict(self, state: str
                ) -> tuple[list[Any], list[Any], dict[str, list[str]]] | None:
        """What loading and checking found in this state of the register: the files' own
        problems and those across records (paths relative to the root), and the package files
        that name each authority."""
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute("select problems, checks, authorities, used from verdicts "
                             "where state = ?", (state,)).fetchone()
            if row is None:
                return None
            problems, checks = json.loads(row[0]), json.loads(row[1])
            authorities = json.loads(row[2])
            if not isinstance(row[3], float) or time.time() - row[3] > 3600:
                self._touched.append(state)  # kept among the recent verdicts (and the file)
        except (sqlite3.Error, ValueError, TypeError, RecursionError):
            return None
        if not (isinstance(problems, list) and isinstance(checks, list)
                and isinstance(authorities, dict)
                and all(type(files) is list and all(type(f) is str for f in files)
                        for files in authorities.values())):
            return None  # not what tsp wrote: load and check the register again
        return problems, checks, authorities

    def put_verdict(self, state: str, problems: list[list[Any]], checks: list[list[Any]],
                    authorities: Mapping[str, list[str]]) -> None:
        if self.path is None:
            return
        self._verdicts[state] = (dumps(problems), dumps(checks), dumps(dict(authorities)))

    def live(self, keys: Iterable[str]) -> None:
        """The content hashes of the files this run saw: when the cache holds far more than
        these (files since changed or gone), saving keeps only these."""
        self._live.update(keys)

    def _prune_entries(self, db: sqlite3.Connection) -> None:
        (count,) = db.execute("select count(*) from parsed").fetchone()
        if not self._live or count <= 2 * len(self._live) + 1000:
            return
        db.execute("create temp table if not exists live (key text primary key)")
        db.execute("delete from live")
        db.executemany("insert or ignore into live values (?)", ((k,) for k in self._live))
        db.execute("delete from parsed where key not in (select key from live)")
        db.execute("delete from records where key not in (select key from live)")

    def save(self) -> None:
        """Write what this run learnt, in one transaction."""
        path = self.path
        if path is None or not (self._parsed or self._records or self._verdicts
                                or self._touched or self._file_hashes):
            return
        db = self._connect()
        try:
            if db is None:
                path.parent.mkdir(parents=True, exist_ok=True)
                db = self._db = self._open(path)
                if db is None:
                    return
            now = time.time()
            db.execute("begin immediate")
            db.executemany("insert or replace into parsed values (?, ?)",
                           self._parsed.items())
            db.executemany("insert or replace into records values (?, ?, ?)",
                           [(k, m, d) for (k, m), d in self._records.items()])
            db.executemany("insert or replace into files values (?, ?, ?)",
                           [(p, s, k) for p, (s, k) in self._file_hashes.items()])
            db.executemany("insert or replace into verdicts values (?, ?, ?, ?, ?)",
                           [(s, now, p, c, a) for s, (p, c, a) in self._verdicts.items()])
            db.executemany("update verdicts set used = ? where state = ?",
                           [(now, s) for s in self._touched])
            db.execute("delete from verdicts where state not in (select state from verdicts "
                       "order by used desc limit ?)", (KEEP_VERDICTS,))
            if self._parsed:
                self._prune_entries(db)
            db.execute("commit")
            self._parsed, self._records, self._verdicts, self._touched = {}, {}, {}, []
            self._file_hashes = {}
            _prune(path.parent, keep=path)
        except (sqlite3.Error, OSError, ValueError):
            try:
                if db is not None:
                    db.execute("rollback")
            except sqlite3.Error:
                pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _prune(folder: Path, keep: Path) -> None:
    cutoff = time.time() - STALE_AFTER
    for path in [*folder.glob("tsp-*.sqlite"), *folder.glob("parsed-*.json")]:
        try:
            if path != keep and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass
