"""Where things are in a YAML file's text, for messages: the line and column of a key path
(`Locator`), the top-level keys of a file too large for the round-trip parse, and comments
that silently cut a plain value short.

Positions come from a second, round-trip parse of only the files that have a problem (see
tsp.yaml_io), so the happy path pays for one fast parse per file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

# The round-trip parse is pure Python (about 20 s for a 1 MB file of 100,000 keys); past this
# size positions come from one pass over the lines (top-level keys: all such a file has).
_ROUND_TRIP_BYTES = 64 * 1024


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
            except (YAMLError, RecursionError, ValueError, TypeError):
                self._doc = None
        return self._doc

    def find(self, loc: Sequence[Any], *, key: bool = False) -> tuple[int, int]:
        """Where the value at `loc` is; with key=True, where its key is.

        Falls back to the nearest enclosing node that exists, so a missing field points at
        the mapping that should hold it.
        """
        if len(self._text) > _ROUND_TRIP_BYTES:
            return self._find_in_nodes(loc, key)
        node = self._root()
        line, column = _start_of(node)
        for index, part in enumerate(loc):
            last = index == len(loc) - 1
            try:
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
            except (KeyError, IndexError, TypeError, AttributeError):
                break  # e.g. a key that came from a merge (<<: *base) has no position
        return line, column


    def _find_in_nodes(self, loc: Sequence[Any], key: bool) -> tuple[int, int]:
        # One pass over the lines for the top-level keys; a nested position is given as its
        # top-level field's line, which is enough to find it in a file that size.
        if not hasattr(self, "_top"):
            self._top: dict[str, int] = {}
            for number, line in enumerate(self._text.split("\n"), start=1):
                match = _TOP_KEY.match(line)
                if match:
                    self._top.setdefault(match.group(1).strip("'\" "), number)
        if not loc or str(loc[0]) not in self._top:
            return 1, 1
        return self._top[str(loc[0])], 1


def top_level_keys(text: str, more_than: int) -> list[tuple[str, int]] | None:
    """The top-level keys of a block mapping and their lines, by one pass over the lines, if
    there are more than `more_than` of them; else None (the ordinary parse is the judge)."""
    if text.count("\n") <= more_than:
        return None
    keys: list[tuple[str, int]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _TOP_KEY.match(line)
        if match:
            keys.append((match.group(1).strip("'\" "), number))
    return keys if len(keys) > more_than else None


_TOP_KEY = re.compile(r"^([^\s#'\"-][^:]*|'[^']*'|\"[^\"]*\")\s*:(?:\s|$)")


def _start_of(node: Any) -> tuple[int, int]:
    if isinstance(node, CommentedMap | CommentedSeq):
        return node.lc.line + 1, node.lc.col + 1
    return 1, 1


# A line of a YAML mapping or list: its indent, dashes, key (if any) and what follows.
_LINE = re.compile(r"^(?P<indent>\s*)(?P<dashes>(?:-\s+)*)"
                   r"(?:(?P<key>[^\s#'\"\[{][^:#]*?):(?:\s+|$))?(?P<value>.*)$")
_COMMENT = re.compile(r"\s#")


def comments_after_text(text: str) -> list[tuple[int, int, str, str]]:
    """Each comment that follows a plain (unquoted) value on its line, as (line, column of
    the '#', the value YAML keeps, the words it drops): `summary: For the team # for SEND`
    keeps 'For the team' and drops the rest without a word (issue 22). Block scalars (| >)
    and quoted values keep a '#' as text, so they are skipped."""
    found: list[tuple[int, int, str, str]] = []
    block: int | None = None  # inside a block scalar opened on a line of this indent
    quote: str | None = None  # inside a quoted value that runs over several lines
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if block is not None:
            if not stripped or indent > block:
                continue
            block = None
        if quote is not None:
            if _closes(stripped, quote):
                quote = None
            continue
        if not stripped or stripped.startswith(("#", "---", "...")):
            continue
        match = _LINE.match(line)
        if match is None:
            continue
        value = match.group("value")
        start = match.start("value")
        if value.startswith(("|", ">")):
            block = indent
            continue
        if value.startswith(("'", '"')):
            if not _closes(value[1:], value[0]):
                quote = value[0]
            continue
        if not value or value.startswith(("[", "{", "&", "*", "!")):
            continue
        comment = _COMMENT.search(value)
        if comment is not None:
            kept = value[:comment.start()].strip()
            dropped = value[comment.end():].strip()
            if kept:
                found.append((number, start + comment.start() + 2, kept, dropped))
    return found


def _closes(text: str, quote: str) -> bool:
    """Whether `text` (after an opening quote) holds the closing one."""
    if quote == "'":
        return "'" in text.replace("''", "")
    return re.search(r'(?<!\\)(?:\\\\)*"', text) is not None
