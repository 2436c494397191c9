"""The built site, shared by the site's tests: made once from the frozen register."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import WHEN, load
from tsp.reporting.site import build_site


@pytest.fixture(scope="session")
def site(frozen_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the frozen register, with PDFs and (where Pagefind is installed) search."""
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(load(frozen_root), out, WHEN, pdf=True)
    return out
