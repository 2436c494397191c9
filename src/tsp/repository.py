"""The register under its older name: `tsp.register` loads, `tsp.checks` checks.

Kept so that code written against `tsp.repository` still runs; new code imports from
`tsp.register` and `tsp.checks`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tsp.register import (
    ENV_REPO,
    SUFFIXES,
    Register,
    SourceMap,
    _scan_folder,
    find_root,
    iter_data_files,
    load,
    load_record,
    load_text,
)

if TYPE_CHECKING:
    from tsp.cache import ParseCache

Repository = Register

__all__ = ["ENV_REPO", "SUFFIXES", "Register", "Repository", "SourceMap", "_scan_folder",
           "find_root",
           "iter_data_files", "load", "load_record", "load_repository", "load_text",
           "open_repository"]


def load_repository(root: Path, *, cache: ParseCache | None = None) -> Register:
    """Load and check: every record, with every per-file and cross-record problem."""
    from tsp.checks import checked

    return checked(load(root, cache=cache))


def open_repository(explicit: Path | None = None) -> Register:
    """The repository for a query: found, loaded, checked and free of errors (else DataError)."""
    return load_repository(find_root(explicit)).require_valid()
