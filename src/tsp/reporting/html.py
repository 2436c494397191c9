"""A report as one self-contained HTML page: CSS inside, charts as inline SVG, A4 print styles.

The page is the report's Markdown rendered by markdown-it-py (see markdown.py: raw HTML off, so
data is escaped), with each chart placeholder paragraph swapped for the SVG we drew.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

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
table { border-collapse: collapse; width: 100%; margin: 1em 0; font-size: .9em; }
th, td { border: 1px solid #c8d3dc; padding: .3em .5em; text-align: left;
  vertical-align: top; }
th { background: #eef3f7; }
blockquote { margin: 1em 0; padding: .4em 1em; border-left: 4px solid #7fa7c6;
  background: #f5f8fa; }
figure.chart { margin: 1.2em 0; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { font-size: .85em; color: #555; }
hr { border: 0; border-top: 1px solid #c8d3dc; margin: 2.5em 0 1em; }
a { color: #1f5f8b; }
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  p, li { orphans: 3; widows: 3; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  /* A long table runs on across pages under its repeated header row, so it starts right
     below the sentence introducing it; a row, a chart or a quote is never split. */
  figure, blockquote, tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
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


def to_html(markdown_text: str, charts: Mapping[str, str] | None = None) -> str:
    """The whole page. `charts` maps a placeholder paragraph's text to the SVG replacing it."""
    charts = charts or {}
    tokens = parse(markdown_text)
    title = next((inline_text(tokens[i + 1]) for i, t in enumerate(tokens)
                  if t.type == "heading_open" and t.tag == "h1"), "Report")
    # Swap paragraph_open, inline, paragraph_close for one html_block holding the SVG. The
    # renderer writes html_block content as is, and only our own code makes such a token.
    out = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (token.type == "paragraph_open" and index + 2 < len(tokens)
                and tokens[index + 1].content.strip() in charts):
            block = tokens[index + 1]
            block.type, block.children = "html_block", None
            block.content = charts[block.content.strip()] + "\n"
            out.append(block)
            index += 3
            continue
        out.append(token)
        index += 1
    md = parser()
    body = md.renderer.render(out, md.options, {})
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{CSS}"
        f"{PAGE_MARGINS.format(title=_css_string(title))}</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
