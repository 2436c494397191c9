"""Find the repository's report templates and render them in Jinja's sandbox.

Templates arrive by pull request and CI renders them, so they are untrusted input: they run in
an immutable sandbox with StrictUndefined, and every failure becomes a `TemplateError` naming
the template file and line. Jinja is imported only when a report is rendered, so that `tsp list`
never pays for it.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tsp.errors import NotFound
from tsp.problems import suggest
from tsp.reporting.errors import (
    ReportUsageError,
    TemplateError,
    TemplateFieldError,
    TemplateSandboxError,
)

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES_DIR = "templates"
SUFFIX = ".md.j2"
FOOTER = "partials/footer.md.j2"
FRONT_MATTER_KEYS = ("description", "year", "argument")
ARGUMENTS = ("authority",)

# A template opens with a Jinja comment holding `key: value` lines. A comment renders as nothing,
# so the template needs no stripping and Jinja's line numbers stay those of the file.
_FRONT = re.compile(r"\A\{#-?(?P<body>.*?)-?#\}", re.DOTALL)


@dataclass(frozen=True)
class ReportTemplate:
    """One report a repository offers: templates/NAME.md.j2 and what its front matter says."""

    name: str
    path: Path
    description: str
    year: str | None = None
    argument: str | None = None
    line_of: tuple[tuple[str, int], ...] = ()  # front-matter key → its line, for messages

    def where(self, root: Path, key: str) -> str:
        return f"{relative(self.path, root)}:{dict(self.line_of).get(key, 1)}"


def templates_dir(root: Path) -> Path:
    return root / TEMPLATES_DIR


def relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def read_front_matter(path: Path, root: Path) -> ReportTemplate:
    """The template's name, description, year and argument from its opening comment."""
    name = path.name.removesuffix(SUFFIX)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{relative(path, root)}:1: cannot read the template: {exc}") from None
    match = _FRONT.match(text)
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    if match:
        first_line = 1
        for offset, line in enumerate(match.group("body").splitlines()):
            if not line.strip():
                continue
            key, colon, value = line.partition(":")
            key = key.strip()
            where = f"{relative(path, root)}:{first_line + offset}"
            if not colon or key not in FRONT_MATTER_KEYS:
                raise TemplateError(
                    f"{where}: the opening comment holds 'key: value' lines; "
                    f"'{line.strip()}' is not one of {', '.join(FRONT_MATTER_KEYS)}"
                )
            values[key] = value.strip()
            lines[key] = first_line + offset
    argument = values.get("argument") or None
    if argument is not None and argument not in ARGUMENTS:
        raise TemplateError(
            f"{relative(path, root)}:{lines['argument']}: argument '{argument}' is not known; "
            f"a report may take: {', '.join(ARGUMENTS)}"
        )
    return ReportTemplate(
        name=name,
        path=path,
        description=values.get("description", ""),
        year=values.get("year") or None,
        argument=argument,
        line_of=tuple(lines.items()),
    )


def list_templates(root: Path) -> list[ReportTemplate]:
    """Every report in templates/: one per top-level NAME.md.j2 (partials live in folders)."""
    folder = templates_dir(root)
    if not folder.is_dir():
        return []
    return [read_front_matter(p, root) for p in sorted(folder.glob("*" + SUFFIX)) if p.is_file()]


def find_template(root: Path, name: str) -> ReportTemplate:
    templates = list_templates(root)
    for template in templates:
        if template.name == name:
            return template
    names = [t.name for t in templates]
    if not names:
        raise ReportUsageError(
            f"This repository has no report templates: {relative(templates_dir(root), root)}/ "
            f"holds no *{SUFFIX} files."
        )
    raise NotFound(
        f"No report '{name}'. Reports: {', '.join(names)} (tsp report --list describes them).",
        suggest(name, names),
    )


def and_join(items: Any, last: str = "and") -> str:
    """'A, B and C' — the way the reports name several authorities."""
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 package', '15 packages'."""
    return f"{count} {singular if count == 1 else many or singular + 's'}"


_MARKUP = re.compile(r"([\\`*_\[\]<>])")


def plain(value: Any) -> str:
    """Text meant literally, made inert for Markdown: a note that quotes '[prospectus](#)' or
    '**bold**' shows those characters instead of becoming a link or bold."""
    return _MARKUP.sub(r"\\\1", str(value))


def md_cell(value: Any) -> str:
    """A value made safe for one Markdown table cell (tsp.markdown.table_cell)."""
    from tsp.markdown import table_cell

    return table_cell(value)


def environment(root: Path, globals_: Mapping[str, Callable[..., Any]]) -> Environment:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    folder = templates_dir(root).resolve()

    class ConfinedLoader(FileSystemLoader):
        """A FileSystemLoader that will not follow a symlink out of templates/: a pull request
        could otherwise add templates/x.md.j2 -> /etc/passwd (or a CI secret) and publish it."""

        def get_source(self, environment: Environment,
                       template: str) -> tuple[str, str, Callable[[], bool]]:
            source, filename, uptodate = super().get_source(environment, template)
            if not Path(filename).resolve().is_relative_to(folder):
                raise SecurityError(f"template '{template}' leads outside {TEMPLATES_DIR}/ "
                                    "(a symbolic link?)")
            return source, filename, uptodate

    class BoundedSandbox(ImmutableSandboxedEnvironment):
        """The sandbox stops templates reaching Python's internals, not from asking for a
        billion-character string or a ten-million-digit number, which would stall or exhaust
        the CI machine that renders a pull request. Refuse products that large up front."""

        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            _check_size(operator, left, right)
            return super().call_binop(context, operator, left, right)

    env = BoundedSandbox(
        loader=ConfinedLoader(str(folder)),
        undefined=StrictUndefined,
        autoescape=False,  # Markdown, not HTML: the HTML renderer escapes (see html.py)
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["and_join"] = and_join
    env.filters["cell"] = md_cell
    env.filters["plural"] = plural
    env.filters["plain"] = plain
    env.globals.update(globals_)
    return env


MAX_ITEMS = 1_000_000  # characters or list entries one expression may build
MAX_POWER_BITS = 4096  # an integer power's size; report arithmetic never comes near either


def _check_size(operator: str, left: Any, right: Any) -> None:
    from jinja2.exceptions import SecurityError

    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(times, int) \
                    and len(seq) * times > MAX_ITEMS:
                raise SecurityError(f"'*' would build {len(seq) * times:,} items; "
                                    f"at most {MAX_ITEMS:,} are allowed")
    elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
        if abs(left) > 1 and abs(left).bit_length() * right > MAX_POWER_BITS:
            raise SecurityError(f"'**' would build a number of about "
                                f"{abs(left).bit_length() * right:,} bits; at most "
                                f"{MAX_POWER_BITS:,} are allowed")


def render(root: Path, template: str, context: Mapping[str, Any],
           globals_: Mapping[str, Callable[..., Any]]) -> str:
    """Render templates/<template> with the context, or raise a TemplateError at file:line."""
    import jinja2

    env = environment(root, globals_)
    try:
        return env.get_template(template).render(**context)
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
    import jinja2
    from jinja2.exceptions import SecurityError

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
    shown = relative(path, root) if path is not None else f"{TEMPLATES_DIR}/{template}"
    return f"{shown}:{line or 1}"
