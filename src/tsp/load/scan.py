"""Finding the repository and the files of its register: the safe scan of data/.

Every record file the loader reads is one this scan found, through tsp.safe_fs's rules (the
figures and data/programme.yaml are found by the same rules): nothing
outside the repository or inside .git/ is followed, and what sits in data/ that tsp will not
read (a link out, a FIFO, a record in the wrong folder) is a problem naming it. The register at
a commit (tsp changes, --as-of) comes from git as files in memory, scanned alike.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tsp.errors import RepositoryNotFound
from tsp.kinds import DATA_DIR, KINDS, RecordKind
from tsp.problems import Problem, Severity
from tsp.safe_fs import Unsafe, check_contained, shown, walk, where_it_leads

if TYPE_CHECKING:  # the cache's seam reads its files through this module's scan
    from tsp.load.cache import Cached

ENV_REPO = "TSP_REPO"
SUFFIXES = (".yaml", ".yml")
PROGRAMME_NAME = "programme.yaml"  # the programme and its region (tsp.programme reads it)


@dataclass
class Scan:
    """What a load reads: the record files by kind, every other file under data/ (path
    strings, sorted: 10,000 Paths cost), and what sits in data/ that tsp will not read.
    `memory` holds the bytes of every file under data/ by path when the register comes from
    memory (`files`: as given, by path relative to the root), else nothing."""

    found: dict[RecordKind, list[str]]
    others: list[str]
    problems: list[Problem]
    files: Mapping[str, bytes] | None = None
    memory: dict[Path, bytes] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(map(len, self.found.values()))


def scan(root: Path, files: Mapping[str, bytes] | None = None) -> Scan:
    """The files of the register at root: on disk, or `files` (path relative to root: bytes)."""
    if files is None:
        return Scan(*_scan(root))
    found, problems, memory = _scan_memory(root, files)
    return Scan(found, _other_files(root, found, files), problems, files, memory)


def find_root(explicit: Path | None = None, start: Path | None = None) -> Path:
    """--repo PATH, else $TSP_REPO, else the nearest folder upward holding data/authorities/."""
    source = "--repo"
    chosen = explicit
    if chosen is None and os.environ.get(ENV_REPO):
        source, chosen = f"${ENV_REPO}", Path(os.environ[ENV_REPO])
    if chosen is not None:
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
    files, _ = scan_folder(folder, folder.parent.parent)
    yield from map(Path, files)


def scan_folder(folder: Path, root: Path, others: list[str] | None = None
                 ) -> tuple[list[str], list[Problem]]:
    """The data files of one data folder (as path strings: 10,000 Paths cost), and what in
    it tsp will not read (tsp.safe_fs walks it: nothing outside the repository or inside
    .git/ is followed). `others` collects the files in it that are not records."""
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



def _scan(root: Path) -> tuple[dict[RecordKind, list[str]], list[str], list[Problem]]:
    """The data files by kind; every other file the safe walk found under data/ (path
    strings, sorted: see _other_files); and what sits in data/ that tsp will not read though
    its author may expect it to."""
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
        found[kind], odd = scan_folder(data / kind.folder, root, rest)
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
                 files: Mapping[str, bytes]) -> list[str]:
    """Every file under data/ among `files` that is not a record (path strings, sorted;
    hidden ones skipped): narratives, figures, and whatever a later kind of data brings."""
    records = {path for paths in found.values() for path in paths}
    base = str(root)
    candidates = [f"{base}{os.sep}{r}" if os.sep == "/" else str(root / r) for r in files
                  if r.startswith(f"{DATA_DIR}/")
                  and not any(part.startswith(".") for part in r.split("/"))]
    return sorted(path for path in candidates if path not in records)


def read_beside(path: Path, root: Path, problems: list[Problem], cached: Cached
                ) -> tuple[bool, bytes | None]:
    """A file on disk under data/ that is not a record (a year's narrative,
    data/programme.yaml), by the scan's rules: (False, None) when it is not there (the cache
    hears of it) or the rules refuse it (a problem says why); else (True, its bytes as the
    cache hashed them, or None for the reader to read it now)."""
    if not os.path.lexists(path):
        cached.gone(str(path))
        return False, None
    try:
        check_contained(path, root)
    except Unsafe as exc:
        problems.append(Problem(path, 1, 1, Severity.ERROR, exc.message, exc.code))
        return False, None
    return True, cached.bytes_of(str(path))
