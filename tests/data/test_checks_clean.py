"""The checks a pull request gets are clean on the live register: every error and warning is
dealt with before a change lands, whatever it adds."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run_tsp


def test_validate_strict_is_clean(data_root: Path) -> None:
    result = run_tsp("validate", "--strict", repo=data_root)
    assert result.exit_code == 0, result.output


def test_the_committed_schemas_match_the_models(data_root: Path) -> None:
    result = run_tsp("schema", "--check", repo=data_root)
    assert result.exit_code == 0, result.output


def test_every_report_renders(data_root: Path) -> None:
    result = run_tsp("report", "--check", repo=data_root)
    assert result.exit_code == 0, result.output
