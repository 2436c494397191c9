"""The house style of a new record, written directly for the plain values new records hold.

ruamel.yaml's dumper takes ~3 ms a record, which is 30 s of a 10,000-row `tsp import`. The
values of a new record are few kinds (words, dates, numbers, double-quoted text, folded notes,
lists of them and lists of small mappings), and for those the text the dumper writes is
simple; `dump_fields` writes it, and returns None for anything else, so the caller falls back
to the dumper. tests/unit/edits/test_quick_yaml.py checks both write the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, ScalarString

# Text ruamel.yaml writes plain, unquoted, and reads back as the same text: words, with the
# punctuation titles hold, starting with a letter or digit. A form YAML reads as something
# else (a number, a date, true/null) does not match or is refused by _SPECIAL.
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.()&/'’–—_+-]*")
_SPECIAL = re.compile(r"(?i:true|false|yes|no|on|off|y|n|null|~|[-+]?\.?(?:inf|nan))|"
                      r"[-+]?[0-9_.]+(?:[eE][-+]?[0-9_]+)?|[-+]?0[xXoObB][0-9a-fA-F_]+|"
                      r"\d{4}-\d\d?-\d\d?(?:[Tt ].*)?")
# Characters the dumper writes as they are inside double quotes (besides \ and ").
_DOUBLE_SAFE = re.compile(r"[ -~\u00a0-\u2027\u202a-\ud7ff\ue000-\ufeff\uff00-\ufffd]*")
_MAX_LINE = 2000  # well under the dumper's width (4096): it never wraps these lines


def plain_safe(text: str) -> bool:
    """Whether `text` is written plain and reads back as itself (a quick, strict test)."""
    return (len(text) < _MAX_LINE and "  " not in text and text == text.strip()
            and _PLAIN.fullmatch(text) is not None and _SPECIAL.fullmatch(text) is None)


def _scalar(value: Any) -> str | None:
    if isinstance(value, DoubleQuotedScalarString):
        text = str(value)
        if len(text) >= _MAX_LINE or _DOUBLE_SAFE.fullmatch(text) is None:
            return None
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, ScalarString):
        return None  # folded, literal and single-quoted are written by the dumper
    if isinstance(value, str):
        return value if plain_safe(value) else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return None


def _folded(key: str, value: FoldedScalarString) -> list[str] | None:
    text = str(value)
    if not text or _DOUBLE_SAFE.fullmatch(text) is None or "  " in text \
            or text != text.strip() or "\n" in text or "\\" in text:
        return None
    positions = list(getattr(value, "fold_pos", []))
    lines, start = [], 0
    for position in positions:
        if text[position:position + 1] != " ":
            return None
        lines.append(text[start:position])
        start = position + 1
    lines.append(text[start:])
    if any(not line or line[0] in "#" for line in lines):
        return None
    return [f"{key}: >-\n", *(f"  {line}\n" for line in lines)]


def _mapping_item(pairs: Mapping[str, Any]) -> list[str] | None:
    out = []
    for index, (key, value) in enumerate(pairs.items()):
        shown = _scalar(value)
        if shown is None or not plain_safe(str(key)):
            return None
        out.append(f"{'  - ' if index == 0 else '    '}{key}: {shown}\n")
    return out or None


def dump_fields(fields: Sequence[tuple[str, Any]]) -> str | None:
    """The record's `key: value` lines as the dumper writes them, or None when a value is of
    a kind left to the dumper."""
    lines: list[str] = []
    if not fields:
        return None
    for key, value in fields:
        if not plain_safe(key):
            return None
        if isinstance(value, FoldedScalarString):
            block = _folded(key, value)
            if block is None:
                return None
            lines += block
        elif isinstance(value, list):
            if not value:
                return None
            lines.append(f"{key}:\n")
            for item in value:
                if isinstance(item, Mapping):
                    entry = _mapping_item(item)
                    if entry is None:
                        return None
                    lines += entry
                else:
                    shown = _scalar(item)
                    if shown is None:
                        return None
                    lines.append(f"  - {shown}\n")
        else:
            shown = _scalar(value)
            if shown is None:
                return None
            lines.append(f"{key}: {shown}\n")
    return "".join(lines)
