"""tsp.checks.packages: rules across package records, called on a loaded register."""

from __future__ import annotations

from pathlib import Path

from tsp.checks import packages
from tsp.load import load

from tests.helpers import edit

ALPHA = Path("data/packages/alpha-review.yaml")


def found(minimal: Path) -> list[str]:
    register = load(minimal)
    assert register.problems == []
    return [f"{p.location(minimal)}: {p.severity}: {p.message}"
            for p in sorted(packages.check(register))]


def test_an_authority_both_recipient_and_partner_is_a_warning(minimal: Path) -> None:
    edit(minimal / ALPHA, "partners:\n  - beta\n", "partners:\n  - beta\n  - alpha\n")
    assert found(minimal) == [
        "data/packages/alpha-review.yaml:10:3: warning: alpha is both a recipient and a partner"]


def test_a_status_history_out_of_date_order_is_an_error_at_the_later_entry(
        minimal: Path) -> None:
    edit(minimal / ALPHA, "kinds:", "status_history:\n  - status: scoping\n    on: 2026-02-01\n"
         "  - status: agreed\n    on: 2026-01-15\nkinds:")
    assert found(minimal) == [
        "data/packages/alpha-review.yaml:15:9: error: status_history is out of date order: "
        "2026-01-15 comes after 2026-02-01; list the changes oldest first"]


def test_a_status_history_in_order_is_clean(minimal: Path) -> None:
    edit(minimal / ALPHA, "kinds:", "status_history:\n  - status: scoping\n    on: 2026-01-15\n"
         "  - status: agreed\n    on: 2026-02-01\nkinds:")
    assert found(minimal) == []


def test_a_likely_duplicate_is_a_warning_naming_the_first(minimal: Path) -> None:
    text = (minimal / ALPHA).read_text(encoding="utf-8")
    copy = text.replace("id: alpha-review", "id: alpha-review-copy").replace(
        "title: Annual Review mapping", "title: annual review  MAPPING.")
    (minimal / "data/packages/alpha-review-copy.yaml").write_text(copy, encoding="utf-8")
    assert found(minimal) == [
        "data/packages/alpha-review-copy.yaml:2:8: warning: looks like a duplicate of "
        "data/packages/alpha-review.yaml: same title, recipients and year; remove one, or "
        "retitle it if it is different work"]


def test_same_title_and_year_for_other_recipients_is_not_a_duplicate(minimal: Path) -> None:
    text = (minimal / ALPHA).read_text(encoding="utf-8")
    copy = text.replace("id: alpha-review", "id: alpha-review-beta").replace(
        "recipients:\n  - alpha\npartners:\n  - beta",
        "recipients:\n  - beta\npartners:\n  - alpha")
    (minimal / "data/packages/alpha-review-beta.yaml").write_text(copy, encoding="utf-8")
    assert found(minimal) == []
