"""The region is data (data/programme.yaml), never code: issue 21."""

from __future__ import annotations

from pathlib import Path

from tsp.edits.figures_import import import_figures
from tsp.places import load_places
from tsp.load import load_checked

from tests.helpers import CHECKOUT, CliRun, edit


def test_no_region_is_named_in_the_code() -> None:
    for path in (CHECKOUT / "src" / "tsp").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "E12000008" not in text and "South East" not in text, path


def test_the_region_beside_england_is_the_one_the_file_names(challenge: Path, dfe_file: Path,
                                                            tsp: CliRun) -> None:
    edit(challenge / "data/programme.yaml", "code: E12000008\n  name: South East",
         "code: E12000007\n  name: London")
    (challenge / "data/figures/timeliness.csv").unlink()
    repo = load_checked(challenge)
    assert [p.name for p in load_places(repo).comparators] == ["London", "England"]
    result = import_figures(repo, dfe_file, "timeliness")
    # The file's regional rows are the South East's: no longer the register's region.
    assert {r.authority for r in result.rows} >= {"england"}
    assert not {"south-east", "london"} & {r.authority for r in result.rows}
    shown = tsp("compare", "timeliness", repo=challenge)
    assert shown.exit_code == 0, shown.output
    assert "London" in shown.stdout and "South East" not in shown.stdout


def test_a_broken_programme_file_is_a_problem_of_validate(challenge: Path, tsp: CliRun
                                                          ) -> None:
    edit(challenge / "data/programme.yaml", "code: E12000008", "code: south-east")
    result = tsp("validate", repo=challenge)
    assert result.exit_code == 1
    assert "data/programme.yaml:5:" in result.output and "code" in result.output
