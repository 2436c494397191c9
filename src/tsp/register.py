"""The register: the records that are valid, by kind and id, where each came from, and what
is wrong.

A `Register` is what loading (tsp.load) makes of data/: valid records, the `Problem`s of the
files that are not (so one broken file never hides the others), the figures of the data
challenge and the years' narratives. `SourceMap` finds the line and column of any field of a
record, when a problem needs one (re-reading that file, once). Nothing here loads data/ or
knows of the cache.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from tsp.errors import DataError
from tsp.kinds import DATA_DIR, KINDS, RecordKind
from tsp.models.common import Record
from tsp.models.figures import FigureTable
from tsp.problems import Problem, ProblemList, Severity
from tsp.programme import NONE, Programme
from tsp.text_io import YamlProblem, read_text, text_of
from tsp.yaml_positions import Locator

if TYPE_CHECKING:
    from tsp.models.authority import Authority
    from tsp.models.measure import Measure
    from tsp.models.package import Package
    from tsp.models.year import ProgrammeYear

Loc = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Where each record came from, and the line and column of any field in it.

    Positions are found only when a problem needs one: the file is re-read then, once. A text
    given with `with_text` (an edit not yet written) stands in for the file on disk."""

    paths: dict[tuple[RecordKind, str], Path] = field(default_factory=dict)
    # Files that exist but did not load, by (kind, file stem): a reference to one of them is
    # not reported as unknown, since the file's own problems already are.
    broken: dict[tuple[RecordKind, str], Path] = field(default_factory=dict)
    _locators: dict[Path, Locator] = field(default_factory=dict, repr=False, compare=False)
    # The files' bytes, when the register was loaded from memory (tsp changes reads git).
    _bytes: Mapping[Path, bytes] = field(default_factory=dict, repr=False, compare=False)

    def path_of(self, kind: RecordKind, record_id: str) -> Path:
        return self.paths[(kind, record_id)]

    def locate(self, path: Path, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of a field in a file."""
        if path not in self._locators:
            try:
                text = text_of(self._bytes[path]) if path in self._bytes else read_text(path)
            except YamlProblem:
                text = ""
            self._locators[path] = Locator(text)
        return self._locators[path].find(loc, key=key)

    def with_text(self, kind: RecordKind, record_id: str, path: Path, text: str) -> SourceMap:
        """A copy in which the record lives at `path` with this text (not read from disk)."""
        return SourceMap({**self.paths, (kind, record_id): path},
                         {k: v for k, v in self.broken.items() if k != (kind, record_id)},
                         {**self._locators, path: Locator(text)}, self._bytes)


@dataclass
class Register(ProblemList):
    """The register: valid records by kind and id, where each came from, and what is wrong.

    `problems` are the problems of the files as loaded; a register from
    `tsp.load.load_checked` also holds the problems across records."""

    root: Path
    records: dict[RecordKind, dict[str, Record]] = field(
        default_factory=lambda: {kind: {} for kind in KINDS})
    narratives: dict[str, dict[str, str]] = field(default_factory=dict)
    sources: SourceMap = field(default_factory=SourceMap)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0
    # The '## ' heading of each narrative section as written, by year and section slug.
    narrative_headings: dict[str, dict[str, str]] = field(default_factory=dict)
    # The figures of the SEND data challenge, by measure id: tidy CSV, not records.
    figures: dict[str, FigureTable] = field(default_factory=dict)
    # The programme and its region (data/programme.yaml; NONE where the file is absent).
    programme: Programme = NONE

    def of(self, kind: RecordKind) -> dict[str, Record]:
        """The records of one kind, by id."""
        return self.records[kind]

    @property
    def authorities(self) -> dict[str, Authority]:
        return cast("dict[str, Authority]", self.records[RecordKind.AUTHORITY])

    @property
    def packages(self) -> dict[str, Package]:
        return cast("dict[str, Package]", self.records[RecordKind.PACKAGE])

    @property
    def years(self) -> dict[str, ProgrammeYear]:
        return cast("dict[str, ProgrammeYear]", self.records[RecordKind.YEAR])

    @property
    def measures(self) -> dict[str, Measure]:
        return cast("dict[str, Measure]", self.records[RecordKind.MEASURE])

    @property
    def paths(self) -> dict[tuple[RecordKind, str], Path]:
        return self.sources.paths

    @property
    def broken(self) -> dict[tuple[RecordKind, str], Path]:
        return self.sources.broken

    @property
    def data_dir(self) -> Path:
        return self.root / DATA_DIR

    def folder(self, kind: RecordKind) -> Path:
        return self.data_dir / kind.folder

    def path_of(self, kind: RecordKind, record_id: str) -> Path:
        return self.sources.path_of(kind, record_id)

    def locate(self, path: Path, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        return self.sources.locate(path, loc, key=key)

    def problem_at(
        self,
        kind: RecordKind,
        record_id: str,
        loc: Loc,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        code: str = "reference",
        key: bool = False,
    ) -> Problem:
        """A problem placed at a field of a loaded record (positions found only now)."""
        path = self.path_of(kind, record_id)
        line, column = self.locate(path, loc, key=key)
        return Problem(path, line, column, severity, message, code)

    def with_record(self, kind: RecordKind, record: Record, path: Path, text: str) -> Register:
        """A copy holding `record` (from `text`, at `path`) in place of the one of its id.

        The copy shares the other records; this one is found in `text`, not on disk."""
        record_id = str(getattr(record, "id"))
        records = {**self.records, kind: {**self.records[kind], record_id: record}}
        # Every other field as it is: a field added to Register is carried without a change here.
        return replace(self, records=records, problems=[],
                       sources=self.sources.with_text(kind, record_id, path, text))

    def require_valid(self) -> Register:
        if self.errors:
            raise DataError(sorted(self.errors), root=self.root)
        return self
