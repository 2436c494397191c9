"""tsp new in the library: the house style of new files, checked before they are written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tsp.kinds import RecordKind
from tsp.errors import DataError
from tsp.load import load_checked
from tsp.edits.new import draft, next_steps, write_draft
from tsp.edits.atomic import FileExists


def test_a_new_package_in_house_style(repo_copy: Path) -> None:
    repo = load_checked(repo_copy)
    new = draft(repo, RecordKind.PACKAGE, {
        "recipients": ["slough"], "title": "Transitions workshop", "year": "2026-27",
        "status": "scoping", "areas": ["send"], "kinds": ["workshop"],
        "themes": ["transitions"], "partners": ["reading"],
        "summary": "A workshop on transitions to adulthood. Dates to follow.",
        "starts": "2026-05", "on": dt.date(2026, 4, 20),
        "notes": ("The LA asked for it at the April network meeting; " * 3).strip(),
        "id": "slough-transitions-workshop",
    })
    assert new.text == (
        "# yaml-language-server: $schema=../../schemas/package.schema.json\n"
        "# Slough Transitions workshop — A workshop on transitions to adulthood\n"
        "id: slough-transitions-workshop\n"
        "title: Transitions workshop\n"
        "year: 2026-27\n"
        "status: scoping\n"
        "areas:\n  - send\n"
        "recipients:\n  - slough\n"
        "partners:\n  - reading\n"
        "kinds:\n  - workshop\n"
        "themes:\n  - transitions\n"
        'summary: "A workshop on transitions to adulthood. Dates to follow."\n'
        "starts: 2026-05\n"
        "status_history:\n  - status: scoping\n    on: 2026-04-20\n"
        "notes: >-\n"
        "  The LA asked for it at the April network meeting; The LA asked for it at the April "
        "network\n"
        "  meeting; The LA asked for it at the April network meeting;\n"
    )
    assert new.path == repo_copy / "data" / "packages" / "slough-transitions-workshop.yaml"
    write_draft(new)
    reloaded = load_checked(repo_copy)
    assert not reloaded.problems
    assert reloaded.packages["slough-transitions-workshop"].partners == ["reading"]


def test_a_line_break_in_the_title_stays_out_of_the_heading_comment(repo_copy: Path) -> None:
    # The break used to end the comment: the draft failed with "YAML syntax: mapping values
    # are not allowed" at a line of a file that was never written.
    repo = load_checked(repo_copy)
    new = draft(repo, RecordKind.PACKAGE, {"recipients": ["slough"], "title": "Transitions\nworkshop",
                                   "year": "2026-27", "status": "scoping", "id": "slough-t"})
    assert new.text.splitlines()[1] == "# Slough Transitions workshop — support"
    assert 'title: "Transitions\\nworkshop"' in new.text.splitlines()


def test_a_new_record_that_contradicts_itself_is_refused(repo_copy: Path) -> None:
    repo = load_checked(repo_copy)
    with pytest.raises(DataError) as caught:
        draft(repo, RecordKind.PACKAGE, {"recipients": ["slough"], "title": "T", "year": "2026-27",
                                 "status": "scoping", "starts": "2026-05", "ends": "2026-01",
                                 "id": "slough-t"})
    assert caught.value.problems[0].message == "ends (2026-01) is before starts (2026-05)"
    assert not (repo_copy / "data" / "packages" / "slough-t.yaml").exists()


def test_write_never_overwrites(repo_copy: Path) -> None:
    repo = load_checked(repo_copy)
    new = draft(repo, RecordKind.PACKAGE, {"recipients": ["slough"], "title": "T", "year": "2026-27",
                                   "status": "scoping", "id": "slough-t"})
    new.path.write_text("# someone else's\n")
    with pytest.raises(FileExists):
        write_draft(new)
    assert new.path.read_text() == "# someone else's\n"


def test_a_successor_council(repo_copy: Path) -> None:
    repo = load_checked(repo_copy)
    new = draft(repo, RecordKind.AUTHORITY, {
        "name": "East Sussex and Brighton", "type": "unitary", "region": "South East",
        "dfe_la_code": "070", "starts_on": dt.date(2028, 4, 1),
        "predecessors": ["east-sussex", "brighton-and-hove"], "aliases": ["ESB"],
        "id": "east-sussex-and-brighton",
    })
    assert new.text == (
        "# yaml-language-server: $schema=../../schemas/authority.schema.json\n"
        "# East Sussex and Brighton — a new council from 2028-04-01, succeeding East Sussex "
        "and Brighton and Hove\n"
        "id: east-sussex-and-brighton\n"
        "name: East Sussex and Brighton\n"
        'dfe_la_code: "070"\n'
        "type: unitary\n"
        "region: South East\n"
        'aliases:\n  - "ESB"\n'
        "starts_on: 2028-04-01\n"
        "predecessors:\n  - east-sussex\n  - brighton-and-hove\n"
    )
    write_draft(new)
    assert not load_checked(repo_copy).problems


def test_next_steps_lead_to_a_pull_request(repo_copy: Path) -> None:
    repo = load_checked(repo_copy)
    new = draft(repo, RecordKind.PACKAGE, {"recipients": ["slough"], "title": "Transitions workshop",
                                   "year": "2026-27", "status": "scoping",
                                   "id": "slough-transitions-workshop"})
    commands = [command for _, command in next_steps(repo_copy, new)]
    assert commands[:5] == [
        "tsp validate",
        "git switch -c add-slough-transitions-workshop",
        "git add data/packages/slough-transitions-workshop.yaml",
        'git commit -m "Add package slough-transitions-workshop: Transitions workshop"',
        "git push -u origin add-slough-transitions-workshop",
    ]
    assert "pull request" in next_steps(repo_copy, new)[-1][0]
