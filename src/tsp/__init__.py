"""tsp: the register and reporting tool of SESLIP's Targeted Support Programme.

Use it from Python as a library::

    from tsp import open_repository
    repo = open_repository()          # finds the repository from the current folder
    repo.packages["reading-annual-review-mapping"].status
"""

from __future__ import annotations

from tsp.errors import DataError, NotFound, Problem, TspError, UsageError
from tsp.repository import Repository, find_root, load_repository, open_repository
from tsp.checks import ValidationResult, validate_repository

__all__ = [
    "DataError",
    "NotFound",
    "Problem",
    "Repository",
    "TspError",
    "UsageError",
    "ValidationResult",
    "find_root",
    "load_repository",
    "open_repository",
    "validate_repository",
]
__version__ = "0.1.0"
