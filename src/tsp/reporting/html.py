"""A report as one self-contained HTML page: CSS inside, charts as inline SVG, A4 print styles.

The page is the report's Markdown rendered by markdown-it-py (see markdown.py: raw HTML off, so
data is escaped), with each chart placeholder paragraph swapped for the SVG we drew.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from tsp.reporting.blocks import Block, DocumentInfo
from tsp.reporting.markdown import inline_text, parse, parser

CSS = """\
:root { color-scheme: light; }
body { font: 11pt/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1b1b1b; background: #fff; margin: 0; }
main { max-width: 50rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
h1, h2, h3 { line-height: 1.25; color: #10395b; }
h1 { font-size: 1.9em; margin: 0 0 .5em; }
h2 { font-size: 1.4em; margin: 1.8em 0 .5em; border-bottom: 2px solid #d5e1eb;
  padding-bottom: .2em; }
h3 { font-size: 1.1em; margin: 1.4em 0 .4em; }
table { border-collapse: collapse; width: 100%; margin: 0; font-size: .9em; }
.table-box { overflow-x: auto; margin: .3em 0 1.2em; max-width: 100%; }
.table-box:focus { outline: 2px solid #1f5f8b; }
p.caption { font-weight: 600; color: #10395b; margin: 1.2em 0 .2em; font-size: .9em; }
nav.contents ol { padding-left: 1.4em; margin: .3em 0; }
nav.contents li { margin: .15em 0; }
/* Each entry a target of at least 24 px (WCAG 2.2, 2.5.8) that a thumb can hit. */
@media screen { nav.contents a { display: inline-block; min-height: 24px;
  padding: 2px 0; } }
p, li, td, th, blockquote { overflow-wrap: break-word; }
/* The title block: programme, report, year, status, date and authors under the title. */
h1 + p { line-height: 1.6; background: #f5f8fa; border-left: 4px solid #10395b;
  padding: .6em 1em; }
th, td { border: 1px solid #c8d3dc; padding: .3em .5em; text-align: left;
  vertical-align: top; }
th { background: #eef3f7; }
blockquote { margin: 1em 0; padding: .4em 1em; border-left: 4px solid #7fa7c6;
  background: #f5f8fa; }
figure.chart { margin: 1.2em 0; }
figure.chart svg { max-width: 100%; height: auto; }
/* On a phone the data challenge's pictures keep their own size and scroll sideways in their
   box: shrunk to the screen, their labels were 4-5 px. */
@media screen and (max-width: 40rem) {
  .chart-box { overflow-x: auto; }
  figure.chart .chart-box svg { max-width: none; }
  .chart-box:focus { outline: 2px solid #1f5f8b; }
}
figcaption { font-size: .9em; font-weight: 600; color: #10395b; }
.year { white-space: nowrap; }
@media (max-width: 40rem) {
  body { font-size: 10.5pt; }
  /* Narrower margins and cell padding: a 390 px phone shows every table's last column
     (Year 1's "Status") without scrolling sideways. */
  main { padding: 1rem .6rem 2rem; }
  th, td { padding: .25em .3em; }
  h1 { font-size: 1.5em; }
  h2 { font-size: 1.25em; }
}
hr { border: 0; border-top: 1px solid #c8d3dc; margin: 2.5em 0 1em; }
a { color: #1f5f8b; }
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  p, li { orphans: 3; widows: 3; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  /* A paragraph stays with the chart it introduces, so a heading and "Provisional: counted
     under a proposed rule." are never left at a page's foot with the chart overleaf. */
  p:has(+ figure) { break-after: avoid; page-break-after: avoid; }
  /* nor does a list end with its last item alone at the top of a page */
  li:last-child { break-before: avoid; page-break-before: avoid; }
  /* A long table runs on across pages under its repeated header row, so it starts right
     below the sentence introducing it; a row, a chart or a quote is never split. */
  figure, blockquote, tr { break-inside: avoid; page-break-inside: avoid; }
  /* ... nor leaves its first row alone under the caption at the foot of a page, or its
     last row alone under the repeated header at the top of the next. */
  tbody tr:first-child { break-after: avoid; page-break-after: avoid; }
  tbody tr:last-child { break-before: avoid; page-break-before: avoid; }
  thead { display: table-header-group; }
  .table-box { overflow: visible; }
  p.caption { break-after: avoid; page-break-after: avoid; }
  h2 { break-before: auto; }
  nav.contents a::after { content: leader(".") " " target-counter(attr(href), page); }
  a { color: inherit; text-decoration: none; }
}
"""

# The printed page's margins: the report's title and the page number, in place of the
# browser's own date and file address (Chromium prints margin boxes since version 131).
PAGE_MARGINS = """@page {{
  @top-left {{ content: ""; }}
  @top-right {{ content: ""; }}
  @bottom-left {{ content: "{title}"; font: 8pt system-ui, Arial, sans-serif; color: #555; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages);
    font: 8pt system-ui, Arial, sans-serif; color: #555; }}
}}
"""


def _css_string(text: str) -> str:
    """`text` inside a CSS double-quoted string: anything but plain letters, digits, spaces and
    harmless punctuation becomes a hex escape, so data can neither end the string nor the
    <style> element."""
    safe = set(" ,.:;()-–—'!?&")
    return "".join(c if c.isalnum() or c in safe else f"\\{ord(c):06x}" for c in text)


# A year span ("2026–27", "2025-26"): the line never breaks at its dash, which left a title
# ending "Year 2 Planning: 2026–" above a line holding "27".
_YEARS = re.compile(r"(?<!\d)\d{4}[\u2013-]\d{2}(?:\d{2})?(?!\d)")


def _keep_years(text: str) -> str:
    """`text` escaped as the renderer escapes text, each year span in a span that does not
    wrap."""
    return _YEARS.sub(lambda m: f'<span class="year">{m.group()}</span>', escapeHtml(text))


def _keep_years_inline(token: Token) -> None:
    """The same for an inline token's text children, as raw HTML tokens of our own."""
    children = []
    for child in token.children or []:
        if child.type == "text" and _YEARS.search(child.content):
            html = Token("html_inline", "", 0)
            html.content = _keep_years(child.content)
            children.append(html)
        else:
            children.append(child)
    token.children = children


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _contents(entries: list[tuple[int, str, str]]) -> str:
    """The contents list: the report's sections and, under each, its subsections."""
    parts = ['<nav class="contents" aria-label="Contents"><ol>']
    open_sub = False
    for level, text, slug in entries:
        item = f'<li><a href="#{slug}">{_keep_years(text)}</a>'
        if level == 2:
            if open_sub:
                parts.append("</ol></li>")
                open_sub = False
            elif len(parts) > 1:
                parts.append("</li>")
            parts.append(item)
        else:
            if not open_sub:
                parts.append("<ol>")
                open_sub = True
            parts.append(item + "</li>")
    parts.append("</ol></li>" if open_sub else "</li>" if len(parts) > 1 else "")
    parts.append("</ol></nav>\n")
    return "".join(parts)


def _block_html(block: Block) -> str:
    if block.kind == "chart":
        return block.svg + "\n"
    return (f'<p class="caption" id="table-{block.number}">{escape(block.label)}</p>\n')


def _anchor_headings(tokens: list[Token]) -> list[tuple[int, str, str]]:
    """Give every heading an id to link to; return the contents list's entries (level, text,
    id): the sections and subsections, but the contents' own heading."""
    taken: set[str] = set()
    entries: list[tuple[int, str, str]] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            text = inline_text(tokens[index + 1])
            slug = _slug(text, taken)
            token.attrSet("id", slug)
            if token.tag in ("h2", "h3") and text != "Contents":
                entries.append((int(token.tag[1]), text, slug))
    return entries


def _table_box(token: Token, caption: str) -> list[Token]:
    """A table's opening or closing token inside a box of its own that scrolls sideways on a
    narrow screen, labelled by the caption above it."""
    label = f' aria-labelledby="{caption}"' if caption else ' aria-label="Table"'
    wrap = Token("html_block", "", 0)
    if token.type == "table_open":
        wrap.content = f'<div class="table-box" role="region" tabindex="0"{label}>\n'
        return [wrap, token]
    wrap.content = "</div>\n"
    return [token, wrap]


def _place_blocks(tokens: list[Token], blocks: Mapping[str, Block],
                  entries: list[tuple[int, str, str]]) -> list[Token]:
    """Swap paragraph_open, inline, paragraph_close for one html_block holding what the
    placeholder stands for. The renderer writes html_block content as is, and only our own
    code makes such a token. Each table goes in its box (_table_box)."""
    out = []
    index = 0
    caption = ""
    while index < len(tokens):
        token = tokens[index]
        block = None
        if token.type == "paragraph_open" and index + 2 < len(tokens):
            block = blocks.get(tokens[index + 1].content.strip())
        if block is not None:
            html = tokens[index + 1]
            html.type, html.children = "html_block", None
            html.content = _contents(entries) if block.kind == "contents" else _block_html(block)
            if block.kind == "caption":
                caption = f"table-{block.number}"
            out.append(html)
            index += 3
            continue
        if token.type == "inline":
            _keep_years_inline(token)
        if token.type in ("table_open", "table_close"):
            out.extend(_table_box(token, caption))
            if token.type == "table_close":
                caption = ""
        else:
            out.append(token)
        index += 1
    return out


def to_html(markdown_text: str, blocks: Mapping[str, Block] | None = None,
            info: DocumentInfo | None = None, print_only: bool = False) -> str:
    """The whole page. `blocks` maps a placeholder paragraph's text to the chart, caption or
    contents list it stands for. `print_only` says the page is for the PDF; it changes
    nothing today, because the page's own print styles (CSS, PAGE_MARGINS) already set what
    paper needs."""
    tokens = parse(markdown_text)
    title = info.title if info else next(
        (inline_text(tokens[i + 1]) for i, t in enumerate(tokens)
         if t.type == "heading_open" and t.tag == "h1"), "Report")
    entries = _anchor_headings(tokens)
    out = _place_blocks(tokens, blocks or {}, entries)
    md = parser()
    body = md.renderer.render(out, md.options, {})
    meta = ""
    if info is not None:
        meta = (f'<meta name="author" content="{escape(info.author)}">\n'
                f'<meta name="description" content="{escape(info.subject)}">\n')
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n{meta}<style>\n{CSS}"
        f"{PAGE_MARGINS.format(title=_css_string(title))}</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
