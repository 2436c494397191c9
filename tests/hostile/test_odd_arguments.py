"""Odd arguments are clear errors, never tracebacks: long ids and names, odd --repo values."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.conftest import Run

NEW_PACKAGE = ("new", "package", "--la", "alpha", "--title", "Workshop", "--year", "2025-26",
               "--area", "send", "--kind", "workshop", "--status", "scoping", "--yes")


def test_an_id_of_300_characters_is_refused(register: Path, run: Run) -> None:
    result = run(*NEW_PACKAGE, "--id", "a" * 300, repo=register)
    assert result.returncode == 2
    assert "the id is 300 characters; an id is the file name and may have at most 60" \
        in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (register / "data" / "packages").iterdir()) == [
        "alpha-review.yaml", "beta-coaching.yaml"]


def test_a_long_authority_name_gives_a_short_id(register: Path, run: Run) -> None:
    result = run("new", "authority", "--name", "Very Long " * 40, "--type", "unitary",
                 "--gss-code", "E06000099", "--dfe-code", "999", "--yes", repo=register)
    assert result.returncode == 0, result.stderr
    [new] = [p for p in (register / "data" / "authorities").iterdir()
             if p.name.startswith("very")]
    assert len(new.stem) <= 60


def test_a_repo_under_an_unknown_users_home_is_a_clear_error(run: Run) -> None:
    result = run("list", env={"TSP_REPO": "~nosuchuser-tsp/x"})
    assert result.returncode == 2
    assert result.stderr.startswith("error: ~nosuchuser-tsp/x (from $TSP_REPO): there is no "
                                    "such user's home folder")


def test_a_repo_path_of_6000_characters_is_a_clear_error(run: Run) -> None:
    result = run("list", "--repo", "/x" * 3000)
    assert result.returncode == 2
    assert "(from --repo) cannot be used: File name too long." in result.stderr
    assert len(result.stderr) < 400  # the path is shortened, not printed 6,000 characters long
