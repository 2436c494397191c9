"""Shell completion (tsp --install-completion): ids, names and closed vocabularies.

Each function runs on every Tab press, so it reads as little as it can (file names, or the
authority files only) and never raises: a broken repository completes to nothing rather than
printing a traceback into the user's prompt.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from tsp.models import Area, Authority, AuthorityType, Kind, Role, Status
from tsp.load import find_root, iter_data_files, load_record


def _matching(incomplete: str, values: Iterable[str]) -> list[str]:
    lowered = incomplete.lower()
    return sorted({v for v in values if v.lower().startswith(lowered)})


def _for_the_shell(value: str) -> str:
    """The value as bash must insert it. Typer's bash script puts each completion into the
    command line as it is, so `Bracknell Forest` became two arguments: escape what bash would
    split or read (as `printf %q` does). zsh, fish and PowerShell quote for themselves."""
    if os.environ.get("_TSP_COMPLETE") != "complete_bash":
        return value
    return re.sub(r"([^\w@%+=:,./-])", r"\\\1", value)


def safely(find: Callable[[], Iterable[str]]) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        try:
            return [_for_the_shell(v) for v in _matching(incomplete, find())]
        except Exception:  # completion must never break the user's shell
            return []
    return complete


def root() -> Path:
    """The repository being completed in: $TSP_REPO, else the nearest one upward."""
    return find_root(None)


def _stems(folder: str) -> list[str]:
    base = root() / "data" / folder
    stems = []
    for directory, subfolders, files in os.walk(base):
        subfolders[:] = [s for s in subfolders if not s.startswith(".")]
        stems += [Path(f).stem for f in files
                  if f.endswith((".yaml", ".yml")) and not f.startswith(".")]
    return stems


def _authority_names() -> list[str]:
    names: list[str] = []
    for path in iter_data_files(root() / "data" / "authorities"):
        record, _ = load_record(path, Authority)
        if record is not None:
            names += [record.id, record.name, *record.aliases]
    return names


package_ids = safely(lambda: _stems("packages"))
authorities = safely(_authority_names)
statuses = safely(lambda: [s.value for s in Status])
areas = safely(lambda: [a.value for a in Area])
kinds = safely(lambda: [k.value for k in Kind])
roles = safely(lambda: [r.value for r in Role])
authority_types = safely(lambda: [t.value for t in AuthorityType])
