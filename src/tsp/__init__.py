"""tsp: the register and reporting tool of SESLIP's Targeted Support Programme.

Use it from Python as a library::

    from tsp import open_repository
    repo = open_repository()          # finds, loads and checks the repository
    repo.packages["reading-annual-review-mapping"].status

or step by step: `tsp.register.load(root)` reads every record (no checks across records),
`tsp.checks.check(register)` returns the problems across them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tsp.lazy import exports

if TYPE_CHECKING:
    from tsp.errors import DataError, NotFound, Problem, TspError, UsageError
    from tsp.kinds import RecordKind
    from tsp.register import Register, find_root, load
    from tsp.repository import Register, load_repository, open_repository
    from tsp.checks import ValidationResult, check, validate_repository

# Each name is imported from its module when first used (PEP 562), so `import tsp` — which
# every `tsp` command does, as tsp.cli is inside it — costs nothing: `tsp list` need not import
# the cross-record checks, nor every model.
_EXPORTS = {
    "DataError": "tsp.errors", "NotFound": "tsp.errors", "Problem": "tsp.errors",
    "TspError": "tsp.errors", "UsageError": "tsp.errors",
    "RecordKind": "tsp.kinds",
    "Register": "tsp.register", "find_root": "tsp.register", "load": "tsp.register",
    "Register": "tsp.repository", "load_repository": "tsp.repository",
    "open_repository": "tsp.repository",
    "ValidationResult": "tsp.checks", "check": "tsp.checks",
    "validate_repository": "tsp.checks",
}


__getattr__ = exports(__name__, _EXPORTS, globals())

__all__ = [
    "DataError",
    "NotFound",
    "Problem",
    "RecordKind",
    "Register",
    "Register",
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
