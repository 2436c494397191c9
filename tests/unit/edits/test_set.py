"""tsp set in the library: values, references, and the checks made before writing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tsp.kinds import RecordKind
from tsp.edits.check import check_text
from tsp.edits.set import change_items, set_field, unset_field
from tsp.errors import DataError, NotFound, UsageError
from tsp.load import load_checked

READING = "reading-annual-review-mapping"


def package_file(root: Path, package_id: str = READING) -> Path:
    return root / "data" / "packages" / f"{package_id}.yaml"


def test_set_keeps_the_quoting_of_the_value_it_replaces(repo_copy: Path) -> None:
    before = package_file(repo_copy).read_text()
    edit = set_field(load_checked(repo_copy), RecordKind.PACKAGE, READING, "summary",
                     "Two workshops: internal, then multi-agency.")
    old_line = next(line for line in before.splitlines(keepends=True)
                    if line.startswith("summary:"))
    assert edit.new_text == before.replace(
        old_line, 'summary: "Two workshops: internal, then multi-agency."\n')


@pytest.mark.parametrize(("text", "line"), [
    ("2026-01", "starts: 2026-01\n"),
    ("2026-01-15", "starts: 2026-01-15\n"),
    ("2026", "starts: 2026\n"),
])
def test_partial_dates_are_written_plainly(repo_copy: Path, text: str, line: str) -> None:
    edit = set_field(load_checked(repo_copy), RecordKind.PACKAGE, READING, "starts", text)
    assert line in edit.new_text
    assert edit.new_text.index(line) < edit.new_text.index("source:")


def test_text_that_yaml_would_misread_is_quoted(repo_copy: Path) -> None:
    edit = set_field(load_checked(repo_copy), RecordKind.PACKAGE, READING, "title", "2026")
    assert 'title: "2026"\n' in edit.new_text


def test_an_invalid_value_is_refused_with_the_validator_message(repo_copy: Path) -> None:
    before = package_file(repo_copy).read_text()
    with pytest.raises(DataError) as caught:
        set_field(load_checked(repo_copy), RecordKind.PACKAGE, READING, "starts", "2026-13")
    assert [p.message for p in caught.value.problems] == [
        "starts: month 13 is not a month; write YYYY, YYYY-MM or YYYY-MM-DD (found '2026-13')"]
    assert caught.value.problems[0].path == package_file(repo_copy)
    assert package_file(repo_copy).read_text() == before


def test_references_are_checked_against_the_repository(repo_copy: Path) -> None:
    with pytest.raises(DataError) as caught:
        set_field(load_checked(repo_copy), RecordKind.PACKAGE, READING, "year", "2027-28")
    assert caught.value.problems[0].message.startswith("year '2027-28' has no record")


def test_unknown_field_suggests_the_close_ones(repo_copy: Path) -> None:
    with pytest.raises(NotFound) as caught:
        set_field(load_checked(repo_copy), RecordKind.PACKAGE, READING, "sumary", "x")
    assert caught.value.suggestions[0] == "summary"


@pytest.mark.parametrize(("field", "message"), [
    ("status", "tsp status"),
    ("id", "file name"),
    ("status_history", "tsp status"),
    ("partners", "--add or --remove"),
])
def test_fields_set_cannot_change(repo_copy: Path, field: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        set_field(load_checked(repo_copy), RecordKind.PACKAGE, READING, field, "x")


def test_structured_entries_and_years_are_edited_in_the_file(repo_copy: Path) -> None:
    register = load_checked(repo_copy)
    with pytest.raises(UsageError, match="former_codes holds structured entries"):
        set_field(register, RecordKind.AUTHORITY, "reading", "former_codes", "x")
    with pytest.raises(UsageError, match="tsp set does not edit year records"):
        set_field(register, RecordKind.YEAR, "2025-26", "label", "x")


def test_partners_are_added_by_name_and_written_as_ids(repo_copy: Path) -> None:
    before = package_file(repo_copy).read_text()
    edit = change_items(load_checked(repo_copy), RecordKind.PACKAGE, READING, "partners",
                        ["Kent", "WSCC"], [])
    assert edit.new_text == before.replace(
        "recipients:\n  - reading\n",
        "recipients:\n  - reading\npartners:\n  - kent\n  - west-sussex\n")
    assert edit.changes == ("partners: + kent", "partners: + west-sussex")


def test_removing_items_by_name(repo_copy: Path) -> None:
    path = package_file(repo_copy, "reading-bgm-workforce-engagement")
    before = path.read_text()
    edit = change_items(load_checked(repo_copy), RecordKind.PACKAGE,
                        "reading-bgm-workforce-engagement", "partners", [], ["Kent"])
    assert edit.new_text == before.replace("  - kent\n", "", 1)


def test_an_unknown_authority_is_a_usage_error(repo_copy: Path) -> None:
    with pytest.raises(NotFound):
        change_items(load_checked(repo_copy), RecordKind.PACKAGE, READING, "partners",
                     ["Narnia"], [])


def test_removing_the_only_recipient_is_refused(repo_copy: Path) -> None:
    with pytest.raises(DataError) as caught:
        change_items(load_checked(repo_copy), RecordKind.PACKAGE, READING, "recipients", [],
                     ["Reading"])
    assert "missing required field 'recipients'" in caught.value.problems[0].message


def test_adding_an_item_twice_is_refused(repo_copy: Path) -> None:
    with pytest.raises(UsageError, match="already holds 'annual-reviews'"):
        change_items(load_checked(repo_copy), RecordKind.PACKAGE, READING, "themes",
                     ["Annual Reviews"], [])


def test_unset_removes_an_optional_field(repo_copy: Path) -> None:
    before = package_file(repo_copy).read_text()
    edit = unset_field(load_checked(repo_copy), RecordKind.PACKAGE, READING, "source")
    assert edit.new_text == before.replace("source: Year 1 report, What Year 1 Achieved\n", "")


def test_authorities_are_edited_too(repo_copy: Path) -> None:
    path = repo_copy / "data" / "authorities" / "reading.yaml"
    before = path.read_text()
    edit = change_items(load_checked(repo_copy), RecordKind.AUTHORITY, "reading", "aliases",
                        ["Reading Borough Council"], [])
    # new aliases are quoted like the ones already there
    assert edit.new_text == before.replace('  - "RBC"\n',
                                           '  - "RBC"\n  - "Reading Borough Council"\n')


def test_an_alias_another_authority_has_is_refused(repo_copy: Path) -> None:
    with pytest.raises(DataError) as caught:
        change_items(load_checked(repo_copy), RecordKind.AUTHORITY, "reading", "aliases",
                     ["Bucks"], [])
    assert any(p.code == "ambiguous-alias" for p in caught.value.problems)


def test_problems_the_repository_already_had_are_not_held_against_an_edit(
    repo_copy: Path,
) -> None:
    # Another file is broken; editing Reading's package still works.
    broken = package_file(repo_copy, "kent-send-engagement-workshops")
    broken.write_text(broken.read_text().replace("status: agreed", "status: finished"))
    repo = load_checked(repo_copy)
    assert repo.errors
    edit = set_field(repo, RecordKind.PACKAGE, READING, "starts", "2026-01")
    assert edit.warnings == ()


def test_a_broken_target_file_is_reported_not_guessed_at(repo_copy: Path) -> None:
    path = package_file(repo_copy)
    path.write_text(path.read_text().replace("status: agreed", "status: finished"))
    with pytest.raises(DataError) as caught:
        set_field(load_checked(repo_copy), RecordKind.PACKAGE, READING, "starts", "2026-01")
    assert "has errors; fix them first" in str(caught.value)


def test_check_text_relocates_problems_to_the_real_file(repo_copy: Path) -> None:
    repo = load_checked(repo_copy)
    path = package_file(repo_copy)
    text = path.read_text().replace("  - reading\n", "  - readin\n")
    with pytest.raises(DataError) as caught:
        check_text(repo, RecordKind.PACKAGE, READING, path, text)
    problem = caught.value.problems[0]
    assert (problem.path, problem.line) == (path, 10)
    assert problem.message == "recipients: unknown authority 'readin'; did you mean 'reading'?"


def test_a_byte_order_mark_is_kept(repo_copy: Path) -> None:
    path = package_file(repo_copy)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    before = path.read_bytes()
    set_field(load_checked(repo_copy), RecordKind.PACKAGE, READING, "starts", "2026-01").write()
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf# yaml-language-server")
    assert after.replace(b"starts: 2026-01\n", b"") == before


def test_a_file_changed_into_nonsense_since_loading_is_not_edited(repo_copy: Path) -> None:
    from tsp.errors import WriteError

    repo = load_checked(repo_copy)
    path = package_file(repo_copy)
    path.write_text("id: [unclosed\n")
    with pytest.raises(WriteError, match="cannot be edited as it is"):
        set_field(repo, RecordKind.PACKAGE, READING, "starts", "2026-01")
    assert path.read_text() == "id: [unclosed\n"
