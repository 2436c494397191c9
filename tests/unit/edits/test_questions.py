"""tsp new in the library: questions from the models, answers checked as given, ids."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tsp.errors import NotFound, UsageError
from tsp.models import Package
from tsp.edits.questions import (
    authority_questions,
    current_year,
    package_questions,
    pick,
    propose_package_id,
)
from tsp.load import load_checked


def answer(questions: list, name: str, *typed: str, answers: dict | None = None) -> object:
    question = next(q for q in questions if q.name == name)
    return question.check(list(typed), answers or {})


def test_the_questions_cover_every_package_field(repo_copy: Path) -> None:
    names = {q.name for q in package_questions(load_checked(repo_copy))}
    # status_history is asked for as "on"; years, funding, evidence and SME contributions are
    # added later (tsp log, or by hand), as a new package has none of them yet; a new record's
    # status is recorded as it happens, so it has no status_basis (that says how the register
    # reads an older source), nor readings (fields read from such a source); the counting rules
    # it aims to move (measures) are written by hand once their baseline is known.
    assert set(Package.model_fields) - names == {"status_history", "years", "funding",
                                                 "evidence", "sme_contributions",
                                                 "status_basis", "readings", "measures"}
    assert "on" in names


def test_questions_offer_the_valid_values(repo_copy: Path) -> None:
    questions = {q.name: q for q in package_questions(load_checked(repo_copy))}
    assert "Reading" in questions["recipients"].choices
    assert questions["status"].choices[:3] == ("interest", "scoping", "agreed")
    assert "annual-reviews" in questions["themes"].choices
    assert questions["recipients"].help == "Authorities that receive the support"


def test_answers_are_checked_as_given(repo_copy: Path) -> None:
    questions = package_questions(load_checked(repo_copy))
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
    questions = package_questions(load_checked(repo_copy))
    with pytest.raises(UsageError, match=r"ends \(2026-01\) is before starts \(2026-05\)"):
        answer(questions, "ends", "2026-01", answers={"starts": "2026-05"})
    assert answer(questions, "ends", "2026", answers={"starts": "2026-05"}) == "2026"
    assert answer(questions, "ends", "2026-01") == "2026-01"


def test_proposed_ids_are_unique_and_name_the_authority(repo_copy: Path) -> None:
    repo = load_checked(repo_copy)
    assert propose_package_id(repo, ["slough"], "Transitions workshop") == \
        "slough-transitions-workshop"
    assert propose_package_id(repo, ["reading"], "Annual Review mapping") == \
        "reading-annual-review-mapping-2"
    assert propose_package_id(repo, ["reading", "kent"], "Joint work") == "joint-work"
    long = propose_package_id(repo, ["slough"], "word " * 30)
    assert len(long) <= 60 and not long.endswith("-")


def test_current_year_is_the_programme_year_of_the_day(repo_copy: Path) -> None:
    repo = load_checked(repo_copy)
    assert current_year(repo, dt.date(2026, 3, 31)) == "2025-26"
    assert current_year(repo, dt.date(2026, 4, 1)) == "2026-27"
    assert current_year(repo, dt.date(2030, 1, 1)) == "2026-27"


def test_a_successor_council_names_its_predecessors(repo_copy: Path) -> None:
    questions = authority_questions(load_checked(repo_copy))
    assert answer(questions, "predecessors", "East Sussex", "B&H") == [
        "east-sussex", "brighton-and-hove"]
