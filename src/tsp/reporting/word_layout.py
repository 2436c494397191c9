"""How a report's Word document is laid out, around what word.py writes: an A4 page in one
sans-serif font with a footer that numbers the pages, Word fields (the contents list, the page
count) updated when the document opens, what print keeps together, and the document's
properties.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from tsp.reporting.blocks import PROGRAMME_TEAM, DocumentInfo
from tsp.reporting.markdown import inline_text

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph
    from markdown_it.token import Token

FONT = "Arial"  # the body and headings alike, as in GOV.UK documents; the HTML page is sans too
MARGIN_MM = 20


def set_up_page(document: Document, title: str) -> None:
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


def update_fields_on_open(document: Document) -> None:
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


def contents(document: Document, tokens: list[Token]) -> None:
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


def keep_together(document: Document) -> None:
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


def set_properties(document: Document, title: str, info: DocumentInfo | None,
                    when: dt.datetime) -> None:
    """The document's title, subject, author and comments; `when` its created and modified
    time."""
    properties = document.core_properties
    properties.title = title
    properties.subject = info.subject if info else ""
    properties.author = info.author if info else PROGRAMME_TEAM
    properties.last_modified_by = properties.author
    properties.comments = "Internal: not for circulation" if info and info.internal else ""
    naive = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    properties.created = properties.modified = naive
