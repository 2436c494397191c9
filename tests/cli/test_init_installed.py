"""tsp init from an installed tsp (pip install . or from git, not -e): its kit — DfE's list,
the reference files, templates, schemas and the issue form — travels inside the wheel
(setup.py), so a region's register starts anywhere, with no checkout beside it (issue 21)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import CHECKOUT

# What building the wheel reads from a checkout (setup.py and MANIFEST.in say why).
BUILD_INPUTS = ("src", "kit", "templates", "schemas", ".github", "setup.py", "pyproject.toml",
                "MANIFEST.in", "README.md")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tsp built as a wheel from a copy of the checkout and installed into a folder of its
    own (its dependencies are the test environment's)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        path = CHECKOUT / name
        if path.is_dir():
            shutil.copytree(path, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(path, source / name)
    target = base / "site"
    done = subprocess.run(
        # As a user installs it (pip install .): pip fetches the build backend that
        # pyproject.toml names, whatever setuptools this environment happens to hold.
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
         str(source)],
        capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return target


def _tsp(installed: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(installed), "TSP_NO_CACHE": "1"}
    env.pop("TSP_REPO", None)
    # The console script's own entry point (pyproject.toml, [project.scripts]).
    return subprocess.run([sys.executable, "-c", "from tsp.cli.entry import run; run()", *args],
                          cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)


def test_the_wheel_carries_the_kit(installed: Path) -> None:
    kit = installed / "tsp" / "kit"
    assert (kit / "reference" / "dfe-las.csv").read_bytes() == \
        (CHECKOUT / "kit" / "reference" / "dfe-las.csv").read_bytes()
    for name in ("la.md.j2", "data.md.j2"):
        assert (kit / "templates" / name).is_file()
    assert sorted(p.name for p in (kit / "schemas").iterdir()) == \
        sorted(p.name for p in (CHECKOUT / "schemas").iterdir())
    assert (kit / "ISSUE_TEMPLATE" / "propose-a-package.yml").is_file()


def test_an_installed_tsp_starts_a_register_away_from_any_checkout(
        installed: Path, tmp_path: Path) -> None:
    away = tmp_path / "elsewhere"
    away.mkdir()
    which = subprocess.run([sys.executable, "-c", "import tsp; print(tsp.__file__)"],
                           env={**os.environ, "PYTHONPATH": str(installed)}, cwd=away,
                           capture_output=True, text=True, check=True)
    assert Path(which.stdout.strip()).is_relative_to(installed)  # not the checkout's tsp

    done = _tsp(installed, "init", "north-west", "--region", "North West", cwd=away)
    assert done.returncode == 0, done.stdout + done.stderr
    register = away / "north-west"
    assert len(list((register / "data" / "authorities").glob("*.yaml"))) == 24
    assert (register / "templates" / "la.md.j2").is_file()
    assert (register / "schemas" / "package.schema.json").is_file()
    assert (register / "data" / "reference" / "dfe-las.csv").is_file()
    assert (register / ".github" / "ISSUE_TEMPLATE" / "propose-a-package.yml").is_file()

    checked = _tsp(installed, "--repo", str(register), "validate", cwd=away)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    listed = _tsp(installed, "--repo", str(register), "la", "--list", cwd=away)
    assert listed.returncode == 0 and "Manchester" in listed.stdout, listed.stderr
