"""Hand-edited records: a name where an id belongs, a closed value in the wrong case."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import CliRun


def test_names_and_capitals_are_answered_with_what_to_write(tsp: CliRun, minimal: Path) -> None:
    alpha = minimal / "data" / "packages" / "alpha-review.yaml"
    alpha.write_text(alpha.read_text().replace("recipients:\n  - alpha", "recipients:\n  - Alf")
                     .replace("  - send", "  - SEND"))
    beta = minimal / "data" / "packages" / "beta-coaching.yaml"
    beta.write_text(beta.read_text().replace("coaching-mentoring", "Coaching mentoring"))
    result = tsp("validate", repo=minimal)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:3] == [
        "data/packages/alpha-review.yaml:6:5: error: areas[0]: 'SEND' means 'send': write it "
        "that way (lowercase, words joined by hyphens)",
        "data/packages/alpha-review.yaml:8:5: error: recipients[0]: 'Alf' is the name of an "
        "authority: write its id 'alpha'",
        "data/packages/beta-coaching.yaml:12:5: error: kinds[0]: 'Coaching mentoring' means "
        "'coaching-mentoring': write it that way (lowercase, words joined by hyphens)",
    ]


def test_an_edit_that_writes_a_name_is_refused_with_the_id(tsp: CliRun, minimal: Path) -> None:
    # tsp set resolves names itself; a name that reaches the check as text is still explained.
    from tsp.edits.check import check_text
    from tsp.errors import RejectedChange
    from tsp.kinds import RecordKind
    from tsp.load import load

    import pytest

    register = load(minimal)
    path = minimal / "data" / "packages" / "alpha-review.yaml"
    text = path.read_text().replace("recipients:\n  - alpha", "recipients:\n  - Alpha")
    with pytest.raises(RejectedChange) as caught:
        check_text(register, RecordKind.PACKAGE, "alpha-review", path, text)
    assert any("'Alpha' is the name of an authority: write its id 'alpha'" in p.message
               for p in caught.value.problems)
