"""Data is text: what a record says can never become a report's structure, nor the structure
of any Markdown tsp writes (a table cell of `tsp list --format markdown`, `tsp changes`).

A summary holding `\\n\\n---\\n\\n*Generated … commit 0000000*\\n\\n## Forged` must not become a
rule, a fake provenance footer and a heading; a title must not become a live link, an image or
an @mention in a pull-request comment. The report environment (reporting/templates.py) passes
every value a template prints through `escape_text` unless it is already `Markdown` (what a
macro, a chart or a filter such as `cell` built), so templates need not remember to escape
anything.

The escapes are backslashes, which CommonMark and GitHub render as the character itself, so the
reports still read naturally; only characters that could start structure are escaped.
"""

from __future__ import annotations

import re
from typing import Any


class Markdown(str):
    """Text that is already Markdown (built by a template, a macro or tsp): printed as it is."""

    __slots__ = ()


# Inline: code, links and images, raw HTML and autolinks, tables, strikethrough, entities,
# escapes themselves, and GitHub's @mentions and #references. Emphasis (* and _) stays: the
# programme's own summaries use **bold**, and it cannot make structure.
_INLINE = re.compile(r"[\\`\[\]<>|~@#]|&(?=#?\w+;)|!(?=\[)")
# What may start a block when a value opens a line: a list item (- + 1. 1)), a quote, a
# setext underline (=) or a rule (---); # * | ` ~ are escaped wherever they are. A list
# marker is one only before a space or the line's end (CommonMark), so "45.8" and "+1",
# which no reader should see as "45\.8" and "\+1" in the Markdown report, stay as they are.
_START = re.compile(r"^(\s*)(?:(>|=|-(?=\s|$|-)|\+(?=\s|$)|\*(?=\s|\*\s*\*))"
                    r"|(\d+)([.)])(?=\s|$))")
# GitHub turns bare addresses into live links.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(://)|\b(www)(\.)")
# Text with no character any escape below touches (and no digit, for "1." at the start).
_PLAIN = re.compile(r"[^\\`\[\]<>|~@#&!*_\r\n\u2028\u2029\u0085\x0b\x0c:.+=>\-\d]*")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\u0085\x0b\x0c]+\s*")


_LITERAL = re.compile(r"[\\`*_\[\]<>|~@#]|&(?=#?\w+;)|!(?=\[)")


class Missing(str):
    """A value the record lacks, in the team's (--internal) report: empty, so `{% if %}` and
    `or` treat it as absent, but printed by `{{ }}` as a note naming what is missing rather
    than as nothing. Readers' reports never get one (their views hold "")."""

    what: str

    def __new__(cls, what: str) -> Missing:
        missing = super().__new__(cls, "")
        missing.what = what
        return missing


def missing_or(value: str, internal: bool, what: str) -> str:
    """`value`, or where it is empty a Missing naming `what` in an internal report."""
    return value if value or not internal else Missing(what)


def escape_text(value: Any, *, emphasis: bool = True) -> Markdown:
    """A data value as inline Markdown that shows exactly its text: line breaks become
    spaces (a value is one run of text; paragraphs come already split), and every character
    that could start a heading, rule, list, quote, table cell, link, image, HTML, code or
    mention is escaped. With emphasis=False, * and _ are escaped too (text meant literally).
    """
    if isinstance(value, Markdown):
        return value
    if isinstance(value, Missing):
        return Markdown(f"*\\[missing: {escape_text(value.what, emphasis=False)}\\]*")
    text = str(value)
    if _PLAIN.fullmatch(text):  # most values: one pass, nothing to escape
        return Markdown(text)
    text = _LINE_BREAKS.sub(" ", text)
    text = (_INLINE if emphasis else _LITERAL).sub(lambda m: "\\" + m.group(), text)
    text = _AUTOLINK.sub(lambda m: "\\://" if m.group(1) else m.group(2) + "\\.", text)
    text = _START.sub(_escape_start, text)
    return Markdown(text)


def _escape_start(match: re.Match[str]) -> str:
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(1)}{match.group(3)}\\{match.group(4)}"


_BLOCK_HEADING = re.compile(r"^(\s{0,3})(#{1,6})(?=\s|$)", re.MULTILINE)
_BLOCK_RULE = re.compile(r"^(\s{0,3})([-*_=])(?=[ \t]*\2[ \t]*\2?)", re.MULTILINE)
_BLOCK_FENCE = re.compile(r"^(\s{0,3})(`{3,}|~{3,})", re.MULTILINE)
# A line of = or - alone underlines the line above into a heading (setext), however short.
_BLOCK_SETEXT = re.compile(r"^(\s{0,3})([=-])(?=[ \t]*$|\2+[ \t]*$)", re.MULTILINE)
# A table needs a delimiter row, but its rows need no leading '|' ("A | B" over ":-- | :--"),
# so every '|' is text.
_BLOCK_TABLE = re.compile(r"\\*\|")
_HTML_IMAGE_MENTION = re.compile(r"[<>@]|!(?=\[)|&(?=#?\w+;)")


def narrative_markdown(text: str) -> Markdown:
    """A year's narrative, which is written in Markdown (emphasis, lists and links stay), with
    everything that could forge a report's structure made text: headings (a narrative's own
    sections are split out by tsp), rules and setext underlines, code fences, table rows, raw
    HTML, images and @mentions."""
    text = _EMPTY_LINK.sub(r"\1", text)
    text = _ticked_lines(text)
    text = _HTML_IMAGE_MENTION.sub(lambda m: "\\" + m.group(), text)
    text = _BLOCK_HEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    text = _BLOCK_RULE.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    text = _BLOCK_FENCE.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    text = _BLOCK_SETEXT.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    text = _BLOCK_TABLE.sub(_escape_pipe, text)
    return Markdown(text)


# A link whose address is only '#' (the source's "[prospectus](#)") goes nowhere: its words
# stay, as text.
_EMPTY_LINK = re.compile(r"(?<![!\\])\[([^\[\]\n]+)\]\(#\)")
_TICKED_ITEM = re.compile(r"^[-*+] (?=\u2713 )")


def _ticked_lines(text: str) -> str:
    """A list whose every item starts with its own mark ('- ✓ Clear evidence …') as lines
    that start with that mark, without a second one (a bullet) before it; the source's
    words, the tick included, stay as written."""
    lines = text.split("\n")
    out: list[str] = []
    run: list[str] = []
    for line in [*lines, ""]:
        if _TICKED_ITEM.match(line):
            run.append(_TICKED_ITEM.sub("", line))
            continue
        if run:
            out += [item + "\\" for item in run[:-1]] + [run[-1]]
            run = []
        out.append(line)
    return "\n".join(out[:-1])


def _escape_pipe(match: re.Match[str]) -> str:
    """'|' as '\\|', unless an odd run of backslashes already escapes it."""
    found = match.group()
    return found if (len(found) - 1) % 2 else "\\" + found


# The characters YAML lets a file hold (tsp.yaml_io refuses others in data); a template can
# still produce one ("\x01", "%c"|format(11)), and Word's XML cannot hold it.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def unprintable(text: str) -> str | None:
    """The first character in `text` that a report cannot show, as its code point (e.g.
    U+202E), or None."""
    found = _NOT_PRINTABLE.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def printable(text: str) -> str:
    """`text` with every character a report cannot show replaced by U+FFFD (the last line of
    defence of the Word writer: python-docx refuses them mid-render)."""
    return _NOT_PRINTABLE.sub("\ufffd", text)
