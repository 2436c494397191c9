"""tsp.checks.authorities: rules across authority records, called on a loaded register."""

from __future__ import annotations

from pathlib import Path

import pytest

from tsp.checks import authorities
from tsp.load import load

from tests.helpers import edit

BETA = Path("data/authorities/beta.yaml")
PROPOSED = ("proposed_reorganisation:\n  proposal: Beta & Gamma\n  consulted: 2025-26\n"
            "  expected_from: 2028-04\n")


def found(minimal: Path, fields: str) -> list[str]:
    edit(minimal / BETA, "register_code: BET\n", f"register_code: BET\n{fields}")
    register = load(minimal)
    assert register.problems == []
    return [f"{p.location(minimal)}: {p.severity}: {p.message}"
            for p in sorted(authorities.check(register))]


def test_a_council_that_ends_before_it_starts_is_an_error(minimal: Path) -> None:
    assert found(minimal, "starts_on: 2026-04-01\nreorganisation:\n  ends_on: 2026-03-31\n") == [
        "data/authorities/beta.yaml:9:12: error: reorganisation.ends_on (2026-03-31) is before "
        "starts_on (2026-04-01)"]


def test_a_reorganisation_that_ends_before_it_was_decided_is_an_error(minimal: Path) -> None:
    assert found(minimal, "reorganisation:\n  ends_on: 2025-03-31\n"
                          "  decided_on: 2025-10-28\n") == [
        "data/authorities/beta.yaml:8:12: error: reorganisation.ends_on (2025-03-31) is before "
        "decided_on (2025-10-28)"]


@pytest.mark.parametrize("fields", [
    "starts_on: 2026-04-01\nreorganisation:\n  ends_on: 2026-04-01\n",  # one day is a life
    "reorganisation:\n  ends_on: 2027-03-31\n  decided_on: 2025-10-28\n",
    PROPOSED,
    "proposed_reorganisation:\n  proposal: Beta\n",  # only the area is required
])
def test_dates_in_order_and_a_proposal_alone_are_clean(minimal: Path, fields: str) -> None:
    assert found(minimal, fields) == []


def test_a_decided_reorganisation_that_still_carries_a_proposal_is_an_error(
        minimal: Path) -> None:
    assert found(minimal, "reorganisation:\n  ends_on: 2027-03-31\n" + PROPOSED) == [
        "data/authorities/beta.yaml:10:3: error: proposed_reorganisation is for a "
        "reorganisation not yet decided, but this record has a decided one (reorganisation): "
        "remove proposed_reorganisation (anything it says that still holds goes in "
        "reorganisation.note)"]
