"""Templates cannot exhaust CI: bounded strings, bounded output, bounded time and memory.

Jinja's sandbox keeps a template away from Python's internals, not from asking for a
two-billion-character string (`"x"|center(2000000000)`) or running nested loops for ever. A
template arrives by pull request and is rendered in CI, so every operation that can build a
large string is checked before it runs (filters, operators, str methods), every printed value
and the whole output are capped, and a render runs under a time limit and a memory ceiling.
A template that passes a limit stops with a `TemplateLimitError`; templates.py names the
template's file and line.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

from jinja2.utils import Namespace, generate_lorem_ipsum

from tsp.reporting.errors import TemplateSandboxError

MAX_ITEMS = 1_000_000  # characters or list entries one expression may build
MAX_POWER_BITS = 4096  # an integer power's size; report arithmetic never comes near either
MAX_OUTPUT = 32 * 1024 * 1024  # characters of one report (a national register's: ~2 MB)
RENDER_SECONDS = 5.0  # a real report renders in well under a second
MEMORY_HEADROOM = 2 * 1024 ** 3  # bytes a render may add to the process's address space
ENV_SECONDS = "TSP_RENDER_SECONDS"  # to tighten (or, for a huge register, loosen) the limit


class TemplateLimitError(TemplateSandboxError):
    """The template asked for more than any report needs; nothing was written."""

    hint = ("Reports are rendered in CI from pull requests, so templates are limited: "
            f"{MAX_ITEMS:,} characters or items per expression, {MAX_OUTPUT:,} characters per "
            "report, and a few seconds of rendering.")


def _refuse(what: str, size: int) -> TemplateLimitError:
    return TemplateLimitError(f"{what} would build {size:,} items; at most {MAX_ITEMS:,} are "
                              "allowed")


def _length(value: Any) -> int:
    try:
        return len(value)
    except TypeError:
        return len(str(value))


def _int(value: Any, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


# --- sizes, checked before the operation runs ----------------------------------------------


def check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(times, int) \
                    and len(seq) * times > MAX_ITEMS:
                raise _refuse("'*'", len(seq) * times)
    elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
        if abs(left) > 1 and abs(left).bit_length() * right > MAX_POWER_BITS:
            raise TemplateLimitError(f"'**' would build a number of about "
                                     f"{abs(left).bit_length() * right:,} bits; at most "
                                     f"{MAX_POWER_BITS:,} are allowed")
    elif operator == "%" and isinstance(left, str):
        check_printf(left, right if isinstance(right, tuple) else (right,), "'%'")


# %[flags][width][.precision]: a width or precision, written or taken from an argument (*).
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")
# {…:[fill][align][sign][#][0][width][,_][.precision]}: nested {} take the width from an argument.
_FORMAT_SPEC = re.compile(r"\{[^{}:]*:[^{}]*?(\d+|\{[^{}]*\})?(?:[,_])?(?:\.(\d+|\{[^{}]*\}))?[a-zA-Z%]?\}")


def check_printf(template: str, args: tuple[Any, ...], what: str) -> None:
    """Refuse a printf-style format whose widths or precisions would build a huge string."""
    numbers = [_int(a) for a in args]
    total = len(template) + sum(_length(a) for a in args)
    for match in _PRINTF.finditer(template):
        for group in match.groups():
            if group == "*":
                total += max(numbers, default=0)
            elif group:
                total += int(group[:12])
    if total > MAX_ITEMS:
        raise _refuse(what, total)


def check_format(template: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """The same for str.format: a written width, or one taken from an argument ({:{w}})."""
    numbers = [_int(a) for a in (*args, *kwargs.values())]
    total = len(template) + sum(_length(a) for a in (*args, *kwargs.values()))
    for match in _FORMAT_SPEC.finditer(template):
        for group in match.groups():
            if group and group.startswith("{"):
                total += max(numbers, default=0)
            elif group:
                total += int(group[:12])
    if total > MAX_ITEMS:
        raise _refuse("format", total)


def _replace_size(text: str, old: str, new: str, count: int | None) -> int:
    found = len(text) + 1 if old == "" else text.count(old) if old else 0
    if count is not None and count >= 0:
        found = min(found, count)
    return len(text) + found * (len(new) - len(old))


def check_str_method(name: str, text: str, args: tuple[Any, ...], kwargs: dict[str, Any]
                     ) -> None:
    """Before a str method a template calls ("x".center(10**9), .replace, .join…) runs."""
    if name in ("center", "ljust", "rjust", "zfill"):
        size = _int(args[0] if args else kwargs.get("width"))
    elif name == "expandtabs":
        size = len(text) + text.count("\t") * _int(args[0] if args else
                                                   kwargs.get("tabsize"), 8)
    elif name == "replace" and len(args) >= 2:
        count = _int(args[2], -1) if len(args) > 2 else _int(kwargs.get("count"), -1)
        size = _replace_size(text, str(args[0]), str(args[1]), count)
    elif name == "join" and args:
        items = list(args[0]) if isinstance(args[0], list | tuple | str) else []
        size = sum(_length(i) for i in items) + len(text) * max(len(items) - 1, 0)
    elif name in ("format", "format_map"):
        check_format(text, args, kwargs if name == "format" else
                     dict(args[0]) if args and isinstance(args[0], dict) else {})
        return
    else:
        return
    if size > MAX_ITEMS:
        raise _refuse(f"'{name}'", size)


# --- bounded filters (the ones that can build a large string from small arguments) ---------


def bounded_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Jinja's own filters, wrapped so that each checks the size it would build first."""
    center, replace, fmt = filters["center"], filters["replace"], filters["format"]
    wordwrap, join, indent = filters["wordwrap"], filters["join"], filters["indent"]
    truncate = filters["truncate"]

    def bounded_center(value: Any, width: int = 80) -> Any:
        if _int(width) > MAX_ITEMS:
            raise _refuse("center", _int(width))
        return center(value, width)

    def bounded_replace(eval_ctx: Any, s: Any, old: Any, new: Any, count: Any = None) -> Any:
        size = _replace_size(str(s), str(old), str(new), _int(count, -1) if count else None)
        if size > MAX_ITEMS:
            raise _refuse("replace", size)
        return replace(eval_ctx, s, old, new, count)

    def bounded_format(value: Any, *args: Any, **kwargs: Any) -> Any:
        check_printf(str(value), args or tuple(kwargs.values()), "format")
        return fmt(value, *args, **kwargs)

    def bounded_wordwrap(environment: Any, s: Any, width: int = 79,
                         break_long_words: bool = True, wrapstring: Any = None,
                         break_on_hyphens: bool = True) -> Any:
        text = str(s)
        joins = len(text) // max(_int(width, 1), 1) + text.count("\n") + 1
        size = len(text) + joins * len(str(wrapstring or "\n"))
        if size > MAX_ITEMS:
            raise _refuse("wordwrap", size)
        return wordwrap(environment, s, width, break_long_words, wrapstring, break_on_hyphens)

    def bounded_join(eval_ctx: Any, value: Any, d: Any = "", attribute: Any = None) -> Any:
        items = list(value)
        if len(items) > MAX_ITEMS:
            raise _refuse("join", len(items))
        size = sum(_length(i) for i in items) + len(str(d)) * max(len(items) - 1, 0)
        if size > MAX_ITEMS:
            raise _refuse("join", size)
        return join(eval_ctx, items, d, attribute)

    def bounded_indent(s: Any, width: Any = 4, first: bool = False, blank: bool = False
                       ) -> Any:
        step = len(width) if isinstance(width, str) else _int(width)
        size = len(str(s)) + (str(s).count("\n") + 1) * step
        if size > MAX_ITEMS:
            raise _refuse("indent", size)
        return indent(s, width, first, blank)

    def bounded_truncate(environment: Any, s: Any, length: int = 255, killwords: bool = False,
                         end: Any = "...", leeway: Any = None) -> Any:
        if len(str(end)) > MAX_ITEMS:
            raise _refuse("truncate", len(str(end)))
        return truncate(environment, s, length, killwords, end, leeway)

    # Keep Jinja's own markers of what each filter is passed (eval context, environment).
    for mine, theirs in ((bounded_replace, replace), (bounded_wordwrap, wordwrap),
                         (bounded_join, join), (bounded_truncate, truncate)):
        jinja_pass = getattr(theirs, "jinja_pass_arg", None)
        if jinja_pass is not None:
            setattr(mine, "jinja_pass_arg", jinja_pass)
    return {"center": bounded_center, "replace": bounded_replace, "format": bounded_format,
            "wordwrap": bounded_wordwrap, "join": bounded_join, "indent": bounded_indent,
            "truncate": bounded_truncate}


class BoundedNamespace(Namespace):
    """Jinja's namespace(), whose attributes cannot grow past the limit."""

    def __setitem__(self, name: str, value: Any) -> None:
        if isinstance(value, str | list | tuple | dict) and len(value) > MAX_ITEMS:
            raise _refuse(f"namespace attribute '{name}'", len(value))
        super().__setitem__(name, value)


def bounded_globals() -> dict[str, Any]:
    """namespace() whose attributes cannot grow past the limit (doubling a string in a loop
    is the quickest way to a gigabyte), and lipsum() of a bounded size."""

    def lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
        if _int(n) * _int(max, 100) > MAX_ITEMS // 10:
            raise _refuse("lipsum", _int(n) * _int(max, 100) * 10)
        return str(generate_lorem_ipsum(n, html, min, max))

    return {"namespace": BoundedNamespace, "lipsum": lipsum}


# --- printed values and the whole output ---------------------------------------------------


class OutputCounter:
    """Counts what a render prints, and refuses a value or a total past the limits."""

    def __init__(self) -> None:
        self.total = 0

    def check(self, value: str) -> None:
        if len(value) > MAX_ITEMS:
            raise _refuse("one printed value", len(value))
        self.total += len(value)
        if self.total > MAX_OUTPUT:
            raise TemplateLimitError(f"the report passes {MAX_OUTPUT:,} characters; no report "
                                     "needs that many")


def collect(chunks: Iterator[str], counter: OutputCounter) -> str:
    """The rendered text from Jinja's generator, stopping at MAX_OUTPUT: the error is thrown
    into the generator, so that it carries the template's file and line."""
    parts: list[str] = []
    for chunk in chunks:
        parts.append(chunk)
        counter.total += len(chunk)
        if counter.total > MAX_OUTPUT:
            throw = getattr(chunks, "throw")
            throw(TemplateLimitError(f"the report passes {MAX_OUTPUT:,} characters; no report "
                                     "needs that many"))
    return "".join(parts)


# --- what is handed to WeasyPrint and python-docx --------------------------------------------

# A template within every limit above can still print 40,000 table rows, which WeasyPrint
# takes minutes and gigabytes to lay out (python-docx likewise with 200,000): the size of
# what each is handed is bounded before it starts (benchmarks/bench_report_bounds.py times them):
# at the bounds, ~30 s and ~250 MB each on a shared 2-core machine; the largest report, the
# data challenge, is ~80,000 characters of HTML with ~300 rows.
PDF_ROWS = 2_000
PDF_CHARACTERS = 250_000  # of the HTML page: 300,000 characters of paragraphs took 57 s
WORD_ROWS = 10_000
WORD_CHARACTERS = 4_000_000  # of the report's Markdown


class ReportTooLargeError(TemplateLimitError):
    """The report is too large for this format; nothing was written."""

    hint = ("HTML and Markdown have no such limit: write the report as .html or .md, or "
            "narrow the template (fewer rows: one authority, one year).")


def check_size(fmt: str, rows: int, characters: int) -> None:
    """Refuse, before the layout starts, a report larger than `fmt` ("PDF" or "Word") can be
    laid out in reasonable time and memory."""
    max_rows, max_characters = (PDF_ROWS, PDF_CHARACTERS) if fmt == "PDF" \
        else (WORD_ROWS, WORD_CHARACTERS)
    if rows > max_rows:
        raise ReportTooLargeError(f"the report has {rows:,} table rows; a {fmt} report holds "
                                  f"at most {max_rows:,} (laying out more takes minutes and "
                                  "gigabytes)")
    if characters > max_characters:
        raise ReportTooLargeError(f"the report has {characters:,} characters; a {fmt} report "
                                  f"holds at most {max_characters:,} (laying out more takes "
                                  "minutes and gigabytes)")


# --- time and memory -----------------------------------------------------------------------


class RenderTimeout(TemplateLimitError):
    """The render took longer than any report needs."""


def render_seconds() -> float:
    try:
        value = float(os.environ.get(ENV_SECONDS, "") or RENDER_SECONDS)
    except ValueError:
        return RENDER_SECONDS
    return value if value > 0 else RENDER_SECONDS


@contextlib.contextmanager
def time_and_memory(seconds: float | None = None) -> Iterator[None]:
    """Run the block under a wall-clock limit (SIGALRM raises RenderTimeout in whatever
    Python code runs, which is the template's) and an address-space ceiling (a runaway
    string raises MemoryError instead of taking the machine down). Where neither is available
    (not the main thread, not POSIX) the size checks above still hold."""
    limit = render_seconds() if seconds is None else seconds
    with _alarm(limit), _memory_ceiling():
        yield


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not \
            threading.main_thread():
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise RenderTimeout(f"the report took more than {seconds:g} seconds to render; a "
                            "template loop runs too long")

    previous = signal.signal(signal.SIGALRM, expired)
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_delay:
            signal.setitimer(signal.ITIMER_REAL, old_delay, old_interval)


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


@contextlib.contextmanager
def _memory_ceiling() -> Iterator[None]:
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    used = _address_space()
    if used is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = used + MEMORY_HEADROOM
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    if soft != resource.RLIM_INFINITY and soft <= ceiling:
        yield  # already limited more tightly by whoever runs tsp
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
