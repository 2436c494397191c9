"""The site's search index, by Pagefind (https://pagefind.app): a static index in the site's
pagefind/ folder that the search page's script queries in the reader's browser. Pagefind is
an optional dependency (pip install 'tsp[site]'); without it the site is built unsearchable
and its search page points readers to the lists instead."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from tsp.errors import UsageError

TIMEOUT = 300.0


class SearchIndexError(UsageError):
    """Pagefind is installed but could not index the site."""


def available() -> bool:
    return importlib.util.find_spec("pagefind") is not None


def build_index(folder: Path) -> bool:
    """Index the site in `folder`; False (and nothing written) where Pagefind is missing."""
    if not available():
        return False
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(folder), "--silent"],
            capture_output=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind could not index the site: {exc}") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
        raise SearchIndexError(f"Pagefind could not index the site: {said[-500:]}")
    return (folder / "pagefind" / "pagefind.js").is_file()
