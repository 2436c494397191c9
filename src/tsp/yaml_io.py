"""Reading YAML safely and fast, and saying what is wrong with it in plain words.

Files are parsed with a safe loader (libyaml's C parser when ruamel.yaml.clib is installed)
that builds plain data only: mappings, lists, text, numbers, booleans, null and dates. Tags
that build Python objects are refused, and so are aliases that repeat a list or mapping (an
alias bomb) and data nested deeper than any record needs. A syntax error is explained as
someone new to YAML can act on it. Reading the file's bytes and text is tsp.text_io's;
finding positions for messages, tsp.yaml_positions'.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

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

from tsp.text_io import NOT_PRINTABLE, YamlProblem, line_and_column
from tsp.yaml_positions import Locator

# ruamel.yaml warns on stderr about YAML 1.1 oddities such as 1e3 (MantissaNoDotYAML1_1Warning);
# tsp reads the value and its own checks say what is wrong with it, in tsp's words.
warnings.filterwarnings("ignore", category=YAMLWarning)

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

    def yaml_events(text: str) -> Iterator[Any]:
        """The file's parse events, one by one (no recursion, nothing constructed)."""
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

    def yaml_events(text: str) -> Iterator[Any]:
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
        line, column = line_and_column(text, getattr(exc, "position", None))
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
            found = NOT_PRINTABLE.search(item)
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
        for event in yaml_events(text):
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
        for event in yaml_events(text):
            if isinstance(event, AliasEvent) and event.start_mark is not None:
                return event.start_mark.line + 1, event.start_mark.column + 1
    except YAMLError:
        pass
    return 1, 1
