"""The one build step pyproject.toml cannot say: `tsp init`'s kit goes inside the wheel.

A new register (tsp init) is made from DfE's list of authorities and the reference files
(kit/reference/), the default report templates (templates/), the record schemas (schemas/)
and the issue form (.github/ISSUE_TEMPLATE/). In a checkout, tsp reads them where they are;
an installed tsp (pip install . or from git, not -e) reads the copy made here, under
tsp/kit/ in the wheel. The copy is made at build time so that the repository keeps one
copy of each file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# In the wheel (under tsp/kit/) <- in the checkout.
KIT = {
    "reference": HERE / "kit" / "reference",
    "templates": HERE / "templates",
    "schemas": HERE / "schemas",
    "ISSUE_TEMPLATE": HERE / ".github" / "ISSUE_TEMPLATE",
}


class BuildWithKit(build_py):
    """build_py, then the kit copied into the built package (not for an editable install,
    which reads the checkout itself)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "tsp" / "kit"
        if target.exists():
            shutil.rmtree(target)
        for name, source in KIT.items():
            if not source.is_dir():
                raise SystemExit(f"tsp's kit is incomplete: {source} is missing")
            shutil.copytree(source, target / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithKit})
