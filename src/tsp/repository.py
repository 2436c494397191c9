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
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from tsp.errors import DataError, Problem, ProblemList, RepositoryNotFound
from tsp.models import Authority, Package, ProgrammeYear, Record, slugify
from tsp.yaml_io import (
    MAX_FILE_BYTES,
    Locator,
    YamlProblem,
    check_printable,
    decode,
    parse,
    read_text,
)

if TYPE_CHECKING:
    from tsp.cache import ParseCache
    from tsp.measures.figures import FigureTable
    from tsp.measures.model import Measure

ENV_REPO = "TSP_REPO"
FOLDERS: dict[str, type[Record]] = {
    "authorities": Authority,
    "packages": Package,
    "years": ProgrammeYear,
}
SUFFIXES = (".yaml", ".yml")
# Read by tsp.measures.load, not as records of FOLDERS.
MEASURE_FOLDERS = ("measures", "figures", "reference")

R = TypeVar("R", bound=Record)


@dataclass
class Repository(ProblemList):
    """The register: valid records by id, where each came from, and what is wrong."""

    root: Path
    authorities: dict[str, Authority] = field(default_factory=dict)
    packages: dict[str, Package] = field(default_factory=dict)
    years: dict[str, ProgrammeYear] = field(default_factory=dict)
    narratives: dict[str, dict[str, str]] = field(default_factory=dict)
    # The SEND data challenge (tsp.measures): counting rules, and their figures by measure id.
    measures: dict[str, Measure] = field(default_factory=dict)
    figures: dict[str, FigureTable] = field(default_factory=dict)
    paths: dict[tuple[str, str], Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0
    # Files that exist but did not load, by (folder, file stem): a reference to one of them is
    # not reported as unknown, since the file's own problems already are.
    broken: dict[tuple[str, str], Path] = field(default_factory=dict)
    _locators: dict[Path, Locator] = field(default_factory=dict, repr=False, compare=False)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def path_of(self, folder: str, record_id: str) -> Path:
        return self.paths[(folder, record_id)]

    def locate(self, path: Path, loc: tuple[str | int, ...], *, key: bool = False
               ) -> tuple[int, int]:
        """Line and column of a field in a file (the file is re-read only now, and once)."""
        if path not in self._locators:
            try:
                text = read_text(path)
            except YamlProblem:
                text = ""
            self._locators[path] = Locator(text)
        return self._locators[path].find(loc, key=key)

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
        line, column = self.locate(path, loc, key=key)
        return Problem(path, line, column, severity, message, code)

    def require_valid(self) -> Repository:
        if self.errors:
            raise DataError(sorted(self.errors))
        return self


def find_root(explicit: Path | None = None, start: Path | None = None) -> Path:
    """--repo PATH, else $TSP_REPO, else the nearest folder upward holding data/authorities/."""
    source = "--repo"
    chosen = explicit
    if chosen is None and os.environ.get(ENV_REPO):
        source, chosen = f"${ENV_REPO}", Path(os.environ[ENV_REPO])
    if chosen is not None:
        chosen = chosen.expanduser().resolve()
        if not (chosen / "data" / "authorities").is_dir():
            what = "does not exist" if not chosen.exists() else (
                "is not a tsp repository: it has no data/authorities/ folder")
            raise RepositoryNotFound(f"{chosen} (from {source}) {what}.")
        return chosen
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "authorities").is_dir():
            return folder
    raise RepositoryNotFound()


def iter_data_files(folder: Path) -> Iterator[Path]:
    """The YAML files under a data folder, sorted, skipping hidden files and folders."""
    files, _ = _scan_folder(folder, folder.parent.parent)
    yield from files


def _walk(folder: Path, problems: list[Problem] | None = None) -> Iterator[os.DirEntry[str]]:
    """Every entry under `folder`, depth first, skipping hidden ones and not following links.

    os.scandir, not Path.rglob: its entries know their type without a stat each, which
    matters at 10,000 files. A folder that cannot be read is a problem, not a silent gap.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return
    except OSError as exc:
        if problems is not None:
            problems.append(Problem(folder, 1, 1, "error", f"cannot read the folder: "
                                    f"{exc.strerror}", "io"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        yield entry
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), problems)


def _scan_folder(folder: Path, root: Path) -> tuple[list[Path], list[Problem]]:
    """The data files of one data folder, and what in it tsp will not read."""
    files: list[Path] = []
    problems: list[Problem] = []
    for entry in _walk(folder, problems):
        path = Path(entry.path)
        suffix = path.suffix
        if entry.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root.resolve()):
                problems.append(Problem(
                    path, 1, 1, "error", "a symbolic link to outside the repository; tsp "
                    "does not follow it (put the file itself here)", "layout"))
                continue
        if entry.is_dir():
            if suffix.lower() in SUFFIXES:
                problems.append(Problem(
                    path, 1, 1, "error", f"'{path.name}' is a folder, not a file; a record is "
                    "one YAML file", "layout"))
            continue
        if suffix in SUFFIXES:
            if entry.is_file():
                files.append(path)
        elif suffix.lower() in SUFFIXES or path.name.lower().endswith((".yaml.txt", ".yml.txt")):
            problems.append(Problem(
                path, 1, 1, "warning", "not read: tsp reads files ending in .yaml or .yml; "
                f"rename it to {path.name.split('.')[0]}.yaml", "layout"))
    return files, problems


def _scan(root: Path) -> tuple[dict[str, list[Path]], list[Problem]]:
    """The data files by folder, and what sits in data/ that tsp will not read though its
    author may expect it to."""
    data = root / "data"
    found: dict[str, list[Path]] = {}
    problems: list[Problem] = []
    for folder in FOLDERS:
        found[folder], odd = _scan_folder(data / folder, root)
        problems += odd
    try:
        others = sorted(os.scandir(data), key=lambda e: e.name)
    except OSError:
        others = []
    for entry in others:
        path = Path(entry.path)
        if entry.name.startswith(".") or entry.name in FOLDERS or entry.name in MEASURE_FOLDERS:
            continue
        if entry.is_dir():
            if any(Path(e.path).suffix in SUFFIXES for e in _walk(path)):
                problems.append(Problem(
                    path, 1, 1, "warning", f"not read: data/{entry.name}/ is not a folder tsp "
                    "knows; records go in data/authorities/, data/packages/ or data/years/",
                    "layout"))
        elif path.suffix.lower() in SUFFIXES:
            problems.append(Problem(
                path, 1, 1, "warning", "not read: records go in data/authorities/, "
                "data/packages/ or data/years/", "layout"))
    return found, problems


def _read_data(path: Path, cache: ParseCache | None) -> tuple[Any, str | None]:
    """The file's parsed data, and its text when it had to be decoded (None from the cache)."""
    if cache is None:
        text = read_text(path)
        return parse(text), text
    from tsp.cache import digest

    try:
        raw = path.read_bytes()
    except OSError:
        text = read_text(path)  # raises the right YamlProblem
        return parse(text), text
    if len(raw) > MAX_FILE_BYTES:
        return parse(read_text(path)), None  # read_text raises "too large"
    key = digest(raw)
    hit, data = cache.get(key)
    if hit:
        return data, None
    text = decode(raw)
    data = parse(text)
    cache.put(key, data)
    return data, text


def load_record(path: Path, model: type[R], *, cache: ParseCache | None = None
                ) -> tuple[R | None, list[Problem]]:
    """One file as one record, or the problems that stop it being one."""
    try:
        data, text = _read_data(path, cache)
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
    locator: Locator | None = None

    def find(loc: tuple[str | int, ...], key: bool = False) -> tuple[int, int]:
        nonlocal locator
        if locator is None:
            locator = Locator(text if text is not None else read_text(path))
        return locator.find(loc, key=key)

    record_id = data.get("id")
    if isinstance(record_id, str | int | float) and not isinstance(record_id, bool) and str(
        record_id
    ) != path.stem:
        line, column = find(("id",))
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
        from tsp.schema_messages import describe_validation_error

        for loc, message, at_key in describe_validation_error(exc, model):
            line, column = find(loc, key=at_key)
            problems.append(Problem(path, line, column, "error", message, "schema"))
        return None, problems
    return (None if problems else record), problems


def _split_narrative(text: str) -> tuple[dict[str, str], list[tuple[int, str]]]:
    """Sections keyed by the slug of their '## ' heading, and the headings used twice."""
    sections: dict[str, list[str]] = {"intro": []}
    repeated: list[tuple[int, str]] = []
    current = "intro"
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"^##\s+(.+?)\s*#*\s*$", line)
        if match:
            current = slugify(match.group(1))
            if current in sections:
                repeated.append((number, match.group(1)))
            sections.setdefault(current, [])
        else:
            sections[current].append(line)
    text_of = {k: "\n".join(v).strip() for k, v in sections.items()}
    return {k: v for k, v in text_of.items() if v}, repeated


def load_repository(root: Path, *, cache: ParseCache | None = None) -> Repository:
    """Load every record under root/data, with every per-file and cross-record problem.

    `cache` (see tsp.cache) saves re-parsing unchanged files of a large repository; the
    records are validated and checked either way.
    """
    from tsp.checks import check_repository

    repo = Repository(root=root)
    files, odd = _scan(root)
    repo.problems.extend(odd)
    if cache is not None and sum(map(len, files.values())) < cache.min_files:
        cache = None  # a few milliseconds of parsing: not worth a file in the user's cache
    for folder, model in FOLDERS.items():
        target: dict[str, Any] = getattr(repo, folder)
        for path in files[folder]:
            repo.files_read += 1
            record, problems = load_record(path, model, cache=cache)
            repo.problems.extend(problems)
            if record is None:
                repo.broken.setdefault((folder, path.stem), path)
                continue
            record_id: str = getattr(record, "id")
            if (folder, record_id) in repo.paths:
                first = repo.paths[(folder, record_id)]
                line, column = repo.locate(path, ("id",))
                repo.problems.append(Problem(
                    path, line, column, "error",
                    f"duplicate id '{record_id}': {first.relative_to(root)} has it too; "
                    "ids must be unique",
                    "duplicate-id",
                ))
                continue
            repo.paths[(folder, record_id)] = path
            target[record_id] = record
    from tsp.measures.load import load_data_challenge

    load_data_challenge(repo, cache=cache)
    if cache is not None:
        cache.save()
    for year_id, path in [(y, p) for (f, y), p in repo.paths.items() if f == "years"]:
        narrative = path.with_suffix(".md")
        if narrative.is_file():
            try:
                text = read_text(narrative)
                check_printable(text)
                sections, repeated = _split_narrative(text)
                repo.narratives[year_id] = sections
                repo.problems.extend(
                    Problem(narrative, line, 1, "error",
                            f"the heading '## {heading}' appears twice; a section heading may "
                            "appear once (merge the two sections or rename one)",
                            "duplicate-section")
                    for line, heading in repeated
                )
            except YamlProblem as exc:
                repo.problems.append(
                    Problem(narrative, exc.line, exc.column, "error", exc.message, exc.code)
                )
    repo.problems.extend(check_repository(repo))
    from tsp.measures.checks import check_data_challenge

    repo.problems.extend(check_data_challenge(repo))
    repo.problems.sort()
    return repo


def open_repository(explicit: Path | None = None) -> Repository:
    """The repository for a query: found, loaded, and free of errors (else DataError)."""
    return load_repository(find_root(explicit)).require_valid()
