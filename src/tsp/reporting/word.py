"""A report as a Word document, built from the same Markdown token stream as the HTML page.

Headings become Word's Heading styles, list items its List Bullet / List Number styles, tables
real tables, quotes its Quote style: readers pass the document around and edit it in Word, and
its navigation pane and outline work only on real structures.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tsp.reporting.markdown import inline_text, parse

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph
    from markdown_it.token import Token

MAX_LIST_LEVEL = 3  # the default template styles List Bullet, List Bullet 2 and 3


@dataclass
class _State:
    lists: list[str] = field(default_factory=list)  # "bullet" | "number", innermost last
    item_paragraphs: list[int] = field(default_factory=list)  # paragraphs so far per item
    quote: int = 0


def _list_style(state: _State) -> str:
    level = min(len(state.lists), MAX_LIST_LEVEL)
    first = state.item_paragraphs[-1] == 0 if state.item_paragraphs else True
    base = ("List Bullet" if state.lists[-1] == "bullet" else "List Number") if first \
        else "List Continue"
    return base if level == 1 else f"{base} {level}"


def _add_runs(paragraph: Paragraph, token: Token) -> None:
    bold = italic = False
    for child in token.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("text", "code_inline") and child.content:
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold or None, italic or None
            if child.type == "code_inline":
                run.font.name = "Consolas"
        elif child.type == "softbreak":
            paragraph.add_run(" ")
        elif child.type == "hardbreak":
            paragraph.add_run().add_break()


def _table(document: Document, tokens: list[Token], start: int) -> int:
    """Add the table whose table_open is at `start`; return the index after its table_close."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rows: list[list[Token]] = []
    header_rows = 0
    index = start + 1
    in_head = False
    while tokens[index].type != "table_close":
        kind = tokens[index].type
        if kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            rows.append([])
            header_rows += in_head
        elif kind == "inline":
            rows[-1].append(tokens[index])
        index += 1
    columns = max((len(r) for r in rows), default=0)
    table = document.add_table(rows=len(rows), cols=columns)
    table.style = "Table Grid"
    # Row by row: python-docx's table.cell(r, c) rebuilds the whole grid on every call, which
    # made a national register's 1,500-row summary table take minutes.
    for r, (row, cells) in enumerate(zip(table.rows, rows, strict=True)):
        for cell, inline in zip(row.cells, cells, strict=False):
            paragraph = cell.paragraphs[0]
            _add_runs(paragraph, inline)
            if r < header_rows:
                for run in paragraph.runs:
                    run.bold = True
        if r < header_rows:
            # Repeat the header row on every page the table runs onto.
            marker = OxmlElement("w:tblHeader")
            marker.set(qn("w:val"), "true")
            row._tr.get_or_add_trPr().append(marker)
    return index + 1


def to_docx(markdown_text: str, when: dt.datetime) -> bytes:
    """The Word document's bytes: `when` becomes its created and modified time."""
    import docx

    tokens = parse(markdown_text)
    document = docx.Document()
    state = _State()
    style: str | None = None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "table_open":
            index = _table(document, tokens, index)
            continue
        if kind == "heading_open":
            style = f"Heading {min(int(token.tag[1]), 9)}"
        elif kind == "paragraph_open":
            if state.lists:
                style = _list_style(state)
                state.item_paragraphs[-1] += 1
            else:
                style = "Quote" if state.quote else None
        elif kind == "inline":
            paragraph = document.add_paragraph(style=style)
            _add_runs(paragraph, token)
            style = None
        elif kind in ("bullet_list_open", "ordered_list_open"):
            state.lists.append("bullet" if kind == "bullet_list_open" else "number")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            state.lists.pop()
        elif kind == "list_item_open":
            state.item_paragraphs.append(0)
        elif kind == "list_item_close":
            state.item_paragraphs.pop()
        elif kind == "blockquote_open":
            state.quote += 1
        elif kind == "blockquote_close":
            state.quote -= 1
        elif kind in ("code_block", "fence"):
            for line in token.content.rstrip("\n").splitlines() or [""]:
                document.add_paragraph().add_run(line).font.name = "Consolas"
        elif kind == "hr":
            document.add_paragraph()
        index += 1
    title = next((inline_text(tokens[i + 1]) for i, t in enumerate(tokens)
                  if t.type == "heading_open" and t.tag == "h1"), "")
    properties = document.core_properties
    properties.title = title
    properties.author = "tsp"
    properties.last_modified_by = "tsp"
    naive = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    properties.created = properties.modified = naive
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
