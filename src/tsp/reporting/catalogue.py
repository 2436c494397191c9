"""Which reports a repository offers: templates/NAME.md.j2, and what each one's opening
comment says (its description, year and argument). Found and read without Jinja, and only
inside the repository: a template arrives by pull request, so a link or a FIFO in templates/
is refused, never followed (tsp.safe_fs).

`tsp report --list`, shell completion and the renderer (templates.py) all start here.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from tsp.errors import NotFound
from tsp.escape import unprintable
from tsp.problems import suggest
from tsp.reporting.errors import ReportUsageError, TemplateError
from tsp.safe_fs import Unsafe, check_contained, odd_name, read_bytes, shown

TEMPLATES_DIR = "templates"
SUFFIX = ".md.j2"
FOOTER = "partials/footer.md.j2"
FRONT_MATTER_KEYS = ("description", "year", "argument")
ARGUMENTS = ("authority", "period", "window")  # window: --from DATE --to DATE

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
    # abspath, not resolve: a message names the link it is about, not where it leads.
    try:
        return Path(os.path.abspath(path)).relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def read_front_matter(path: Path, root: Path) -> ReportTemplate:
    """The template's name, description, year and argument from its opening comment."""
    name = path.name.removesuffix(SUFFIX)
    text = read_template(path, root)
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


MAX_TEMPLATE_BYTES = 1024 * 1024


def read_template(path: Path, root: Path) -> str:
    """A template's text, read only if it lies inside the repository (outside .git/) and is a
    regular file: a pull request could otherwise link templates/x.md.j2 to a CI secret."""
    where = shown(relative(path, root))
    try:
        data = read_bytes(path, root, MAX_TEMPLATE_BYTES, within=templates_dir(root))
    except Unsafe as exc:
        raise TemplateError(f"{where}:1: {exc.message}") from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"{where}:1: the template is larger than "
                            f"{MAX_TEMPLATE_BYTES:,} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{where}:1: cannot read the template: {exc}") from None
    character = unprintable(text)
    if character is not None:
        line = text[: text.find(chr(int(character[2:], 16)))].count("\n") + 1
        raise TemplateError(f"{where}:{line}: the template holds the character {character}, "
                            "which a report cannot show (Word cannot hold it); remove it")
    return text


def template_folder(root: Path) -> Path | None:
    folder = templates_dir(root)
    if not os.path.lexists(folder):
        return None
    try:
        check_contained(folder, root, "folder")
    except Unsafe as exc:
        raise TemplateError(f"{TEMPLATES_DIR}/: {exc.message}") from None
    return folder


def list_templates(root: Path) -> list[ReportTemplate]:
    """Every report in templates/: one per top-level NAME.md.j2 (partials live in folders)."""
    folder = template_folder(root)
    if folder is None:
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.name.endswith(SUFFIX):
            if odd_name(path.name) and SUFFIX in path.name:
                raise TemplateError(f"{shown(relative(path, root))}:1: the name "
                                    f"{odd_name(path.name)}; rename it")
            continue
        found.append(read_front_matter(path, root))
    return found


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
