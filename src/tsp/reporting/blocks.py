"""What the HTML, PDF and Word writers need beyond the Markdown: the blocks a template placed
(numbered charts and table captions, the contents list) and the document's properties; and
the template functions chart(), table() and contents() that place them (`Placeholders`)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from tsp.escape import Markdown, escape_text
from tsp.reporting.charts import bar_chart
from tsp.reporting.errors import TemplateError
from tsp.reporting.output import ReportFormat
from tsp.reporting.views import Count, YearView

PROGRAMME_TEAM = "Targeted Support Programme team"
CHARTS: dict[str, tuple[str, str]] = {
    # name in templates: (figures field, caption)
    "packages-per-authority": ("per_authority", "Packages received, per authority"),
    "packages-by-status": ("by_status", "Packages by status"),
    "packages-by-area": ("by_area", "Packages by area"),
    "packages-by-kind": ("by_kind", "Packages by kind of support"),
}


@dataclass(frozen=True)
class Block:
    """What a placeholder paragraph stands for: a numbered chart, a numbered table's caption,
    or the contents list. Each writer draws it its own way (SVG, PNG, a Word field...)."""

    kind: str  # "chart" | "caption" | "contents"
    number: int = 0
    caption: str = ""
    svg: str = ""
    counts: tuple[Count, ...] = ()
    description: str = ""  # a chart's alternative text past its label, where no counts give it

    @property
    def label(self) -> str:
        word = "Figure" if self.kind == "chart" else "Table"
        return f"{word} {self.number}: {self.caption}"

    @property
    def alt(self) -> str:
        """A chart's alternative text: its caption and every bar's figure."""
        if self.description:
            return f"{self.label}. {self.description}"
        values = "; ".join(f"{c.label}: {c.value}" for c in self.counts) or "no packages"
        return f"{self.label}. {values}."


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    subject: str
    author: str
    internal: bool = False


class Placeholders:
    """The template functions chart(), table() and contents(), and what they left behind.

    Each returns a placeholder paragraph (as Markdown, so the environment does not escape it)
    that the HTML and Word writers swap for the real thing; the random nonce keeps data from
    forging one.
    """

    def __init__(self, year: YearView | None, fmt: ReportFormat) -> None:
        self.year, self.fmt = year, fmt
        self.nonce = secrets.token_hex(8)
        self.blocks: dict[str, Block] = {}
        self.figures = self.tables = 0

    def place(self, block: Block) -> Markdown:
        placeholder = f"tsp-block-{self.nonce}-{len(self.blocks)}"
        self.blocks[placeholder] = block
        return Markdown(f"\n\n{placeholder}\n\n")

    def chart(self, name: str) -> Markdown:
        if name not in CHARTS:
            raise TemplateError(f"no chart '{name}'; charts: {', '.join(CHARTS)}")
        if self.year is None:
            raise TemplateError(f"chart '{name}' needs a year: add 'year: YYYY-YY' to the "
                                "template's opening comment")
        field, caption = CHARTS[name]
        counts = getattr(self.year.figures, field)
        # A count holding any reading (a status, an area, a recipient the register reads)
        # carries the reading mark, as in the tables.
        counts = tuple(Count(c.label + ("†" if c.readings else ""), c.value, c.readings)
                       for c in counts)
        if self.fmt is ReportFormat.MD:
            # a text file has no pictures; the tables beside it carry the figures
            return Markdown("")
        self.figures += 1
        title = f"{caption}, {self.year.span}"
        svg = bar_chart(f"chart-{name}", f"Figure {self.figures}: {title}", counts,
                        colour=list(CHARTS).index(name))
        return self.place(Block("chart", self.figures, title, svg, counts))

    def table(self, caption: str) -> Markdown:
        self.tables += 1
        block = Block("caption", self.tables, str(caption))
        if self.fmt is ReportFormat.MD:
            return Markdown(f"\n\n*{escape_text(block.label, emphasis=False)}*\n\n")
        return self.place(block)

    def contents(self) -> Markdown:
        return self.place(Block("contents"))

    def functions(self) -> dict[str, Callable[..., str]]:
        return {"chart": self.chart, "table": self.table, "contents": self.contents}
