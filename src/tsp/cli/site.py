"""tsp site: the register as a static website (pages, downloads, search index)."""

# No `from __future__ import annotations`: see tsp.cli.schema (Typer evaluates annotations).

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tsp.cli.common import RepoOption, err, open_register
from tsp.reporting.provenance import generation_time
from tsp.reporting.site import build_site


def site(
    output: Annotated[Path, typer.Option("--output", "-o", help="The folder to write the "
                      "site to: a new or empty folder, or one tsp site wrote before (it is "
                      "replaced whole, only when the new site is complete).",
                      file_okay=False, show_default=False)],
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help="Offer the year reports as PDF "
                   "as well as Word (PDF takes most of the build's time).")] = True,
    search: Annotated[bool, typer.Option("--search/--no-search", help="Build the search "
                      "index (needs Pagefind: pip install 'tsp[site]').")] = True,
    repo: RepoOption = None,
) -> None:
    """Build the register's website: a page for every authority, package, programme year,
    priority, success measure and counting rule, the year reports to download, and search.

    The site is plain HTML and CSS that makes no request to any other site and works
    without JavaScript; open its index.html, or publish the folder (CI publishes it to
    GitHub Pages on every merge to main).

    Examples:

        tsp site -o site

        tsp site -o site --no-pdf
    """
    built = build_site(open_register(repo), output, generation_time(), pdf=pdf, search=search)
    searchable = "with search" if built.searchable else "without search"
    err.print(f"Wrote {escape(str(output))}: {built.pages} pages, {built.downloads} "
              f"downloads, {searchable}.", soft_wrap=True)
