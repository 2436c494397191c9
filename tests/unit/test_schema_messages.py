"""tsp.schema_messages: Pydantic's errors in the words of someone editing a YAML file."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from tsp.models import Authority, Package, ProgrammeYear
from tsp.schema_messages import describe_validation_error, dotted, found

PACKAGE = {"id": "p", "title": "T", "year": "2025-26", "status": "agreed",
           "recipients": ["kent"]}


def messages(model: type[BaseModel], data: dict[str, Any]) -> list[tuple[Any, str, bool]]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return describe_validation_error(caught.value, model)


def package_messages(**changes: Any) -> list[tuple[Any, str, bool]]:
    return messages(Package, {**PACKAGE, **changes})


def test_an_unknown_field_suggests_the_close_one_and_points_at_the_key() -> None:
    assert package_messages(recipents=["kent"]) == [
        (("recipents",), "unknown field 'recipents'; did you mean 'recipients'?", True)]


def test_an_unknown_field_with_nothing_close_lists_what_is_allowed() -> None:
    [(_, message, _)] = messages(Authority, {"id": "a", "name": "A", "type": "unitary",
                                             "zzz": 1})
    assert message.startswith("unknown field 'zzz'; allowed here: id, name, gss_code")


def test_an_unknown_field_in_a_nested_record_knows_the_nested_fields() -> None:
    [(loc, message, _)] = messages(ProgrammeYear, {"id": "2025-26", "label": "Year 1",
                                                   "quotes": [{"id": "q", "text": "t",
                                                               "speeker": "x"}]})
    assert loc == ("quotes", 0, "speeker")
    assert message == "unknown field 'speeker'; did you mean 'speaker'?"


def test_a_missing_field_says_what_it_is_for() -> None:
    data = dict(PACKAGE)
    del data["recipients"]
    assert messages(Package, data) == [
        (("recipients",), "missing required field 'recipients' (Authorities that receive the "
         "support)", True)]


def test_a_wrong_enum_value_lists_the_choices_and_suggests_one() -> None:
    [(_, message, _)] = package_messages(status="deliverd")
    assert message == ("status: 'deliverd' is not one of interest, scoping, agreed, "
                       "in-delivery, delivered, closed, withdrawn; did you mean 'delivered'?")


def test_an_enum_given_a_list_says_what_it_found() -> None:
    [(_, message, _)] = package_messages(status=["agreed"])
    assert message.startswith("status: found a list; expected one of interest, scoping")


@pytest.mark.parametrize("changes, expected", [
    ({"year": [1]}, "year: expected text, found a list"),
    ({"year": 2025.26}, "year: expected text, found the number 2025.26"),
    ({"recipients": "kent"}, "recipients: expected a list (one '- item' line per entry, or "
                             "[a, b]), found the text 'kent'"),
    ({"title": None}, "title is empty; write a value (or delete the line if the field is "
                      "optional)"),
    ({"title": ""}, "title is empty; it needs a value"),
    ({"recipients": []}, "recipients is empty; it needs at least one entry"),
    ({"status_history": [{"status": "agreed", "on": "soon"}]},
     "status_history[0].on: expected a date written YYYY-MM-DD, found the text 'soon'"),
    ({"year": "2025-27"}, "year: '2025-27' is not a programme year: write it as e.g. 2025-26"),
    ({"starts": "2026-13"}, "starts: month 13 is not a month; write YYYY, YYYY-MM or "
                            "YYYY-MM-DD (found '2026-13')"),
    ({"year": "2025-04-01"}, "year: '2025-04-01' is not a programme year as the files write "
                             "it: write it as e.g. 2025-26"),
    # the command line accepts 2026/27; a file holds the id (issue 22)
    ({"year": "2026/27"}, "year: '2026/27' is not a programme year as the files write it: "
                          "write '2026-27'"),
    ({"starts": "next spring"}, "starts: 'next spring' is not a date; write YYYY, YYYY-MM or "
                                "YYYY-MM-DD"),
    ({"ends": "31/09/2026"}, "ends: '31/09/2026' is not a date; write YYYY, YYYY-MM or "
                             "YYYY-MM-DD"),
])
def test_wrong_types_and_values_say_what_was_expected_and_found(
    changes: dict[str, Any], expected: str
) -> None:
    assert [m for _, m, _ in package_messages(**changes)] == [expected]


def test_a_nested_record_given_text_asks_for_a_mapping() -> None:
    [(_, message, _)] = messages(Authority, {"id": "a", "name": "A", "type": "unitary",
                                             "reorganisation": "2027"})
    assert message == ("reorganisation: expected a mapping of fields (key: value lines), "
                       "found the text '2027'")


def test_a_yes_no_field_given_words_asks_for_true_or_false() -> None:
    [(_, message, _)] = messages(ProgrammeYear, {"id": "2025-26", "label": "Y",
                                                 "quotes": [{"id": "q", "text": "t",
                                                             "publish": "yes please"}]})
    assert message == "quotes[0].publish: expected true or false, found the text 'yes please'"


@pytest.mark.parametrize("key, shown", [(2025, "the number 2025"),
                                        (None, "nothing (the value is empty)")])
def test_a_key_that_is_not_a_name_is_explained_at_the_key(key: Any, shown: str) -> None:
    [(loc, message, at_key)] = messages(Package, {**PACKAGE, key: "x"})
    assert message == f"the record has a key that is {shown}; keys are field names such as 'title'"
    assert at_key
    assert loc == ((2025,) if key == 2025 else ())


def test_dotted_and_found() -> None:
    assert dotted(("quotes", 0, "authorities", 2)) == "quotes[0].authorities[2]"
    assert dotted(()) == "the record"
    assert found(True) == "true (a yes/no value)"
    assert found({"a": 1}) == "a mapping (key: value lines)"


@pytest.mark.parametrize(("field", "value", "form"), [
    ("dfe_la_code", "12", "DfE three-digit LA number, e.g. 870"),
    ("gss_code", "E0600", "ONS GSS code, e.g. E06000038"),
    ("register_code", "rdg", "Three-letter register code, e.g. RDG"),
])
def test_a_code_of_the_wrong_form_says_what_form_it_takes(field: str, value: str,
                                                          form: str) -> None:
    data = {"id": "x", "name": "X", "type": "unitary", field: value}
    with pytest.raises(ValidationError) as caught:
        Authority.model_validate(data)
    [(loc, message, _)] = describe_validation_error(caught.value, Authority)
    assert loc == (field,)
    assert message == f"{field}: '{value}' does not have the expected form: {form}"
