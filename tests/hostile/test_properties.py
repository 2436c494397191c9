"""Properties of the loader and the editor over arbitrary input (hypothesis).

- Any text or bytes in a record's file: loading gives a record or problems, never a traceback.
- Any valid record, however it is written (quotes, flow or block lists, comments, CRLF, a
  byte-order mark), and any edit tsp set makes: the edit applies exactly (the file then
  holds the old data with just that change, and is still valid) or is refused with a
  TspError and the file is byte-for-byte unchanged.

The default run tries a few dozen examples per property; CI runs HYPOTHESIS_PROFILE=ci
(2,600 per property, over 10,000 in all).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from tests.hostile.conftest import FIXTURES
from tsp.errors import TspError
from tsp.kinds import RecordKind
from tsp.models import Authority, Package
from tsp.load import load, load_record
from tsp.yaml_io import parse

# --- the loader ----------------------------------------------------------------------------

YAML_BITS = st.sampled_from([
    "id: ", "title: ", "\n", "  ", "- ", ": ", "[", "]", "{", "}", ",", "&a ", "*a", "<<: ",
    "!!str ", "!!python/object ", "%YAML 1.1\n", "---\n", "...\n", "'", '"', "#", "|\n", ">-\n",
    "\t", "\\x01", "\\u2028", "\u2028", "\x85", "0x366", "1e3", "2026-02-30", "~", "null",
    "yes", "alpha", "2025-26", "recipients:\n  - alpha\n", "? ", "\ufeff", "\r\n", "\x00",
])
TEXTS = st.one_of(st.text(), st.lists(YAML_BITS, max_size=40).map("".join),
                  st.lists(st.one_of(YAML_BITS, st.text(max_size=5)), max_size=30).map("".join))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


@given(text=TEXTS, model=st.sampled_from([Package, Authority]))
def test_any_text_loads_to_a_record_or_problems(scratch: Path, text: str, model: Any) -> None:
    path = scratch / "alpha-review.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    record, problems = load_record(path, model)
    assert (record is None) == bool([p for p in problems if p.is_error])
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.message


@given(data=st.binary(max_size=400))
def test_any_bytes_load_to_a_record_or_problems(scratch: Path, data: bytes) -> None:
    path = scratch / "alpha-review.yaml"
    path.write_bytes(data)
    record, problems = load_record(path, Package)
    assert record is None or not problems


# --- valid records, written in any of the ways YAML allows ---------------------------------

# Words of any script and punctuation, and the raw line separators some YAML readers count as
# line breaks (U+2028, U+2029, U+0085): valid inside quotes, and hard for a line splicer.
WORDS = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"],
                              include_characters="\u2028\u2029\x85"), min_size=1, max_size=40)
SLUGS = st.from_regex(r"\A[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}\Z")


@st.composite
def packages(draw: st.DrawFn) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "gen",
        "title": draw(WORDS.filter(lambda t: t.strip() == t)),
        "year": "2025-26",
        "status": draw(st.sampled_from(["interest", "scoping", "agreed", "in-delivery"])),
        "areas": draw(st.lists(st.sampled_from(["send", "childrens-social-care"]),
                               min_size=1, max_size=2, unique=True)),
        "recipients": ["alpha"],
        "kinds": draw(st.lists(st.sampled_from(["mapping", "workshop", "diagnostic"]),
                               min_size=1, max_size=2, unique=True)),
    }
    if draw(st.booleans()):
        record["partners"] = ["beta"]
    if draw(st.booleans()):
        record["themes"] = draw(st.lists(SLUGS, min_size=1, max_size=3, unique=True))
    if draw(st.booleans()):
        record["summary"] = draw(WORDS)
    if draw(st.booleans()):
        record["notes"] = draw(WORDS)
    return record


def _scalar(value: str, style: str) -> str:
    if style == "double" or not value or value != value.strip():
        return json.dumps(value, ensure_ascii=False)
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return value if _plain_ok(value) else json.dumps(value, ensure_ascii=False)


def _plain_ok(value: str) -> bool:
    try:
        return parse(f"v: {value}\n") == {"v": value}
    except Exception:  # noqa: BLE001 - anything YAML cannot read plainly gets quotes
        return False


@st.composite
def written(draw: st.DrawFn, record: dict[str, Any]) -> str:
    """The record as a file, in one of the many ways a person might write it."""
    lines = []
    if draw(st.booleans()):
        lines.append("# A generated record")
    for key, value in record.items():
        comment = "  # note" if draw(st.integers(0, 5)) == 0 else ""
        if isinstance(value, list):
            items = [_scalar(str(v), draw(st.sampled_from(["plain", "double", "single"])))
                     for v in value]
            if draw(st.booleans()):
                lines.append(f"{key}: [{', '.join(items)}]{comment}")
            else:
                indent = draw(st.sampled_from(["", "  ", "    "]))
                lines.append(f"{key}:{comment}")
                lines += [f"{indent}- {item}" for item in items]
        else:
            style = draw(st.sampled_from(["plain", "double", "single"]))
            lines.append(f"{key}: {_scalar(str(value), style)}{comment}")
        if draw(st.integers(0, 4)) == 0:
            lines.append("")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + newline
    return ("\ufeff" if draw(st.integers(0, 9)) == 0 else "") + text


EDITS = st.one_of(
    st.tuples(st.just("set"), st.sampled_from(["summary", "title", "notes"]), WORDS),
    st.tuples(st.just("add"), st.just("themes"), SLUGS),
    st.tuples(st.just("add"), st.just("partners"), st.sampled_from(["beta", "Beta"])),
    st.tuples(st.just("remove"), st.just("partners"), st.just("beta")),
    st.tuples(st.just("unset"), st.sampled_from(["summary", "notes", "themes"]), st.just("")),
)


def _expected(before: dict[str, Any], edit: tuple[str, str, str]) -> dict[str, Any]:
    action, field, value = edit
    after = dict(before)
    if action == "set":
        after[field] = value.strip()
    elif action == "add":
        after[field] = [*before.get(field, []), value.lower()]
    elif action == "remove":
        after[field] = [v for v in before.get(field, []) if v != value]
        if not after[field]:
            del after[field]
    else:
        after.pop(field, None)
    return after


@pytest.fixture(scope="module")
def register_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("register") / "minimal"
    shutil.copytree(FIXTURES / "minimal", root)
    return root


@given(data=st.data())
def test_an_edit_applies_exactly_or_leaves_the_file_unchanged(register_root: Path,
                                                              data: st.DataObject) -> None:
    from tsp.edits.set import change_items, set_field, unset_field

    record = data.draw(packages())
    text = data.draw(written(record))
    path = register_root / "data" / "packages" / "gen.yaml"
    path.write_bytes(text.encode("utf-8"))
    before_bytes = path.read_bytes()
    register = load(register_root)
    if [p for p in register.errors if p.path == path]:
        event("not a valid record")
        return  # not a valid record after all (e.g. a title the model refuses): not this test
    before = parse(text.lstrip("\ufeff"))
    edit = data.draw(EDITS)
    action, field, value = edit
    try:
        if action == "set":
            change = set_field(register, RecordKind.PACKAGE, "gen", field, value.strip())
        elif action == "unset":
            change = unset_field(register, RecordKind.PACKAGE, "gen", field)
        else:
            change = change_items(register, RecordKind.PACKAGE, "gen", field,
                                  [value] if action == "add" else [],
                                  [value] if action == "remove" else [])
        change.write()
    except TspError as exc:
        event(f"refused: {type(exc).__name__}")
        assert path.read_bytes() == before_bytes
        return
    event(f"applied: {action}")
    after_bytes = path.read_bytes()
    after = parse(after_bytes.decode("utf-8").lstrip("\ufeff"))
    assert after == _expected(before, edit)
    assert after_bytes.startswith(b"\xef\xbb\xbf") == before_bytes.startswith(b"\xef\xbb\xbf")
    assert not [p for p in load(register_root).errors if p.path == path]


@given(data=st.data())
def test_a_status_move_applies_exactly_or_leaves_the_file_unchanged(
        register_root: Path, data: st.DataObject) -> None:
    import datetime as dt

    from tsp.edits.status import change_status
    from tsp.models import Status

    record = data.draw(packages())
    text = data.draw(written(record))
    path = register_root / "data" / "packages" / "gen.yaml"
    path.write_bytes(text.encode("utf-8"))
    before_bytes = path.read_bytes()
    register = load(register_root)
    if [p for p in register.errors if p.path == path]:
        return
    new = data.draw(st.sampled_from(list(Status)))
    try:
        change_status(register, "gen", new, dt.date(2026, 3, 1), data.draw(
            st.one_of(st.none(), WORDS))).write()
    except TspError:
        assert path.read_bytes() == before_bytes
        return
    after = parse(path.read_bytes().decode("utf-8").lstrip("\ufeff"))
    before = parse(text.lstrip("\ufeff"))
    assert after["status"] == str(new)
    assert after["status_history"][-1]["status"] == str(new)
    assert {k: v for k, v in after.items() if k not in ("status", "status_history")} == {
        k: v for k, v in before.items() if k not in ("status", "status_history")}


@pytest.mark.parametrize("text", ["? - 0:\n", "? [{a: 1}]\n: x\n"])
def test_examples_the_properties_found(scratch: Path, text: str) -> None:
    path = scratch / "alpha-review.yaml"
    path.write_text(text)
    record, [problem] = load_record(path, Package)
    assert record is None
    assert problem.message == ("a key that is a list or mapping; keys are plain names such as "
                               "'title'")
