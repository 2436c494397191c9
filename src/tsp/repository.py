"""Find a tsp repository and load its data, collecting every problem instead of stopping.

Loading yields a `Repository` holding the records that are valid and the `Problem`s of those
that are not, so one broken file never hides the others (the check-jsonschema habit).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from tsp.errors import DataError, RepositoryNotFound
from tsp.problems import Problem, ProblemList, Severity
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

ENV_REPO = "TSP_REPO"
FOLDERS: dict[str, type[Record]] = {
    "authorities": Authority,
    "packages": Package,
    "years": ProgrammeYear,
}
SUFFIXES = (".yaml", ".yml")

R = TypeVar("R", bound=Record)


@dataclass
class Repository(ProblemList):
    """The register: valid records by id, where each came from, and what is wrong."""

    root: Path
    authorities: dict[str, Authority] = field(default_factory=dict)
    packages: dict[str, Package] = field(default_factory=dict)
    years: dict[str, ProgrammeYear] = field(default_factory=dict)
    narratives: dict[str, dict[str, str]] = field(default_factory=dict)
    paths: dict[tuple[str, str], Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0
    # Files that exist but did not load, by (folder, file stem): a reference to one of them is
    # not reported as unknown, since the file's own problems already are.
    broken: dict[tuple[str, str], Path] = field(default_factory=dict)
    _locators: dict[Path, Locator] = field(default_factory=dict, repr=False, compare=False)
    # The files' bytes, when the register was loaded from memory (tsp changes reads git).
    _sources: Mapping[Path, bytes] = field(default_factory=dict, repr=False, compare=False)

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
                text = _text(self._sources[path]) if path in self._sources else read_text(path)
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
        severity: Severity = Severity.ERROR,
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
    yield from map(Path, files)


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
            problems.append(Problem(folder, 1, 1, Severity.ERROR, f"cannot read the folder: "
                                    f"{exc.strerror}", "io"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        yield entry
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), problems)


def _scan_folder(folder: Path, root: Path) -> tuple[list[str], list[Problem]]:
    """The data files of one data folder (as path strings: pathlib's parsing was most of a
    scan of 10,000 files), and what in it tsp will not read."""
    files: list[str] = []
    problems: list[Problem] = []
    for entry in _walk(folder, problems):
        # Strings until a Path is needed: pathlib's parsing was most of a scan of 10,000 files.
        name = entry.name
        suffix = os.path.splitext(name)[1]
        if entry.is_symlink():
            path = Path(entry.path)
            target = path.resolve()
            if not target.is_relative_to(root.resolve()):
                problems.append(Problem(
                    path, 1, 1, Severity.ERROR, "a symbolic link to outside the repository; tsp "
                    "does not follow it (put the file itself here)", "layout"))
                continue
        if entry.is_dir():
            if suffix.lower() in SUFFIXES:
                problems.append(Problem(
                    Path(entry.path), 1, 1, Severity.ERROR, f"'{name}' is a folder, not a file; a "
                    "record is one YAML file", "layout"))
            continue
        if suffix in SUFFIXES:
            if entry.is_file():
                files.append(entry.path)
        elif suffix.lower() in SUFFIXES or name.lower().endswith((".yaml.txt", ".yml.txt")):
            problems.append(Problem(
                Path(entry.path), 1, 1, Severity.WARNING, "not read: tsp reads files ending in .yaml "
                f"or .yml; rename it to {name.split('.')[0]}.yaml", "layout"))
    return files, problems


def _scan(root: Path) -> tuple[dict[str, list[str]], list[Problem]]:
    """The data files by folder (path strings), and what sits in data/ that tsp will not read
    though its author may expect it to."""
    data = root / "data"
    found: dict[str, list[str]] = {}
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
        if entry.name.startswith(".") or entry.name in FOLDERS:
            continue
        if entry.is_dir():
            if any(Path(e.path).suffix in SUFFIXES for e in _walk(path)):
                problems.append(Problem(
                    path, 1, 1, Severity.WARNING, f"not read: data/{entry.name}/ is not a folder tsp "
                    "knows; records go in data/authorities/, data/packages/ or data/years/",
                    "layout"))
        elif path.suffix.lower() in SUFFIXES:
            problems.append(Problem(
                path, 1, 1, Severity.WARNING, "not read: records go in data/authorities/, "
                "data/packages/ or data/years/", "layout"))
    return found, problems


def _text(raw: bytes) -> str:
    """A file's text from its bytes, refused as read_text refuses it."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(f"the file is {len(raw):,} bytes; tsp reads data files of at most "
                          f"{MAX_FILE_BYTES:,} bytes", code="too-large")
    return decode(raw)


def _read_data(path: Path, cache: ParseCache | None, raw: bytes | None = None
               ) -> tuple[Any, str | None]:
    """The file's parsed data, and its text when it had to be decoded (None from the cache).
    `raw`: the file's bytes, when they were read already (or come from git, not the disk)."""
    if cache is None:
        text = read_text(path) if raw is None else _text(raw)
        return parse(text), text
    from tsp.cache import digest

    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError:
            text = read_text(path)  # raises the right YamlProblem
            return parse(text), text
    if len(raw) > MAX_FILE_BYTES:
        return parse(_text(raw)), None  # raises "too large"
    key = digest(raw)
    hit, data = cache.get(key)
    if hit:
        return data, None
    text = decode(raw)
    data = parse(text)
    cache.put(key, data)
    return data, text


def load_record(path: Path, model: type[R], *, cache: ParseCache | None = None,
                raw: bytes | None = None) -> tuple[R | None, list[Problem]]:
    """One file as one record, or the problems that stop it being one (`raw`: its bytes,
    when they were read already)."""
    try:
        data, text = _read_data(path, cache, raw)
    except YamlProblem as exc:
        return None, [Problem(path, exc.line, exc.column, Severity.ERROR, exc.message, exc.code)]
    if data is None:
        return None, [
            Problem(path, 1, 1, Severity.ERROR, "the file is empty; it should hold the record's fields "
                    "as 'key: value' lines", "empty")
        ]
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"a single value ({data!r:.40})"
        return None, [
            Problem(path, 1, 1, Severity.ERROR, f"the file holds {found}; it should hold a mapping "
                    "of fields ('key: value' lines), one record per file", "not-mapping")
        ]
    problems: list[Problem] = []
    locator: Locator | None = None

    def find(loc: tuple[str | int, ...], key: bool = False) -> tuple[int, int]:
        nonlocal locator
        if locator is None:
            locator = Locator(text if text is not None else
                              read_text(path) if raw is None else _text(raw))
        return locator.find(loc, key=key)

    record_id = data.get("id")
    if isinstance(record_id, str | int | float) and not isinstance(record_id, bool) and str(
        record_id
    ) != path.stem:
        line, column = find(("id",))
        problems.append(Problem(
            path, line, column, Severity.ERROR,
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
            problems.append(Problem(path, line, column, Severity.ERROR, message, "schema"))
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


def _scan_memory(root: Path, files: Mapping[str, bytes]
                 ) -> tuple[dict[str, list[str]], list[Problem], dict[Path, bytes]]:
    """The data files by folder among `files` (paths relative to root), as _scan finds them
    on disk: hidden ones skipped, a folder named like a YAML file an error; and the bytes of
    every file under data/ by its path."""
    found: dict[str, list[str]] = {folder: [] for folder in FOLDERS}
    problems: dict[Path, Problem] = {}
    sources: dict[Path, bytes] = {}
    base = str(root)
    for relative in sorted(files, key=lambda r: r.split("/")):
        parts = relative.split("/")
        if (len(parts) < 3 or parts[0] != "data" or parts[1] not in FOLDERS
                or any(part.startswith(".") for part in parts)):
            continue
        for depth in range(2, len(parts) - 1):
            if os.path.splitext(parts[depth])[1].lower() in SUFFIXES:
                folder_path = root.joinpath(*parts[:depth + 1])
                problems.setdefault(folder_path, Problem(
                    folder_path, 1, 1, Severity.ERROR, f"'{parts[depth]}' is a folder, not a "
                    "file; a record is one YAML file", "layout"))
        path = f"{base}{os.sep}{relative}" if os.sep == "/" else str(root / relative)
        sources[Path(path)] = files[relative]
        if os.path.splitext(parts[-1])[1] in SUFFIXES:
            found[parts[1]].append(path)
    return found, list(problems.values()), sources


def _relative_names(root: Path, files: dict[str, list[str]]) -> dict[str, str]:
    """Each file's path relative to root, with '/' (by string: the files are under root)."""
    prefix = len(str(root).rstrip(os.sep)) + 1
    return {path: path[prefix:].replace(os.sep, "/")
            for paths in files.values() for path in paths}


def _hash_files(cache: ParseCache, found: dict[str, list[str]], names: Mapping[str, str],
                raw: dict[str, bytes], keys: dict[str, str]) -> None:
    """The content hash of every file on disk (and the bytes of those read to get it).

    A file whose size, modification and change times and inode are as when its hash was
    recorded is not read again, as git trusts its index: any write to a file changes its
    change time (ctime), which no program can set back. A file changed within two seconds of
    being recorded is never trusted this way (a second write in the same clock tick could
    leave its times as they were)."""
    import time

    from tsp import cache as cache_module
    from tsp.cache import digest

    known = cache.file_hashes()
    now = time.time_ns()
    for paths in found.values():
        for path in paths:
            try:
                stat = os.stat(path)
            except OSError:
                continue
            if stat.st_size > MAX_FILE_BYTES:
                continue
            name = names[path]
            signature = f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"
            entry = known.get(name)
            if entry is not None and entry[0] == signature:
                keys[path] = entry[1]
                continue
            try:
                with open(path, "rb") as handle:  # not Path.read_bytes: 10,000 times
                    data = handle.read()
            except OSError:
                continue
            if len(data) > MAX_FILE_BYTES:
                continue
            raw[path], keys[path] = data, digest(data)
            if now - max(stat.st_mtime_ns, stat.st_ctime_ns) > cache_module.SETTLED_NS:
                cache.put_file_hash(name, signature, keys[path])


def _state(files: dict[str, list[str]], names: Mapping[str, str],
           keys: Mapping[str, str]) -> str | None:
    """One hash of every record file's place and content: the register's state, for the cache.
    None when a file could not be read (its problem is found again on every run)."""
    from tsp.cache import digest

    entries = []
    for folder, paths in files.items():
        for path in paths:
            if path not in keys:
                return None
            entries.append(f"{folder}\0{names[path]}\0{keys[path]}")
    return digest("\n".join(entries).encode("utf-8", "surrogateescape"))


def _relative_problems(root: Path, problems: list[Problem]) -> list[list[Any]] | None:
    out: list[list[Any]] = []
    for p in problems:
        try:
            relative = p.path.relative_to(root).as_posix()
        except ValueError:
            return None
        out.append([relative, p.line, p.column, p.severity.value, p.message, p.code])
    return out


def _problems_from(root: Path, stored: list[Any]) -> list[Problem] | None:
    try:
        return [Problem(root / path, line, column, Severity(severity), message, code)
                for path, line, column, severity, message, code in stored]
    except (TypeError, ValueError):
        return None


def load_repository(root: Path, *, cache: ParseCache | None = None,
                    files: Mapping[str, bytes] | None = None,
                    packages_of: Callable[[Mapping[str, Authority]], str | None] | None = None,
                    ) -> Repository:
    """Load every record under root/data, with every per-file and cross-record problem.

    `cache` (see tsp.cache) saves parsing and validating unchanged files, and checking an
    unchanged register again; what is found is the same either way. `files` loads the data
    from memory instead of the disk: the files' bytes by path relative to root (data/...).
    `packages_of`, given the authorities, may name one: then, where the cache knows this very
    register to be free of errors, only the packages that name that authority are loaded (the
    rest are not needed to answer a question about it).
    """
    from tsp.cache import digest

    repo = Repository(root=root)
    if files is None:
        found, odd = _scan(root)
    else:
        found, odd, repo._sources = _scan_memory(root, files)
    repo.problems.extend(odd)
    if cache is not None and sum(map(len, found.values())) < cache.min_files:
        cache = None
    # By path string: a Path is made only for a file that is loaded.
    raw: dict[str, bytes] = {}
    keys: dict[str, str] = {}
    names: dict[str, str] = {}
    verdict = None
    state = None
    if cache is not None:
        names = _relative_names(root, found)
        if files is None:
            _hash_files(cache, found, names, raw, keys)
        else:
            for paths in found.values():
                for file_name in paths:
                    data = files[names[file_name]]
                    if len(data) <= MAX_FILE_BYTES:
                        raw[file_name], keys[file_name] = data, digest(data)
        cache.live(keys.values())
        state = _state(found, names, keys)
        if state is not None:
            verdict = cache.verdict(state)
    elif files is not None:
        raw = {n: repo._sources[Path(n)] for paths in found.values() for n in paths}
    stored = _problems_from(root, verdict[0]) if verdict is not None else None
    if stored is None:
        verdict = None
    load_only: set[str] | None = None
    checked: list[Problem] = []
    for folder, model in FOLDERS.items():
        paths = found[folder]
        if folder == "packages" and verdict is not None and packages_of is not None and (
                stored is not None and not any(p.is_error for p in stored)):
            wanted = packages_of(repo.authorities)
            if wanted is not None:
                load_only = set(verdict[1].get(wanted, []))
                paths = [p for p in paths if names[p] in load_only]
        hits = cache.records(model, [keys[p] for p in paths if p in keys]) if cache else {}
        target: dict[str, Any] = getattr(repo, folder)
        for name in paths:
            repo.files_read += 1
            path = Path(name)
            record = hits.get(keys.get(name, ""))
            if record is not None and getattr(record, "id") == path.stem:
                problems: list[Problem] = []
            else:
                record, problems = load_record(path, model, cache=cache, raw=raw.get(name))
                if cache is not None and record is not None and not problems and name in keys:
                    cache.put_record(keys[name], record)
            checked.extend(problems)
            if record is None:
                repo.broken.setdefault((folder, path.stem), path)
                continue
            record_id: str = getattr(record, "id")
            if (folder, record_id) in repo.paths:
                first = repo.paths[(folder, record_id)]
                line, column = repo.locate(path, ("id",))
                checked.append(Problem(
                    path, line, column, Severity.ERROR,
                    f"duplicate id '{record_id}': {first.relative_to(root)} has it too; "
                    "ids must be unique",
                    "duplicate-id",
                ))
                continue
            repo.paths[(folder, record_id)] = path
            target[record_id] = record
    if load_only is not None:
        repo.files_read = sum(map(len, found.values()))
    for year_id, path in [(y, p) for (f, y), p in repo.paths.items() if f == "years"]:
        narrative = path.with_suffix(".md")
        in_memory = narrative in repo._sources
        if in_memory or (files is None and narrative.is_file()):
            try:
                text = _text(repo._sources[narrative]) if in_memory else read_text(narrative)
                check_printable(text)
                sections, repeated = _split_narrative(text)
                repo.narratives[year_id] = sections
                repo.problems.extend(
                    Problem(narrative, line, 1, Severity.ERROR,
                            f"the heading '## {heading}' appears twice; a section heading may "
                            "appear once (merge the two sections or rename one)",
                            "duplicate-section")
                    for line, heading in repeated
                )
            except YamlProblem as exc:
                repo.problems.append(
                    Problem(narrative, exc.line, exc.column, Severity.ERROR, exc.message, exc.code)
                )
    if stored is not None:
        repo.problems.extend(stored)  # this very register was checked before, by this tsp
    else:
        from tsp.checks import check_repository

        checked.extend(check_repository(repo))
        repo.problems.extend(checked)
        if cache is not None and state is not None:
            relative = _relative_problems(root, checked)
            if relative is not None:
                cache.put_verdict(state, relative, _authority_index(repo))
    if cache is not None:
        cache.save()
    repo.problems.sort()
    return repo


def _authority_index(repo: Repository) -> dict[str, list[str]]:
    """The package files that name each authority (in any role)."""
    index: dict[str, list[str]] = {}
    for package_id, package in repo.packages.items():
        relative = repo.paths[("packages", package_id)].relative_to(repo.root).as_posix()
        for authority_id in package.authority_ids():
            index.setdefault(authority_id, []).append(relative)
    return index


def open_repository(explicit: Path | None = None) -> Repository:
    """The repository for a query: found, loaded, and free of errors (else DataError)."""
    return load_repository(find_root(explicit)).require_valid()
