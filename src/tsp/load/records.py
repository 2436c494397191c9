"""The records of one kind into the register: each file as one record, its id unique.

A file the cache knows to have validated with no problem comes back from it; any other is
parsed and validated (tsp.load.parse). A record whose id another file of its kind already
holds is a problem at its id, and the first file keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tsp.kinds import RecordKind
from tsp.load.cache import Cached, ParseCache, digest
from tsp.load.parse import load_record, names_to_ids
from tsp.models.common import Record
from tsp.problems import Problem, Severity
from tsp.register import Register


def read_records(register: Register, kind: RecordKind, paths: list[str], cached: Cached,
                 problems: list[Problem]) -> None:
    """The records of these files (path strings) into the register; their problems into
    `problems`. Authorities are read first, so that a name written where an authority's id
    belongs is told which id it means."""
    references = names_to_ids(register)
    hits = cached.records(kind, paths)
    for name in paths:
        register.files_read += 1
        path = Path(name)
        record = hits.get(name)
        if record is None or getattr(record, "id") != path.stem:
            record, found = load_record(path, kind.model, cache=cached.store,
                                        references=references, raw=cached.bytes_of(name))
            cached.keep_record(name, record, found)
            problems.extend(found)
        if record is None:
            register.sources.broken.setdefault((kind, path.stem), path)
        else:
            _add(register, kind, record, path, problems)


def _add(register: Register, kind: RecordKind, record: Record, path: Path,
         problems: list[Problem]) -> None:
    sources = register.sources
    record_id: str = getattr(record, "id")
    if (kind, record_id) in sources.paths:
        first = sources.paths[(kind, record_id)]
        line, column = sources.locate(path, ("id",))
        problems.append(Problem(
            path, line, column, Severity.ERROR,
            f"duplicate id '{record_id}': {first.relative_to(register.root)} has it too; "
            "ids must be unique",
            "duplicate-id",
        ))
        return
    sources.paths[(kind, record_id)] = path
    register.records[kind][record_id] = record


class Versions:
    """Records of one kind from versions of their files held in memory (git's blobs, for
    tsp history), through the cache: a version validated before is not parsed again.
    `close()` keeps what was learnt."""

    def __init__(self, root: Path, kind: RecordKind, contents: Iterable[bytes]) -> None:
        self.kind = kind
        cache = ParseCache.for_root(root)
        self._cache = cache if cache.path is not None else None
        self._hits = (self._cache.records(kind.model, {digest(c) for c in contents})
                      if self._cache is not None else {})

    def record(self, path: Path, content: bytes) -> tuple[Record | None, list[Problem]]:
        """The record these bytes hold as the file at `path`, or the problems that stop it."""
        key = digest(content)
        hit = self._hits.get(key)
        if hit is not None and getattr(hit, "id") == path.stem:
            return hit, []
        record, problems = load_record(path, self.kind.model, cache=self._cache, raw=content)
        if self._cache is not None and record is not None and not problems:
            self._cache.put_record(key, record)
        return record, problems

    def close(self) -> None:
        if self._cache is not None:
            self._cache.save()
