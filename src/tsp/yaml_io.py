"""Reading YAML safely and fast, and finding where things are for messages.

Files are parsed with a safe loader (libyaml's C parser when ruamel.yaml.clib is installed)
that builds plain data only: mappings, lists, text, numbers, booleans, null and dates. Tags
that build Python objects are refused, and so are aliases that repeat a list or mapping (an
alias bomb) and data nested deeper than any record needs. Positions for messages come from a
second, round-trip parse of only the files that have a problem, so the happy path pays for one
fast parse per file.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError, YAMLWarning
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    MappingStartEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode
from ruamel.yaml.resolver import Resolver

# ruamel.yaml warns on stderr about YAML 1.1 oddities such as 1e3 (MantissaNoDotYAML1_1Warning);
# tsp reads the value and its own checks say what is wrong with it, in tsp's words.
warnings.filterwarnings("ignore", category=YAMLWarning)

from tsp.text_io import (  # re-exported: tsp.yaml_io is where callers import them from
    _NOT_PRINTABLE,
    MAX_FILE_BYTES,
    YamlProblem,
    _position,
    check_printable,
    decode,
    read_bytes,
    read_text,
    text_of,
)

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "Locator", "YamlProblem", "check_printable",
           "decode", "parse", "read_bytes", "read_text", "text_of"]

# Records nest four levels at most (a year's quotes hold lists of ids); 32 leaves room and
# refuses input built to exhaust the parser.
MAX_DEPTH = 32
# libyaml's composer recurses in C once per level and overflows the stack somewhere past
# 20,000 levels. A file with fewer characters that can open a level than this cannot get
# near that; a file with more is measured from its event stream (no recursion) first.
_SAFE_OPENERS = 500


class _DataConstructor(SafeConstructor):
    """The safe constructor, minus every type that is not plain data, and with values that
    cannot be built (2026-02-30, an integer of 5,000 digits) reported at their position."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except (ValueError, OverflowError) as exc:
            raise ConstructorError(
                None, None, f"'{node.value}' is not a real date ({exc})", node.start_mark
            ) from None

    def construct_yaml_int(self, node: Any) -> int:
        written = str(node.value).lstrip("+-")
        if not written.isdigit():  # 085 is read as decimal 85 (YAML 1.2), which is fine
            # 0x366 and 0o1546 are both 870, a DfE number: a code that is read as another
            # number without a word is worse than an error.
            raise ConstructorError(
                None, None, f"the number '{str(node.value)[:20]}' is not written in plain "
                "decimal digits; write it in decimal, or in quotes if it is a code "
                "(e.g. \"870\")", node.start_mark,
            )
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            raise ConstructorError(
                None, None, f"the number '{node.value[:20]}…' is too long", node.start_mark
            ) from None

    def construct_yaml_float(self, node: Any) -> float:
        # 1e3 is a float to YAML 1.2 and a warning on stderr to ruamel.yaml's 1.1 reading;
        # tsp's own checks say what is wrong with the value, so the warning is never shown
        # (here as well as by the filter above, which a test runner or a host app may reset).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", YAMLWarning)
            return float(super().construct_yaml_float(node))

    def construct_not_data(self, node: Any) -> None:
        raise ConstructorError(
            None, None, f"could not determine a constructor for the tag '{node.tag!s}'",
            node.start_mark,
        )


_DataConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _DataConstructor.construct_yaml_timestamp
)
_DataConstructor.add_constructor("tag:yaml.org,2002:int", _DataConstructor.construct_yaml_int)
_DataConstructor.add_constructor("tag:yaml.org,2002:float",
                                 _DataConstructor.construct_yaml_float)
for _tag in ("binary", "set", "omap", "pairs"):
    _DataConstructor.add_constructor(
        f"tag:yaml.org,2002:{_tag}", _DataConstructor.construct_not_data
    )

try:  # libyaml's C parser, from ruamel.yaml.clib
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]

    class _Loader(CParser, _DataConstructor, Resolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            self._parser = self._composer = self
            _DataConstructor.__init__(self, loader=self)
            Resolver.__init__(self, loadumper=self)

    def _events(text: str) -> Iterator[Any]:
        parser = CParser(text)
        try:
            while (event := parser.get_event()) is not None:
                yield event
        finally:
            parser.dispose()

except ImportError:  # pragma: no cover - the pure-Python fallback, about 4x slower
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.parser import Parser
    from ruamel.yaml.reader import Reader
    from ruamel.yaml.scanner import Scanner

    class _Loader(Reader, Scanner, Parser, Composer, _DataConstructor, Resolver):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            self.comment_handling = None
            Reader.__init__(self, stream, loader=self)
            Scanner.__init__(self, loader=self)
            Parser.__init__(self, loader=self)
            Composer.__init__(self, loader=self)
            _DataConstructor.__init__(self, loader=self)
            Resolver.__init__(self, loadumper=self)

    def _events(text: str) -> Iterator[Any]:
        loader = _Loader(text)
        try:
            while loader.check_event():
                yield loader.get_event()
        finally:
            loader.dispose()


def _explain(exc: MarkedYAMLError, text: str, line: int) -> tuple[str, str]:
    problem = (exc.problem or exc.context or "not valid YAML").strip()
    lines = text.splitlines()
    if "\t" in problem or (0 < line <= len(lines) and lines[line - 1][:1] == "\t") or (
        "found character '\\t'" in problem
    ):
        return "a tab character; YAML indents with spaces only: replace the tab with spaces", \
            "tab"
    if "duplicate key" in problem:
        key = _duplicate_key(text, exc)
        return key, "duplicate-key"
    if "unhashable key" in problem:
        return ("a key that is a list or mapping; keys are plain names such as 'title'",
                "yaml")
    if isinstance(exc, ConstructorError) and "tag" in problem:
        tag = problem.split("tag", 1)[1].strip(" '").split("'")[0]
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        return (f"the tag {tag} is not allowed in tsp data (it would build something other "
                "than plain text, numbers, lists and mappings): write the plain value",
                "tag")
    if isinstance(exc, ConstructorError):
        named = _KEY_LINE.match(lines[line - 1]) if 0 < line <= len(lines) else None
        if named is not None and problem.startswith("'"):  # a value that cannot be built
            return f"{named.group('key')}: {problem}", "yaml"
        return problem, "yaml"
    plain_words = _syntax_in_plain_words(exc, lines, line)
    if plain_words is not None:
        return plain_words, "yaml"
    return f"YAML syntax: {problem}", "yaml"


def _unclosed_quote(exc: MarkedYAMLError) -> bool:
    return bool(exc.context and "quoted scalar" in exc.context and exc.context_mark is not None
                and "end of stream" in str(exc.problem))


def _dash_without_space(exc: MarkedYAMLError, text: str) -> str | None:
    """'-kent' (a list item missing its space) as YAML sees it: a key without a colon."""
    if "could not find expected ':'" not in str(exc.problem) or exc.context_mark is None:
        return None
    lines = text.splitlines()
    number = exc.context_mark.line
    item = lines[number].lstrip() if number < len(lines) else ""
    return item if item.startswith("-") and not item.startswith("- ") and len(item) > 1 \
        else None


def _syntax_in_plain_words(exc: MarkedYAMLError, lines: list[str], line: int) -> str | None:
    """The commonest slips of hand-edited YAML, said so that someone new to it can fix them."""
    problem = str(exc.problem or "")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if _unclosed_quote(exc):
        quote = text[exc.context_mark.column:][:1] if exc.context_mark else '"'
        quote = quote if quote in "'\"" else '"'
        return (f"this {quote} opens a quoted text that is never closed: add the closing "
                f"{quote} at the end of the text")
    misplaced = _indented_under_a_value(lines, line, problem)
    if misplaced is not None:
        return misplaced
    if "mapping values are not allowed" in problem:
        key, _, value = text.strip().partition(": ")
        example = f'{key}: "{value.strip()}"' if key and value and '"' not in value else \
            'key: "text: with a colon"'
        return ("a colon followed by a space starts a new key, and this line has a second "
                f"one; if it is part of the text, put the whole text in quotes: {example}")
    stripped = text.lstrip()
    if "did not find expected key" in problem and stripped.startswith("- "):
        indent = len(text) - len(stripped)
        above = [len(x) - len(x.lstrip()) for x in lines[:line - 1] if x.lstrip().startswith("- ")]
        expected = f" ({above[-1]} spaces, as the item above)" if above and above[-1] != indent \
            else ""
        return (f"the list item '{stripped[:40]}' is indented differently from the items above "
                f"it: start every '- ' of a list at the same column{expected}")
    item = _dash_without_space(exc, "\n".join(lines))
    if item:
        return (f"'{item[:40]}' looks like a list item without a space after the dash: "
                f"write '- {item[1:].strip()[:40]}'")
    return None


_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?(?P<key>[A-Za-z_][\w-]*):(?:\s+(?P<value>\S.*))?$")


def _indented_under_a_value(lines: list[str], line: int, problem: str) -> str | None:
    """A key indented by mistake. Under `year: 2025-26`, ` status: agreed` reads as more of
    the year's text, and YAML complains of a colon (whose advice, quoting, would not help);
    in a list item, a field not lined up with the item's first field is "did not find
    expected '-' indicator". Both say where the key must start instead."""
    if not 0 < line <= len(lines):
        return None
    this = _KEY_LINE.match(lines[line - 1])
    if this is None or this.group("dash"):
        return None
    indent, key = len(this.group("indent")), this.group("key")
    above = [(n, m) for n, m in ((n, _KEY_LINE.match(lines[n - 1]))
                                 for n in range(line - 1, 0, -1)) if m is not None]
    if not above:
        return None
    number, previous = above[0]
    column = len(previous.group("indent")) + len(previous.group("dash") or "")
    if "mapping values are not allowed" in problem and previous.group("value") and \
            column < indent:
        where = "at the start of the line" if column == 0 else f"{column} spaces in"
        return (f"'{key}:' is indented under '{previous.group('key')}:' (line {number}), which "
                f"holds a value, so YAML reads it as more of that value: start '{key}:' "
                f"{where}, as '{previous.group('key')}:' is")
    if "expected '-' indicator" in problem or "expected <block end>" in problem:
        item = next(((n, m) for n, m in above if m.group("dash")), None)
        if item is None:
            return None
        at, first = item
        column = len(first.group("indent")) + len(first.group("dash"))
        if indent != column and len(first.group("indent")) < indent:
            return (f"'{key}:' is not lined up with '{first.group('key')}:', the first field of "
                    f"the list item on line {at}: the fields of one item start at the same "
                    f"column ({column} spaces)")
    return None


def _duplicate_key(text: str, exc: MarkedYAMLError) -> str:
    mark = exc.problem_mark
    first = _first_occurrence(text, mark.line, mark.column) if mark is not None else None
    name = str(exc.problem).split('"')[1] if str(exc.problem).count('"') >= 2 else "?"
    where = f" (first on line {first})" if first else ""
    return (f"duplicate key '{name}'{where}; a key may appear once in a mapping: delete or "
            "merge one of them")


def _first_occurrence(text: str, line: int, column: int) -> int | None:
    """The line of the first key equal to the key at (line, column), both 0-based."""
    try:
        root = _Loader(text).get_single_node()
    except (YAMLError, RecursionError):
        return None
    stack: list[Node] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            keys = [k for k, _ in node.value]
            for key in keys:
                if key.start_mark.line == line and key.start_mark.column == column:
                    for earlier in keys:
                        if isinstance(earlier, ScalarNode) and earlier.value == key.value:
                            return int(earlier.start_mark.line) + 1
            stack.extend(v for _, v in node.value)
        elif isinstance(node.value, list):
            stack.extend(node.value)
    return None


def parse(text: str) -> Any:
    """Parse one YAML document of plain data; raises YamlProblem with a position."""
    if sum(text.count(c) for c in "[{-?:") > _SAFE_OPENERS:
        deep = _too_deep(text)
        if deep is not None:
            raise _depth_problem(*deep)
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if _unclosed_quote(exc) or _dash_without_space(exc, text):
            mark = exc.context_mark  # where the quote or item opens, not where YAML gave up
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        message, code = _explain(exc, text, line)
        raise YamlProblem(message, line, column, code) from exc
    except YAMLError as exc:
        line, column = _position(text, getattr(exc, "position", None))
        reason = str(getattr(exc, "reason", "") or exc).split("\n")[0]
        character = getattr(exc, "character", None)
        if isinstance(character, str | int) and not isinstance(character, bool):
            code_point = ord(character) if isinstance(character, str) else character
            reason = (f"the control character U+{code_point:04X} is not allowed in YAML; "
                      "delete it")
        raise YamlProblem(f"YAML: {reason}", line, column, code="yaml") from exc
    except RecursionError as exc:
        raise YamlProblem("the YAML is nested too deeply to be data", code="depth") from exc
    except TypeError as exc:
        # A complex key (`? - a: 1`) that holds a mapping cannot be a key at all; found by
        # the property tests (tests/hostile/test_properties.py).
        raise YamlProblem("a key that is a list or mapping; keys are plain names such as "
                          "'title'", code="yaml") from exc
    finally:
        loader.dispose()
    _check_plain(data, text)
    if "\\" in text:  # only an escape can give a value a character the reader refused
        _check_escaped_characters(data, text)
    return data


def _check_escaped_characters(data: Any, text: str) -> None:
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        item, loc = stack.pop()
        if isinstance(item, str):
            found = _NOT_PRINTABLE.search(item)
            if found is not None:
                line, column = Locator(text).find(loc)
                raise YamlProblem(
                    f"an escape gives the character U+{ord(found.group()):04X}, which is not "
                    "allowed in tsp data (a report cannot show it); delete it",
                    line, column, code="yaml",
                )
        elif isinstance(item, dict):
            stack.extend((key, loc) for key in item if isinstance(key, str))
            stack.extend((value, (*loc, key)) for key, value in item.items())
        elif isinstance(item, list):
            stack.extend((value, (*loc, index)) for index, value in enumerate(item))


def _check_plain(data: Any, text: str) -> None:
    # An alias to a list or mapping makes the loader share one object; an alias bomb is many
    # such shares. Stopping at the first one keeps this linear in the file, never the expansion.
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if id(item) in seen:
                line, column = _first_alias(text)
                raise YamlProblem(
                    "YAML aliases (*name) that repeat a list or mapping are not allowed in "
                    "tsp data (they can expand without limit); write the value out in full",
                    line, column, code="alias",
                )
            if depth >= MAX_DEPTH:
                line, column = _too_deep(text) or (1, 1)
                raise _depth_problem(line, column)
            seen.add(id(item))
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def _depth_problem(line: int, column: int) -> YamlProblem:
    return YamlProblem(
        f"the data is nested more than {MAX_DEPTH} levels deep; tsp records need a few "
        "levels at most",
        line, column, code="depth",
    )


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where the event stream first opens a level past MAX_DEPTH (no recursion, no
    construction), or None."""
    depth = 0
    try:
        for event in _events(text):
            if isinstance(event, MappingStartEvent | SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError:
        pass  # a syntax error: the parse that follows reports it with its position
    return None


def _first_alias(text: str) -> tuple[int, int]:
    try:
        for event in _events(text):
            if isinstance(event, AliasEvent) and event.start_mark is not None:
                return event.start_mark.line + 1, event.start_mark.column + 1
    except YAMLError:
        pass
    return 1, 1


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
