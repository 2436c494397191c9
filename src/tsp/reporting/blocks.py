"""What the HTML, PDF and Word writers need beyond the Markdown: the blocks a template placed
(numbered charts and table captions, the contents list) and the document's properties."""

from __future__ import annotations

from dataclasses import dataclass

from tsp.reporting.views import Count

PROGRAMME_TEAM = "Targeted Support Programme team"


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
