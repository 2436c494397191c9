"""`data_chart(name, index)` for templates: a numbered figure of tsp.reporting.svg in the HTML
page, the PDF and the Word document (as a picture); nothing in Markdown, whose tables carry
the same figures."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from tsp.escape import Markdown
from tsp.register import Register
from tsp.reporting import svg
from tsp.reporting.blocks import Block, Placeholders
from tsp.reporting.data_view import DataView
from tsp.reporting.errors import TemplateError
from tsp.reporting.output import ReportFormat

NAMES = ("rug", "hexmap", "trend")


def data_chart_function(repo: Register, view: DataView, fmt: ReportFormat,
                        blocks: Placeholders) -> Callable[..., str]:
    def data_chart(name: str, index: int = 0) -> Markdown:
        if name not in NAMES:
            raise TemplateError(f"no data chart '{name}'; data charts: {', '.join(NAMES)}")
        if name != "rug" and not (isinstance(index, int) and 0 <= index < len(view.measures)):
            raise TemplateError(f"data_chart('{name}', {index!r}): index is the place of a "
                                f"measure in data.measures (0 to {len(view.measures) - 1})")
        if fmt is ReportFormat.MD:
            return Markdown("")
        if name == "rug":
            drawn = svg.rug(view) if view.measures else ""
            caption = svg.RUG_TITLE
        elif name == "hexmap":
            drawn = svg.hexmap(repo, view.measures[index], index)
            caption = svg.hexmap_title(view.measures[index])
        else:
            drawn = svg.trend(view.measures[index], index)
            caption = svg.trend_title(view.measures[index])
        if not drawn:
            return Markdown("")
        blocks.figures += 1
        block = Block("chart", blocks.figures, caption)
        # The caption readers see is numbered, as every other report's figures are.
        numbered = drawn.replace(f"<figcaption>{escape(caption)}</figcaption>",
                                 f"<figcaption>{escape(block.label)}</figcaption>", 1)
        # Word's picture needs words for a reader who cannot see it; the table after it
        # gives every figure it draws.
        return blocks.place(Block("chart", block.number, caption, numbered,
                                   description="The table that follows gives every figure "
                                   "it shows."))

    return data_chart
