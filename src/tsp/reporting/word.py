"""A report as a Word document, built from the same Markdown token stream as the HTML page.

Headings become Word's Heading styles, list items its List Bullet / List Number styles, tables
real tables, quotes its Quote style: readers pass the document around and edit it in Word, and
its navigation pane and outline work only on real structures. The page around them (A4, the
font, the footer, the contents field, what keeps together) is word_layout.py's.

python-docx and cairosvg load inside the functions that use them: only Word output pays for
them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tsp.escape import printable
from tsp.reporting.blocks import Block, DocumentInfo
from tsp.reporting.limits import check_size
from tsp.reporting.markdown import inline_text, parse
from tsp.reporting.word_layout import (
    MARGIN_MM,
    contents,
    keep_together,
    set_properties,
    set_up_page,
    update_fields_on_open,
)

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph
    from markdown_it.token import Token

MAX_LIST_LEVEL = 3  # the default template styles List Bullet, List Bullet 2 and 3
TABLE_FONT_PT = 9.5
HEADER_FILL = "EEF3F7"  # the HTML page's table header colour
WIDEST_COLUMN = 60  # characters: past this a column's text wraps rather than widening it


@dataclass
class _State:
    """Where the writer is in the Markdown's lists and quotes."""

    lists: list[str] = field(default_factory=list)  # "bullet" | "number", innermost last
    item_paragraphs: list[int] = field(default_factory=list)  # paragraphs so far per item
    quote: int = 0

    def track(self, kind: str) -> None:
        """Follow a token that opens or closes a list, a list item or a quote."""
        if kind in ("bullet_list_open", "ordered_list_open"):
            self.lists.append("bullet" if kind == "bullet_list_open" else "number")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            self.item_paragraphs.append(0)
        elif kind == "list_item_close":
            self.item_paragraphs.pop()
        elif kind == "blockquote_open":
            self.quote += 1
        elif kind == "blockquote_close":
            self.quote -= 1


def _list_style(state: _State) -> str:
    level = min(len(state.lists), MAX_LIST_LEVEL)
    first = state.item_paragraphs[-1] == 0 if state.item_paragraphs else True
    base = ("List Bullet" if state.lists[-1] == "bullet" else "List Number") if first \
        else "List Continue"
    return base if level == 1 else f"{base} {level}"


def _hyperlink(paragraph: Paragraph, href: str) -> Any:
    """An empty w:hyperlink to `href` at the paragraph's end, for runs to go in."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK,
                                                  is_external=True))
    paragraph._p.append(link)
    return link


def _add_runs(paragraph: Paragraph, token: Token) -> None:
    from docx.shared import RGBColor

    bold = italic = False
    link: Any = None
    for child in token.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type == "link_open" and str(child.attrGet("href") or "").startswith(
                "https://"):  # a source's address (tsp.reporting.markdown keeps no other)
            link = _hyperlink(paragraph, str(child.attrGet("href")))
        elif child.type == "link_close":
            link = None
        elif child.type in ("text", "code_inline") and child.content:
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold or None, italic or None
            if child.type == "code_inline":
                run.font.name = "Consolas"
            if link is not None:
                run.font.underline = True
                run.font.color.rgb = RGBColor(0x1F, 0x5F, 0x8B)  # the HTML page's link colour
                link.append(run._r)
        elif child.type == "softbreak":
            paragraph.add_run(" ")
        elif child.type == "hardbreak":
            paragraph.add_run().add_break()


def _table(document: Document, tokens: list[Token], start: int) -> int:
    """Add the table whose table_open is at `start`; return the index after its table_close."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

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
    table.autofit = False
    widths = _column_widths(document, rows, columns)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    # Row by row: python-docx's table.cell(r, c) rebuilds the whole grid on every call, which
    # made a national register's 1,500-row summary table take minutes.
    for r, (row, cells) in enumerate(zip(table.rows, rows, strict=True)):
        for cell, inline, width in zip(row.cells, cells, widths, strict=False):
            cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_before = Pt(1)
            paragraph.paragraph_format.space_after = Pt(1)
            paragraph.paragraph_format.line_spacing = 1.0
            # The header and first row stay with the second, the last row with the one
            # before it: no row alone at the foot of a page or under the repeated header.
            if r <= header_rows or r == len(rows) - 2:
                paragraph.paragraph_format.keep_with_next = True
            _add_runs(paragraph, inline)
            for run in paragraph.runs:
                run.font.size = Pt(TABLE_FONT_PT)
                if r < header_rows:
                    run.bold = True
            if r < header_rows:
                shading = OxmlElement("w:shd")
                shading.set(qn("w:val"), "clear")
                shading.set(qn("w:color"), "auto")
                shading.set(qn("w:fill"), HEADER_FILL)
                cell._tc.get_or_add_tcPr().append(shading)
        properties = row._tr.get_or_add_trPr()
        # A row never breaks across pages ...
        properties.append(OxmlElement("w:cantSplit"))
        if r < header_rows:
            # ... and the header row repeats on every page the table runs onto.
            marker = OxmlElement("w:tblHeader")
            marker.set(qn("w:val"), "true")
            properties.append(marker)
    return index + 1


def _column_widths(document: Document, rows: list[list[Token]], columns: int) -> list[int]:
    """Share the text width among the columns: each gets at least its longest word (so no word
    breaks mid-way, as equal widths made "Buckinghamshire" and "delivered" do), and the rest
    goes by how much more each column's longest cell (up to WIDEST_COLUMN characters) needs."""
    from docx.shared import Mm, Pt

    section = document.sections[-1]
    usable = (section.page_width or Mm(210)) - (section.left_margin or 0) \
        - (section.right_margin or 0)  # _set_up_page set all three
    char = int(Pt(TABLE_FONT_PT * 0.62))  # a bold sans-serif character, with some to spare
    padding = int(Mm(2.6))  # the cell's own left and right margins
    least = [0] * columns
    natural = [0] * columns
    for row in rows:
        for column, inline in enumerate(row[:columns]):
            text = inline_text(inline)
            longest_word = max((len(w) for w in text.split()), default=1)
            least[column] = max(least[column], longest_word * char + padding)
            natural[column] = max(natural[column],
                                  min(len(text), WIDEST_COLUMN) * char + padding)
    natural = [max(n, m) for n, m in zip(natural, least, strict=True)]
    if sum(natural) <= usable:  # everything fits on one line: widen in proportion
        return [usable * n // sum(natural) for n in natural]
    if sum(least) >= usable:  # even the longest words do not fit: shrink in proportion
        return [usable * m // sum(least) for m in least]
    spare = usable - sum(least)
    wanted = sum(natural) - sum(least)
    return [m + spare * (n - m) // wanted for n, m in zip(natural, least, strict=True)]


def _chart(document: Document, block: Block) -> None:
    """The chart the HTML page draws as SVG, as a PNG picture with alternative text."""
    import cairosvg
    from docx.shared import Mm

    svg = block.svg[block.svg.index("<svg"):block.svg.index("</svg>") + len("</svg>")]
    svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=2.0)
    assert isinstance(png, bytes)
    # At the size the PDF prints it (a CSS pixel is 1/96 inch), so its 12 px labels are 9 pt
    # as there, not larger than the text around them; never wider than the text.
    drawn = re.search(r'<svg [^>]*\bwidth="(\d+)"', svg)
    width = min(Mm(int(drawn.group(1)) * 25.4 / 96) if drawn else Mm(160), Mm(210 - 2 * MARGIN_MM))
    picture = document.add_paragraph()
    picture.paragraph_format.keep_with_next = True  # the picture stays with its caption
    picture.add_run().add_picture(io.BytesIO(png), width=width)
    properties = document.inline_shapes[-1]._inline.docPr
    properties.set("descr", block.alt)
    properties.set("title", block.label)
    document.add_paragraph(block.label, style="Caption")


class _Writer:
    """Writes a report's Markdown tokens into a Word document, one token at a time."""

    def __init__(self, document: Document, tokens: list[Token],
                 blocks: Mapping[str, Block]) -> None:
        self.document, self.tokens, self.blocks = document, tokens, blocks
        self.state = _State()
        self.style: str | None = None  # the style of the paragraph the next inline token fills
        # Each style looked up once: python-docx finds a style by name by searching every
        # style in the document, for every paragraph (a fifth of a national report's Word time).
        self.styles: dict[str, Any] = {}

    def style_named(self, name: str | None) -> Any:
        if name is None:
            return None
        if name not in self.styles:
            self.styles[name] = self.document.styles[name]
        return self.styles[name]

    def write(self) -> None:
        index = 0
        while index < len(self.tokens):
            index = self.token(index)

    def placeholder(self, index: int) -> Block | None:
        """The block a template placed, where the paragraph opening at `index` is its
        placeholder."""
        tokens = self.tokens
        if tokens[index].type == "paragraph_open" and not self.state.lists \
                and index + 2 < len(tokens):
            return self.blocks.get(tokens[index + 1].content.strip())
        return None

    def token(self, index: int) -> int:
        """Write the token at `index`; return the index of the next one to write."""
        token = self.tokens[index]
        kind = token.type
        if kind == "table_open":
            return _table(self.document, self.tokens, index)
        block = self.placeholder(index)
        if block is not None:
            self.block(block)
            return index + 3  # the placeholder's paragraph_open, inline and paragraph_close
        if kind == "heading_open":
            self.style = f"Heading {min(int(token.tag[1]), 9)}"
        elif kind == "paragraph_open":
            self.style = self.paragraph_style()
        elif kind == "inline":
            paragraph = self.document.add_paragraph(style=self.style_named(self.style))
            _add_runs(paragraph, token)
            self.style = None
        elif kind in ("code_block", "fence"):
            for line in token.content.rstrip("\n").splitlines() or [""]:
                self.document.add_paragraph().add_run(line).font.name = "Consolas"
        elif kind == "hr":
            self.document.add_paragraph()
        else:
            self.state.track(kind)
        return index + 1

    def paragraph_style(self) -> str | None:
        if self.state.lists:
            style = _list_style(self.state)
            self.state.item_paragraphs[-1] += 1
            return style
        return "Quote" if self.state.quote else None

    def block(self, block: Block) -> None:
        if block.kind == "contents":
            contents(self.document, self.tokens)
            update_fields_on_open(self.document)
        elif block.kind == "chart":
            _chart(self.document, block)
        else:  # a table's caption, above the table: never alone at a page's foot
            caption = self.document.add_paragraph(block.label, style="Caption")
            caption.paragraph_format.keep_with_next = True


def to_docx(markdown_text: str, when: dt.datetime,
            blocks: Mapping[str, Block] | None = None,
            info: DocumentInfo | None = None) -> bytes:
    """The Word document's bytes: `when` becomes its created and modified time; `blocks` are
    the charts, captions and contents list the template placed."""
    import docx

    # Word's XML cannot hold a control character, and python-docx refuses one mid-render:
    # the renderer refuses those a template prints; any that slip past become U+FFFD here.
    tokens = parse(printable(markdown_text))
    check_size("Word", sum(t.type == "tr_open" for t in tokens), len(markdown_text))
    title = printable(info.title) if info else next(
        (inline_text(tokens[i + 1]) for i, t in enumerate(tokens)
         if t.type == "heading_open" and t.tag == "h1"), "")
    document = docx.Document()
    set_up_page(document, title)
    _Writer(document, tokens, blocks or {}).write()
    keep_together(document)
    set_properties(document, title, info, when)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
