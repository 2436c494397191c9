"""Render the repository's report templates (found by catalogue.py) in Jinja's sandbox, and
the filters templates may use.

Templates arrive by pull request and CI renders them, so they are untrusted input: they run in
an immutable sandbox with StrictUndefined, read only files inside templates/, and every
failure becomes a `TemplateError` naming the template file and line.
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
)
from jinja2.bccache import Bucket
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment

from tsp.escape import Markdown, escape_text, unprintable
from tsp.reporting.catalogue import (
    TEMPLATES_DIR,
    read_template,
    relative,
    template_folder,
    templates_dir,
)
from tsp.reporting.errors import TemplateError, TemplateFieldError, TemplateSandboxError
from tsp.reporting.limits import (
    OutputCounter,
    TemplateLimitError,
    bounded_filters,
    bounded_globals,
    check_binop,
    check_str_method,
    collect,
    time_and_memory,
)
from tsp.safe_fs import Unsafe, check_contained

DEFAULT_PROGRAMME = "Targeted Support Programme"  # a register whose data/programme.yaml is absent


def and_join(items: Any, last: str = "and") -> str:
    """'A, B and C' — the way the reports name several authorities."""
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 package', '15 packages'."""
    return f"{count} {singular if count == 1 else many or singular + 's'}"


def plain(value: Any) -> Markdown:
    """Text meant literally, made inert for Markdown: a note that quotes '[prospectus](#)' or
    '**bold**' shows those characters instead of becoming a link or bold. (Every value a
    template prints is escaped so already, but keeps its emphasis.)"""
    return escape_text(value, emphasis=False)


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def note(value: Any) -> Markdown:
    """A record's note for the team's report: its `field names` in code, as the team wrote
    them, and everything else shown literally (a note quoting '[prospectus](#)' shows it),
    so the team reads text, not Markdown's marks."""
    text = str(value)
    parts: list[str] = []
    at = 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(plain(text[at:match.start()]))
        parts.append(f"`{match.group(1)}`")
        at = match.end()
    parts.append(plain(text[at:]))
    return Markdown("".join(parts))


def md_cell(value: Any) -> Markdown:
    """A value made safe for one Markdown table cell: a '|' or a line break would split it
    (tsp.escape, which every printed value goes through anyway)."""
    return escape_text(value)


_WEB_ADDRESS = re.compile(r"https://[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]{1,2000}")


def md_link(value: Any) -> Markdown:
    """A source's web address as a link readers can follow (a Markdown autolink); anything
    but a plain https address stays inert text."""
    text = str(value)
    if _WEB_ADDRESS.fullmatch(text):
        return Markdown(f"<{text}>")
    return escape_text(value)


# Templates compiled once per process (keyed by file, checked against the source's checksum, so
# an edited template is compiled again): `tsp site` renders the authority report for every
# authority, and compiling the same templates each time took most of its build.
_COMPILED: dict[str, bytes] = {}


class _InMemory(BytecodeCache):
    """Jinja's bytecode cache, kept in _COMPILED for the life of the process."""

    def load_bytecode(self, bucket: Bucket) -> None:
        data = _COMPILED.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        _COMPILED[bucket.key] = bucket.bytecode_to_string()


class _ConfinedLoader(FileSystemLoader):
    """A FileSystemLoader that reads only regular files inside the repository (outside
    .git/), through tsp.safe_fs: a pull request could otherwise add templates/x.md.j2 ->
    /etc/passwd (or a CI secret) and publish it, or a FIFO that hangs CI."""

    def __init__(self, root: Path, folder: Path) -> None:
        super().__init__(str(folder))
        self.root, self.folder = root, folder

    def get_source(self, environment: Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))
        if not os.path.lexists(path):
            raise TemplateNotFound(template)
        try:
            check_contained(path, self.root, within=self.folder)
        except Unsafe as exc:
            raise SecurityError(f"template '{template}' leads outside {TEMPLATES_DIR}/: "
                                f"{exc.message}") from None
        source = read_template(path, self.root)
        mtime = os.path.getmtime(path)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(path) == mtime
            except OSError:
                return False

        return source, os.path.normpath(path), uptodate


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox stops templates reaching Python's internals, not from asking for a
    billion-character string or a ten-million-digit number, which would stall or exhaust
    the CI machine that renders a pull request. Refuse products that large up front
    (tsp.reporting.limits)."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # The sandbox hands templates its own str.format; check the widths it would pad to.
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text, name = value.__self__, value.__name__

        def checked(*args: Any, **kwargs: Any) -> str:
            check_str_method(name, text, args, kwargs)
            return wrapped(*args, **kwargs)

        return checked

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str) and callable(__obj):
            check_str_method(getattr(__obj, "__name__", ""), owner, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        # What a macro (or caller()) renders is the template's own Markdown: its data
        # was escaped as the macro printed it, so it is not escaped twice.
        if isinstance(__obj, Macro) and isinstance(result, str):
            return Markdown(result)
        return result


def environment(root: Path, globals_: Mapping[str, Callable[..., Any]],
                counter: OutputCounter | None = None,
                programme: str = DEFAULT_PROGRAMME) -> Environment:
    folder = template_folder(root) or templates_dir(root)
    counter = counter or OutputCounter()

    def finalize(value: Any) -> Markdown:
        # Data is text (tsp.escape), of a bounded size (tsp.reporting.limits), and
        # holds only characters every format can show (Word's XML cannot hold U+0001).
        counter.check(value if isinstance(value, str) else str(value))
        text = escape_text(value)
        character = unprintable(text)
        if character is not None:
            raise TemplateError(f"the template prints the character {character}, which a "
                                "report cannot show (Word cannot hold it); remove it")
        return text

    env = _BoundedSandbox(
        loader=_ConfinedLoader(root, folder),
        undefined=StrictUndefined,
        autoescape=False,  # Markdown, not HTML: the HTML renderer escapes (see html.py)
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_InMemory(),
    )
    env.filters.update(bounded_filters(env.filters))
    env.globals.update(bounded_globals())
    env.filters["and_join"] = and_join
    env.filters["cell"] = md_cell
    env.filters["link"] = md_link
    env.filters["plural"] = plural
    env.filters["plain"] = plain
    env.filters["note"] = note
    env.globals.update(globals_)
    # The programme's name is the register's (data/programme.yaml), never the code's.
    env.globals.setdefault("programme", programme or DEFAULT_PROGRAMME)
    return env


def render(root: Path, template: str, context: Mapping[str, Any],
           globals_: Mapping[str, Callable[..., Any]], programme: str = DEFAULT_PROGRAMME
           ) -> str:
    """Render templates/<template> with the context, or raise a TemplateError at file:line.
    `programme`: the programme's name, as the register's data/programme.yaml gives it."""
    counter = OutputCounter()
    env = environment(root, globals_, counter, programme)
    try:
        with time_and_memory():
            return collect(env.get_template(template).generate(**context), counter)
    except jinja2.TemplateSyntaxError as exc:
        where = _where(root, Path(exc.filename) if exc.filename else None, exc.lineno, template)
        raise TemplateError(f"{where}: syntax error: {exc.message}") from None
    except Exception as exc:
        # Anything raised while a template runs is the template's fault (our view model is
        # built before rendering starts); anything else is a bug and keeps its traceback.
        frame = _template_frame(exc, root)
        if frame is None:
            if isinstance(exc, jinja2.TemplateNotFound) and exc.name == template:
                raise TemplateError(
                    f"{TEMPLATES_DIR}/{template}: not found; every report needs it"
                ) from None
            if not isinstance(exc, jinja2.TemplateError):
                raise
            # Failed while loading the report's own template, before any of it ran.
            raise _classify(exc, f"{TEMPLATES_DIR}/{template}:1") from None
        where = _where(root, *frame, template)
        raise _classify(exc, where) from None


def _classify(exc: Exception, where: str) -> TemplateError:
    if isinstance(exc, TemplateLimitError):
        return TemplateLimitError(f"{where}: not allowed in the sandbox: {exc}")
    if isinstance(exc, MemoryError):
        return TemplateLimitError(f"{where}: not allowed in the sandbox: the template needs "
                                  "more memory than any report does (a string or list built "
                                  "too large)")
    if isinstance(exc, SecurityError):
        return TemplateSandboxError(f"{where}: not allowed in the sandbox: {exc}")
    if isinstance(exc, jinja2.UndefinedError):
        # Jinja names our view classes with their module; the class name is what helps.
        message = re.sub(r"'tsp\.[\w.]+\.(\w+) object'", r"'\1'", str(exc))
        return TemplateFieldError(f"{where}: undefined: {message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(f"{where}: template '{exc.name}' not found in {TEMPLATES_DIR}/")
    if isinstance(exc, TemplateError):
        return type(exc)(f"{where}: {exc}", hint=exc.hint)
    return TemplateError(f"{where}: {type(exc).__name__}: {exc}")


def _template_frame(exc: BaseException, root: Path) -> tuple[Path, int] | None:
    """The innermost traceback frame inside templates/: Jinja rewrites its tracebacks so that
    template code shows as the template's own file and line."""
    folder = templates_dir(root).resolve()
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename)
        if path.is_absolute() and path.resolve().is_relative_to(folder):
            return path, frame.lineno or 1
    return None


def _where(root: Path, path: Path | None, line: int | None, template: str) -> str:
    name = relative(path, root) if path is not None else f"{TEMPLATES_DIR}/{template}"
    return f"{name}:{line or 1}"
