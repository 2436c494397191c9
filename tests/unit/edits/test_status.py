"""tsp status in the library: the lifecycle's rules and a dated status_history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tsp.errors import NotFound, UsageError
from tsp.edits.status import allowed_moves, change_status
from tsp.models import Status
from tsp.load import load_checked

READING = "reading-annual-review-mapping"


def package_file(root: Path, package_id: str = READING) -> Path:
    return root / "data" / "packages" / f"{package_id}.yaml"


def test_allowed_moves_run_forward_or_to_withdrawn() -> None:
    assert allowed_moves(Status.INTEREST) == [
        Status.SCOPING, Status.AGREED, Status.IN_DELIVERY, Status.DELIVERED, Status.CLOSED,
        Status.WITHDRAWN,
    ]
    assert allowed_moves(Status.DELIVERED) == [Status.CLOSED, Status.WITHDRAWN]
    assert allowed_moves(Status.CLOSED) == []
    assert allowed_moves(Status.WITHDRAWN) == []


def test_reading_moves_to_delivered_with_a_dated_history(repo_copy: Path) -> None:
    repo = load_checked(repo_copy)
    before = package_file(repo_copy).read_text()
    edit = change_status(repo, READING, Status.DELIVERED, dt.date(2026, 3, 12))
    assert edit.old_text == before
    summary_line = next(line for line in before.splitlines(keepends=True)
                        if line.startswith("summary:"))
    assert edit.new_text == before.replace("status: agreed\n", "status: delivered\n").replace(
        summary_line,
        summary_line + "status_history:\n  - status: delivered\n    on: 2026-03-12\n",
    ).replace("status_basis: reading\n", "")  # recorded as it happened: no basis (issue 22)
    assert edit.changes == ("status: agreed → delivered",
                            "status_history: + delivered on 2026-03-12",
                            "status_basis: reading → (none: recorded as it happened)")
    assert package_file(repo_copy).read_text() == before  # nothing written yet
    edit.write()
    reloaded = load_checked(repo_copy)
    assert not reloaded.errors
    package = reloaded.packages[READING]
    assert package.status is Status.DELIVERED
    assert [(c.status, c.on) for c in package.status_history] == [
        (Status.DELIVERED, dt.date(2026, 3, 12))]


def test_a_second_move_appends_to_the_history(repo_copy: Path) -> None:
    change_status(load_checked(repo_copy), READING, Status.DELIVERED,
                  dt.date(2026, 3, 12)).write()
    edit = change_status(load_checked(repo_copy), READING, Status.CLOSED,
                         dt.date(2026, 4, 1), note="Final report sent")
    assert ("status_history:\n"
            "  - status: delivered\n    on: 2026-03-12\n"
            "  - status: closed\n    on: 2026-04-01\n    note: Final report sent\n"
            ) in edit.new_text


def test_a_move_back_is_refused_with_the_allowed_ones(repo_copy: Path) -> None:
    repo = load_checked(repo_copy)
    with pytest.raises(UsageError) as caught:
        change_status(repo, "safe-uncertainty-peer-case-review", Status.INTEREST,
                      dt.date(2026, 3, 12))
    assert str(caught.value) == (
        "safe-uncertainty-peer-case-review cannot move from 'delivered' back to 'interest'. "
        "From 'delivered' it can move to: closed, withdrawn.")


def test_the_same_status_and_dates_before_the_history_are_refused(repo_copy: Path) -> None:
    repo = load_checked(repo_copy)
    with pytest.raises(UsageError, match="already 'agreed'"):
        change_status(repo, READING, Status.AGREED, dt.date(2026, 3, 12))
    change_status(repo, READING, Status.IN_DELIVERY, dt.date(2026, 3, 12)).write()
    with pytest.raises(UsageError, match="before the last recorded change"):
        change_status(load_checked(repo_copy), READING, Status.DELIVERED,
                      dt.date(2026, 3, 1))


def test_withdrawn_from_any_open_stage(repo_copy: Path) -> None:
    edit = change_status(load_checked(repo_copy), READING, Status.WITHDRAWN,
                         dt.date(2026, 3, 12))
    assert "status: withdrawn\n" in edit.new_text


def test_an_unknown_package_suggests_close_ids(repo_copy: Path) -> None:
    with pytest.raises(NotFound) as caught:
        change_status(load_checked(repo_copy), "reading-annual-review", Status.DELIVERED,
                      dt.date(2026, 3, 12))
    assert READING in caught.value.suggestions
