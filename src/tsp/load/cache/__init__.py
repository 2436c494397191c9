"""The cache, as one load sees it: the one object (`Cached`) a load talks to about it.

A load asks `Cached.open(root, scan, question)` and then, through that one object: the bytes
of a file to parse (as they were hashed), a record known valid, whether a kind of record may be
left unread, and, at the end, the files' problems. `tsp.load.load_checked` asks it for the
problems across records it knew, and hands back those it found. What it keeps, by what key,
and when, is docs/load.md; the database itself is tsp.load.cache.store.

- The **state** of a register is one hash of every file under data/: its place and content.
  A file's content hash is known by its stat (size, times, inode) once it is older than
  SETTLED_NS, as git trusts its index; else it is read and hashed.
- A **verdict** (every problem of the files and across records, and the package files that
  name each authority) is kept by state, and only when what was parsed is what was hashed: a
  file that changed between the two (`drifted`) leaves the load to start again uncached.
- A **partial load** (a question about one authority or one measure) reads less only where
  a verdict says this very state is free of errors; else the whole register is read.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import Any

from tsp.authorities import resolve
from tsp.kinds import DATA_DIR, RecordKind
from tsp.load.cache import store
from tsp.load.cache.store import ParseCache, digest
from tsp.load.scan import SUFFIXES, Scan
from tsp.models.common import Record
from tsp.problems import Problem, Severity
from tsp.register import Register
from tsp.safe_fs import where_it_leads
from tsp.text_io import MAX_FILE_BYTES, YamlProblem, read_bytes

__all__ = ["Cached", "ParseCache", "Question", "digest"]


@dataclass(frozen=True)
class Question:
    """The part of the register a question reads: `kinds` of record (None: all); `la`, the
    one authority whose packages are all it reads; `measure`, the one measure whose figures
    are all it reads."""

    kinds: frozenset[RecordKind] | None = None
    la: str | None = None
    measure: str | None = None

    @classmethod
    def about(cls, la: str | None = None, measure: str | None = None) -> Question:
        if la is not None and measure is not None:
            raise ValueError("load: a question about an authority's packages or a measure's "
                             "figures, not both")
        if la is not None:
            return cls(frozenset({RecordKind.AUTHORITY, RecordKind.PACKAGE, RecordKind.YEAR}),
                       la=la)
        if measure is not None:  # and, for the statistical neighbours, the authorities
            return cls(frozenset({RecordKind.AUTHORITY, RecordKind.MEASURE}), measure=measure)
        return cls()


WHOLE = Question()


class Cached:
    """One load's dealings with the cache (with none at all when it is off)."""

    def __init__(self, root: Path, scan: Scan, question: Question = WHOLE,
                 cache: ParseCache | None = None) -> None:
        self.root, self.scan, self.question, self.store = root, scan, question, cache
        # By path string: a Path is made only for a file that is loaded.
        self._raw: dict[str, bytes] = {}
        self._keys: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._read: set[str] = set()
        self._state: str | None = None
        self._stored: list[Problem] | None = None
        self._index: dict[str, list[str]] = {}
        self._file_problems: list[Problem] = []
        self.known_checks: list[Problem] | None = None
        self.partial = False
        self.drifted = False
        if scan.files is not None:
            self._raw = {n: scan.memory[Path(n)] for paths in scan.found.values() for n in paths}

    @classmethod
    def open(cls, root: Path, scan: Scan, question: Question = WHOLE) -> Cached:
        """The cache of the register at root for this load (off with TSP_NO_CACHE=1)."""
        cache = ParseCache.for_root(root)
        if cache.path is None or scan.count < cache.min_files:
            return cls(root, scan, question)
        cached = cls(root, scan, question, cache)
        cached._take_state()
        return cached

    # --- what the files are -------------------------------------------------------------

    def _take_state(self) -> None:
        assert self.store is not None
        every: dict[Any, list[str]] = {**self.scan.found, "other": self.scan.others}
        prefix = len(str(self.root).rstrip(os.sep)) + 1
        self._names = {path: path[prefix:].replace(os.sep, "/")
                       for paths in every.values() for path in paths}
        if self.scan.files is None:
            hashes = self.store.file_hashes()  # read once: 10,000 rows cost ~6 ms
            for kind, paths in self.scan.found.items():
                self._hash_files(paths, hashes, follow=True)
            self._hash_files(self.scan.others, hashes, follow=False)
        else:
            for paths in every.values():
                for name in paths:
                    data = self.scan.files[self._names[name]]
                    if len(data) <= MAX_FILE_BYTES:
                        self._raw[name], self._keys[name] = data, digest(data)
        self.store.live(self._keys.values())
        entries = []
        for kind, paths in every.items():
            for path in paths:
                if path not in self._keys:
                    return  # a file not read: its problem is found again on every run
                entries.append(f"{kind}\0{self._names[path]}\0{self._keys[path]}")
        self._state = digest("\n".join(entries).encode("utf-8", "surrogateescape"))
        self._take_verdict(self._state)

    def _hash_files(self, paths: list[str], known: dict[str, tuple[str, str]], *,
                    follow: bool) -> None:
        """The content hash of every file on disk (and the bytes of those read to get it).

        A file whose size, modification and change times and inode are as when its hash was
        recorded is not read again, as git trusts its index: any write to a file changes its
        change time (ctime), which no program can set back. A file changed within
        SETTLED_NS of being recorded is never trusted this way (a second write in the same
        clock tick could leave its times as they were).

        Record files were vetted by the scan (a link among them leads inside the
        repository); any other file is opened only if it is a regular one, or a link to one
        inside the repository (tsp reads figures through such a link, so the state holds what
        it leads to): never a FIFO, a device or a link out."""
        assert self.store is not None
        now = time.time_ns()
        for path in paths:
            found = self._signature(path, follow)
            if found is None:
                continue
            signature, regular = found
            if not regular:
                self._keys[path] = signature  # its kind and where it leads
                continue
            entry = known.get(self._names[path])
            if entry is not None and entry[0] == signature:
                self._keys[path] = entry[1]
                continue
            try:
                with open(path, "rb") as handle:  # not Path.read_bytes: 10,000 times
                    data = handle.read()
            except OSError:
                continue
            if len(data) > MAX_FILE_BYTES and path.endswith(SUFFIXES):
                continue
            self._raw[path], self._keys[path] = data, digest(data)
            mtime, ctime = (int(t) for t in signature.split(":")[1:3])
            if now - max(mtime, ctime) > store.SETTLED_NS:
                self.store.put_file_hash(self._names[path], signature, self._keys[path])

    def _signature(self, path: str, follow: bool) -> tuple[str, bool] | None:
        """(what stat says of a regular file: size:mtime:ctime:inode[:link], True); for
        anything else (mode:link, False), its key in the state; None for what is not read."""
        link = ""
        try:
            stat = os.stat(path) if follow else os.lstat(path)
            if S_ISLNK(stat.st_mode):
                link = os.readlink(path)
                if where_it_leads(Path(path), self.root) is None:
                    stat = os.stat(path)
        except OSError:
            return None
        if not S_ISREG(stat.st_mode):
            return f"{stat.st_mode:o}:{link}", False
        if stat.st_size > MAX_FILE_BYTES and path.endswith(SUFFIXES):
            return None  # refused on every run, so no verdict on it is kept
        signature = f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"
        return (f"{signature}:{link}" if link else signature), True

    def _take_verdict(self, state: str) -> None:
        assert self.store is not None
        verdict = self.store.verdict(state)
        if verdict is None:
            return
        stored, known = _problems_from(self.root, verdict[0]), _problems_from(self.root,
                                                                              verdict[1])
        if stored is not None and known is not None:
            self._stored, self.known_checks, self._index = stored, known, verdict[2]

    # --- what a load reads --------------------------------------------------------------

    @property
    def _clean(self) -> bool:
        """This very register was loaded and checked before, by this very tsp, and found
        free of errors: a question may read only its part."""
        return self._stored is not None and self.known_checks is not None and not any(
            p.is_error for p in (*self._stored, *self.known_checks))

    @property
    def _as_hashed(self) -> bool:
        return self.scan.files is None and self._state is not None

    def files_of(self, kind: RecordKind, register: Register) -> list[str] | None:
        """The files of this kind the load reads; None when it reads none of them."""
        paths = self.scan.found[kind]
        if not self._clean or self.question.kinds is None:
            return paths
        self.partial = True
        if kind not in self.question.kinds:
            return None  # not read, and its model not even used
        if kind is RecordKind.PACKAGE and self.question.la is not None:
            wanted = resolve(register.authorities, self.question.la).id
            keep = set(self._index.get(wanted, []))
            return [p for p in paths if self._names[p] in keep]
        return paths

    def figures_wanted(self, register: Register) -> tuple[bool, frozenset[str] | None]:
        """(whether the load reads figures, the measures whose figures are all it reads
        (None: every file's)). A question that reads no measures needs no figures. A partial
        load counts every record file as read: the verdict vouches for those it left."""
        if not self.partial:
            return True, None
        register.files_read = self.scan.count
        kinds = self.question.kinds or frozenset()
        measure = self.question.measure
        if measure is not None and measure in register.measures:
            return RecordKind.MEASURE in kinds, frozenset({measure})
        return RecordKind.MEASURE in kinds, None  # a name that is no id: read them all

    def records(self, kind: RecordKind, paths: list[str]) -> dict[str, Record]:
        """The records of these files that validated before with no problem, by path."""
        if self.store is None:
            return {}
        keys = {p: self._keys[p] for p in paths if p in self._keys}
        hits = self.store.records(kind.model, keys.values())
        return {p: hits[k] for p, k in keys.items() if k in hits}

    def keep_record(self, name: str, record: Record | None, problems: list[Problem]) -> None:
        if self.store is not None and record is not None and not problems and name in self._keys:
            self.store.put_record(self._keys[name], record)

    def bytes_of(self, name: str) -> bytes | None:
        """The bytes of a file to parse: as the register's state was hashed from them (the
        bytes read to hash it, else read now and checked against that hash); None when the
        reader is to read the file itself. A file that changed meanwhile, or came or went
        since the state was taken, leaves the load `drifted`: a verdict on what it parsed
        would be kept under the state of other bytes, and given back when those bytes
        return (an undo, a checkout)."""
        if not self._as_hashed:
            return self._raw.get(name)
        self._read.add(name)
        data = self._raw.get(name)
        if data is not None:
            return data
        key = self._keys.get(name)
        if key is None:
            self.drifted = True  # not there when the state was taken
            return None
        try:
            # Any size: its hash says what it held, and its reader applies its own limit.
            data = read_bytes(Path(name), limit=None)
        except YamlProblem:
            self.drifted = True  # the reader finds out why, and says so
            return None
        if digest(data) != key:
            self.drifted = True
        return data

    def gone(self, name: str) -> None:
        """A file the reader did not find: drift if the state holds it."""
        if self._as_hashed and name in self._keys:
            self.drifted = True

    def figures_read(self, only: frozenset[str] | None) -> None:
        """Every figures file of the state (a regular file) was to be read."""
        if not self._as_hashed or only is not None:
            return
        folder = os.path.join(self.root, DATA_DIR, "figures")
        names = [n for n in self.scan.others if n.endswith(".csv")
                 and os.path.dirname(n) == folder]
        if any(n not in self._read and ":" not in self._keys.get(n, ":") for n in names):
            self.drifted = True

    # --- what a load found --------------------------------------------------------------

    def finish(self, register: Register, file_problems: list[Problem]) -> None:
        """The register's own problems: those a verdict kept (every file's, though only part
        was read), else those found now."""
        if self._stored is not None:
            register.problems.extend(self._stored)
        else:
            register.problems.extend(file_problems)
            self._file_problems = file_problems
        register.problems.sort()
        if self.store is not None:
            self.store.save()

    def keep_checks(self, register: Register, cross: list[Problem]) -> None:
        """The problems across records found in this state: kept, with the files' own, as
        its verdict (unless a verdict was given, or the state is unknown)."""
        if self.store is None or self._state is None or self._stored is not None:
            return
        files = _relative_problems(self.root, self._file_problems)
        checks = _relative_problems(self.root, cross)
        if files is not None and checks is not None:
            self.store.put_verdict(self._state, files, checks, _authority_index(register))
        self.store.save()


def _relative_problems(root: Path, problems: list[Problem]) -> list[list[Any]] | None:
    out: list[list[Any]] = []
    for p in problems:
        try:
            relative = p.path.relative_to(root).as_posix()
        except ValueError:
            return None
        out.append([relative, p.line, p.column, p.severity.value, p.message, p.code])
    return out


def _problems_from(root: Path, stored: Any) -> list[Problem] | None:
    """The problems a cached verdict holds; None for anything tsp did not write."""
    try:
        problems = [Problem(root / path, line, column, Severity(severity), message, code)
                    for path, line, column, severity, message, code in stored]
    except (TypeError, ValueError):
        return None
    if not all(type(p.line) is int and type(p.column) is int and type(p.message) is str
               and type(p.code) is str for p in problems):
        return None
    return problems


def _authority_index(register: Register) -> dict[str, list[str]]:
    """The package files that name each authority (in any role)."""
    index: dict[str, list[str]] = {}
    for package_id, package in register.packages.items():
        path = register.path_of(RecordKind.PACKAGE, package_id)
        relative = path.relative_to(register.root).as_posix()
        for authority_id in package.authority_ids():
            index.setdefault(authority_id, []).append(relative)
    return index
