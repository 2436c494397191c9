"""tsp status and tsp set through the real CLI: exit codes, messages, files left alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

READING = "reading-annual-review-mapping"


def package_file(root: Path, package_id: str = READING) -> Path:
    return root / "data" / "packages" / f"{package_id}.yaml"


def changed_lines(before: str, after: str) -> list[str]:
    import difflib

    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
            if line.startswith(("+ ", "- "))]


def test_status_delivered_on_a_date(tsp, repo_copy: Path) -> None:
    before = package_file(repo_copy).read_text()
    result = tsp("status", READING, "delivered", "--on", "2026-03-12", repo=repo_copy)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Updated data/packages/reading-annual-review-mapping.yaml:\n"
        "  status: agreed → delivered\n"
        "  status_history: + delivered on 2026-03-12\n"
        "  status_basis: reading → (none: recorded as it happened)\n"
    )
    after = package_file(repo_copy).read_text()
    assert changed_lines(before, after) == [
        "- status: agreed", "+ status: delivered", "- status_basis: reading",
        "+ status_history:", "+   - status: delivered", "+     on: 2026-03-12",
    ]
    assert tsp("validate", "--strict", repo=repo_copy).exit_code == 0


def test_status_defaults_to_today(tsp, repo_copy: Path) -> None:
    result = tsp("status", READING, "in delivery", repo=repo_copy)
    assert result.exit_code == 0, result.output
    assert f"    on: {dt.date.today().isoformat()}\n" in package_file(repo_copy).read_text()


def test_a_move_back_is_refused_with_exit_2(tsp, repo_copy: Path) -> None:
    path = package_file(repo_copy, "safe-uncertainty-peer-case-review")
    before = path.read_bytes()
    result = tsp("status", "safe-uncertainty-peer-case-review", "interest", repo=repo_copy)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: safe-uncertainty-peer-case-review cannot move from 'delivered' back to "
        "'interest'. From 'delivered' it can move to: closed, withdrawn.\n"
        "The lifecycle runs interest → scoping → agreed → in-delivery → delivered → closed; "
        "withdrawn is possible from any stage before closed. If the status was recorded by "
        "mistake, edit the file by hand (status, and its latest status_history entry) and "
        "explain it in the pull request.\n"
    )
    assert path.read_bytes() == before


@pytest.mark.parametrize(("args", "message"), [
    (("finished",), "'finished' is not one of: interest, scoping, agreed"),
    (("delivered", "--on", "12/03/2026"), "--on: '12/03/2026' is not a date"),
])
def test_status_usage_errors(tsp, repo_copy: Path, args: tuple[str, ...], message: str) -> None:
    result = tsp("status", READING, *args, repo=repo_copy)
    assert result.exit_code == 2
    assert message in result.stderr


def test_dry_run_shows_the_diff_and_writes_nothing(tsp, repo_copy: Path) -> None:
    before = package_file(repo_copy).read_bytes()
    result = tsp("status", READING, "delivered", "--on", "2026-03-12", "--dry-run",
                 repo=repo_copy)
    assert result.exit_code == 0
    assert "-status: agreed\n+status: delivered\n" in result.stdout
    assert result.stdout.endswith("Nothing written (--dry-run).\n")
    assert package_file(repo_copy).read_bytes() == before


def test_set_a_summary(tsp, repo_copy: Path) -> None:
    before = package_file(repo_copy).read_text()
    result = tsp("set", READING, "summary", "Two process-mapping workshops.", repo=repo_copy)
    assert result.exit_code == 0, result.output
    assert changed_lines(before, package_file(repo_copy).read_text())[1] == \
        '+ summary: "Two process-mapping workshops."'
    assert len(changed_lines(before, package_file(repo_copy).read_text())) == 2


def test_set_partners_by_name(tsp, repo_copy: Path) -> None:
    result = tsp("set", READING, "partners", "--add", "kent", repo=repo_copy)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("  partners: + kent\n")
    assert "partners:\n  - kent\n" in package_file(repo_copy).read_text()
    result = tsp("set", READING, "partners", "--remove", "Kent County Council", repo=repo_copy)
    assert result.exit_code == 0, result.output
    assert "partners:" not in package_file(repo_copy).read_text()


def test_set_an_unknown_field_suggests_one(tsp, repo_copy: Path) -> None:
    result = tsp("set", READING, "sumary", "x", repo=repo_copy)
    assert result.exit_code == 2
    assert result.stderr.endswith("Did you mean: summary, starts, source?\n")


def test_an_invalid_edit_is_a_usage_error_and_writes_nothing(tsp, repo_copy: Path) -> None:
    before = package_file(repo_copy).read_bytes()
    result = tsp("set", READING, "ends", "2025", repo=repo_copy)
    assert result.exit_code == 0  # no starts yet: fine
    result = tsp("set", READING, "starts", "2026-02", repo=repo_copy)
    assert result.exit_code == 2
    assert result.stderr == (
        "data/packages/reading-annual-review-mapping.yaml:19:7: error: ends (2025) is before "
        "starts (2026-02)\n"
        "error: Nothing was written: this would make "
        "data/packages/reading-annual-review-mapping.yaml invalid.\n"
    )
    assert package_file(repo_copy).read_bytes() == before.replace(
        b"status_basis:", b"ends: 2025\nstatus_basis:")


def test_set_needs_exactly_one_kind_of_change(tsp, repo_copy: Path) -> None:
    result = tsp("set", READING, "partners", repo=repo_copy)
    assert result.exit_code == 2
    assert "give a VALUE, or --add/--remove items, or --unset" in result.stderr


def test_set_an_authority_by_name(tsp, repo_copy: Path) -> None:
    result = tsp("set", "--authority", "Bucks", "notes", "Buckinghamshire Council since 2020.",
                 repo=repo_copy)
    assert result.exit_code == 0, result.output
    text = (repo_copy / "data" / "authorities" / "buckinghamshire.yaml").read_text()
    # the notes were folded (>-), and stay folded
    assert text.endswith("    ended_on: 2020-03-31\nnotes: >-\n"
                         "  Buckinghamshire Council since 2020.\n")
    assert tsp("validate", repo=repo_copy).exit_code == 0


def test_every_real_package_survives_an_edit_outside_the_edited_lines(
    tsp, repo_copy: Path
) -> None:
    # Adding a theme to every real package changes exactly one line in each.
    for path in sorted((repo_copy / "data" / "packages").glob("*.yaml")):
        before = path.read_text()
        result = tsp("set", path.stem, "themes", "--add", "tsp-test", repo=repo_copy)
        assert result.exit_code == 0, result.output
        assert changed_lines(before, path.read_text()) in (
            ["+   - tsp-test"], ["+ themes:", "+   - tsp-test"]), path


def test_status_alone_shows_the_status_and_its_history(tsp, minimal: Path) -> None:
    assert tsp("status", "alpha-review", "in-delivery", "--on", "2026-01-05",
               "--note", "first workshop", repo=minimal).exit_code == 0
    result = tsp("status", "alpha-review", repo=minimal)
    assert result.exit_code == 0, result.output
    assert result.stdout == ("alpha-review: in-delivery\nHistory:\n"
                             "  2026-01-05  in-delivery — first workshop\n"
                             "Can move to: delivered, closed, withdrawn\n")


def test_a_status_date_in_the_future_warns(tsp, minimal: Path) -> None:
    result = tsp("status", "alpha-review", "Delivered", "--on", "2098-01-01", repo=minimal)
    assert result.exit_code == 0, result.output
    assert "warning: --on 2098-01-01 is in the future" in result.stderr


def test_a_status_recorded_as_it_happened_drops_the_basis_of_a_reading(tsp, repo_copy: Path
                                                                        ) -> None:
    # the status had been read from the report (status_basis: reading); delivered on a
    # known day is a fact, and must not be marked † as a reading (issue 22)
    path = package_file(repo_copy, "brighton-and-hove-leadership-coaching")
    result = tsp("status", "brighton-and-hove-leadership-coaching", "delivered", "--on",
                 "2026-03-12", repo=repo_copy)
    assert result.exit_code == 0, result.output
    assert "status_basis: reading → (none: recorded as it happened)" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert "status_basis" not in text
    assert "status: delivered\n" in text and "    on: 2026-03-12\n" in text
    assert "source: Year 1 report, What Year 1 Achieved\n" in text  # the rest as it was
