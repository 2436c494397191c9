"""tsp.problems: the one did-you-mean of tsp, and how its suggestions read."""

from __future__ import annotations

from tsp.problems import did_you_mean, suggest, suggestion_hint


def test_suggest_finds_close_spellings_best_first() -> None:
    assert suggest("recipents", ["partners", "recipients", "related"]) == ["recipients"]
    assert suggest("sumary", ["summary", "starts", "source", "status"])[0] == "summary"


def test_suggest_ignores_case_but_gives_the_choice_as_written() -> None:
    assert suggest("READING", ["reading", "kent"]) == ["reading"]
    assert suggest("kent", ["Kent", "Medway"]) == ["Kent"]


def test_suggest_gives_nothing_when_nothing_is_close() -> None:
    assert suggest("zzzz", ["reading", "kent"]) == []
    assert did_you_mean("zzzz", ["reading"]) == ""
    assert suggestion_hint([]) is None


def test_the_two_ways_a_suggestion_is_shown() -> None:
    assert did_you_mean("kentt", ["kent", "medway"]) == "; did you mean 'kent'?"
    assert suggestion_hint(["Southampton", "Surrey"]) == "Did you mean: Southampton, Surrey?"


def test_suggest_takes_any_iterable_of_names() -> None:
    assert suggest("kentt", {"kent": 1, "medway": 2}) == ["kent"]
