"""A report as PDF: the print version of the HTML page (A4, page numbers, rows kept whole),
laid out by WeasyPrint, which draws the inline SVG charts itself."""

from __future__ import annotations

import datetime as dt
import logging

from tsp.reporting.blocks import DocumentInfo
from tsp.reporting.limits import check_size


def to_pdf(page: str, info: DocumentInfo, when: dt.datetime) -> bytes:
    """The PDF's bytes: `when` becomes its creation date, so one register state at one
    moment gives the same file."""
    check_size("PDF", page.count("<tr"), len(page))
    import weasyprint

    # WeasyPrint logs every CSS property it does not know (a browser-only one, for example)
    # as a warning on stderr; the page is still what it should be.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    stamp = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    meta = (f'<meta name="dcterms.created" content="{stamp}">'
            f'<meta name="dcterms.modified" content="{stamp}">'
            '<meta name="generator" content="">')
    page = page.replace("</head>", meta + "</head>", 1)
    document = weasyprint.HTML(string=page, base_url=None, url_fetcher=_refuse).render()
    document.metadata.title = info.title
    document.metadata.authors = [info.author]
    document.metadata.description = info.subject
    # Tagged (PDF/UA-1): a screen reader follows the headings, tables and reading order, and
    # the document's language (from <html lang>) is set; untagged, it reads out text runs.
    result = document.write_pdf(pdf_variant="pdf/ua-1")
    assert isinstance(result, bytes)
    return result


def _refuse(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    """The page holds everything it shows; a report never fetches anything (a data: address
    from WeasyPrint's own defaults is all that could reach here)."""
    raise ValueError(f"a report fetches nothing ({url[:40]})")
