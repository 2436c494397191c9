"""A report as a Word document, built from the same Markdown token stream as the HTML page.

Headings become Word's Heading styles, list items its List Bullet / List Number styles, tables
real tables, quotes its Quote style: readers pass the document around and edit it in Word, and
its navigation pane and outline work only on real structures.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from collections.abc import Mapping

from tsp.reporting.blocks import PROGRAMME_TEAM, Block, DocumentInfo
from tsp.reporting.escape import printable
from tsp.reporting.limits import check_size
from tsp.reporting.markdown import inline_text, parse

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph
    from markdown_it.token import Token

MAX_LIST_LEVEL = 3  # the default template styles List Bullet, List Bullet 2 and 3
FONT = "Arial"  # the body and headings alike, as in GOV.UK documents; the HTML page is sans too
TABLE_FONT_PT = 9.5
HEADER_FILL = "EEF3F7"  # the HTML page's table header colour
MARGIN_MM = 20
WIDEST_COLUMN = 60  # characters: past this a column's text wraps rather than widening it


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


def _set_up_page(document: Document, title: str) -> None:
    """A4 with even margins (python-docx's own template is US Letter), British English, one
    sans-serif font throughout, and a footer with the report's title and the page number."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(MARGIN_MM)
        section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
        section.header_distance = section.footer_distance = Mm(10)
    styles = document.styles.element
    # The template names its fonts by theme (Cambria body, Calibri headings), and a theme
    # reference outranks a named font: replace every such reference with FONT.
    for fonts in styles.iter(qn("w:rFonts")):
        for name in list(fonts.attrib):
            if name.endswith("Theme") or name.endswith("theme"):
                del fonts.attrib[name]
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
    for language in styles.iter(qn("w:lang")):
        language.set(qn("w:val"), "en-GB")
        language.set(qn("w:eastAsia"), "en-GB")
    document.styles["Normal"].font.size = Pt(11)
    document.styles["Normal"].paragraph_format.space_after = Pt(6)
    document.styles["Normal"].paragraph_format.line_spacing = 1.15

    document.styles["Heading 1"].font.size = Pt(20)  # the report's title: only h1 is one
    quote = document.styles["Quote"]
    # A rule down the quote's left side, as the HTML page draws it (added before the indent:
    # the schema wants w:pBdr ahead of w:ind, and python-docx places w:ind after it).
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for name, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "8"),
                        ("w:color", "7FA7C6")):
        left.set(qn(name), value)
    borders.append(left)
    quote.element.get_or_add_pPr().append(borders)
    quote.paragraph_format.left_indent = Mm(6)
    quote.paragraph_format.right_indent = Mm(6)

    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run(f"{title} \u2014 " if title else "")
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


# What may follow w:updateFields in w:settings (ECMA-376's order), to insert it before them.
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
                        "rsids", "mathPr", "attachedSchema", "themeFontLang",
                        "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions",
                        "readModeInkLockDown", "smartTagType", "schemaLibrary",
                        "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
                        "listSeparator")


def _update_fields_on_open(document: Document) -> None:
    """Word fills in the contents' page numbers (and the footer's page count) when the
    document opens, rather than showing the headings alone until someone updates the field."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    later = [child for child in settings
             if child.tag in {qn(f"w:{name}") for name in _AFTER_UPDATE_FIELDS}]
    if later:
        later[0].addprevious(update)
    else:
        settings.append(update)


def _field_part(paragraph: Paragraph, kind: str, instruction: str = "") -> None:
    """One part of a Word field: a field character (begin, separate, end) or, for "instr",
    the instruction text."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:instrText" if kind == "instr" else "w:fldChar")
    if kind == "instr":
        element.set(qn("xml:space"), "preserve")
        element.text = instruction
    else:
        element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(element)


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field, as Word writes one: begin, instruction, separate, last shown value, end."""
    _field_part(paragraph, "begin")
    _field_part(paragraph, "instr", instruction)
    _field_part(paragraph, "separate")
    paragraph.add_run(shown)
    _field_part(paragraph, "end")


def _contents(document: Document, tokens: list[Token]) -> None:
    """A TOC field over Heading 2 and 3, its last shown value the headings themselves, so the
    list reads right before Word updates it (and adds page numbers)."""
    from docx.shared import Mm, Pt

    entries = [(int(t.tag[1]), inline_text(tokens[i + 1])) for i, t in enumerate(tokens)
               if t.type == "heading_open" and t.tag in ("h2", "h3")
               and inline_text(tokens[i + 1]) != "Contents"]
    if not entries:
        return
    paragraphs = [document.add_paragraph(style="Normal") for _ in entries]
    for paragraph, (level, text) in zip(paragraphs, entries, strict=True):
        paragraph.paragraph_format.left_indent = Mm(6 * (level - 2))
        paragraph.paragraph_format.space_after = Pt(2)
    first, last = paragraphs[0], paragraphs[-1]
    _field_part(first, "begin")
    _field_part(first, "instr", ' TOC \\o "2-3" \\h \\z \\u ')
    _field_part(first, "separate")
    for paragraph, (_, text) in zip(paragraphs, entries, strict=True):
        paragraph.add_run(text)
    _field_part(last, "end")


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


def _keep_together(document: Document) -> None:
    """What print keeps together, Word keeps with next: the sentence that introduces a list
    stays with its first item, and the one before a chart with the chart, a list's last item
    with the one before it; and a paragraph after a table gets room above it (Word's Normal
    style has none)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt
    from docx.text.paragraph import Paragraph

    body = list(document.element.body.iterchildren(qn("w:p"), qn("w:tbl")))

    def is_item(element: Any) -> bool:
        return element.tag == qn("w:p") and (element.style or "").startswith("List")

    for index, element in enumerate(body):
        if element.tag != qn("w:p"):
            continue
        before = body[index - 1] if index else None
        after = body[index + 1] if index + 1 < len(body) else None
        paragraph = Paragraph(element, document)
        if before is not None and before.tag == qn("w:tbl"):
            paragraph.paragraph_format.space_before = Pt(8)
        if after is not None and is_item(after) and not is_item(element) \
                and element.style in (None, "Normal"):
            paragraph.paragraph_format.keep_with_next = True
        if after is not None and after.tag == qn("w:p") and after.xpath(".//w:drawing"):
            paragraph.paragraph_format.keep_with_next = True  # the sentence before a chart
        following = body[index + 2] if index + 2 < len(body) else None
        if is_item(element) and after is not None and is_item(after) \
                and not (following is not None and is_item(following)):
            paragraph.paragraph_format.keep_with_next = True


def to_docx(markdown_text: str, when: dt.datetime,
            blocks: Mapping[str, Block] | None = None,
            info: DocumentInfo | None = None) -> bytes:
    """The Word document's bytes: `when` becomes its created and modified time; `blocks` are
    the charts, captions and contents list the template placed."""
    import docx

    blocks = blocks or {}
    # Word's XML cannot hold a control character, and python-docx refuses one mid-render:
    # the renderer refuses those a template prints; any that slip past become U+FFFD here.
    tokens = parse(printable(markdown_text))
    check_size("Word", sum(t.type == "tr_open" for t in tokens), len(markdown_text))
    title = printable(info.title) if info else next(
        (inline_text(tokens[i + 1]) for i, t in enumerate(tokens)
         if t.type == "heading_open" and t.tag == "h1"), "")
    document = docx.Document()
    _set_up_page(document, title)
    # Each style looked up once: python-docx finds a style by name by searching every style
    # in the document, for every paragraph (a fifth of a national report's Word time).
    styles: dict[str, Any] = {}

    def style_named(name: str | None) -> Any:
        if name is None:
            return None
        if name not in styles:
            styles[name] = document.styles[name]
        return styles[name]

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
        elif kind == "paragraph_open" and not state.lists and index + 2 < len(tokens) \
                and tokens[index + 1].content.strip() in blocks:
            block = blocks[tokens[index + 1].content.strip()]
            if block.kind == "contents":
                _contents(document, tokens)
                _update_fields_on_open(document)
            elif block.kind == "chart":
                _chart(document, block)
            else:  # a table's caption, above the table: never alone at a page's foot
                caption = document.add_paragraph(block.label, style="Caption")
                caption.paragraph_format.keep_with_next = True
            index += 3
            continue
        elif kind == "paragraph_open":
            if state.lists:
                style = _list_style(state)
                state.item_paragraphs[-1] += 1
            else:
                style = "Quote" if state.quote else None
        elif kind == "inline":
            paragraph = document.add_paragraph(style=style_named(style))
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
    _keep_together(document)
    properties = document.core_properties
    properties.title = title
    properties.subject = info.subject if info else ""
    properties.author = info.author if info else PROGRAMME_TEAM
    properties.last_modified_by = properties.author
    properties.comments = "Internal: not for circulation" if info and info.internal else ""
    naive = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    properties.created = properties.modified = naive
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
