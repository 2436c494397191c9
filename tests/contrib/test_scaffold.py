"""tsp new in the library: questions from the models, ids, the house style of new files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tsp.errors import DataError, NotFound, UsageError
from tsp.models import Package
from tsp.repository import load_repository
from tsp.scaffold import (
    authority_questions,
    current_year,
    draft,
    next_steps,
    package_questions,
    pick,
    propose_package_id,
    write_draft,
)
from tsp.atomic import FileExists


def answer(questions: list, name: str, *typed: str, answers: dict | None = None) -> object:
    question = next(q for q in questions if q.name == name)
    return question.check(list(typed), answers or {})


def test_the_questions_cover_every_package_field(repo_copy: Path) -> None:
    names = {q.name for q in package_questions(load_repository(repo_copy))}
    assert set(Package.model_fields) - names == {"status_history"}  # asked for as "on"
    assert "on" in names


def test_questions_offer_the_valid_values(repo_copy: Path) -> None:
    questions = {q.name: q for q in package_questions(load_repository(repo_copy))}
    assert "Reading" in questions["recipients"].choices
    assert questions["status"].choices[:3] == ("interest", "scoping", "agreed")
    assert "annual-reviews" in questions["themes"].choices
    assert questions["recipients"].help == "Authorities that receive the support"


def test_answers_are_checked_as_given(repo_copy: Path) -> None:
    questions = package_questions(load_repository(repo_copy))
    assert answer(questions, "recipients", "Bucks", "RBC") == ["buckinghamshire", "reading"]
    assert answer(questions, "status", "2") == "scoping"
    assert answer(questions, "status", "In Delivery") == "in-delivery"
    assert answer(questions, "areas", "SEND", "Children's social care") == [
        "send", "childrens-social-care"]
    assert answer(questions, "themes", "Annual Reviews") == ["annual-reviews"]
    assert answer(questions, "year", "Year 1") == "2025-26"
    assert answer(questions, "on", "2026-03-12") == dt.date(2026, 3, 12)
    with pytest.raises(NotFound):
        answer(questions, "recipients", "Narnia")
    with pytest.raises(UsageError, match="not a status"):
        answer(questions, "status", "finished")
    with pytest.raises(UsageError, match="month 13 is not a month"):
        answer(questions, "starts", "2026-13")
    with pytest.raises(UsageError, match="is taken"):
        answer(questions, "id", "reading-annual-review-mapping")
    with pytest.raises(UsageError, match="not an id"):
        answer(questions, "id", "Reading Mapping")


def test_pick_takes_numbers_and_any_spelling() -> None:
    assert pick(["a-b", "c"], "1", "thing") == "a-b"
    assert pick(["a-b", "c"], "A B", "thing") == "a-b"
    with pytest.raises(UsageError):
        pick(["a-b", "c"], "3", "thing")
    with pytest.raises(UsageError, match="^'sen' is not an area; choose one of: send.$"):
        pick(["send"], "sen", "area")


def test_an_end_is_checked_against_the_start_already_given(repo_copy: Path) -> None:
    questions = package_questions(load_repository(repo_copy))
    with pytest.raises(UsageError, match=r"ends \(2026-01\) is before starts \(2026-05\)"):
        answer(questions, "ends", "2026-01", answers={"starts": "2026-05"})
    assert answer(questions, "ends", "2026", answers={"starts": "2026-05"}) == "2026"
    assert answer(questions, "ends", "2026-01") == "2026-01"


def test_proposed_ids_are_unique_and_name_the_authority(repo_copy: Path) -> None:
    repo = load_repository(repo_copy)
    assert propose_package_id(repo, ["slough"], "Transitions workshop") == \
        "slough-transitions-workshop"
    assert propose_package_id(repo, ["reading"], "Annual Review mapping") == \
        "reading-annual-review-mapping-2"
    assert propose_package_id(repo, ["reading", "kent"], "Joint work") == "joint-work"
    long = propose_package_id(repo, ["slough"], "word " * 30)
    assert len(long) <= 60 and not long.endswith("-")


def test_current_year_is_the_programme_year_of_the_day(repo_copy: Path) -> None:
    repo = load_repository(repo_copy)
    assert current_year(repo, dt.date(2026, 3, 31)) == "2025-26"
    assert current_year(repo, dt.date(2026, 4, 1)) == "2026-27"
    assert current_year(repo, dt.date(2030, 1, 1)) == "2026-27"


def test_a_new_package_in_house_style(repo_copy: Path) -> None:
    repo = load_repository(repo_copy)
    new = draft(repo, "packages", {
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
    reloaded = load_repository(repo_copy)
    assert not reloaded.problems
    assert reloaded.packages["slough-transitions-workshop"].partners == ["reading"]


def test_a_line_break_in_the_title_stays_out_of_the_heading_comment(repo_copy: Path) -> None:
    # The break used to end the comment: the draft failed with "YAML syntax: mapping values
    # are not allowed" at a line of a file that was never written.
    repo = load_repository(repo_copy)
    new = draft(repo, "packages", {"recipients": ["slough"], "title": "Transitions\nworkshop",
                                   "year": "2026-27", "status": "scoping", "id": "slough-t"})
    assert new.text.splitlines()[1] == "# Slough Transitions workshop — support"
    assert 'title: "Transitions\\nworkshop"' in new.text.splitlines()


def test_a_new_record_that_contradicts_itself_is_refused(repo_copy: Path) -> None:
    repo = load_repository(repo_copy)
    with pytest.raises(DataError) as caught:
        draft(repo, "packages", {"recipients": ["slough"], "title": "T", "year": "2026-27",
                                 "status": "scoping", "starts": "2026-05", "ends": "2026-01",
                                 "id": "slough-t"})
    assert caught.value.problems[0].message == "ends (2026-01) is before starts (2026-05)"
    assert not (repo_copy / "data" / "packages" / "slough-t.yaml").exists()


def test_write_never_overwrites(repo_copy: Path) -> None:
    repo = load_repository(repo_copy)
    new = draft(repo, "packages", {"recipients": ["slough"], "title": "T", "year": "2026-27",
                                   "status": "scoping", "id": "slough-t"})
    new.path.write_text("# someone else's\n")
    with pytest.raises(FileExists):
        write_draft(new)
    assert new.path.read_text() == "# someone else's\n"


def test_a_successor_council(repo_copy: Path) -> None:
    repo = load_repository(repo_copy)
    questions = authority_questions(repo)
    assert answer(questions, "predecessors", "East Sussex", "B&H") == [
        "east-sussex", "brighton-and-hove"]
    new = draft(repo, "authorities", {
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
    assert not load_repository(repo_copy).problems


def test_next_steps_lead_to_a_pull_request(repo_copy: Path) -> None:
    repo = load_repository(repo_copy)
    new = draft(repo, "packages", {"recipients": ["slough"], "title": "Transitions workshop",
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
