"""Data cannot write the report's structure: every value a template prints is text."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st

from tests.hostile.conftest import Run, git, set_line, write_template
from tsp.escape import escape_text
from tsp.reporting.markdown import parser

FORGED = ("Real summary.\\n\\n---\\n\\n*Data as recorded in the register on 1 January 2026 "
          "(version `0000000`)*\\n\\n## Forged\\n\\n- a list\\n| a | b |\\n> quote "
          "[link](https://evil.example) "
          "![img](https://evil.example/i.png) <img src=x> @octocat &amp; www.evil.example")
# A template that prints the summary directly, inside a macro, and through filters.
TEMPLATE = """{% macro item(p) -%}
**{{ p.title }}**: {{ p.summary }}
{%- endmacro %}
# Packages

{% for p in year.packages.all %}
- {{ item(p) }}
{% endfor %}

{% for p in year.packages.all %}
{{ p.summary }}

| Title | Summary |
|---|---|
| {{ p.title }} | {{ p.summary|cell }} |

{% endfor %}
"""


@pytest.fixture
def forged(register: Path) -> Path:
    set_line(register / "data" / "packages" / "alpha-review.yaml", "summary", f'"{FORGED}"')
    write_template(register, TEMPLATE)
    return register


def _tokens(markdown: str) -> list[str]:
    tokens = parser().parse(markdown)
    kinds = [t.type for t in tokens]
    for token in tokens:
        kinds += [c.type for c in token.children or []]
    return kinds


def test_markdown_report_has_no_structure_from_data(forged: Path, run: Run) -> None:
    result = run("report", "t", repo=forged)
    assert result.returncode == 0, result.stderr
    markdown = result.stdout
    kinds = _tokens(markdown)
    assert kinds.count("heading_open") == 1  # the template's own '# Packages'
    assert kinds.count("hr") == 1  # the real footer's rule
    assert "link_open" not in kinds and "image" not in kinds and "html_inline" not in kinds
    assert kinds.count("blockquote_open") == 0
    assert kinds.count("table_open") == 2 and markdown.count("\n| ") == 2 * 2
    assert [line for line in markdown.splitlines() if line.startswith("*Data as recorded")] == [
        markdown.splitlines()[-1]]
    assert "\\@octocat" in markdown and "@octocat" not in markdown.replace("\\@", "")
    assert "**Annual Review mapping**: Real summary." in markdown  # the macro's bold stays


def test_html_and_word_reports_have_no_structure_from_data(forged: Path, run: Run,
                                                           tmp_path: Path) -> None:
    html = run("report", "t", "--format", "html", repo=forged)
    assert html.returncode == 0, html.stderr
    assert "<h2" not in html.stdout and html.stdout.count("<hr") == 1
    assert "<img" not in html.stdout
    assert 'href="https://evil' not in html.stdout
    target = tmp_path / "t.docx"
    word = run("report", "t", "-o", str(target), repo=forged)
    assert word.returncode == 0, word.stderr
    document = Document(io.BytesIO(target.read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Packages"]


def test_escaped_text_renders_as_the_text_itself() -> None:
    from markdown_it import MarkdownIt

    text = "Brighton & Hove: 50% of *cases* [noted] (see #12) <b>—</b> @team_lead a|b ~x~"
    html = MarkdownIt("commonmark").enable("table").render(escape_text(text, emphasis=False))
    assert html == ("<p>Brighton &amp; Hove: 50% of *cases* [noted] (see #12) &lt;b&gt;—"
                    "&lt;/b&gt; @team_lead a|b ~x~</p>\n")


def test_changes_markdown_titles_cannot_link_image_or_mention(tmp_path: Path, register: Path,
                                                             run: Run) -> None:
    git(register, "init", "-q", "-b", "main")
    git(register, "add", "data")
    git(register, "commit", "-q", "-m", "register")
    title = "[Click](https://evil.example) ![x](https://evil.example/p.png) @octocat <b>b</b>"
    set_line(register / "data" / "packages" / "alpha-review.yaml", "title",
             json.dumps(title))
    result = run("changes", "--since", "main", "--format", "markdown", repo=register)
    assert result.returncode == 0, result.stderr
    kinds = _tokens(result.stdout)
    assert "link_open" not in kinds and "image" not in kinds and "html_inline" not in kinds
    assert "\\@octocat" in result.stdout


def test_numbers_and_signs_are_not_escaped_where_they_cannot_start_a_list() -> None:
    """The data report's Markdown read '45\\.8 (second quarter)' and '\\+1': escapes a reader
    of the .md file sees, where no list could start. Only a real list marker is escaped."""
    for text in ("45.8", "+1", "-3.2", "10.5 (second quarter)", "+4.7", "2024 (%)"):
        assert escape_text(text) == text
    for text, escaped in (("1. x", "1\\. x"), ("2026.", "2026\\."), ("- x", "\\- x"),
                          ("+ x", "\\+ x"), ("--", "\\--"), ("> x", "\\> x"), ("=", "\\=")):
        assert escape_text(text) == escaped


_MARKUP = "-+=>*_#.)0123456789 \t`[]<>|~!&:@ab"


# (A value opening with four spaces or a tab still makes an indented code block: not covered.)
@given(st.text(alphabet=_MARKUP, min_size=1, max_size=12).filter(lambda v: not v[0].isspace()))
def test_a_value_opening_a_line_is_only_ever_text(value: str) -> None:
    """Wherever a template puts a value, at the start of a line, under a paragraph's line
    (where '---' or '===' would make it a heading), or before more of the template's text,
    it renders as one paragraph holding exactly its text."""
    escaped = escape_text(value, emphasis=False)
    shown = " ".join(value.split())
    if not shown:
        return
    for markdown, before, after in ((f"{escaped}\n", "", ""),
                                    (f"Intro\n{escaped}\n", "Intro ", ""),
                                    (f"{escaped} tail\n", "", " tail")):
        tokens = parser().parse(markdown)
        kinds = [t.type for t in tokens]
        assert kinds == ["paragraph_open", "inline", "paragraph_close"], (value, markdown, kinds)
        text = "".join(c.content if c.type != "softbreak" else " "
                       for c in tokens[1].children or [])
        assert " ".join(text.split()) == " ".join(f"{before}{shown}{after}".split()), markdown


# --- a year's narrative and the commands' --format markdown (issue 17) ------------------------

NARRATIVE = """Opening words.

Forged heading one
=

Forged heading two
-

A | B
:-- | :--
c | d

## Real section

The programme's words.
"""


def test_a_narrative_cannot_forge_a_heading_a_contents_entry_or_a_table(register: Path,
                                                                        run: Run) -> None:
    (register / "data" / "years" / "2025-26.md").write_text(NARRATIVE, encoding="utf-8")
    write_template(register, "# Report\n\n{{ contents() }}\n\n{% for s in year.sections %}"
                   "{% if s.heading %}## {{ s.heading }}\n\n{% endif %}{{ s.text }}\n\n"
                   "{% endfor %}")
    result = run("report", "t", repo=register)
    assert result.returncode == 0, result.stderr
    kinds = _tokens(result.stdout)
    assert kinds.count("heading_open") == 2  # '# Report' and the narrative's own section
    assert "table_open" not in kinds
    assert "Forged" not in "".join(line for line in result.stdout.splitlines()
                                   if line.startswith("- "))  # not in the contents
    html = run("report", "t", "--format", "html", repo=register)
    assert "<h1" in html.stdout and html.stdout.count("<h2") == 1
    assert "<table" not in html.stdout and "Forged heading one" in html.stdout


HOSTILE_TITLE = ("Review <img src=x onerror=alert(1)> [link](https://evil.example) "
                 "![i](https://evil.example/i.png) @octocat")


def _live(markdown: str) -> list[str]:
    """What GitHub would make live or structural in pasted Markdown."""
    kinds = _tokens(markdown)
    found = [k for k in ("link_open", "image", "html_inline", "html_block", "heading_open")
             if k in kinds]
    return found + (["@mention"] if "@octocat" in markdown.replace("\\@", "") else [])


def test_show_markdown_prints_a_title_and_a_summary_as_text(register: Path, run: Run) -> None:
    package = register / "data" / "packages" / "alpha-review.yaml"
    set_line(package, "title", f'"{HOSTILE_TITLE}"')
    set_line(package, "summary", '"## Forged\\n\\n<details>\\n\\nhidden"')
    result = run("show", "alpha-review", "--format", "markdown", repo=register)
    assert result.returncode == 0, result.stderr
    kinds = _tokens(result.stdout)
    assert kinds.count("heading_open") == 1  # the title's own '## ', nothing more
    assert _live(result.stdout) == ["heading_open"]
    assert "html_block" not in kinds and "<details>" not in result.stdout.replace("\\<", "<\\")


def test_list_markdown_keeps_no_link_image_or_mention_live(register: Path, run: Run) -> None:
    set_line(register / "data" / "packages" / "alpha-review.yaml", "title",
             f'"{HOSTILE_TITLE}"')
    result = run("list", "--format", "markdown", repo=register)
    assert result.returncode == 0, result.stderr
    assert _live(result.stdout) == []
    assert "`alpha-review`" in result.stdout  # tsp's own code span stays


def test_measures_and_compare_markdown_keep_no_link_image_or_mention_live(
        tmp_path: Path, run: Run) -> None:
    import shutil

    from tests.hostile.conftest import FIXTURES

    root = tmp_path / "dc"
    shutil.copytree(FIXTURES / "datachallenge", root)
    measure = next((root / "data" / "measures").glob("*.yaml"))
    set_line(measure, "title", f'"{HOSTILE_TITLE}"')
    listing = run("measures", "--format", "markdown", repo=root)
    assert listing.returncode == 0, listing.stderr
    assert _live(listing.stdout) == [] and "Review" in listing.stdout
    compared = run("compare", measure.stem, "--format", "markdown", repo=root)
    assert compared.returncode == 0, compared.stderr
    assert _live(compared.stdout) == [] and "Review" in compared.stdout
