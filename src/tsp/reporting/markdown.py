"""Parse a rendered report's Markdown once, for the HTML and the Word writers alike.

One CommonMark parser (markdown-it-py, which Rich already brings) with tables; raw HTML is off,
so any HTML in the data or a template is text, never markup; images are off, so a report never
fetches anything; and a link that leaves the document is shown as its text and address, so
a printed page still shows where a link points (a source's address, written <https://…> by a
template's link filter, is a link whose text is the address).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")


def _inline_links(children: list[Token]) -> list[Token]:
    result: list[Token] = []
    leaving: list[str] = []
    for child in children:
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            # An address written <https://…> is a source's, from a template's link filter
            # (every value and narrative has its "<" escaped): a link readers can follow.
            if href.startswith("#") or (child.markup == "autolink"
                                        and href.startswith("https://")):
                leaving.append("")
                result.append(child)
            else:
                leaving.append(href)
            continue
        if child.type == "link_close":
            href = leaving.pop() if leaving else ""
            if href:
                result.append(Token("text", "", 0, content=f" ({href})"))
            else:
                result.append(child)
            continue
        result.append(child)
    return result


def parse(text: str) -> list[Token]:
    tokens = parser().parse(text)
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _inline_links(token.children)
    return tokens


def inline_text(token: Token) -> str:
    """The plain text of an inline token, as a title or a Word run would show it."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def headings(text: str) -> list[tuple[int, str]]:
    """(level, plain text) of every heading of a Markdown document, in order."""
    tokens = parse(text)
    return [(int(t.tag[1]), inline_text(tokens[i + 1])) for i, t in enumerate(tokens)
            if t.type == "heading_open"]
