"""Loading the register: the only code that reads data/ into a `Register`.

Three ways to get one: `load(root)`, the records with each file's own problems;
`load_checked(root)`, those plus the problems across records (tsp.checks); `sound_part(root)`,
the records free of errors, for a question that can answer without the rest. A load scans
data/ safely (scan), parses and validates each file (parse, records), reads the figures
(figures) and the years' narratives (narratives). The cache (tsp.load.cache, one SQLite file
per repository under $TSP_CACHE_DIR, else $XDG_CACHE_HOME/tsp or ~/.cache/tsp; TSP_NO_CACHE=1 turns it off) only ever
makes this quicker, never different: docs/load.md says how.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from tsp.checks import check
from tsp.kinds import KINDS, RecordKind
from tsp.load.cache import WHOLE, Cached, Question
from tsp.load.figures import load_figures
from tsp.load.narratives import load_narrative
from tsp.load.parse import load_record, load_text, names_to_ids
from tsp.load.programme import load_programme
from tsp.load.records import read_records
from tsp.load.scan import ENV_REPO, SUFFIXES, find_root, iter_data_files, scan
from tsp.problems import Problem
from tsp.register import Register, SourceMap

__all__ = ["ENV_REPO", "SUFFIXES", "find_root", "iter_data_files", "load", "load_checked",
           "load_record", "load_text", "names_to_ids", "sound_part"]


def load(root: Path, *, files: Mapping[str, bytes] | None = None) -> Register:
    """Every record under root/data, with the problems of each file; no checks across records.
    `files`: the data in memory instead of on disk (bytes by path relative to root, data/...)."""
    return _load(root, files, WHOLE)[0]


def load_checked(root: Path, *, la: str | None = None, measure: str | None = None,
                 files: Mapping[str, bytes] | None = None) -> Register:
    """The register with every problem: each file's, and those across records.

    A question about one authority's packages (`la`) or one measure's figures (`measure`)
    may be answered from that part alone: the rest is left unread only where the cache knows
    this very register to be free of errors; else the whole is read, so that no problem goes
    unfound. `files` as for `load`."""
    register, cached = _load(root, files, Question.about(la, measure))
    cross = cached.known_checks
    if cross is None:
        cross = check(register)
        cached.keep_checks(register, cross)
    return dataclasses.replace(register, problems=sorted(register.problems + cross))


def _load(root: Path, files: Mapping[str, bytes] | None, question: Question,
          use_cache: bool = True) -> tuple[Register, Cached]:
    """The register, and the cache's view of the load (its verdict, if it had one)."""
    found = scan(root, files)
    register = Register(root=root, sources=SourceMap(_bytes=found.memory))
    cached = Cached.open(root, found, question) if use_cache else Cached(root, found, question)
    problems = list(found.problems)
    load_programme(register, problems, cached, files)
    for kind in KINDS:
        paths = cached.files_of(kind, register)
        if paths is not None:
            read_records(register, kind, paths, cached, problems)
    wanted, only = cached.figures_wanted(register)
    if wanted:
        load_figures(register, problems, files, only=only, read=cached.bytes_of)
        cached.figures_read(only)
    for year_id in register.years:
        load_narrative(register, year_id, problems, cached)
    if cached.drifted:
        # The register changed while it was read: answer from it as it is now, as a run
        # without the cache does, and keep no verdict on bytes that are not its state's.
        return _load(root, files, question, use_cache=False)
    cached.finish(register, problems)
    return register, cached


def sound_part(root: Path, *, la: str | None = None, files: Mapping[str, bytes] | None = None
               ) -> tuple[Register, dict[Path, list[Problem]]]:
    """The register without the records of files with errors, and those files' errors: what
    `tsp list`, `show` and `la` answer from (a report must never silently omit a record, so
    `tsp report` takes `load_checked` and refuses errors). Dropping a record can leave another
    pointing at nothing, so the checks run again on what is left until nothing more goes."""
    register = load_checked(root, la=la, files=files)
    if not register.errors:
        return register, {}  # the common case, and no second pass of the checks
    skipped: dict[Path, list[Problem]] = {}
    for problem in register.errors:
        skipped.setdefault(problem.path, []).append(problem)
    current = register
    while True:
        current = _without(register, current, set(skipped))
        fresh = [p for p in check(current) if p.is_error and p.path not in skipped]
        if not fresh:
            # The warnings of the files kept still stand (a future date, say).
            kept = [p for p in register.problems if p.path not in skipped]
            return dataclasses.replace(current, problems=kept), skipped
        for problem in fresh:
            skipped.setdefault(problem.path, []).append(problem)


def _without(register: Register, current: Register, bad: set[Path]) -> Register:
    """`current` without the records of these files."""
    records = {kind: {rid: r for rid, r in by_id.items()
                      if current.paths.get((kind, rid)) not in bad}
               for kind, by_id in current.records.items()}
    paths = {key: path for key, path in current.paths.items() if path not in bad}
    # The figures of a measure kept, from a file without errors, stay (a broken package
    # says nothing about them).
    figures = {m: t for m, t in current.figures.items()
               if m in records[RecordKind.MEASURE] and t.path not in bad}
    return dataclasses.replace(current, records=records, problems=[], figures=figures,
                               sources=SourceMap(paths, dict(current.broken)))
