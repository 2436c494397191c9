"""The data challenge's pictures as inline SVG, drawn in Python: a tartan rug, a hex map of the
region from its HexJSON layout, and trend lines; and the site's map of which authorities are
engaged, on the same hexes. Every label is data, so every label is escaped; the pictures
repeat what the report's tables and the site's lists say, for readers who see them."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from html import escape

from tsp.measures.compare import BAND_NAMES
from tsp.models.measure import Polarity
from tsp.places import HEXMAP, read_reference
from tsp.register import Register
from tsp.reporting.data_view import Cell, DataView, MeasureView

# Quarter colours, best first: colour-blind-safe blues for a polarity, purples for neither.
BANDS = ("#08519c", "#4292c6", "#9ecae1", "#deebf7")
NEUTRAL = ("#54278f", "#807dba", "#bcbddc", "#efedf5")
NO_FIGURE = "#ffffff"
TEXT_ON = ("#ffffff", "#ffffff", "#1b1b1b", "#1b1b1b")
CHAR = 7.0


def _fill(cell: Cell, neutral: bool) -> tuple[str, str]:
    if cell.band is None:
        return NO_FIGURE, "#1b1b1b"
    palette = NEUTRAL if neutral else BANDS
    return palette[cell.band - 1], TEXT_ON[cell.band - 1]


# Each picture's name, as its <title> and its caption; the data chart numbers it ("Figure 4: ").
RUG_TITLE = "Where each authority stands on each rule, by quarter (the register's figures)"


def hexmap_title(view: MeasureView) -> str:
    return f"{view.title}, {view.period}: the region's authorities by quarter (the register's " \
        "figures)"


def trend_title(view: MeasureView) -> str:
    return f"{view.title}: the trend (the register's figures)"


def _figure(chart_id: str, title: str, width: int, height: int, body: str,
            scroll: bool = True) -> str:
    """The picture; with `scroll`, at its own size in a box that a phone scrolls sideways (a
    box a keyboard can reach and scroll), rather than shrunk until its labels are 4-5 px.
    Print and wide screens shrink it to fit as any picture."""
    safe = escape(chart_id, quote=True)
    svg = (f'<svg role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'aria-labelledby="{safe}-title" font-family="system-ui, sans-serif" '
           f'font-size="12" fill="#222"><title id="{safe}-title">{escape(title)}</title>'
           f"{body}</svg>")
    if scroll:
        svg = (f'<div class="chart-box" tabindex="0" role="region" '
               f'aria-label="{escape(title, quote=True)}">{svg}</div>')
    return (f'<figure class="chart" id="{safe}">{svg}<figcaption>{escape(title)}'
            "</figcaption></figure>")


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def rug(view: DataView) -> str:
    """Authorities down, measures across; each cell coloured by its quarter."""
    label_width = int(max((len(r.name) for r in view.rug + view.rug_comparators),
                          default=10) * CHAR) + 16
    column, row_height = 150, 22
    headings = [_wrap(h, 20)[:5] for h in view.rug_columns]
    top = 16 * max((len(h) for h in headings), default=1) + 12
    rows = list(view.rug) + list(view.rug_comparators)
    width = label_width + column * max(len(view.measures), 1) + 8
    height = top + row_height * len(rows) + 12
    parts = []
    for index, lines in enumerate(headings):
        x = label_width + index * column + column // 2
        first = top - 6 - 16 * (len(lines) - 1)
        spans = "".join(f'<tspan x="{x}" y="{first + 16 * n}">{escape(line)}</tspan>'
                        for n, line in enumerate(lines))
        parts.append(f'<text text-anchor="middle" font-weight="600">{spans}</text>')
    for index, row in enumerate(rows):
        y = top + index * row_height + (8 if index >= len(view.rug) else 0)
        parts.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">'
                     f"{escape(row.name)}</text>")
        for col, (cell, measure) in enumerate(zip(row.cells, view.measures, strict=True)):
            fill, ink = _fill(cell, measure.polarity == "neither")
            x = label_width + col * column
            tip = f"{row.name}, {measure.title}: {cell.text}" + (
                f" ({cell.band_name})" if cell.band_name else "")
            parts.append(f'<g><rect x="{x}" y="{y}" width="{column - 2}" height="{row_height - 2}"'
                         f' fill="{fill}" stroke="#c8d3dc"><title>{escape(tip)}</title></rect>'
                         f'<text x="{x + column // 2}" y="{y + 15}" text-anchor="middle" '
                         f'fill="{ink}">{escape(cell.text)}</text></g>')
    # The key: a row of the four quarters' colours for each palette the rug uses.
    y = height + 2
    for neutral in (False, True):
        if not any((m.polarity == "neither") == neutral for m in view.measures):
            continue
        palette = NEUTRAL if neutral else BANDS
        for n, fill in enumerate(palette):
            parts.append(f'<rect x="{label_width + n * 16}" y="{y}" width="14" height="14" '
                         f'fill="{fill}" stroke="#c8d3dc"/>')
        words = ("highest quarter to lowest (neither higher nor lower is better)" if neutral
                 else "best quarter to bottom quarter")
        parts.append(f'<text x="{label_width + 70}" y="{y + 11}">{words}</text>')
        y += 20
    height = y + 4
    return _figure("chart-rug", RUG_TITLE, width, height,
                   "".join(parts))


def hex_points(x: float, y: float, size: float) -> str:
    """The six corners of a pointy-topped hexagon centred on (x, y), for an SVG polygon."""
    return " ".join(f"{x + size * math.cos(math.radians(60 * k - 30)):.1f},"
                    f"{y + size * math.sin(math.radians(60 * k - 30)):.1f}" for k in range(6))


def hex_name(name: str, x: float, bottom: float, width: float) -> tuple[str, float]:
    """An authority's name as <tspan> lines fitted to a hex `width` wide, the last line's
    baseline at `bottom`; and the font size chosen."""
    lines, font = _hex_label(name, width)
    first = bottom - (font + 1) * (len(lines) - 1)
    spans = "".join(f'<tspan x="{x:.1f}" y="{first + (font + 1) * n:.1f}">'
                    f"{escape(line)}</tspan>" for n, line in enumerate(lines))
    return spans, font


def hex_layout(repo: Register) -> dict[str, tuple[int, int]]:
    """Each register authority's hex (q, r), found by its code or a former code."""
    data = read_reference(repo.root, HEXMAP)
    try:
        hexes = json.loads(data or b"{}").get("hexes", {})
    except (ValueError, AttributeError, RecursionError):
        return {}
    found: dict[str, tuple[int, int]] = {}
    for authority in repo.authorities.values():
        codes = [authority.gss_code] + [c.gss_code for c in authority.former_codes]
        for code in codes:
            cell = hexes.get(code) if isinstance(hexes, dict) else None
            if isinstance(cell, dict) and isinstance(cell.get("q"), int) and isinstance(
                    cell.get("r"), int):
                found[authority.name] = (cell["q"], cell["r"])
                break
    return found


HEX_RADIUS = 34.0  # the region at 655 px: an A4 page prints it at its own size
NAME_FONT = 9.5  # px, as drawn: a phone shows the map at its own size; a long single word
#                   ("Buckinghamshire") is set smaller to fit its hex
EM = 0.58  # a DejaVu Sans character's width in ems, on average over a name's letters


def _hex_label(name: str, room: float) -> tuple[list[str], float]:
    """An authority's name on at most two lines that fit `room` px, and its font size: the
    whole name, never cut ("Southamp…" and "Windsor …" told a reader nothing)."""
    words = name.split()
    best = [name]
    if len(words) > 1:  # the split into two lines whose longer line is shortest
        splits = [[" ".join(words[:n]), " ".join(words[n:])] for n in range(1, len(words))]
        best = min(splits, key=lambda lines: max(len(line) for line in lines))
        if len(name) <= max(len(line) for line in best):
            best = [name]
    if len(best) == 1 and name.lower().endswith("shire") and len(name) * EM * NAME_FONT > room:
        best = [name[:-5] + "-", name[-5:]]  # a county too long for one line: Buckingham-shire
    widest = max(len(line) for line in best)
    return best, math.floor(min(NAME_FONT, room / (widest * EM)) * 10) / 10


def _legend(view: MeasureView, y: float, missing: bool, small: bool = False
            ) -> tuple[str, int]:
    """The quarters' colours, named as the tables name them, in one row under the map."""
    neutral = view.polarity == "neither"
    try:
        names = BAND_NAMES[Polarity(view.polarity)]
    except ValueError:
        return "", 0
    palette = NEUTRAL if neutral else BANDS
    items = [(palette[n], name) for n, name in enumerate(names)]
    if missing:
        items.append((NO_FIGURE, "no figure"))
    if small:
        items.append((NO_FIGURE, "\u2021 too few to rank"))
    parts, x = [], 4.0
    for fill, name in items:
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="12" height="12" fill="{fill}" '
                     f'stroke="#8a9aa8"/><text x="{x + 16:.1f}" y="{y + 10:.1f}" '
                     f'font-size="11">{escape(name)}</text>')
        x += 16 + len(name) * 11 * EM + 14
    return "".join(parts), int(x)


def hexmap(repo: Register, view: MeasureView, index: int) -> str:
    """The region's authorities as hexes (HexJSON, odd-r: odd rows shift right), coloured by
    their quarter on one measure, with a key to the colours; north is up."""
    layout = hex_layout(repo)
    if not layout:
        return ""
    size = HEX_RADIUS
    w, h = math.sqrt(3) * size, 1.5 * size
    qs = [q for q, _ in layout.values()]
    rs = [r for _, r in layout.values()]
    min_q, max_r = min(qs), max(rs)
    cells = {row.name: row.cell for row in view.authorities}
    parts = []
    positions = {}
    for name, (q, r) in layout.items():
        x = (q - min_q) * w + (w / 2 if r % 2 else 0) + w / 2 + 4
        y = (max_r - r) * h + size + 4
        positions[name] = (x, y)
    missing = small = False
    for name, (x, y) in sorted(positions.items()):
        cell = cells.get(name, Cell("—", None, "", ""))
        missing = missing or (cell.band is None and not cell.small)
        small = small or cell.small
        fill, ink = _fill(cell, view.polarity == "neither")
        points = hex_points(x, y, size)
        tip = f"{name}: {cell.text}" + (f" ({cell.band_name})" if cell.band_name else "")
        spans, font = hex_name(name, x, y - 2, w - 6)
        parts.append(f'<g><polygon points="{points}" fill="{fill}" stroke="#ffffff" '
                     f'stroke-width="2"><title>{escape(tip)}</title></polygon>'
                     f'<text text-anchor="middle" font-size="{font:g}" fill="{ink}">{spans}'
                     f'</text><text x="{x:.1f}" y="{y + 14:.1f}" text-anchor="middle" '
                     f'font-size="12" font-weight="600" fill="{ink}">'
                     f"{escape(cell.brief or cell.text)}"
                     "</text></g>")
    map_height = max(y for _, y in positions.values()) + size + 8
    legend, legend_width = _legend(view, map_height + 4, missing, small)
    width = int(max(max(x for x, _ in positions.values()) + w / 2 + 8, legend_width))
    height = int(map_height + (24 if legend else 0))
    return _figure(f"chart-hexmap-{index}", hexmap_title(view), width, height,
                   "".join(parts) + legend)


ENGAGED_FILL, ENGAGED_INK = "#1d70b8", "#ffffff"
IDLE_FILL, IDLE_INK = "#f3f2f1", "#0b0c0c"


def engagement_map(repo: Register, engaged: set[str]) -> str:
    """The region's authorities as hexes (the register's HexJSON layout, as the counting
    rules' maps draw them), each marked engaged or not yet, in words as well as colour; empty
    where the register has no layout."""
    layout = hex_layout(repo)
    if not layout:
        return ""
    ids = {a.name: a.id for a in repo.authorities.values()}
    size = HEX_RADIUS
    w, h = math.sqrt(3) * size, 1.5 * size
    min_q = min(q for q, _ in layout.values())
    max_r = max(r for _, r in layout.values())
    parts = []
    positions = []
    for name, (q, r) in sorted(layout.items()):
        x = (q - min_q) * w + (w / 2 if r % 2 else 0) + w / 2 + 4
        y = (max_r - r) * h + size + 4
        positions.append((x, y))
        on = ids.get(name) in engaged
        fill, ink = (ENGAGED_FILL, ENGAGED_INK) if on else (IDLE_FILL, IDLE_INK)
        points = hex_points(x, y, size)
        spans, font = hex_name(name, x, y - 4, w - 6)
        parts.append(f'<polygon points="{points}" fill="{fill}" stroke="#505a5f" '
                     f'stroke-width="1"/><text text-anchor="middle" font-size="{font:g}" '
                     f'fill="{ink}">{spans}</text><text x="{x:.1f}" y="{y + 10:.1f}" '
                     f'text-anchor="middle" font-size="8" fill="{ink}">'
                     f'{"engaged" if on else "not yet"}</text>')
    width = int(max(x for x, _ in positions) + w / 2 + 8)
    height = int(max(y for _, y in positions) + size + 8)
    title = ("Map of the region's authorities: which are engaged with the programme and "
             "which not yet, as the register records them (the lists below say the same)")
    return (
        f'<figure class="chart map"><svg role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="engagement-map-title" '
        f'font-family="Arial, sans-serif"><title id="engagement-map-title">{escape(title)}'
        f'</title>{"".join(parts)}</svg><figcaption>The region\'s authorities by engagement: '
        f'<span class="key engaged">engaged</span> and <span class="key idle">not yet '
        f"engaged</span>, from the register's records.</figcaption></figure>")


def _number(text: str) -> float | None:
    try:
        return float(Decimal(text.replace(",", "").rstrip("%")))
    except (InvalidOperation, ValueError):
        return None


def _nice_top(high: float) -> tuple[float, float]:
    """The top of a value axis that starts at zero, and the step between its ticks: a 1, 2,
    2.5 or 5 times a power of ten, four to six ticks in all."""
    if high <= 0:
        return 1.0, 0.25
    power = 10 ** math.floor(math.log10(high / 4))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if high / step <= 5:
            return step * math.ceil(high / step - 1e-9), step
    return high, high / 4  # pragma: no cover - a factor of 10 always fits


def _tick(value: float, unit: str) -> str:
    text = f"{value:,.1f}".rstrip("0").rstrip(".")
    return f"{text}%" if unit == "%" else text


AXIS_WORDS = {"%": "Per cent", "number": "Number", "days": "Days", "weeks": "Weeks",
              "ratio": "Ratio"}


def axis_title(view: MeasureView) -> str:
    """What the value axis counts, in words: "Rate per 10,000", "Per cent"."""
    unit = view.unit_label
    return AXIS_WORDS.get(unit, f"Rate {unit}" if unit.startswith("per ") else unit)


def break_before(view: MeasureView) -> list[int]:
    """The trend's points that start a new series (tsp.reporting.data_view.break_periods)."""
    return [i for i, row in enumerate(view.trend) if row.new_series and i > 0]


TREND_COLOURS = ("#1f5f8b", "#b35c00", "#2e8540")  # the region, England, the median


@dataclass(frozen=True)
class _Plot:
    """Where a trend's points go: `count` periods across, zero to `high` up."""

    left: int
    top: int
    width: int
    height: int
    count: int
    high: float

    def at(self, i: int, v: float) -> tuple[float, float]:
        return (self.left + self.width * i / (self.count - 1),
                self.top + self.height * (1 - v / self.high))


def _value_axis(view: MeasureView, plot: _Plot, step: float) -> list[str]:
    """The axis title, and a labelled gridline at each tick from zero to the top."""
    parts = [f'<text x="{plot.left - 56}" y="{plot.top - 14}" font-weight="600">'
             f"{escape(axis_title(view))}</text>"]
    for n in range(round(plot.high / step) + 1):
        value = step * n
        _, y = plot.at(0, value)
        parts.append(f'<line x1="{plot.left}" y1="{y:.1f}" x2="{plot.left + plot.width}" '
                     f'y2="{y:.1f}" stroke="{"#555" if n == 0 else "#dde3e8"}"/>'
                     f'<text x="{plot.left - 6}" y="{y + 4:.1f}" text-anchor="end">'
                     f"{escape(_tick(value, view.unit_label))}</text>")
    return parts


def _periods_and_breaks(view: MeasureView, plot: _Plot, breaks: list[int]) -> list[str]:
    """Each period under its points, and a dashed line where a series breaks."""
    parts = []
    for i, row in enumerate(view.trend):
        x, _ = plot.at(i, 0)
        parts.append(f'<text x="{x:.1f}" y="{plot.top + plot.height + 18}" '
                     f'text-anchor="middle">{escape(row.period)}</text>')
    for i in breaks:
        x = (plot.at(i - 1, 0)[0] + plot.at(i, 0)[0]) / 2
        parts.append(f'<line x1="{x:.1f}" y1="{plot.top - 18}" x2="{x:.1f}" '
                     f'y2="{plot.top + plot.height}" stroke="#555" stroke-dasharray="5 4"/>'
                     f'<text x="{x + 4:.1f}" y="{plot.top - 8}" font-size="11">series break'
                     "</text>")
    return parts


def _line(points: list[tuple[int, tuple[float, float]]], breaks: list[int], colour: str
          ) -> list[str]:
    """One line's points, as one polyline per stretch between breaks: a line across a break
    would read as a change that the source says is not comparable."""
    stretches: list[list[tuple[float, float]]] = [[]]
    for i, point in points:
        if i in breaks and stretches[-1]:
            stretches.append([])
        stretches[-1].append(point)
    parts = []
    for stretch in stretches:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in stretch)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                     'stroke-width="2.5"/>')
    parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'
              for _, (x, y) in points]
    return parts


def _trend_key(drawn: list[tuple[int, str]], left: int, y: int) -> list[str]:
    """The key under the plot: each line drawn, in its colour."""
    parts = []
    key_x = float(left)
    for n, name in drawn:
        parts.append(f'<rect x="{key_x:.1f}" y="{y - 5}" width="14" height="4" '
                     f'fill="{TREND_COLOURS[n]}"/><text x="{key_x + 19:.1f}" y="{y}">'
                     f"{escape(name)}</text>")
        key_x += 19 + len(name) * 12 * EM + 18
    return parts


def trend(view: MeasureView, index: int) -> str:
    """The region, England and the median of the region's authorities, period by period,
    on a value axis that starts at zero (a counted figure's honest base: 69 to 67 must not look
    like a fall), with labelled ticks in the measure's unit, and any series break marked: the
    lines are not joined across it."""
    series = {
        view.region_name or "Region": [_number(t.region) for t in view.trend],
        "England": [_number(t.england) for t in view.trend],
        "Median of the authorities": [_number(t.median) for t in view.trend],
    }
    values = [v for line in series.values() for v in line if v is not None]
    if not values or len(view.trend) < 2 or min(values) < 0:
        return ""
    # The key sits under the plot, not beside it: 500 wide fits an A4 page at full size and
    # shrinks less on a phone than the 680 a key at the side needed.
    width, height, left, top, bottom = 500, 270, 64, 30, 62
    high, step = _nice_top(max(values))
    plot = _Plot(left, top, width - left - 28, height - top - bottom, len(view.trend), high)
    breaks = break_before(view)
    parts = _value_axis(view, plot, step) + _periods_and_breaks(view, plot, breaks)
    drawn = []
    for n, (name, line) in enumerate(series.items()):
        points = [(i, plot.at(i, v)) for i, v in enumerate(line) if v is not None]
        if points:
            drawn.append((n, name))
            parts += _line(points, breaks, TREND_COLOURS[n])
    parts += _trend_key(drawn, left, height - 12)
    # Shrunk to a 390 px phone its 12 px labels are 9 px: legible, and the whole trend shows.
    return _figure(f"chart-trend-{index}", trend_title(view), width, height,
                   "".join(parts), scroll=False)


__all__ = ["engagement_map", "hex_layout", "hex_name", "hex_points", "hexmap", "rug", "trend"]
