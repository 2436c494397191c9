"""data/programme.yaml into the register: the programme's name and the region it covers.

Read with the rest of the register (from disk, or from memory for the register at a past
commit), so every question and report of one register sees one programme, and its file's
problems are the file's own, like any record's.
"""

from __future__ import annotations

from collections.abc import Mapping

from tsp.load.cache import Cached
from tsp.load.parse import load_record
from tsp.load.scan import read_beside
from tsp.problems import Problem
from tsp.programme import NONE, PROGRAMME_FILE, Programme, ProgrammeInfo
from tsp.register import Register


def load_programme(register: Register, problems: list[Problem], cached: Cached,
                   files: Mapping[str, bytes] | None) -> None:
    """The register's programme (none where the file is absent: England alone then stands
    beside its authorities); the file's problems into `problems`. `files`: the register's
    files in memory (as git held them at a commit), else None to read the disk."""
    path = register.root / PROGRAMME_FILE
    if files is not None:
        data = files.get(PROGRAMME_FILE.as_posix())
        if data is None:
            return
    else:
        there, data = read_beside(path, register.root, problems, cached)
        if not there:
            return
    record, found = load_record(path, ProgrammeInfo, raw=data)
    problems.extend(found)
    register.programme = (Programme(record.programme, record.region) if record is not None
                          else NONE)


__all__ = ["load_programme"]
