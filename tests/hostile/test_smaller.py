"""The smaller ones: huge problem lists, library warnings, ignored files, non-decimal codes,
and git that never answers."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.conftest import CliRun
from tests.hostile.conftest import Run, git, set_line, write_template
from tsp.models import Package
from tsp.reporting.provenance import data_commit


def test_a_file_of_100000_unknown_keys_is_capped_and_quick(register: Path, run: Run) -> None:
    path = register / "data" / "packages" / "alpha-review.yaml"
    path.write_text(path.read_text() + "".join(f"k{i}: 1\n" for i in range(100_000)))
    started = time.monotonic()
    result = run("validate", repo=register, timeout=60)
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 51
    fields = len(Package.model_fields)
    assert lines[0] == ("data/packages/alpha-review.yaml:1:1: error: the file has 100,009 "
                        f"top-level keys; a record has at most {fields} fields (… and 99,950 "
                        "more problems in this file)")
    assert lines[1].startswith("data/packages/alpha-review.yaml:15:1: error: unknown field 'k0'")
    assert len(result.stdout) < 20_000
    assert elapsed < 10  # a guard only (24-39 s before); benchmarks measure, tests do not


def test_many_schema_errors_in_an_ordinary_file_are_capped(register: Path, tsp: CliRun
                                                           ) -> None:
    path = register / "data" / "packages" / "alpha-review.yaml"
    path.write_text(path.read_text() + "".join(f"k{i}: 1\n" for i in range(200)))
    result = tsp("validate", repo=register)
    assert result.exit_code == 1
    assert ("data/packages/alpha-review.yaml:1:1: error: … and 150 more problems in this file "
            "(tsp shows the first 50)") in result.stdout
    assert result.stdout.count("unknown field") == 50


def test_yaml_oddities_never_print_a_library_warning(register: Path, run: Run) -> None:
    set_line(register / "data" / "packages" / "alpha-review.yaml", "summary", "1e3")
    result = run("validate", repo=register)
    assert result.returncode == 1
    assert "Warning" not in result.stderr and "ruamel" not in result.stderr
    assert "summary: expected text, found the number 1000.0" in result.stdout


@pytest.mark.parametrize("written", ["0x366", "0o1546", "0b1101100110", "8_70"])
def test_codes_written_in_other_bases_are_refused(register: Path, tsp: CliRun,
                                                  written: str) -> None:
    set_line(register / "data" / "authorities" / "alpha.yaml", "dfe_la_code", written)
    result = tsp("validate", repo=register)
    assert result.exit_code == 1
    assert (f"data/authorities/alpha.yaml:9:14: error: the number '{written}' is not written "
            "in plain decimal digits; write it in decimal, or in quotes if it is a code "
            '(e.g. "870")') in result.stdout


def test_a_git_ignored_data_file_makes_the_footer_say_uncommitted(register: Path,
                                                                  tsp: CliRun) -> None:
    write_template(register, "{{ year.packages.all|length }} packages\n")
    git(register, "init", "-q", "-b", "main")
    (register / ".gitignore").write_text("data/packages/ignored.yaml\n*.swp\n")
    git(register, "add", ".")
    git(register, "commit", "-q", "-m", "register")
    clean = tsp("report", "t", "--internal", repo=register)  # the team's footer names it
    assert data_commit(register) == (git(register, "rev-parse", "--short", "HEAD").strip(),
                                     False)
    source = (register / "data" / "packages" / "beta-coaching.yaml").read_text()
    (register / "data" / "packages" / "ignored.yaml").write_text(
        source.replace("id: beta-coaching", "id: ignored"))
    dirty = tsp("report", "t", "--internal", repo=register)
    assert dirty.stdout.startswith("3 packages")
    assert data_commit(register) is not None and data_commit(register)[1] is True
    assert dirty.stdout.split("---")[-1] != clean.stdout.split("---")[-1]  # the footer says so
    (register / "data" / "packages" / ".ignored.yaml.swp").write_text("x")
    (register / "data" / "packages" / "ignored.yaml").unlink()
    assert data_commit(register)[1] is False  # an editor's swap file is not a record


def test_tsp_changes_does_not_wait_for_ever_on_git(register: Path, tsp: CliRun,
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from tsp import changes

    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text("#!/bin/sh\nexec sleep 30\n")
    (fake / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(changes, "GIT_TIMEOUT", 0.5)
    started = time.monotonic()
    result = tsp("changes", "--since", "main", repo=register)
    assert time.monotonic() - started < 10
    assert result.exit_code == 2
    assert "git did not answer within 0.5 seconds" in result.stderr
