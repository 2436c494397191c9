"""Read data/measures/*.yaml and data/figures/*.csv into the register, collecting problems."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tsp.errors import Problem
from tsp.measures.figures import FigureTable, read_figures
from tsp.measures.model import Measure

if TYPE_CHECKING:
    from tsp.cache import ParseCache
    from tsp.repository import Repository

MEASURES = "measures"
FIGURES = "figures"
FOLDERS = (MEASURES, FIGURES, "reference")


def figures_files(root: Path) -> tuple[list[Path], list[Problem]]:
    folder = root / "data" / FIGURES
    problems: list[Problem] = []
    files: list[Path] = []
    if not folder.is_dir():
        return files, problems
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name == "README.md":
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
            problems.append(Problem(path, 1, 1, "error", "a symbolic link to outside the "
                                    "repository; tsp does not follow it", "layout"))
        elif path.suffix == ".csv" and path.is_file():
            files.append(path)
        else:
            problems.append(Problem(path, 1, 1, "warning", "not read: data/figures/ holds one "
                                    "MEASURE.csv per measure", "layout"))
    return files, problems


def load_data_challenge(repo: Repository, *, cache: ParseCache | None = None) -> None:
    """Fill repo.measures and repo.figures, adding each file's problems to repo.problems
    (the checks across records are tsp.measures.checks, run once everything is loaded)."""
    from tsp.repository import _scan_folder, load_record

    root = repo.root
    files, odd = _scan_folder(root / "data" / MEASURES, root)
    repo.problems.extend(odd)
    for path in files:
        repo.files_read += 1
        record, problems = load_record(path, Measure, cache=cache)
        repo.problems.extend(problems)
        if record is None:
            repo.broken.setdefault((MEASURES, path.stem), path)
            continue
        if (MEASURES, record.id) in repo.paths:
            line, column = repo.locate(path, ("id",))
            repo.problems.append(Problem(path, line, column, "error",
                                         f"duplicate id '{record.id}'", "duplicate-id"))
            continue
        repo.paths[(MEASURES, record.id)] = path
        repo.measures[record.id] = record
    csvs, odd = figures_files(root)
    repo.problems.extend(odd)
    for path in csvs:
        repo.files_read += 1
        table, problems = read_figures(path, path.stem)
        repo.problems.extend(problems)
        if table is not None:
            repo.figures[path.stem] = table


def figures_of(repo: Repository, measure_id: str) -> FigureTable | None:
    return repo.figures.get(measure_id)
