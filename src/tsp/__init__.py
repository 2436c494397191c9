"""tsp: the register and reporting tool of SESLIP's Targeted Support Programme.

Use it from Python as a library::

    from tsp import open_repository
    repo = open_repository()          # finds, loads and checks the repository
    repo.packages["reading-annual-review-mapping"].status

or step by step: `tsp.register.load(root)` reads every record (no checks across records),
`tsp.checks.check(register)` returns the problems across them.
"""

from __future__ import annotations

from tsp.errors import DataError, NotFound, Problem, TspError, UsageError
from tsp.kinds import RecordKind
from tsp.register import Register, find_root, load
from tsp.repository import Repository, load_repository, open_repository
from tsp.checks import ValidationResult, check, validate_repository

__all__ = [
    "DataError",
    "NotFound",
    "Problem",
    "RecordKind",
    "Register",
    "Repository",
    "TspError",
    "UsageError",
    "ValidationResult",
    "check",
    "find_root",
    "load",
    "load_repository",
    "open_repository",
    "validate_repository",
]
__version__ = "0.1.0"
