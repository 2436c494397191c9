"""Writing figures into data/figures/MEASURE.csv: the one write behind tsp figures import (a
DfE CSV or a return workbook) and tsp figures fetch.

Imported figures are merged into the file by (authority, period, breakdown): a row for the
same place and period is replaced, every other row is kept as it was. The merged file is
checked as tsp validate would check it before anything is written, and written atomically
with a compare-and-swap, so two imports of one measure at once both land.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tsp.checks.measures import check_table
from tsp.edits.atomic import FileChanged, FileExists, write_atomic
from tsp.errors import DataError, RejectedChange, UsageError
from tsp.load.figures import MAX_FIGURES_BYTES, read_figures
from tsp.models.figures import Figure, FigureTable, figures_csv
from tsp.models.measure import Measure
from tsp.places import PlaceKind, Places
from tsp.problems import Problem, Severity
from tsp.text_io import YamlProblem, read_bytes

if TYPE_CHECKING:
    from tsp.register import Register

# Attempts at the compare-and-swap before giving up (other imports of the measure running).
MERGE_ATTEMPTS = 5

FigureKey = tuple[str, str, str]  # (authority, period, breakdown)


@dataclass
class ImportResult:
    path: Path  # the figures file written (or that would be)
    rows: list[Figure]
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    kept: int = 0  # rows of the figures file the import did not touch
    read: int = 0  # rows of the DfE file that matched the measure's filters
    outside: int = 0  # of those, for places beyond the register's scope
    unmapped: list[Problem] = field(default_factory=list)
    by_former_code: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_dfe_number: Counter[tuple[str, str]] = field(default_factory=Counter)
    written: bool = False
    revised: list[tuple[Figure, Figure]] = field(default_factory=list)  # (was, is now)
    new_periods: list[str] = field(default_factory=list)
    previous_sources: set[str] = field(default_factory=set)  # of the figures it replaced
    withheld: int = 0  # of a local return: rows kept as the disclosure rule's symbol

    @property
    def changes(self) -> int:
        return self.added + self.changed


def figures_path(repo: Register, measure_id: str) -> Path:
    """Where a measure's figures live: data/figures/MEASURE.csv."""
    return repo.root / "data" / "figures" / f"{measure_id}.csv"


def write_figures(repo: Register, measure: Measure, places: Places,
                  imported: dict[FigureKey, Figure], result: ImportResult, *,
                  write: bool = True) -> ImportResult:
    """Merge figures into data/figures/MEASURE.csv by (authority, period, breakdown), check
    the file as tsp validate would, and write it (atomically) unless `write` is False."""
    path = result.path
    # Read, merge and write with a compare-and-swap: an import that finds the file changed
    # under it (another import of this measure wrote first) merges again from what is there
    # now, so two imports at once both land and neither loses the other's figures.
    for _ in range(MERGE_ATTEMPTS):
        raw = _current_figures(path, measure.id)
        result = _merged(repo, measure, places, path, raw, imported, result)
        if not write or not result.changes:
            return result
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if raw is None:
                write_atomic(path, figures_csv(result.rows).encode("utf-8"), create=True)
            else:
                write_atomic(path, figures_csv(result.rows).encode("utf-8"), expected=raw)
        except (FileChanged, FileExists):
            continue
        result.written = True
        return result
    raise UsageError(f"data/figures/{measure.id}.csv kept changing while tsp imported into "
                     "it (other imports running at once); nothing was written: run it again.")


def _current_figures(path: Path, measure_id: str) -> bytes | None:
    """The figures file's bytes as they are now, or None where there is none yet."""
    try:
        return read_bytes(path, MAX_FIGURES_BYTES)
    except YamlProblem as exc:
        if not path.exists() and not path.is_symlink():
            return None
        raise DataError([Problem(path, 1, 1, Severity.ERROR, exc.message, exc.code)],
                        f"data/figures/{measure_id}.csv cannot be read; fix it first, "
                        "nothing was imported.") from None


def _merged(repo: Register, measure: Measure, places: Places, path: Path,
            raw: bytes | None, imported: dict[FigureKey, Figure],
            previous: ImportResult) -> ImportResult:
    """The figures file with the imported figures merged in by (authority, period,
    breakdown), checked as tsp validate would check it."""
    existing: list[Figure] = []
    if raw is not None:
        table, problems = read_figures(path, measure.id, raw)
        if table is None or any(p.is_error for p in problems):
            raise DataError(problems, f"data/figures/{measure.id}.csv cannot be read; fix it "
                            "first, nothing was imported.")
        existing = table.rows
    result = ImportResult(path, [], read=previous.read, outside=previous.outside,
                          unmapped=previous.unmapped, by_former_code=previous.by_former_code,
                          by_dfe_number=previous.by_dfe_number, withheld=previous.withheld)
    merged: dict[FigureKey, Figure] = {}
    for row in existing:
        merged[row.key] = row
    known_periods = {row.period for row in existing}
    result.new_periods = sorted({f.period for f in imported.values()} - known_periods)
    for key, figure in imported.items():
        old = merged.get(key)
        if old is not None:
            result.previous_sources.add(old.source.rsplit(":", 1)[0])
        if old is None:
            result.added += 1
        elif _same(old, figure):
            result.unchanged += 1
            continue  # keep the line as it is, source and all
        else:
            result.changed += 1
            result.revised.append((old, figure))
        merged[key] = figure
    result.kept = len(existing) - result.unchanged - result.changed
    result.rows = sorted(merged.values(), key=lambda r: (r.period, _place_order(places, r),
                                                         r.breakdown))
    _check_in_memory(repo, measure, path, figures_csv(result.rows))
    return result


def _place_order(places: Places, row: Figure) -> tuple[int, int, str]:
    """The register's authorities by id, then the region and England, then the rest."""
    place = places.by_id.get(row.authority)
    if place is None or place.kind is PlaceKind.OTHER:
        return (2, 0, row.authority)
    if place.kind is PlaceKind.COMPARATOR:
        return (1, [c.id for c in places.comparators].index(place.id), "")
    return (0, 0, row.authority)


def _same(old: Figure, new: Figure) -> bool:
    return (old.numerator, old.denominator, old.value, old.symbol, old.rule_version) == (
        new.numerator, new.denominator, new.value, new.symbol, new.rule_version)


def _check_in_memory(repo: Register, measure: Measure, path: Path, text: str) -> None:
    """The checks of tsp validate on the file as it would be written; errors refuse it."""
    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / path.name
        trial.write_text(text, encoding="utf-8")
        table, problems = read_figures(trial, measure.id)
        problems = [Problem(path, p.line, p.column, p.severity, p.message, p.code)
                    for p in problems]
        if table is not None:
            table = FigureTable(path, table.measure, table.rows, table.header, table.lines)
            problems += check_table(repo, table)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise RejectedChange(errors, "The imported figures would not pass tsp validate; "
                             "nothing was written.")
