"""`data_chart(name, index)` for templates: a placeholder the HTML writer swaps for an SVG of
tsp.measures.svg, and nothing in Markdown or Word (their tables carry the same figures)."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from tsp.measures.report import DataView
from tsp.register import Register
from tsp.reporting.errors import TemplateError
from tsp.reporting.output import ReportFormat

NAMES = ("rug", "hexmap", "trend")


def data_chart_function(repo: Register, view: DataView, fmt: ReportFormat,
                        charts: dict[str, str]) -> Callable[..., str]:
    nonce = secrets.token_hex(8)  # keeps data from forging a placeholder

    def data_chart(name: str, index: int = 0) -> str:
        from tsp.measures import svg

        if name not in NAMES:
            raise TemplateError(f"no data chart '{name}'; data charts: {', '.join(NAMES)}")
        if name != "rug" and not (isinstance(index, int) and 0 <= index < len(view.measures)):
            raise TemplateError(f"data_chart('{name}', {index!r}): index is the place of a "
                                f"measure in data.measures (0 to {len(view.measures) - 1})")
        if fmt is not ReportFormat.HTML:
            return ""
        if name == "rug":
            drawn = svg.rug(view) if view.measures else ""
        elif name == "hexmap":
            drawn = svg.hexmap(repo, view.measures[index], index)
        else:
            drawn = svg.trend(view.measures[index], index)
        if not drawn:
            return ""
        placeholder = f"tsp-chart-{nonce}-{name}-{index}"
        charts[placeholder] = drawn
        return f"\n\n{placeholder}\n\n"

    return data_chart
