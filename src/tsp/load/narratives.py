"""A programme year's narrative: the Markdown beside its YAML, as sections by '## ' heading.

A narrative is read with its year (data/years/2025-26.md beside 2025-26.yaml); its problems
(a heading used twice, text that is not printable) are the file's own, like a record's.
"""

from __future__ import annotations

import re

from tsp.kinds import RecordKind
from tsp.load.cache import Cached
from tsp.load.scan import read_beside
from tsp.models.common import slugify
from tsp.problems import Problem, Severity
from tsp.register import Register
from tsp.text_io import YamlProblem, check_printable, read_text, text_of


def load_narrative(register: Register, year_id: str, problems: list[Problem],
                   cached: Cached) -> None:
    """A year's narrative into the register; its problems into `problems`. `cached` gives
    a file's bytes as the cache hashed them (tsp.load.cache), and hears of one gone."""
    narrative = register.path_of(RecordKind.YEAR, year_id).with_suffix(".md")
    in_memory = register.sources._bytes  # tsp changes: the files git holds, nothing on disk
    data: bytes | None = None
    if in_memory:
        if narrative not in in_memory:
            return
        data = in_memory[narrative]
    else:
        there, data = read_beside(narrative, register.root, problems, cached)
        if not there:
            return
    try:
        text = text_of(data) if data is not None else read_text(narrative)
        check_printable(text)
        headings: dict[str, str] = {}
        sections, repeated = split_narrative(text, headings)
        register.narratives[year_id] = sections
        register.narrative_headings[year_id] = headings
        problems.extend(
            Problem(narrative, line, 1, Severity.ERROR,
                    f"the heading '## {heading}' appears twice; a section heading may "
                    "appear once (merge the two sections or rename one)",
                    "duplicate-section")
            for line, heading in repeated
        )
    except YamlProblem as exc:
        problems.append(
            Problem(narrative, exc.line, exc.column, Severity.ERROR, exc.message, exc.code)
        )


def split_narrative(text: str, headings: dict[str, str] | None = None,
                     ) -> tuple[dict[str, str], list[tuple[int, str]]]:
    """Sections keyed by the slug of their '## ' heading, and the headings used twice;
    `headings`, if given, receives each section's heading as written."""
    sections: dict[str, list[str]] = {"intro": []}
    repeated: list[tuple[int, str]] = []
    current = "intro"
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"^##\s+(.+?)\s*#*\s*$", line)
        if match:
            current = slugify(match.group(1))
            if current in sections:
                repeated.append((number, match.group(1)))
            sections.setdefault(current, [])
            if headings is not None:
                headings.setdefault(current, match.group(1))
        else:
            sections[current].append(line)
    text_of = {k: "\n".join(v).strip() for k, v in sections.items()}
    return {k: v for k, v in text_of.items() if v}, repeated
