"""tsp.yaml_io: safe, plain-data parsing with positions, and refusing hostile input quickly."""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
from pathlib import Path

import pytest

from tsp.text_io import MAX_FILE_BYTES, YamlProblem, read_text
from tsp.yaml_io import MAX_DEPTH, parse
from tsp.yaml_positions import Locator


def problem(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    return caught.value


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    previous = "a"
    for level in range(1, levels):
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * width) + "]")
        previous = name
    return "\n".join(lines) + "\n"


def test_plain_data_parses_to_python_values() -> None:
    data = parse("id: x\nn: 3\nok: true\nwhen: 2026-01-15\nyear: 2025-26\nitems: [a, b]\n")
    assert data == {"id": "x", "n": 3, "ok": True, "when": dt.date(2026, 1, 15),
                    "year": "2025-26", "items": ["a", "b"]}


def test_yaml_1_2_rules_yes_and_leading_zero_stay_text_and_decimal() -> None:
    # YAML 1.1 read `yes` as true and 085 as octal; tsp reads YAML 1.2.
    assert parse("a: yes\nb: 085\n") == {"a": "yes", "b": 85}


def test_a_syntax_error_has_its_line_and_column() -> None:
    found = problem("id: x\ntitle: [unclosed\n")
    assert (found.line, found.column, found.code) == (3, 1, "yaml")
    assert found.message.startswith("YAML syntax: ")


def test_a_tab_used_for_indentation_is_named() -> None:
    found = problem("id: x\n\ttitle: y\n")
    assert (found.line, found.column, found.code) == (2, 1, "tab")
    assert "tab character" in found.message


def test_a_duplicate_key_names_the_key_and_the_first_line() -> None:
    found = problem("id: kent\nname: Kent\ntype: county\nname: Kent2\n")
    assert (found.line, found.column, found.code) == (4, 1, "duplicate-key")
    assert found.message.startswith("duplicate key 'name' (first on line 2)")


def test_a_python_tag_is_refused_and_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f'id: x\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n'
    found = problem(text)
    assert (found.line, found.column, found.code) == (2, 8, "tag")
    assert "the tag !!python/object/apply:os.system is not allowed" in found.message
    assert not marker.exists()


@pytest.mark.parametrize("tag, value", [("!!binary", "aGVsbG8="), ("!!set", "{a}"),
                                        ("!!omap", "[a: 1]"), ("!!pairs", "[a: 1]"),
                                        ("!custom", "x")])
def test_tags_that_build_anything_but_plain_data_are_refused(tag: str, value: str) -> None:
    found = problem(f"id: x\nv: {tag} {value}\n")
    assert (found.line, found.code) == (2, "tag")
    assert f"the tag {tag} is not allowed" in found.message


def test_a_billion_laughs_alias_bomb_is_refused_quickly_without_expanding() -> None:
    text = billion_laughs()  # 9 levels of 9: 9**9 = 387 million strings if expanded
    tracemalloc.start()
    started = time.perf_counter()
    found = problem(text)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (found.line, found.column, found.code) == (2, 8, "alias")
    # Memory is the proof that nothing expanded; the time bound only catches a hang (expanding
    # would take minutes), loose enough never to flake on a loaded machine.
    assert elapsed < 5
    assert peak < 2_000_000


def test_an_alias_to_a_plain_value_is_harmless_and_allowed() -> None:
    assert parse("a: &x hello\nb: *x\n") == {"a": "hello", "b": "hello"}


def test_a_date_that_does_not_exist_is_a_problem_at_its_position() -> None:
    found = problem("id: x\nends: 2026-02-30\n")
    assert (found.line, found.column) == (2, 7)
    # with the field's name (issue 22)
    assert found.message == "ends: '2026-02-30' is not a real date (day is out of range for month)"


def test_a_number_too_long_to_convert_is_a_problem_not_a_crash() -> None:
    found = problem("n: " + "9" * 5000 + "\n")
    assert (found.line, found.column) == (1, 4)
    assert "too long" in found.message


def test_deep_nesting_is_refused_quickly_even_past_the_c_parser_stack() -> None:
    # 100,000 levels overflow libyaml's recursive composer (a segfault) if it ever sees them.
    text = "a: " + "[" * 100_000 + "]" * 100_000 + "\n"
    started = time.perf_counter()
    found = problem(text)
    assert time.perf_counter() - started < 5  # a hang guard, not a speed target
    assert (found.line, found.column, found.code) == (1, 3 + MAX_DEPTH, "depth")


def test_moderate_nesting_over_the_limit_is_refused_at_the_first_deep_level() -> None:
    depth = MAX_DEPTH + 3
    text = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v\n"
    found = problem(text)
    assert found.code == "depth"
    assert found.line == MAX_DEPTH + 1


def test_nesting_within_the_limit_is_fine() -> None:
    text = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert parse(text)["a"] is not None


def test_a_control_character_is_named_with_its_position() -> None:
    found = problem("id: x\ntitle: t\x00\n")
    assert (found.line, found.column) == (2, 9)
    assert found.message == "YAML: the control character U+0000 is not allowed in YAML; delete it"


def test_several_documents_in_one_file_are_a_problem() -> None:
    found = problem("id: x\n---\nid: y\n")
    assert (found.line, found.code) == (2, "yaml")


def test_read_text_refuses_non_utf8_with_the_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("id: x\ntitle: café\n".encode("latin-1"))
    with pytest.raises(YamlProblem) as caught:
        read_text(path)
    assert (caught.value.line, caught.value.column, caught.value.code) == (2, 11, "encoding")
    assert caught.value.message.startswith("byte 0xe9 is not UTF-8")


def test_read_text_counts_columns_in_characters_not_bytes(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("title: é\xe9\n".encode("utf-8").replace(b"\xc3\xa9\xc3\xa9", b"\xc3\xa9\xe9"))
    with pytest.raises(YamlProblem) as caught:
        read_text(path)
    assert (caught.value.line, caught.value.column) == (1, 9)


def test_read_text_names_utf16(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("id: x\n".encode("utf-16"))
    with pytest.raises(YamlProblem, match="saved as UTF-16"):
        read_text(path)


def test_read_text_drops_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: x\n")
    assert read_text(path) == "id: x\n"


def test_read_text_refuses_a_file_that_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: b\n" * (MAX_FILE_BYTES // 5 + 1))
    with pytest.raises(YamlProblem, match="tsp reads data files of at most 1,048,576 bytes"):
        read_text(path)


def test_read_text_of_a_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(YamlProblem, match="is a folder, not a file"):
        read_text(tmp_path)


def test_locator_finds_keys_values_and_list_items() -> None:
    locator = Locator("id: x\nrecipients:\n  - reading\n  - kent\nreorganisation:\n"
                      "  ends_on: 2027-03-31\n")
    assert locator.find(("id",)) == (1, 5)
    assert locator.find(("id",), key=True) == (1, 1)
    assert locator.find(("recipients", 1)) == (4, 5)
    assert locator.find(("reorganisation", "ends_on")) == (6, 12)
    # Missing parts fall back to the nearest enclosing node that exists.
    assert locator.find(("reorganisation", "successors")) == (6, 3)
    assert locator.find(("nothing",)) == (1, 1)


def test_locator_survives_keys_that_came_from_a_merge() -> None:
    locator = Locator("base: &b {a: 1}\nid: p\n<<: *b\n")
    assert locator.find(("a",), key=True) == (1, 1)


def test_locator_of_unparsable_text_points_at_the_start() -> None:
    assert Locator("a: [\n").find(("a",)) == (1, 1)


@pytest.mark.parametrize("escape, code_point", [("\\x01", "0001"), ("\\e", "001B"),
                                                ("\\uffff", "FFFF")])
def test_an_escape_cannot_give_a_value_a_character_no_report_can_show(
        escape: str, code_point: str) -> None:
    # Word documents are XML: python-docx refused such a title mid-render, with a traceback.
    found = problem(f'id: x\nrecipients:\n  - a\n  - "b{escape}c"\n')
    assert (found.line, found.column) == (4, 5)
    assert found.message == (f"an escape gives the character U+{code_point}, which is not "
                             "allowed in tsp data (a report cannot show it); delete it")


def test_escapes_of_tabs_and_newlines_are_still_fine() -> None:
    assert parse('a: "x\\ty\\nz"\n') == {"a": "x\ty\nz"}


def test_the_characters_refused_are_yamls_non_printable_ones() -> None:
    # text_io writes the class as the characters refused (cheap to compile); it must refuse
    # exactly what YAML 1.2's c-printable leaves out, and nothing a record may hold.
    import re
    import sys

    from tsp.text_io import NOT_PRINTABLE

    printable = re.compile(
        "[\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    wrong = [code for code in range(0, sys.maxunicode + 1, 7) if
             bool(NOT_PRINTABLE.match(chr(code))) == bool(printable.match(chr(code)))]
    assert wrong == []
    for refused in ("\x00", "\x1b", "\x7f", "\x9f", "\ud800", "\ufffe", "\uffff"):
        assert NOT_PRINTABLE.match(refused)
    for kept in ("\t", "\n", "\r", " ", "~", "\x85", "\xa0", "’", "\ufffd", "\U0001f600"):
        assert not NOT_PRINTABLE.match(kept)
