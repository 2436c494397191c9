"""Valid files never cause a traceback: an edit applies exactly, or is refused naming why."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CliRun
from tsp.yaml_io import parse

REST = "areas:\n  - send\nrecipients:\n  - alpha\nkinds:\n  - mapping\n"
BASE = "id: alpha-review\ntitle: Annual Review mapping\nyear: 2025-26\nstatus: agreed\n"

FILES = {
    "merge key": ("id: alpha-review\ntitle: Annual Review mapping\n"
                  "<<: {year: 2025-26, status: agreed}\n" + REST, "a merge key (<<) on line 3"),
    "anchor and alias": ("id: alpha-review\ntitle: &t Annual Review mapping\nsummary: *t\n"
                         "year: 2025-26\nstatus: agreed\n" + REST, "an anchor (&t) on line 2"),
    "flow mapping": ("{id: alpha-review, title: Annual Review mapping, year: 2025-26, "
                     "status: agreed, areas: [send], recipients: [alpha], kinds: [mapping]}\n",
                     "the record is one flow mapping ({…}) on line 1"),
    "YAML directive": ("%YAML 1.1\n---\n" + BASE + REST, "a %YAML directive on line 1"),
    "U+2028": (BASE.replace("Annual Review mapping", '"Annual Review\u2028mapping"') + REST,
               "U+2028 (line separator) written raw on line 2"),
    "U+2029": (BASE + 'notes: "a\u2029b"\n' + REST,
               "U+2029 (paragraph separator) written raw on line 5"),
    "U+0085": (BASE + 'summary: "a\x85b"\n' + REST, "U+0085 (next line) written raw on line 5"),
}
EDITS = {
    "set title": (("set", "alpha-review", "title", "New title"),
                  lambda d: {**d, "title": "New title"}),
    "set summary": (("set", "alpha-review", "summary", "New summary"),
                    lambda d: {**d, "summary": "New summary"}),
    "add a theme": (("set", "alpha-review", "themes", "--add", "coaching"),
                    lambda d: {**d, "themes": [*d.get("themes", []), "coaching"]}),
    "unset notes": (("set", "alpha-review", "notes", "--unset"),
                    lambda d: {k: v for k, v in d.items() if k != "notes"}),
    "status": (("status", "alpha-review", "delivered", "--on", "2026-03-01"), None),
}


CASES = [(construct, edit) for construct in FILES for edit in EDITS
         if edit != "unset notes" or "notes:" in FILES[construct][0]]


@pytest.mark.parametrize(("construct", "edit"), CASES)
def test_an_edit_applies_exactly_or_is_refused_naming_the_construct(
        register: Path, tsp: CliRun, construct: str, edit: str) -> None:
    # In-process (the real app, with exceptions not caught): a traceback fails the test.
    text, named = FILES[construct]
    path = register / "data" / "packages" / "alpha-review.yaml"
    path.write_bytes(text.encode("utf-8"))
    assert tsp("validate", repo=register).exit_code == 0
    before = parse(text)
    args, expected = EDITS[edit]
    result = tsp(*args, repo=register)
    if result.exit_code == 0:
        after = parse(path.read_text(encoding="utf-8"))
        if expected is not None:
            assert after == expected(before)
        else:
            assert after["status"] == "delivered" and {
                k: v for k, v in after.items() if k not in ("status", "status_history")} == {
                k: v for k, v in before.items() if k not in ("status", "status_history")}
        assert tsp("validate", repo=register).exit_code == 0
    else:
        assert result.exit_code == 2, result.stderr
        assert named in result.stderr
        assert "Nothing was written" in result.stderr
        assert path.read_bytes() == text.encode("utf-8")


def test_a_yaml_directive_does_not_leak_into_later_edits() -> None:
    # The round-trip loader is shared: a directive it once read must not reach other files.
    from tsp.edits.document import dump_document, load_document

    load_document("%YAML 1.1\n---\nid: x\n")
    assert dump_document({"id": "y"}) == "id: y\n"
