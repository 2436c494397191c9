"""The README is tested output: every command is in it, and its examples run."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

from collections.abc import Callable
from typing import Any

import pytest
import typer.main
from typer.testing import Result

from tests.helpers import commit_at
from tsp.cli.main import app

CliRun = Callable[..., Result]

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, Any]:
    # Typer 0.29 carries its own copy of Click, so groups are recognised by their commands.
    # Commands are loaded lazily, so ask the group for them as Click itself does.
    group: Any = typer.main.get_command(app)
    ctx = group.make_context("tsp", [], resilient_parsing=True)
    found: dict[str, Any] = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if hasattr(command, "commands"):
            for sub_name, sub in command.commands.items():
                found[f"{name} {sub_name}"] = sub
        else:
            found[name] = command
    return found


def _readme_examples() -> list[list[str]]:
    examples = []
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words[:1] != ["tsp"]:
                continue
            if ">" in words:
                words = words[: words.index(">")]
            examples.append(words[1:])
    return examples


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_is_in_the_readme_with_help_and_an_example(name: str) -> None:
    command = _commands()[name]
    assert f"tsp {name}" in README, f"README.md never shows `tsp {name}`"
    assert command.help and "Example" in command.help, f"`tsp {name} --help` has no example"


def test_the_readme_shows_both_set_up_commands() -> None:
    assert ".venv/bin/tsp report year1" in README
    assert '.venv/bin/pip install -q -e ".[test]" && .venv/bin/python -m pytest -q' in README
    ci = (ROOT / ".ci/run").read_text()
    assert 'python3 -m venv .venv && .venv/bin/pip install -q -e ".[test]" && ' \
        ".venv/bin/python -m pytest -q" in ci


# A bare `tsp new package` asks questions in a terminal (tests/unit/edits/test_questions.py and tests/cli/test_new.py drive those prompts);
# `tsp changes` needs a remote branch that a scratch repository has not got.
NEEDS_A_TERMINAL_OR_REMOTE = (["new", "package"], ["new", "authority"], ["changes"])


def test_the_readme_examples_run(repo_copy: Path, tsp: CliRun, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch, git_env: None) -> None:
    monkeypatch.setenv("TSP_REPO", str(repo_copy))
    monkeypatch.chdir(tmp_path)
    subprocess.run(["git", "init", "-q", str(repo_copy)], check=True)
    # The register's history begins in January 2026, for the examples of --as-of and history.
    commit_at(repo_copy, "2026-01-15T12:00:00Z", "The register")
    examples = _readme_examples()
    assert len(examples) >= 25
    ran = 0
    for args in examples:
        if any(args[: len(skip)] == skip and len(args) <= len(skip) + 2
               for skip in NEEDS_A_TERMINAL_OR_REMOTE):
            continue
        result = tsp(*args)
        assert result.exit_code == 0, f"tsp {shlex.join(args)}\n{result.output}"
        # an example that answers nothing shows nothing (issue 22)
        assert "No packages match" not in result.output, f"tsp {shlex.join(args)}"
        ran += 1
    assert ran >= 22
    assert (tmp_path / "year1.docx").stat().st_size > 0
    assert (repo_copy / "data/packages/reading-transitions-workshop.yaml").is_file()
    assert tsp("validate").exit_code == 0


def _help_examples() -> list[tuple[str, list[str]]]:
    """Every `tsp ...` line of every command's help, in the order the help gives them."""
    examples = []
    for name, command in sorted(_commands().items()):
        for line in (command.help or "").replace("\\\n", " ").splitlines():
            if not line.strip().startswith("tsp "):
                continue
            words = shlex.split(line, comments=True)
            if words[:1] == ["tsp"]:
                examples.append((name, words[1:words.index(">")] if ">" in words
                                 else words[1:]))
    return examples


# These read a file the user has (a tracker, DfE's download, an issue form's body), a remote
# branch or DfE's API.
NEEDS_A_FILE_OR_REMOTE = ("import", "figures import", "figures fetch", "changes")
READS_A_FILE = ("--from-issue-form",)


def test_the_help_examples_run_and_answer(repo_copy: Path, tsp: CliRun, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          git_env: None) -> None:
    # on the register as it is (issue 22: `tsp log --help` named a package it has not got,
    # `tsp new measure --help` an id it has)
    monkeypatch.setenv("TSP_REPO", str(repo_copy))
    monkeypatch.chdir(tmp_path)
    # committed before the day the --as-of examples ask about
    for variable in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(variable, "2026-03-01T12:00:00Z")
    for command in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", *command], cwd=repo_copy, check=True)
    ran = 0
    for name, args in _help_examples():
        if name in NEEDS_A_FILE_OR_REMOTE or args in (["new", "package"],
                                                      ["new", "authority"]) or any(
                flag in args for flag in READS_A_FILE):
            continue
        result = tsp(*args)
        assert result.exit_code == 0, f"tsp {shlex.join(args)}\n{result.output}"
        assert "No packages match" not in result.output, f"tsp {shlex.join(args)}"
        ran += 1
    assert ran >= 40
