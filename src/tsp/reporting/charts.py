"""Bar charts as inline SVG, drawn in Python: no JavaScript, no fonts or files to fetch.

Every label is data, so every label is escaped; the numbers are ints we computed.
"""

from __future__ import annotations

from html import escape

from tsp.reporting.views import Count

WIDTH = 440  # narrow enough that a phone shrinks the 12px labels only a little
BAR = 18
GAP = 6
TOP = 8
CHAR = 7.4  # a 12px sans-serif character at its widest common (DejaVu Sans, Verdana), to size
#            the label column: narrower guesses clipped "Windsor and Maidenhead"
MAX_LABEL = 40
COLOURS = ("#1f5f8b", "#2e8540", "#b35c00", "#6b4c9a", "#8c2d19", "#3c6e71")


def _clip(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "\u2026"


def bar_chart(chart_id: str, title: str, counts: tuple[Count, ...], colour: int = 0) -> str:
    """A horizontal bar chart: one bar per count, longest label setting the left column."""
    labels = [_clip(c.label) for c in counts]
    label_width = int(min(max((len(s) for s in labels), default=4), MAX_LABEL) * CHAR) + 12
    value_width = 36
    plot = WIDTH - label_width - value_width
    top = max((c.value for c in counts), default=0)
    height = TOP * 2 + max(len(counts), 1) * (BAR + GAP)
    fill = COLOURS[colour % len(COLOURS)]
    safe_id = escape(chart_id, quote=True)
    rows = []
    for index, (label, count) in enumerate(zip(labels, counts, strict=True)):
        y = TOP + index * (BAR + GAP)
        length = round(plot * count.value / top) if top else 0
        rows.append(
            f'<g><text x="{label_width - 8}" y="{y + BAR - 5}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{BAR}" fill="{fill}">'
            f"<title>{escape(count.label)}: {count.value}</title></rect>"
            f'<text x="{label_width + length + 6}" y="{y + BAR - 5}">{count.value}</text></g>'
        )
    if not counts:
        rows.append(f'<text x="{label_width}" y="{TOP + BAR - 5}">No packages</text>')
    return (
        # Inline SVG in HTML needs no xmlns, so the page holds no http address at all.
        f'<figure class="chart" id="{safe_id}">'
        f'<svg role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" aria-labelledby="{safe_id}-title" '
        f'font-family="system-ui, sans-serif" font-size="12" fill="#222">'
        f'<title id="{safe_id}-title">{escape(title)}</title>'
        + "".join(rows)
        + f"</svg><figcaption>{escape(title)}</figcaption></figure>"
    )
