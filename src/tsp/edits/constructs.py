"""The valid YAML that tsp's editor cannot splice, said in words a record's author can act on.

tsp set / tsp status edit a record by splicing lines, and check that the result loads to
exactly the data intended. A few constructs YAML allows defeat the splice: a merge key (<<),
anchors and aliases, a record written as one flow mapping ({…}), a %YAML directive, and line
separators written raw (U+2028, U+2029, U+0085, which some YAML readers count as line breaks).
When an edit cannot be made exactly, the command refuses it (exit 2), names the construct and
says how to write the record instead; the file is left as it was.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent, DocumentStartEvent, MappingStartEvent, ScalarEvent

from tsp.errors import UsageError
from tsp.yaml_io import yaml_events

_RAW_BREAKS = {"\u2028": "U+2028 (line separator)", "\u2029": "U+2029 (paragraph separator)",
               "\x85": "U+0085 (next line)"}


class CannotEdit(UsageError):
    """tsp cannot edit this record exactly; nothing was written."""


def constructs(text: str) -> list[str]:
    """What in `text` the editor cannot splice, each with its line and how to write it."""
    found: list[str] = []
    for char, name in _RAW_BREAKS.items():
        if char in text:
            line = text[: text.index(char)].count("\n") + 1
            found.append(f"the character {name} written raw on line {line}: write it as an "
                         f"escape (\"\\u{ord(char):04x}\") inside double quotes, or delete it")
    if text.lstrip().startswith("%"):
        found.append("a %YAML directive on line 1: delete it and the '---' line after it "
                     "(tsp reads YAML 1.2)")
    depth = 0
    seen_anchor = seen_alias = seen_merge = False
    try:
        for event in yaml_events(text):
            line = _line(event)
            if isinstance(event, DocumentStartEvent) and getattr(event, "version", None):
                if not any("directive" in f for f in found):
                    found.append(f"a %YAML directive before line {line}: delete it and the "
                                 "'---' line after it (tsp reads YAML 1.2)")
            if isinstance(event, MappingStartEvent):
                if depth == 0 and event.flow_style:
                    found.append(f"the record is one flow mapping ({{…}}) on line {line}: "
                                 "write each field on its own 'key: value' line")
                depth += 1
            elif type(event).__name__ == "MappingEndEvent":
                depth -= 1
            if getattr(event, "anchor", None) and not isinstance(event, AliasEvent) \
                    and not seen_anchor:
                seen_anchor = True
                found.append(f"an anchor (&{event.anchor}) on line {line}: write the value "
                             "out in full where it is used, without & and *")
            if isinstance(event, AliasEvent) and not seen_alias:
                seen_alias = True
                found.append(f"an alias (*{event.anchor}) on line {line}: write the value it "
                             "stands for out in full")
            if isinstance(event, ScalarEvent) and event.value == "<<" and not seen_merge \
                    and not event.style:
                seen_merge = True
                found.append(f"a merge key (<<) on line {line}: write the merged fields out "
                             "in full in the record")
    except YAMLError:
        pass
    return found


def _line(event: Any) -> int:
    mark = getattr(event, "start_mark", None)
    return int(mark.line) + 1 if mark is not None else 1


def refusal(path_text: str, text: str) -> CannotEdit:
    """The error for an edit that could not be made exactly."""
    found = constructs(text)
    if not found:
        return CannotEdit(f"tsp cannot edit {path_text} exactly as it is written; nothing was "
                          "written. Make the change by hand (tsp validate checks it).")
    listed = "; ".join(found)
    return CannotEdit(f"tsp cannot edit {path_text}: it uses {listed}. Nothing was written; "
                      "change the file that way (tsp validate still accepts it) and run the "
                      "command again, or make this change by hand.")
