"""The pre-commit hooks, run by real git and real pre-commit from a shell where the virtual
environment is not activated (issue 22): a clone set up as the README says must be able to
`git commit` from a new terminal or an editor."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.helpers import CHECKOUT, FIXTURES, run_git, run_tsp

pytest.importorskip("pre_commit")

VENV_TSP = Path(sys.prefix) / "bin" / "tsp"
# A PATH with git and a shell but none of the virtual environment's programs
BARE_PATH = os.pathsep.join(p for p in ("/usr/local/bin", "/usr/bin", "/bin")
                            if Path(p).is_dir() and not (Path(p) / "tsp").exists())


@pytest.fixture
def clone(git_env: None, tmp_path: Path) -> Path:
    """A repository as a contributor has it after the README's set-up: the register, the hook
    configuration and script, and the project's .venv (here, the environment running the
    tests), with `pre-commit install` done."""
    if not VENV_TSP.is_file():
        pytest.skip(f"tsp is not installed in {sys.prefix}")
    root = tmp_path / "clone"
    shutil.copytree(FIXTURES / "minimal" / "data", root / "data")
    (root / "scripts").mkdir()
    shutil.copy2(CHECKOUT / "scripts" / "tsp-hook", root / "scripts" / "tsp-hook")
    shutil.copy2(CHECKOUT / ".pre-commit-config.yaml", root / ".pre-commit-config.yaml")
    (root / ".venv").symlink_to(sys.prefix)
    (root / ".gitignore").write_text(".venv\n", encoding="utf-8")
    assert run_tsp("schema", repo=root).exit_code == 0
    run_git(root, "init", "-q", "-b", "main")
    run_git(root, "add", ".")
    run_git(root, "commit", "-q", "-m", "The register")
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=root, check=True,
                   capture_output=True, env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pc")})
    return root


def commit(root: Path, message: str) -> subprocess.CompletedProcess[str]:
    """`git commit` as from a new terminal: no VIRTUAL_ENV, no .venv/bin on PATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(PATH=BARE_PATH, PRE_COMMIT_HOME=str(root.parent / "pc"), NO_COLOR="1")
    # A TSP_REPO naming another, valid register (as in a shell that set it, or CI's growth
    # test) must not stand in for the clone being committed to: the hook checks the clone.
    env["TSP_REPO"] = str(FIXTURES / "minimal")
    assert shutil.which("tsp", path=BARE_PATH) is None
    return subprocess.run(["git", "commit", "-m", message], cwd=root, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_a_valid_change_commits_without_the_environment_activated(clone: Path) -> None:
    package = clone / "data" / "packages" / "alpha-review.yaml"
    package.write_text(package.read_text(encoding="utf-8") + "notes: Checked.\n",
                       encoding="utf-8")
    run_git(clone, "add", ".")
    result = commit(clone, "A note")
    assert result.returncode == 0, result.stdout
    assert re.search(r"tsp validate\.+Passed", result.stdout), result.stdout
    assert "not found" not in result.stdout


def test_a_broken_file_is_refused_with_tsp_validates_message(clone: Path) -> None:
    package = clone / "data" / "packages" / "alpha-review.yaml"
    text = package.read_text(encoding="utf-8")
    package.write_text(re.sub(r"status: \S+", "status: finished", text), encoding="utf-8")
    run_git(clone, "add", ".")
    result = commit(clone, "Broken")
    assert result.returncode != 0
    assert re.search(r"tsp validate\.+Failed", result.stdout), result.stdout
    assert "data/packages/alpha-review.yaml" in result.stdout
    assert "finished" in result.stdout


def test_a_changed_model_runs_the_schema_check(clone: Path) -> None:
    model = clone / "src" / "tsp" / "models" / "package.py"
    model.parent.mkdir(parents=True)
    model.write_text("# a changed description\n", encoding="utf-8")
    run_git(clone, "add", ".")
    result = commit(clone, "A model")
    # it ran (Passed: the schemas match the installed models), it was not skipped
    assert re.search(r"tsp schema --check.*\.+Passed", result.stdout), result.stdout


def test_the_schema_hook_matches_every_model_module() -> None:
    config = YAML(typ="safe").load((CHECKOUT / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = {h["id"]: h for r in config["repos"] for h in r["hooks"]}
    for module in sorted((CHECKOUT / "src" / "tsp" / "models").glob("*.py")):
        assert re.search(hooks["tsp-schema"]["files"], f"src/tsp/models/{module.name}")
