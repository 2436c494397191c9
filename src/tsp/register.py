"""Find a tsp repository and load its register: records, per-file problems, a source map.

Loading yields a `Register` holding the records that are valid and the `Problem`s of the files
that are not, so one broken file never hides the others (the check-jsonschema habit). Loading
never checks across records: `tsp.checks.check(register)` does that, on a loaded register.
"""

from __future__ import annotations

import os
import re
from stat import S_ISLNK, S_ISREG
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import ValidationError

from tsp.errors import DataError, RepositoryNotFound
from tsp.kinds import DATA_DIR, KINDS, RecordKind
from tsp.problems import Problem, ProblemList, Severity
from tsp.models.common import Record, slugify
# Not tsp.yaml_io: ruamel.yaml is imported only when a file must be parsed (the cache
# answers the rest), by parse() and _locator() below.
from tsp.text_io import (
    MAX_FILE_BYTES,
    YamlProblem,
    check_printable,
    decode,
    read_bytes,
    read_text,
    text_of,
)

if TYPE_CHECKING:
    from tsp.yaml_positions import Locator
    from tsp.schema_messages import References
    from tsp.cache import ParseCache
    from tsp.measures.figures import FigureTable
    from tsp.models.authority import Authority
    from tsp.models.measure import Measure
    from tsp.models.package import Package
    from tsp.models.year import ProgrammeYear


def parse(text: str) -> Any:
    """tsp.yaml_io.parse, imported when first needed."""
    from tsp.yaml_io import parse as parse_yaml

    return parse_yaml(text)


def _locator(text: str) -> Locator:
    """tsp.yaml_positions.Locator, imported when a position is first needed."""
    from tsp.yaml_positions import Locator as locator_class

    return locator_class(text)

ENV_REPO = "TSP_REPO"
MAX_PROBLEMS_PER_FILE = 50
SUFFIXES = (".yaml", ".yml")

R = TypeVar("R", bound=Record)
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
            self._locators[path] = _locator(text)
        return self._locators[path].find(loc, key=key)

    def with_text(self, kind: RecordKind, record_id: str, path: Path, text: str) -> SourceMap:
        """A copy in which the record lives at `path` with this text (not read from disk)."""
        copy = SourceMap({**self.paths, (kind, record_id): path},
                         {k: v for k, v in self.broken.items() if k != (kind, record_id)},
                         {**self._locators, path: _locator(text)})
        return copy


@dataclass
class Register(ProblemList):
    """The register: valid records by kind and id, where each came from, and what is wrong.

    `problems` are the problems of the files as loaded; a register from `tsp.checks.checked`
    also holds the problems across records."""

    root: Path
    records: dict[RecordKind, dict[str, Record]] = field(
        default_factory=lambda: {kind: {} for kind in KINDS})
    narratives: dict[str, dict[str, str]] = field(default_factory=dict)
    sources: SourceMap = field(default_factory=SourceMap)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0
    # The '## ' heading of each narrative section as written, by year and section slug.
    narrative_headings: dict[str, dict[str, str]] = field(default_factory=dict)
    # From the cache (tsp.cache), when this very register was checked before by this very tsp:
    # the problems across its records, which `tsp.checks.checked` then need not look for.
    # Else, where `checked` may keep what it finds. Never copied to a changed register.
    known_checks: list[Problem] | None = field(default=None, repr=False, compare=False)
    verdict_to: Callable[[list[Problem]], None] | None = field(default=None, repr=False,
                                                               compare=False)
    # The figures of the SEND data challenge, by measure id: tidy CSV, not records.
    figures: dict[str, FigureTable] = field(default_factory=dict)

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
        return Register(self.root, records, self.narratives,
                        self.sources.with_text(kind, record_id, path, text), [],
                        self.files_read, self.narrative_headings, figures=self.figures)

    def require_valid(self) -> Register:
        if self.errors:
            raise DataError(sorted(self.errors), root=self.root)
        return self


def find_root(explicit: Path | None = None, start: Path | None = None) -> Path:
    """--repo PATH, else $TSP_REPO, else the nearest folder upward holding data/authorities/."""
    source = "--repo"
    chosen = explicit
    if chosen is None and os.environ.get(ENV_REPO):
        source, chosen = f"${ENV_REPO}", Path(os.environ[ENV_REPO])
    if chosen is not None:
        from tsp.safe_fs import shown

        given = shown(chosen if len(str(chosen)) <= 120 else f"{str(chosen)[:100]}…")
        try:
            chosen = chosen.expanduser().resolve()
            found = (chosen / DATA_DIR / RecordKind.AUTHORITY.folder).is_dir()
            exists = chosen.exists()
        except RuntimeError:  # ~user for a user that does not exist
            raise RepositoryNotFound(f"{given} (from {source}): there is no such user's home "
                                     "folder; give the path in full.") from None
        except OSError as exc:  # a path too long, a loop of links, a folder not readable
            raise RepositoryNotFound(f"{given} (from {source}) cannot be used: "
                                     f"{exc.strerror or exc}.") from None
        if not found:
            what = "does not exist" if not exists else (
                "is not a tsp repository: it has no data/authorities/ folder")
            raise RepositoryNotFound(f"{shown(chosen)} (from {source}) {what}.")
        return chosen
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / DATA_DIR / RecordKind.AUTHORITY.folder).is_dir():
            return folder
    raise RepositoryNotFound()


def iter_data_files(folder: Path) -> Iterator[Path]:
    """The YAML files under a data folder, sorted, skipping hidden files and folders."""
    files, _ = _scan_folder(folder, folder.parent.parent)
    yield from map(Path, files)


def _scan_folder(folder: Path, root: Path, others: list[str] | None = None
                 ) -> tuple[list[str], list[Problem]]:
    """The data files of one data folder (as path strings: 10,000 Paths cost), and what in
    it tsp will not read (tsp.safe_fs walks it: nothing outside the repository or inside
    .git/ is followed). `others` collects the files in it that are not records."""
    from tsp.safe_fs import walk

    found = walk(folder, root, SUFFIXES)
    files: list[str] = []
    problems = list(found.problems)
    for name in found.names:
        suffix = os.path.splitext(name)[1]
        if suffix in SUFFIXES:
            files.append(name)
            continue
        if others is not None:
            others.append(name)
        if suffix.lower() in SUFFIXES or name.lower().endswith((".yaml.txt", ".yml.txt")):
            base = os.path.basename(name)
            problems.append(Problem(
                Path(name), 1, 1, Severity.WARNING, "not read: tsp reads files ending in .yaml "
                f"or .yml; rename it to {base.split('.')[0]}.yaml", "layout"))
    return files, problems


def _folders_named() -> str:
    """'data/authorities/, data/packages/ or data/years/': where records go."""
    names = [f"{DATA_DIR}/{kind.folder}/" for kind in KINDS]
    return ", ".join(names[:-1]) + " or " + names[-1]


PROGRAMME_NAME = "programme.yaml"  # the programme and its region (tsp.programme reads it)


def _scan(root: Path) -> tuple[dict[RecordKind, list[str]], list[str], list[Problem]]:
    """The data files by kind; every other file the safe walk found under data/ (path
    strings, sorted: see _other_files); and what sits in data/ that tsp will not read though
    its author may expect it to."""
    from tsp.safe_fs import walk, where_it_leads

    data = root / DATA_DIR
    found: dict[RecordKind, list[str]] = {kind: [] for kind in KINDS}
    rest: list[str] = []
    problems: list[Problem] = []
    leads = where_it_leads(data, root)
    if leads is not None:
        problems.append(Problem(data, 1, 1, Severity.ERROR, f"this is {leads}; tsp does not "
                                "follow it (put the folder itself here)", "layout"))
        return found, rest, problems
    for kind in KINDS:
        found[kind], odd = _scan_folder(data / kind.folder, root, rest)
        problems += odd
    try:
        others = sorted(os.scandir(data), key=lambda e: e.name)
    except OSError:
        others = []
    folders = {kind.folder for kind in KINDS}
    for entry in others:
        path = Path(entry.path)
        if entry.name.startswith(".") or entry.name in folders:
            continue
        # A link to a folder inside the repository is read through (data/figures/ may be
        # one), so what it holds is part of the state; any other link (outside, dangling,
        # a loop) is noted as a link.
        linked_folder = (entry.is_symlink() and where_it_leads(path, root) is None
                         and os.path.isdir(path))
        if entry.is_dir(follow_symlinks=False) or linked_folder:
            inside = walk(path, root, SUFFIXES)
            problems += inside.problems
            rest += inside.names + inside.folders
            if any(os.path.splitext(p)[1] in SUFFIXES for p in inside.names):
                problems.append(Problem(
                    path, 1, 1, Severity.WARNING, f"not read: data/{entry.name}/ is not a folder tsp "
                    f"knows; records go in {_folders_named()}", "layout"))
        else:
            rest.append(entry.path)  # a file, or a link tsp does not follow
            if path.suffix.lower() in SUFFIXES and entry.name != PROGRAMME_NAME:
                problems.append(Problem(
                    path, 1, 1, Severity.WARNING, f"not read: records go in "
                    f"{_folders_named()}", "layout"))
    return found, sorted(rest), problems


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_data(path: Path, cache: ParseCache | None, raw: bytes | None = None
               ) -> tuple[Any, str | None]:
    """The file's parsed data, and its text when it had to be decoded (None from the cache).
    `raw`: the file's bytes, when they were read already (or come from git, not the disk)."""
    if cache is None:
        text = read_text(path) if raw is None else text_of(raw)
        return parse(text), text
    from tsp.cache import digest

    if raw is None:
        raw = read_bytes(path)  # a regular file of at most MAX_FILE_BYTES, else YamlProblem
    elif len(raw) > MAX_FILE_BYTES:
        text_of(raw)  # raises "too large"
    key = digest(raw)
    hit, data = cache.get(key)
    if hit:
        return data, None
    text = decode(raw)
    data = parse(text)
    cache.put(key, data)
    return data, text


# A record has about twenty fields; a file with more top-level keys than this is not parsed
# (100,000 of them take seconds to build), only its unknown keys listed, up to the cap.
MAX_TOP_LEVEL_KEYS = 1000


def _too_many_keys(path: Path, model: type[R], raw: bytes | None = None
                   ) -> list[Problem] | None:
    """The problems of a file with far more top-level keys than any record, found by one pass
    over its lines; None for an ordinary file."""
    from tsp.yaml_positions import top_level_keys

    try:
        text = read_text(path) if raw is None else text_of(raw)
        keys = top_level_keys(text, MAX_TOP_LEVEL_KEYS)
    except YamlProblem:
        return None  # the parse that follows reports it
    if keys is None:
        return None
    allowed = list(model.model_fields)
    unknown = [(name, line) for name, line in keys if name not in model.model_fields]
    problems = [Problem(path, line, 1, Severity.ERROR, f"unknown field '{name}'; allowed here: "
                        f"{', '.join(allowed)}", "schema")
                for name, line in unknown[:MAX_PROBLEMS_PER_FILE]]
    more = len(unknown) - MAX_PROBLEMS_PER_FILE
    problems.append(Problem(path, 1, 1, Severity.ERROR,
                            f"the file has {len(keys):,} top-level keys; a record has at most "
                            f"{len(allowed)} fields" + (f" (… and {more:,} more problems in "
                                                        "this file)" if more > 0 else ""),
                            "schema"))
    return problems


def load_record(path: Path, model: type[R], *, cache: ParseCache | None = None,
                raw: bytes | None = None, references: References | None = None
                ) -> tuple[R | None, list[Problem]]:
    """One file as one record, or the problems that stop it being one (`raw`: its bytes,
    when they were read already; `references` lets a message name the id meant by a name
    written where an id belongs)."""
    size = len(raw) if raw is not None else _size(path)
    crowded = _too_many_keys(path, model, raw) if size > 64 * 1024 else None
    if crowded is not None:
        return None, crowded
    try:
        data, text = _read_data(path, cache, raw)
    except YamlProblem as exc:
        return None, [Problem(path, exc.line, exc.column, Severity.ERROR, exc.message, exc.code)]
    if text is None and raw is not None:
        text = text_of(raw)  # positions of problems come from these bytes, not the disk
    record, problems = _record(path, data, text, model, references)
    return record, problems + _comments_after_text(path, text)


def _comments_after_text(path: Path, text: str | None) -> list[Problem]:
    """A warning for each comment after a plain value: YAML drops it from the value without
    a word (`summary: For the team # for SEND`). A warning, and the record still loads: a
    comment may be meant."""
    if text is None:  # the parse came from the cache; the text is needed only for this
        try:
            text = read_text(path)
        except YamlProblem:
            return []
    if " #" not in text and "\t#" not in text:
        return []
    from tsp.yaml_positions import comments_after_text

    return [Problem(path, line, column, Severity.WARNING,
                    f"text after # is a YAML comment, so the value is '{kept[:60]}' and "
                    f"'{dropped[:60]}' is dropped; if it belongs to the value, quote the "
                    "value (or move the comment to a line of its own)", "comment-after-text")
            for line, column, kept, dropped in comments_after_text(text)]


def load_text(path: Path, text: str, model: type[R], references: References | None = None
              ) -> tuple[R | None, list[Problem]]:
    """`text` as the record the file at `path` would hold, without reading or writing it: how an
    edit is checked before it is written."""
    try:
        # The bytes the file would hold, read back as the loader reads a file.
        text = text_of(text.encode("utf-8"))
        data = parse(text)
    except YamlProblem as exc:
        return None, [Problem(path, exc.line, exc.column, Severity.ERROR, exc.message, exc.code)]
    return _record(path, data, text, model, references)


def _record(path: Path, data: Any, text: str | None, model: type[R],
            references: References | None = None) -> tuple[R | None, list[Problem]]:
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

    def find(loc: Loc, key: bool = False) -> tuple[int, int]:
        nonlocal locator
        if locator is None:
            locator = _locator(text if text is not None else read_text(path))
        return locator.find(loc, key=key)

    record_id = data.get("id")
    if isinstance(record_id, str | int | float) and not isinstance(record_id, bool) and str(
        record_id
    ) != path.stem:
        line, column = find(("id",))
        problems.append(Problem(
            path, line, column, Severity.ERROR,
            f"id '{record_id}' does not match the file name '{path.name}'; the id and the "
            f"file name must be the same ({_rename_advice(str(record_id), path)})",
            "id-mismatch",
        ))
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        from tsp.schema_messages import describe_validation_error

        for loc, message, at_key in describe_validation_error(exc, model, references,
                                                              MAX_PROBLEMS_PER_FILE):
            line, column = find(loc, key=at_key)
            problems.append(Problem(path, line, column, Severity.ERROR, message, "schema"))
        more = exc.error_count() - MAX_PROBLEMS_PER_FILE
        if more > 0:
            # 100,000 unknown keys must not take half a minute and print 28 MB.
            problems.append(Problem(path, 1, 1, Severity.ERROR,
                                    f"… and {more:,} more problems in this file (tsp shows "
                                    f"the first {MAX_PROBLEMS_PER_FILE})", "schema"))
        return None, problems
    return (None if problems else record), problems


def _rename_advice(record_id: str, path: Path) -> str:
    """How to make id and file name agree, offering only what is itself a valid id: a file
    named Slough-Transitions.yaml is renamed, never matched with id: Slough-Transitions."""
    stem_ok = re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", path.stem) is not None
    id_ok = re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", record_id) is not None
    if stem_ok and id_ok:
        return f"rename the file to {record_id}{path.suffix} or set id: {path.stem}"
    if id_ok:
        return f"rename the file to {record_id}{path.suffix}"
    if stem_ok:
        return f"set id: {path.stem}"
    slug = slugify(path.stem) or "an-id"
    return f"rename the file to {slug}{path.suffix} and set id: {slug}"


def _split_narrative(text: str, headings: dict[str, str] | None = None,
                     ) -> tuple[dict[str, str], list[tuple[int, str]]]:
    """Sections keyed by the slug of their '## ' heading, and the headings used twice;
    `headings`, if given, receives each section's heading as written."""
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
            if headings is not None:
                headings.setdefault(current, match.group(1))
        else:
            sections[current].append(line)
    text_of = {k: "\n".join(v).strip() for k, v in sections.items()}
    return {k: v for k, v in text_of.items() if v}, repeated


def names_to_ids(register: Register) -> References:
    """What a name written where an id belongs means, from the authorities loaded so far
    (authorities load first): only a name that resolves to exactly one."""
    def meant(folder: str, text: str) -> str | None:
        if folder != "authorities":
            return None
        from tsp.authorities import resolve
        from tsp.errors import TspError

        try:
            return resolve(register.authorities, text).id
        except TspError:
            return None
    return meant


def _scan_memory(root: Path, files: Mapping[str, bytes]
                 ) -> tuple[dict[RecordKind, list[str]], list[Problem], dict[Path, bytes]]:
    """The data files by kind among `files` (paths relative to root), as _scan finds them
    on disk: hidden ones skipped, a folder named like a YAML file an error; and the bytes of
    every file under data/ by its path."""
    kinds = {kind.folder: kind for kind in KINDS}
    found: dict[RecordKind, list[str]] = {kind: [] for kind in KINDS}
    problems: dict[Path, Problem] = {}
    sources: dict[Path, bytes] = {}
    base = str(root)
    for relative in sorted(files, key=lambda r: r.split("/")):
        parts = relative.split("/")
        if (len(parts) < 3 or parts[0] != DATA_DIR or parts[1] not in kinds
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
            found[kinds[parts[1]]].append(path)
    return found, list(problems.values()), sources


def _other_files(root: Path, found: Mapping[RecordKind, list[str]],
                 files: Mapping[str, bytes] | None, scanned: list[str]) -> list[str]:
    """Every other file under data/ (path strings, sorted; hidden ones skipped): what load
    reads besides records (narratives, and whatever a later kind of data brings) is part of
    the register's state too, so that no cached verdict outlives a change to any of them.
    From the disk, these are the files the safe scan found (`scanned`): no second walk, and
    nothing outside the repository is ever opened to hash it."""
    if files is None:
        return scanned
    records = {path for paths in found.values() for path in paths}
    base = str(root)
    candidates = [f"{base}{os.sep}{r}" if os.sep == "/" else str(root / r) for r in files
                  if r.startswith(f"{DATA_DIR}/")
                  and not any(part.startswith(".") for part in r.split("/"))]
    return sorted(path for path in candidates if path not in records)


def _relative_names(root: Path, files: Mapping[Any, list[str]]) -> dict[str, str]:
    """Each file's path relative to root, with '/' (by string: the files are under root)."""
    prefix = len(str(root).rstrip(os.sep)) + 1
    return {path: path[prefix:].replace(os.sep, "/")
            for paths in files.values() for path in paths}


def _hash_files(cache: ParseCache, found: Mapping[Any, list[str]],
                names: Mapping[str, str], raw: dict[str, bytes], keys: dict[str, str],
                known: Mapping[str, tuple[str, str]], *, follow: bool = True,
                root: Path | None = None) -> None:
    """The content hash of every file on disk (and the bytes of those read to get it).

    A file whose size, modification and change times and inode are as when its hash was
    recorded is not read again, as git trusts its index: any write to a file changes its
    change time (ctime), which no program can set back. A file changed within two seconds of
    being recorded is never trusted this way (a second write in the same clock tick could
    leave its times as they were)."""
    import time

    from tsp import cache as cache_module
    from tsp.cache import digest
    from tsp.safe_fs import where_it_leads

    now = time.time_ns()
    for paths in found.values():
        for path in paths:
            link = ""
            try:
                # Record files were vetted by the scan (a link among them leads inside the
                # repository); any other file is opened only if it is a regular one, or a
                # link to one inside the repository (tsp reads figures through such a link,
                # so the state holds what it leads to).
                stat = os.stat(path) if follow else os.lstat(path)
                if S_ISLNK(stat.st_mode):
                    link = os.readlink(path)
                    if root is not None and where_it_leads(Path(path), root) is None:
                        stat = os.stat(path)
                if not S_ISREG(stat.st_mode):
                    keys[path] = f"{stat.st_mode:o}:{link}"
                    continue
            except OSError:
                continue
            if stat.st_size > MAX_FILE_BYTES and path.endswith(SUFFIXES):
                continue  # refused on every run, so no verdict on it is kept
            name = names[path]
            signature = f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"
            if link:
                signature += f":{link}"
            entry = known.get(name)
            if entry is not None and entry[0] == signature:
                keys[path] = entry[1]
                continue
            try:
                with open(path, "rb") as handle:  # not Path.read_bytes: 10,000 times
                    data = handle.read()
            except OSError:
                continue
            if len(data) > MAX_FILE_BYTES and path.endswith(SUFFIXES):
                continue
            raw[path], keys[path] = data, digest(data)
            if now - max(stat.st_mtime_ns, stat.st_ctime_ns) > cache_module.SETTLED_NS:
                cache.put_file_hash(name, signature, keys[path])


def _state(files: Mapping[Any, list[str]], names: Mapping[str, str],
           keys: Mapping[str, str]) -> str | None:
    """One hash of every data file's place and content: the register's state, for the cache.
    None when a file could not be read (its problem is found again on every run)."""
    from tsp.cache import digest

    entries = []
    for kind, paths in files.items():
        for path in paths:
            if path not in keys:
                return None
            entries.append(f"{kind}\0{names[path]}\0{keys[path]}")
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


def load(root: Path, *, cache: ParseCache | None = None,
         files: Mapping[str, bytes] | None = None,
         packages_of: Callable[[Mapping[str, Authority]], str | None] | None = None,
         kinds: Collection[RecordKind] | None = None,
         figures_of: Collection[str] | None = None,
         ) -> Register:
    """Every record under root/data, with the problems of each file; no checks across records.

    `cache` (see tsp.cache) saves parsing and validating unchanged files, and lets
    `tsp.checks.checked` skip checking a register it checked before; what is found is the same
    either way. `files` loads the data from memory instead of the disk: the files' bytes by
    path relative to root (data/...).

    A question that needs only part of the register may say which part: `kinds`, the kinds of
    record it reads (figures are read with the measures); `packages_of`, given the
    authorities, may name the one authority whose packages are all it reads; `figures_of`, the
    measures whose figures are all it reads. The rest is left unread only where the cache
    knows this very register to be free of errors (its verdict holds every problem of the
    whole); otherwise the whole register is loaded, so that no problem goes unfound.
    """
    from tsp.cache import digest

    register = Register(root=root)
    sources = register.sources
    references = names_to_ids(register)
    if files is None:
        found, rest, odd = _scan(root)
    else:
        rest = []
        found, odd, sources._bytes = _scan_memory(root, files)
    register.problems.extend(odd)
    if cache is not None and sum(map(len, found.values())) < cache.min_files:
        cache = None
    # By path string: a Path is made only for a file that is loaded.
    raw: dict[str, bytes] = {}
    keys: dict[str, str] = {}
    names: dict[str, str] = {}
    state = None
    verdict = None
    if cache is not None:
        every: dict[Any, list[str]] = {**found, "other": _other_files(root, found, files, rest)}
        names = _relative_names(root, every)
        if files is None:
            hashes = cache.file_hashes()  # read once: 10,000 rows cost ~6 ms
            _hash_files(cache, found, names, raw, keys, hashes)
            _hash_files(cache, {"other": every["other"]}, names, raw, keys, hashes,
                        follow=False, root=root)
        else:
            for paths in every.values():
                for file_name in paths:
                    data = files[names[file_name]]
                    if len(data) <= MAX_FILE_BYTES:
                        raw[file_name], keys[file_name] = data, digest(data)
        cache.live(keys.values())
        state = _state(every, names, keys)
        if state is not None:
            verdict = cache.verdict(state)
    elif files is not None:
        raw = {n: sources._bytes[Path(n)] for paths in found.values() for n in paths}
    stored = known = None
    if verdict is not None:
        stored, known = _problems_from(root, verdict[0]), _problems_from(root, verdict[1])
    if stored is None or known is None:
        verdict = stored = known = None
    loaded_only = False
    known_clean = verdict is not None and not any(
        p.is_error for p in (*(stored or ()), *(known or ())))
    # The bytes of whatever is parsed below are those the state was hashed from.
    as_hashed = _AsHashed(raw, keys) if files is None and state is not None else None
    file_problems: list[Problem] = []
    for kind in KINDS:
        paths = found[kind]
        if known_clean and kinds is not None and kind not in kinds:
            loaded_only = True
            continue  # not read, and its model not even imported
        if kind is RecordKind.PACKAGE and known_clean and packages_of is not None:
            assert verdict is not None
            wanted = packages_of(register.authorities)
            if wanted is not None:
                load_only = set(verdict[2].get(wanted, []))
                paths = [p for p in paths if names[p] in load_only]
                loaded_only = True
        hits = cache.records(kind.model, [keys[p] for p in paths if p in keys]) if cache else {}
        target = register.records[kind]
        for name in paths:
            register.files_read += 1
            path = Path(name)
            record = hits.get(keys.get(name, ""))
            if record is not None and getattr(record, "id") == path.stem:
                problems: list[Problem] = []
            else:
                record, problems = load_record(
                    path, kind.model, cache=cache, references=references,
                    raw=as_hashed(name) if as_hashed is not None else raw.get(name))
                if cache is not None and record is not None and not problems and name in keys:
                    cache.put_record(keys[name], record)
            file_problems.extend(problems)
            if record is None:
                sources.broken.setdefault((kind, path.stem), path)
                continue
            record_id: str = getattr(record, "id")
            if (kind, record_id) in sources.paths:
                first = sources.paths[(kind, record_id)]
                line, column = sources.locate(path, ("id",))
                file_problems.append(Problem(
                    path, line, column, Severity.ERROR,
                    f"duplicate id '{record_id}': {first.relative_to(root)} has it too; "
                    "ids must be unique",
                    "duplicate-id",
                ))
                continue
            sources.paths[(kind, record_id)] = path
            target[record_id] = record
    if loaded_only:
        register.files_read = sum(map(len, found.values()))
    if not loaded_only or RecordKind.MEASURE in (kinds or ()):
        # The figures' own problems join the files' (a cached verdict already holds them).
        # A question that reads no measures (the cache vouched for the rest) needs no
        # figures either, so it skips reading them and importing tsp.measures.
        from tsp.measures.load import load_figures

        only = None
        if loaded_only and figures_of is not None and all(
                m in register.measures for m in figures_of):
            only = frozenset(figures_of)  # else a name that is no id: read them all
        load_figures(register, file_problems, files, only=only, read=as_hashed)
        if as_hashed is not None and only is None:
            folder = os.path.join(root, DATA_DIR, "figures")
            as_hashed.all_read([n for n in every["other"] if n.endswith(".csv")
                                and os.path.dirname(n) == folder])
    # A year's narrative is read with its year, and its problems are the files' own: a
    # cached verdict holds them, for the questions that read no programme years.
    for year_id in register.years:
        _load_narrative(register, year_id, file_problems, read=as_hashed)
    if as_hashed is not None and as_hashed.drifted:
        # The register changed while it was read: answer from it as it is now, as a run
        # without the cache does, and keep no verdict on bytes that are not its state's.
        return load(root, packages_of=packages_of, kinds=kinds, figures_of=figures_of)
    if stored is not None:
        # This very register was loaded and checked before, by this very tsp.
        register.problems.extend(stored)
        register.known_checks = known
    else:
        register.problems.extend(file_problems)
        if cache is not None and state is not None:
            register.verdict_to = _keep_verdict(cache, state, register, file_problems)
    if cache is not None:
        cache.save()
    register.problems.sort()
    return register


class _AsHashed:
    """The bytes of each file a load parses, as the register's state was hashed from them:
    the bytes read to hash it, else (its hash known by its stat) read now and checked
    against that hash. A file that changed meanwhile, or came or went since the state was
    taken, leaves the load `drifted`: a verdict on what it parsed would be kept under the
    state of other bytes, and given back when those bytes return (an undo, a checkout)."""

    def __init__(self, raw: Mapping[str, bytes], keys: Mapping[str, str]) -> None:
        self._raw = raw
        self._keys = keys
        self._read: set[str] = set()
        self.drifted = False

    def __call__(self, name: str) -> bytes | None:
        self._read.add(name)
        data = self._raw.get(name)
        if data is not None:
            return data
        key = self._keys.get(name)
        if key is None:
            self.drifted = True  # not there when the state was taken
            return None
        from tsp.cache import digest

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
        if name in self._keys:
            self.drifted = True

    def all_read(self, names: list[str]) -> None:
        """Each of these files of the state (those a regular file) was to be read."""
        if any(n not in self._read and ":" not in self._keys.get(n, ":") for n in names):
            self.drifted = True


def _keep_verdict(cache: ParseCache, state: str, register: Register,
                  file_problems: list[Problem]) -> Callable[[list[Problem]], None]:
    """What `tsp.checks.checked` calls with the problems it found across the records: the
    cache keeps them (and the files' own problems) for this state of the register."""
    def keep(cross: list[Problem]) -> None:
        files = _relative_problems(register.root, file_problems)
        checks = _relative_problems(register.root, cross)
        if files is not None and checks is not None:
            cache.put_verdict(state, files, checks, _authority_index(register))
        cache.save()

    return keep


def _load_narrative(register: Register, year_id: str, problems: list[Problem],
                    read: _AsHashed | None = None) -> None:
    """A year's narrative into the register; its problems into `problems`. `read` gives a
    file's bytes as the register's state was hashed from them (see _AsHashed)."""
    from tsp.safe_fs import Unsafe, check_contained

    narrative = register.path_of(RecordKind.YEAR, year_id).with_suffix(".md")
    in_memory = register.sources._bytes  # tsp changes: the files git holds, nothing on disk
    data: bytes | None = None
    if in_memory:
        if narrative not in in_memory:
            return
        data = in_memory[narrative]
    else:
        if not os.path.lexists(narrative):
            if read is not None:
                read.gone(str(narrative))
            return
        try:
            check_contained(narrative, register.root)
        except Unsafe as exc:
            problems.append(Problem(narrative, 1, 1, Severity.ERROR, exc.message, exc.code))
            return
        if read is not None:
            data = read(str(narrative))
    try:
        text = text_of(data) if data is not None else read_text(narrative)
        check_printable(text)
        headings: dict[str, str] = {}
        sections, repeated = _split_narrative(text, headings)
        register.narratives[year_id] = sections
        register.narrative_headings[year_id] = headings
        problems.extend(
            Problem(narrative, line, 1, Severity.ERROR,
                    f"the heading '## {heading}' appears twice; a section heading may "
                    "appear once (merge the two sections or rename one)",
                    "duplicate-section")
            for line, heading in repeated
        )
    except YamlProblem as exc:
        problems.append(
            Problem(narrative, exc.line, exc.column, Severity.ERROR, exc.message, exc.code)
        )
