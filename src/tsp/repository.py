"""Find a tsp repository and load its data, collecting every problem instead of stopping.

Loading yields a `Repository` holding the records that are valid and the `Problem`s of those
that are not, so one broken file never hides the others (the check-jsonschema habit).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from tsp.errors import DataError, Problem, RepositoryNotFound
from tsp.models import Authority, Package, ProgrammeYear, Record, slugify
from tsp.schema_messages import describe_validation_error
from tsp.yaml_io import Locator, YamlProblem, parse, read_text

ENV_REPO = "TSP_REPO"
FOLDERS: dict[str, type[Record]] = {
    "authorities": Authority,
    "packages": Package,
    "years": ProgrammeYear,
}
SUFFIXES = (".yaml", ".yml")

R = TypeVar("R", bound=Record)


@dataclass
class Repository:
    """The register: valid records by id, where each came from, and what is wrong."""

    root: Path
    authorities: dict[str, Authority] = field(default_factory=dict)
    packages: dict[str, Package] = field(default_factory=dict)
    years: dict[str, ProgrammeYear] = field(default_factory=dict)
    narratives: dict[str, dict[str, str]] = field(default_factory=dict)
    paths: dict[tuple[str, str], Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def path_of(self, folder: str, record_id: str) -> Path:
        return self.paths[(folder, record_id)]

    def problem_at(
        self,
        folder: str,
        record_id: str,
        loc: tuple[str | int, ...],
        message: str,
        *,
        severity: str = "error",
        code: str = "reference",
        key: bool = False,
    ) -> Problem:
        """A problem placed at a field of a loaded record (positions found only now)."""
        path = self.path_of(folder, record_id)
        line, column = _locator(path).find(loc, key=key)
        return Problem(path, line, column, severity, message, code)

    def require_valid(self) -> Repository:
        if self.errors:
            raise DataError(sorted(self.errors))
        return self


_LOCATORS: dict[Path, Locator] = {}


def _locator(path: Path) -> Locator:
    if path not in _LOCATORS:
        try:
            text = read_text(path)
        except YamlProblem:
            text = ""
        _LOCATORS[path] = Locator(text)
    return _LOCATORS[path]


def find_root(explicit: Path | None = None, start: Path | None = None) -> Path:
    """--repo PATH, else $TSP_REPO, else the nearest folder upward holding data/authorities/."""
    chosen = explicit or (Path(os.environ[ENV_REPO]) if os.environ.get(ENV_REPO) else None)
    if chosen is not None:
        chosen = chosen.expanduser().resolve()
        if not (chosen / "data" / "authorities").is_dir():
            raise RepositoryNotFound(
                f"{chosen} is not a tsp repository: it has no data/authorities/ folder."
            )
        return chosen
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "authorities").is_dir():
            return folder
    raise RepositoryNotFound()


def iter_data_files(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.suffix in SUFFIXES and path.is_file() and not path.name.startswith("."):
            yield path


def load_record(path: Path, model: type[R]) -> tuple[R | None, list[Problem]]:
    """One file as one record, or the problems that stop it being one."""
    try:
        text = read_text(path)
        data = parse(text)
    except YamlProblem as exc:
        return None, [Problem(path, exc.line, exc.column, "error", exc.message, exc.code)]
    if data is None:
        return None, [
            Problem(path, 1, 1, "error", "the file is empty; it should hold the record's fields "
                    "as 'key: value' lines", "empty")
        ]
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"a single value ({data!r:.40})"
        return None, [
            Problem(path, 1, 1, "error", f"the file holds {found}; it should hold a mapping "
                    "of fields ('key: value' lines), one record per file", "not-mapping")
        ]
    problems: list[Problem] = []
    record_id = data.get("id")
    if isinstance(record_id, str | int) and str(record_id) != path.stem:
        line, column = Locator(text).find(("id",))
        problems.append(Problem(
            path, line, column, "error",
            f"id '{record_id}' does not match the file name '{path.name}'; the id and the "
            f"file name must be the same (rename the file to {record_id}{path.suffix} or set "
            f"id: {path.stem})",
            "id-mismatch",
        ))
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        locator = Locator(text)
        for loc, message, at_key in describe_validation_error(exc, model):
            line, column = locator.find(loc, key=at_key)
            problems.append(Problem(path, line, column, "error", message, "schema"))
        return None, problems
    return (None if problems else record), problems


def _split_narrative(text: str) -> dict[str, str]:
    sections: dict[str, list[str]] = {"intro": []}
    current = "intro"
    for line in text.splitlines():
        match = re.match(r"^##\s+(.+?)\s*#*\s*$", line)
        if match:
            current = slugify(match.group(1))
            sections[current] = []
        else:
            sections[current].append(line)
    return {k: "\n".join(v).strip() for k, v in sections.items() if "\n".join(v).strip()}


def load_repository(root: Path) -> Repository:
    """Load every record under root/data, with every per-file and cross-record problem."""
    from tsp.validation import check_repository

    repo = Repository(root=root)
    for folder, model in FOLDERS.items():
        target: dict[str, Any] = getattr(repo, folder)
        for path in iter_data_files(repo.data_dir / folder):
            repo.files_read += 1
            record, problems = load_record(path, model)
            repo.problems.extend(problems)
            if record is None:
                continue
            record_id: str = getattr(record, "id")
            if (folder, record_id) in repo.paths:
                first = repo.paths[(folder, record_id)]
                line, column = _locator(path).find(("id",))
                repo.problems.append(Problem(
                    path, line, column, "error",
                    f"duplicate id '{record_id}': {first.relative_to(root)} has it too; "
                    "ids must be unique",
                    "duplicate-id",
                ))
                continue
            repo.paths[(folder, record_id)] = path
            target[record_id] = record
    for year_id, path in [(y, p) for (f, y), p in repo.paths.items() if f == "years"]:
        narrative = path.with_suffix(".md")
        if narrative.is_file():
            try:
                repo.narratives[year_id] = _split_narrative(read_text(narrative))
            except YamlProblem as exc:
                repo.problems.append(
                    Problem(narrative, exc.line, exc.column, "error", exc.message, exc.code)
                )
    repo.problems.extend(check_repository(repo))
    repo.problems.sort()
    return repo


def open_repository(explicit: Path | None = None) -> Repository:
    """The repository for a query: found, loaded, and free of errors (else DataError)."""
    return load_repository(find_root(explicit)).require_valid()
