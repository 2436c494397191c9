"""Reading YAML safely and fast, and finding where things are for messages.

Files are parsed with ruamel.yaml's safe loader (the C parser when ruamel.yaml.clib is
installed): no tags that build Python objects, no alias expansion. Positions for messages come
from a second, round-trip parse of only the files that have a problem, so the happy path pays
for one fast parse per file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

MAX_FILE_BYTES = 1024 * 1024

_safe: YAML | None = None


class YamlProblem(Exception):
    """A file that cannot be read as YAML data; line and column are 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1, code: str = "yaml") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.code = code


def _safe_yaml() -> YAML:
    global _safe
    if _safe is None:
        _safe = YAML(typ="safe")
    return _safe


def read_text(path: Path) -> str:
    """The file's text, refusing files that are too large or not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise YamlProblem(f"cannot read the file: {exc.strerror}", code="io") from exc
    if len(data) > MAX_FILE_BYTES:
        raise YamlProblem(
            f"the file is {len(data):,} bytes; tsp reads data files of at most "
            f"{MAX_FILE_BYTES:,} bytes",
            code="too-large",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(
            f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8 "
            "(in most editors: Save with Encoding > UTF-8)",
            line,
            column,
            code="encoding",
        ) from exc


def _explain(exc: MarkedYAMLError, text: str, line: int) -> str:
    problem = (exc.problem or exc.context or "not valid YAML").strip()
    lines = text.splitlines()
    if "\t" in problem or (0 < line <= len(lines) and "\t" in lines[line - 1]):
        return "a tab character; YAML indents with spaces only: replace the tab with spaces"
    if "duplicate key" in problem:
        return (
            problem.replace("found duplicate key", "the key")
            + "; a key may appear once in a mapping: delete or rename one of them"
        )
    if exc.__class__.__name__ == "ConstructorError" and "tag" in problem:
        return (
            f"{problem}; tags such as !!python/object are not allowed in tsp data: "
            "write the plain value"
        )
    return f"YAML syntax: {problem}"


def parse(text: str) -> Any:
    """Parse one YAML document of plain data; raises YamlProblem with a position."""
    try:
        data = _safe_yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise YamlProblem(_explain(exc, text, line), line, column, code="yaml") from exc
    except YAMLError as exc:
        raise YamlProblem(f"YAML: {exc}", code="yaml") from exc
    except RecursionError as exc:
        raise YamlProblem("the YAML is nested too deeply to be data", code="yaml") from exc
    if _has_shared_containers(data):
        line, column = _first_alias(text)
        raise YamlProblem(
            "YAML aliases (*name) that repeat a list or mapping are not allowed in tsp data "
            "(they can expand without limit); write the value out in full",
            line,
            column,
            code="alias",
        )
    return data


def _has_shared_containers(data: Any) -> bool:
    # An alias to a list or mapping makes the loader share one object; an alias bomb is many
    # such shares. Stopping at the first one keeps this linear in the file, never the expansion.
    seen: set[int] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list):
            if id(item) in seen:
                return True
            seen.add(id(item))
            stack.extend(item.values() if isinstance(item, dict) else item)
    return False


def _first_alias(text: str) -> tuple[int, int]:
    try:
        for event in _safe_yaml().parse(text):
            if isinstance(event, AliasEvent) and event.start_mark is not None:
                return event.start_mark.line + 1, event.start_mark.column + 1
    except YAMLError:
        pass
    return 1, 1


class Locator:
    """Finds the line and column of a key path in a file's text (1-based)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._doc: Any = None
        self._parsed = False

    def _root(self) -> Any:
        if not self._parsed:
            self._parsed = True
            try:
                self._doc = YAML(typ="rt").load(self._text)
            except (YAMLError, RecursionError):
                self._doc = None
        return self._doc

    def find(self, loc: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        """Where the value at `loc` is; with key=True, where its key is.

        Falls back to the nearest enclosing node that exists, so a missing field points at
        the mapping that should hold it.
        """
        node = self._root()
        line, column = _start_of(node)
        for index, part in enumerate(loc):
            last = index == len(loc) - 1
            if isinstance(node, CommentedMap) and part in node:
                kl, kc = node.lc.key(part)
                vl, vc = node.lc.value(part)
                line, column = (kl + 1, kc + 1) if (key and last) else (vl + 1, vc + 1)
                node = node[part]
            elif (
                isinstance(node, CommentedSeq)
                and isinstance(part, int)
                and 0 <= part < len(node)
            ):
                il, ic = node.lc.item(part)
                line, column = il + 1, ic + 1
                node = node[part]
            else:
                break
        return line, column


def _start_of(node: Any) -> tuple[int, int]:
    if isinstance(node, CommentedMap | CommentedSeq):
        return node.lc.line + 1, node.lc.col + 1
    return 1, 1
