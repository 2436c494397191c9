"""Read data/figures/*.csv into the register: one table per measure, with each file's problems.

The measures themselves are records (tsp.kinds.RecordKind.MEASURE), loaded with every other
kind; their cross-record checks are tsp.checks.measures.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from tsp.measures.figures import read_figures
from tsp.problems import Problem, Severity

if TYPE_CHECKING:
    from tsp.register import Register

FIGURES = "figures"


def figures_files(root: Path) -> tuple[list[Path], list[Problem]]:
    """The CSV files of data/figures/, and what in it tsp will not read."""
    import os
    import stat

    from tsp.safe_fs import odd_name, shown, where_it_leads

    folder = root / "data" / FIGURES
    problems: list[Problem] = []
    files: list[Path] = []
    # Through tsp.safe_fs's rules: nothing outside the repository or inside .git/ is read, and
    # only regular files are (a FIFO would hang CI).
    leads = where_it_leads(folder, root) if os.path.lexists(folder) else None
    if leads is not None:
        problems.append(Problem(folder, 1, 1, Severity.ERROR, f"this is {leads}; tsp does not "
                                "follow it (put the folder itself here)", "layout"))
        return files, problems
    if not folder.is_dir():
        return files, problems
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name == "README.md":
            continue
        odd = odd_name(path.name)
        leads = where_it_leads(path, root) if path.is_symlink() else None
        try:
            regular = stat.S_ISREG(os.stat(path).st_mode)
        except OSError:
            regular = False
        if odd is not None:
            problems.append(Problem(path, 1, 1, Severity.ERROR, f"'{shown(path.name)}' {odd}; "
                                    "tsp does not read it (rename it)", "name"))
        elif leads is not None:
            problems.append(Problem(path, 1, 1, Severity.ERROR, f"this is {leads}; tsp does "
                                    "not follow it (put the file itself here)", "layout"))
        elif path.suffix == ".csv" and regular:
            files.append(path)
        elif path.suffix == ".csv" and not path.is_dir():
            problems.append(Problem(path, 1, 1, Severity.ERROR, "not a regular file (a FIFO, "
                                    "socket or device); tsp reads only regular files",
                                    "layout"))
        else:
            problems.append(Problem(path, 1, 1, Severity.WARNING, "not read: data/figures/ "
                                    "holds one MEASURE.csv per measure", "layout"))
    return files, problems


def load_figures(register: Register, problems: list[Problem],
                 files: Mapping[str, bytes] | None = None,
                 only: Collection[str] | None = None,
                 read: Callable[[str], bytes | None] | None = None) -> None:
    """Fill register.figures, adding each file's problems to `problems`. `files` holds the
    data in memory (path relative to the root: data/figures/X.csv) instead of on disk;
    `only`, the measures whose figures are wanted (None: every file's); `read`, a file's
    bytes by its path (the loader's: the bytes its cache hashed), else the file is read."""
    if files is not None:
        for name in sorted(files):
            path = Path(name)
            if only is not None and path.stem not in only:
                continue
            if path.parent.as_posix() == f"data/{FIGURES}" and path.suffix == ".csv":
                register.files_read += 1
                table, found = read_figures(register.root / path, path.stem, files[name])
                problems.extend(found)
                if table is not None:
                    register.figures[path.stem] = table
        return
    csvs, odd = figures_files(register.root)
    problems.extend(odd)
    for path in csvs:
        if only is not None and path.stem not in only:
            continue
        register.files_read += 1
        table, found = read_figures(path, path.stem, read(str(path)) if read else None)
        problems.extend(found)
        if table is not None:
            register.figures[path.stem] = table
