"""Golden files: each report of the frozen register (tests/fixtures/register) rendered with this
checkout's templates, as Markdown and as the HTML page.

Rendered from a scratch copy (not a git checkout) at a fixed time, so the bytes are stable, and
never from the live data/: a new package in data/ leaves them alone, a template change does not.
Regenerate after an intended change of templates or code with

    TSP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/reporting/test_golden.py

and read the diff before committing it: a golden file is a claim that the report is right.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import CliRun

GOLDEN = Path(__file__).parent / "golden"
UPDATE = "1" in (os.environ.get("TSP_UPDATE_GOLDEN"), os.environ.get("UPDATE_GOLDEN"))

CASES = [
    ("year1.md", ["year1"]),
    ("year2.md", ["year2"]),
    ("la-reading.md", ["la", "Reading"]),
    ("la-buckinghamshire.md", ["la", "Bucks"]),
    ("la-surrey.md", ["la", "E10000030"]),
    ("la-isle-of-wight.md", ["la", "Isle of Wight"]),
    ("year1.html", ["year1", "--format", "html"]),
    ("year2.html", ["year2", "--format", "html"]),
    ("la-reading.html", ["la", "Reading", "--format", "html"]),
    # the team's reports: the records' notes and warnings, never in a reader's
    ("year1-internal.md", ["year1", "--internal"]),
    ("year2-internal.md", ["year2", "--internal"]),
    ("la-reading-internal.md", ["la", "Reading", "--internal"]),
]


@pytest.mark.parametrize(("golden", "args"), CASES, ids=[c[0] for c in CASES])
def test_report_matches_golden(golden: str, args: list[str], tsp: CliRun,
                               scratch: Path) -> None:
    result = tsp("report", *args, repo=scratch)
    assert result.exit_code == 0, result.output
    path = GOLDEN / golden
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")


def test_goldens_are_all_checked() -> None:
    """A golden file no case renders would rot unnoticed."""
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(c[0] for c in CASES)
