"""Edit YAML records and keep what people wrote (the file is written by tsp.edits.atomic).

An edit touches only the lines of the field it changes. The file is parsed with ruamel.yaml's
round-trip loader to find where each top-level key starts and ends, the changed field is
rendered by the same dumper (house indentation: mappings 2, sequences 4 with the dash at 2) and
spliced in; every other byte stays as it was. ruamel.yaml's own re-dump is not used for edits
because it moves comments that sit above the next key into the edited block.

Each splice is checked: the new text must load to exactly the data intended, else the whole
block of the field is re-rendered, and if even that disagrees the edit is refused as a bug.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from tsp.edits.constructs import refusal
from tsp.edits.quick_yaml import dump_fields, plain_safe
from tsp.errors import UsageError, WriteError
from tsp.text_io import YamlProblem, decode, read_bytes
from tsp.yaml_io import parse

# Folded text (notes) is wrapped to this width, as the records written by hand are.
FOLD_WIDTH = 96

_rt: YAML | None = None


def rt_yaml() -> YAML:
    """The round-trip loader and dumper, set up as the data files are written."""
    global _rt
    if _rt is None:
        _rt = YAML(typ="rt")
        _rt.preserve_quotes = True
        _rt.indent(mapping=2, sequence=4, offset=2)
        # Long lines stay on one line: the files keep summaries and timeline entries unwrapped.
        _rt.width = 4096
    return _rt


def load_document(text: str) -> Any:
    yaml = rt_yaml()
    try:
        return yaml.load(text)
    finally:
        # ruamel.yaml keeps a loaded %YAML directive and writes it into every later dump:
        # one odd file would put "%YAML 1.1" at the top of every record edited after it.
        yaml.version = None
        yaml.tags = None


def dump_document(data: Any) -> str:
    buffer = io.StringIO()
    rt_yaml().dump(data, buffer)
    return buffer.getvalue()


def _plain_data(text: str) -> Any:
    return parse(text)


# --- house style for new values ----------------------------------------------------------


def _reads_back_as(text: str) -> Any:
    try:
        return _plain_data(f"v: {text}\n")["v"]
    except Exception:  # noqa: BLE001 - anything YAML cannot read plainly needs quotes
        return None


def plain_or_quoted(text: str) -> str:
    """The text as a plain scalar if YAML reads it back unchanged, else double-quoted.

    The records quote with double quotes; ruamel.yaml on its own would choose single ones.
    """
    if plain_safe(text):  # most titles: no need to ask the dumper and the loader
        return text
    plain_ok = (
        bool(text)
        and text == text.strip()
        and "\n" not in text
        and not text.startswith(("'", '"'))
        and _reads_back_as(text) == text
        and not dump_document({"v": text}).startswith("v: '")
    )
    return text if plain_ok else cast(str, DoubleQuotedScalarString(text))


def folded(text: str, width: int = FOLD_WIDTH, indent: int = 2) -> str:
    """Long prose as a folded block (`>-`), wrapped as the hand-written notes are."""
    if "\n" in text or text != text.strip() or "  " in text or not text:
        return cast(str, LiteralScalarString(text) if "\n" in text
                    else DoubleQuotedScalarString(text))
    value: Any = FoldedScalarString(text)
    positions: list[int] = []
    line_start = 0
    last_space = -1
    for index, char in enumerate(text):
        if char == " ":
            if index - line_start + indent > width and last_space > line_start:
                positions.append(last_space)
                line_start = last_space + 1
            last_space = index
    if len(text) - line_start + indent > width and last_space > line_start:
        positions.append(last_space)
    value.fold_pos = positions
    return cast(str, value)


def styled_like(old: Any, text: str) -> Any:
    """A new string written the way the value it replaces was (quotes, folding)."""
    if isinstance(old, FoldedScalarString):
        return folded(text)
    if isinstance(old, LiteralScalarString):
        return LiteralScalarString(text)
    if isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(text)
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(text)
    return plain_or_quoted(text)


def render_block(key: str, value: Any) -> list[str]:
    """`key: value` as the lines the house style writes, each ending in a newline."""
    return dump_document(CommentedMap([(key, value)])).splitlines(keepends=True)


def render_document(fields: Sequence[tuple[str, Any]], header: Sequence[str] = ()) -> str:
    """A new record: comment lines, then the fields in the order given."""
    # A line break in a header line (a title typed with one) would end the comment and leave
    # the rest of the line as YAML.
    lines = [f"# {' '.join(line.split())}\n" for line in header]
    # The same bytes as the dumper, ten times as fast, for the values it knows (tsp import).
    body = dump_fields(fields)
    return "".join(lines) + (body if body is not None else
                             dump_document(CommentedMap(list(fields))))


# --- finding the lines of top-level keys ---------------------------------------------------


@dataclass(frozen=True)
class Block:
    """The lines (0-based, inclusive) of one top-level key and its value, without the blank
    lines and comments that follow it: those belong to the next key."""

    key: str
    start: int
    end: int


def _is_gap(line: str) -> bool:
    # A comment in column 0 cannot be inside a value of a top-level key; indented '#' lines can
    # be the text of a block scalar, so they count as content.
    return not line.strip() or line.startswith("#")


def blocks(lines: Sequence[str], doc: CommentedMap) -> dict[str, Block]:
    starts = [(doc.lc.key(key)[0], str(key)) for key in doc]
    found: dict[str, Block] = {}
    for index, (start, key) in enumerate(starts):
        limit = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        end = limit - 1
        while end > start and _is_gap(lines[end]):
            end -= 1
        found[key] = Block(key, start, end)
    return found


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _with_newline(lines: list[str], newline: str) -> list[str]:
    return [line.rstrip("\r\n") + newline for line in lines]


def _eol_comment(doc: CommentedMap, key: str) -> tuple[str, int] | None:
    """The comment at the end of a scalar's line, and its column."""
    entry = doc.ca.items.get(key)
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None or not token.value.startswith("#"):
        return None
    return token.value.split("\n", 1)[0].rstrip(), token.column


# --- edits ---------------------------------------------------------------------------------


class TopLevelEditor:
    """Edits of one record's top-level fields, spliced into the original text."""

    def __init__(self, text: str, order: Sequence[str], name: str = "the record") -> None:
        self.text = text
        self.name = name
        self.order = list(order)
        try:
            data = _plain_data(text)
            doc = load_document(text)
        except (YamlProblem, YAMLError) as exc:
            # The file changed since it was loaded, or was never valid: not ours to guess at.
            raise WriteError(f"the file cannot be edited as it is ({exc}); fix it by hand "
                             "first (tsp validate says where)") from exc
        if not isinstance(doc, CommentedMap) or not isinstance(data, dict):
            raise UsageError("the file does not hold a mapping of fields; fix it by hand first")
        self.doc: CommentedMap = doc
        self.data: dict[str, Any] = dict(data)

    # each edit returns the new text, checked to hold exactly the intended data; an edit
    # that cannot be made exactly is refused (tsp.edits.constructs says why)

    def set(self, key: str, value: Any) -> str:
        return self._exactly(self._set, key, value)

    def delete(self, key: str) -> str:
        return self._exactly(self._delete, key)

    def append(self, key: str, item: Any) -> str:
        return self._exactly(self._append, key, item)

    def remove(self, key: str, index: int) -> str:
        return self._exactly(self._remove, key, index)

    def _exactly(self, edit: Any, *args: Any) -> str:
        try:
            return cast(str, edit(*args))
        except UsageError:
            raise
        except (_Mismatch, KeyError, IndexError, AttributeError, TypeError, ValueError):
            raise refusal(self.name, self.text) from None

    def _set(self, key: str, value: Any) -> str:
        expected = {**self.data, key: _plain(value)}
        if key in self.doc:
            return self._checked(self._replace(key, value), expected, key, value)
        return self._checked(self._insert(key, value), expected, key, value)

    def _delete(self, key: str) -> str:
        expected = {k: v for k, v in self.data.items() if k != key}
        lines = self._lines()
        block = blocks(lines, self.doc)[key]
        new = "".join(lines[: block.start] + lines[block.end + 1:])
        return self._verify(new, expected)

    def _append(self, key: str, item: Any) -> str:
        current = self.doc.get(key)
        if current is None or key not in self.doc:
            return self._set(key, CommentedSeq([item]))
        if not isinstance(current, CommentedSeq):
            raise UsageError(f"{key} is not a list in the file; fix it by hand first")
        expected = {**self.data, key: [*self.data[key], _plain(item)]}
        new_list = _like(current, [*current, item])
        if not current or current.fa.flow_style():
            return self._checked(self._replace(key, new_list), expected, key, new_list)
        lines = self._lines()
        block = blocks(lines, self.doc)[key]
        first = lines[current.lc.item(0)[0]]
        dash = len(first) - len(first.lstrip(" "))
        rendered = render_block(key, [item])[1:]
        shift = dash - 2  # rendered items have their dash in column 2
        rendered = [(" " * shift + line) if shift >= 0 else line[-shift:] for line in rendered]
        rendered = _with_newline(rendered, _newline(self.text))
        new = "".join(lines[: block.end + 1] + rendered + lines[block.end + 1:])
        return self._checked(new, expected, key, new_list)

    def _remove(self, key: str, index: int) -> str:
        current = self.doc[key]
        if len(current) == 1:
            return self._delete(key)
        expected = {**self.data, key: [v for i, v in enumerate(self.data[key]) if i != index]}
        new_list = _like(current, [v for i, v in enumerate(current) if i != index])
        if current.fa.flow_style():
            return self._checked(self._replace(key, new_list), expected, key, new_list)
        lines = self._lines()
        block = blocks(lines, self.doc)[key]
        start = current.lc.item(index)[0]
        if index + 1 < len(current):
            end = current.lc.item(index + 1)[0] - 1
            while end > start and (not lines[end].strip() or lines[end].lstrip().startswith("#")):
                end -= 1
        else:
            end = block.end
        new = "".join(lines[:start] + lines[end + 1:])
        return self._checked(new, expected, key, new_list)

    # splicing

    def _lines(self) -> list[str]:
        return self.text.splitlines(keepends=True)

    def _replace(self, key: str, value: Any) -> str:
        lines = self._lines()
        block = blocks(lines, self.doc)[key]
        rendered = render_block(key, value)
        comment = _eol_comment(self.doc, key)
        if comment is not None and len(rendered) == 1 and not isinstance(value, list | dict):
            text, column = comment
            line = rendered[0].rstrip("\n")
            rendered = [line.ljust(column) if len(line) < column else line + " "]
            rendered[0] += text + "\n"
        rendered = _with_newline(rendered, _newline(self.text))
        return "".join(lines[: block.start] + rendered + lines[block.end + 1:])

    def _insert(self, key: str, value: Any) -> str:
        lines = self._lines()
        found = blocks(lines, self.doc)
        rendered = _with_newline(render_block(key, value), _newline(self.text))
        position = self.order.index(key) if key in self.order else len(self.order)
        before = [k for k in self.order[:position] if k in found]
        if before:
            at = found[before[-1]].end + 1
        elif found:
            at = min(b.start for b in found.values())
        else:
            at = len(lines)
        if at == len(lines) and lines and not lines[-1].endswith("\n"):
            lines[-1] += _newline(self.text)
        return "".join(lines[:at] + rendered + lines[at:])

    def _checked(self, new: str, expected: dict[str, Any], key: str, value: Any) -> str:
        try:
            return self._verify(new, expected)
        except _Mismatch:
            # The splice did not give the intended data (an unusual layout); re-render the
            # whole field instead, still leaving every other field's lines alone.
            if key in self.doc:
                return self._verify(self._replace(key, value), expected)
            raise

    def _verify(self, new: str, expected: dict[str, Any]) -> str:
        try:
            got = _plain_data(new)
        except Exception as exc:  # noqa: BLE001 - any failure here is a splice that went wrong
            raise _Mismatch(str(exc)) from exc
        if got != expected:
            raise _Mismatch(f"{got!r} != {expected!r}")
        return new


def _like(current: CommentedSeq, items: list[Any]) -> CommentedSeq:
    """A new list written in the style of the old one ([a, b] stays on one line)."""
    new = CommentedSeq(items)
    if current.fa.flow_style():
        new.fa.set_flow_style()
    return new


class _Mismatch(RuntimeError):
    """An edit that would not give the data intended: a bug in the splicing, never data."""


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


# --- reading for an edit--------------------------------------------------------------------


def read_for_edit(path: Path) -> tuple[str, bool]:
    """The file's text and whether it starts with a byte-order mark (kept when written)."""
    try:
        raw = read_bytes(path)  # once: the text and the mark must come from the same bytes
        text = decode(raw)
    except YamlProblem as exc:
        raise WriteError(f"{path}: {exc.message}") from exc
    return text, raw.startswith(b"\xef\xbb\xbf")

