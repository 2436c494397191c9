"""The sound part of a register: what a question can answer from when some files are broken.

`tsp list`, `show` and `la` answer from the records that are free of errors and say which files
they left out; `tsp validate` and `tsp report` still refuse a register with errors (a report
must never silently omit a record). Dropping a record can leave another pointing at nothing,
so the checks run again on what is left until nothing more is dropped.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tsp.kinds import RecordKind
from tsp.problems import Problem
from tsp.register import Register, SourceMap


def sound_part(register: Register) -> tuple[Register, dict[Path, list[Problem]]]:
    """(the register without the records of files with errors, those files' errors)."""
    from tsp.checks import check

    if not register.errors:
        return register, {}  # the common case, and no second pass of the checks
    skipped: dict[Path, list[Problem]] = {}
    for problem in register.errors:
        skipped.setdefault(problem.path, []).append(problem)
    current = register
    while True:
        bad = set(skipped)
        records = {kind: {rid: r for rid, r in by_id.items()
                          if current.paths.get((kind, rid)) not in bad}
                   for kind, by_id in current.records.items()}
        paths = {key: path for key, path in current.paths.items() if path not in bad}
        # The figures of a measure kept, from a file without errors, stay (a broken
        # package says nothing about them).
        figures = {m: t for m, t in current.figures.items()
                   if m in records[RecordKind.MEASURE] and t.path not in bad}
        current = Register(register.root, records, register.narratives,
                           SourceMap(paths, dict(current.broken)), [], register.files_read,
                           register.narrative_headings, figures=figures)
        fresh = [p for p in check(current) if p.is_error and p.path not in skipped]
        if not fresh:
            # The warnings of the files kept still stand (a future date, say).
            kept = [p for p in register.problems if p.path not in skipped]
            return dataclasses.replace(current, problems=kept), skipped
        for problem in fresh:
            skipped.setdefault(problem.path, []).append(problem)
