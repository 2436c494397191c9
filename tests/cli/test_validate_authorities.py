"""tsp validate on rules across authority records (tsp.checks.authorities): what it prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import CliRun, edit

BETA = Path("data/authorities/beta.yaml")


def reorganised(minimal: Path, fields: str) -> None:
    edit(minimal / BETA, "register_code: BET\n", f"register_code: BET\n{fields}")


def test_a_council_that_ends_before_it_starts_is_an_error(tsp: CliRun, minimal: Path) -> None:
    reorganised(minimal, "starts_on: 2026-04-01\nreorganisation:\n  ends_on: 2026-03-31\n")
    result = tsp("validate", repo=minimal)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "data/authorities/beta.yaml:9:12: error: reorganisation.ends_on (2026-03-31) is before "
        "starts_on (2026-04-01)")


def test_a_reorganisation_that_ends_before_it_was_decided_is_an_error(
        tsp: CliRun, minimal: Path) -> None:
    reorganised(minimal, "reorganisation:\n  ends_on: 2025-03-31\n  decided_on: 2025-10-28\n")
    result = tsp("validate", repo=minimal)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "data/authorities/beta.yaml:8:12: error: reorganisation.ends_on (2025-03-31) is before "
        "decided_on (2025-10-28)")


@pytest.mark.parametrize("fields", [
    "starts_on: 2026-04-01\nreorganisation:\n  ends_on: 2026-04-01\n",  # one day is a life
    "reorganisation:\n  ends_on: 2027-03-31\n  decided_on: 2025-10-28\n",
])
def test_reorganisation_dates_in_order_are_clean(tsp: CliRun, minimal: Path,
                                                 fields: str) -> None:
    reorganised(minimal, fields)
    result = tsp("validate", "--strict", repo=minimal)
    assert result.exit_code == 0, result.output


PROPOSED = ("proposed_reorganisation:\n  proposal: Beta & Gamma\n  consulted: 2025-26\n"
            "  expected_from: 2028-04\n")


def test_a_decided_reorganisation_that_still_carries_a_proposal_is_an_error(
        tsp: CliRun, minimal: Path) -> None:
    reorganised(minimal, "reorganisation:\n  ends_on: 2027-03-31\n" + PROPOSED)
    result = tsp("validate", repo=minimal)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "data/authorities/beta.yaml:10:3: error: proposed_reorganisation is for a "
        "reorganisation not yet decided, but this record has a decided one (reorganisation): "
        "remove proposed_reorganisation (anything it says that still holds goes in "
        "reorganisation.note)")


@pytest.mark.parametrize("fields", [
    PROPOSED,
    "proposed_reorganisation:\n  proposal: Beta\n",  # only the area is required
])
def test_a_proposal_alone_is_clean(tsp: CliRun, minimal: Path, fields: str) -> None:
    reorganised(minimal, fields)
    result = tsp("validate", "--strict", repo=minimal)
    assert result.exit_code == 0, result.output


def test_tsp_validate_names_a_bad_expected_date_and_its_line(tsp: CliRun, minimal: Path) -> None:
    reorganised(minimal, PROPOSED.replace("2028-04", "2028-13"))
    result = tsp("validate", repo=minimal)
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("data/authorities/beta.yaml:10:18: error: ")
    assert "month 13 is not a month" in first
