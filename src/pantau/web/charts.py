"""Chart geometry, computed on the server and drawn as inline SVG by the templates.

Each function turns data into plain shapes (rectangles, circles, ticks) in SVG
user units; the templates only place them, so every label passes through
Jinja2's autoescape and no chart needs a script.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from pantau.record import EVENT_TYPES

# Colour-blind-aware qualitative colours (Tableau 10, then lighter tints).
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac", "#2f5d8a", "#c46a12", "#a33b3d", "#4b8f8a",
           "#357a32", "#b89a1e", "#7f5275", "#d9707c", "#6e5142", "#7d7672")
TYPE_COLOURS = {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(EVENT_TYPES)}

WIDTH, HEIGHT = 1000, 280
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 16, 12, 40


@dataclass
class Tick:
    pos: float
    label: str


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    colour: str
    title: str
    href: str | None = None


@dataclass
class Point:
    x: float
    y: float
    y_high: float | None  # a range's top end, drawn as a line from y
    colour: str
    title: str
    href: str | None = None
    series: str = ""


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    rects: list[Rect] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (label, colour)
    y_label: str = ""

    @property
    def left(self) -> int:
        return MARGIN_LEFT

    @property
    def right(self) -> int:
        return self.width - MARGIN_RIGHT

    @property
    def top(self) -> int:
        return MARGIN_TOP

    @property
    def bottom(self) -> int:
        return self.height - MARGIN_BOTTOM


def nice_step(span: float, target: int = 5) -> float:
    """A 1-2-5 step that cuts ``span`` into about ``target`` intervals."""
    if span <= 0:
        return 1.0
    raw = span / target
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def format_number(value: float) -> str:
    if abs(value) >= 1e9:
        return f"{value / 1e9:g}G"
    if abs(value) >= 1e6:
        return f"{value / 1e6:g}M"
    if abs(value) >= 1e4:
        return f"{value / 1e3:g}k"
    return f"{value:g}"


def linear_ticks(high: float, integer: bool = False) -> tuple[float, list[float]]:
    """The axis top (a multiple of the step) and tick values from 0 for data up to ``high``;
    ``integer`` keeps steps whole (counts)."""
    step = max(1.0, nice_step(high)) if integer else nice_step(high)
    top = max(step, math.ceil(high / step) * step)
    return top, [i * step for i in range(int(round(top / step)) + 1)]


def _month_add(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def bar_width(slot: float, widest: float = 56) -> float:
    """Bars fill most of their slot, but a lone bar does not fill the whole chart."""
    return min(slot * 0.8, widest)


def _label_every(n: int, room: int = 12) -> int:
    return max(1, math.ceil(n / room))


# ------------------------------------------------------------------ bar chart

def bars_over_time(counts: Sequence[tuple[date, int]], colour: str = PALETTE[0],
                   max_months: int = 72) -> Chart:
    """Counts per month as bars, gaps filled with zeros; per year when the span is long."""
    chart = Chart(y_label="events")
    if not counts:
        return chart
    first, last = counts[0][0].replace(day=1), counts[-1][0].replace(day=1)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    by_year = months > max_months
    buckets: Counter[date] = Counter()
    for day, n in counts:
        buckets[date(day.year, 1, 1) if by_year else day.replace(day=1)] += n
    if by_year:
        keys = [date(y, 1, 1) for y in range(first.year, last.year + 1)]
    else:
        keys = [_month_add(first, i) for i in range(months)]
    top, ticks = linear_ticks(max(buckets.values()), integer=True)
    plot_w, plot_h = chart.right - chart.left, chart.bottom - chart.top
    slot = plot_w / len(keys)
    every = _label_every(len(keys))
    for i, key in enumerate(keys):
        n = buckets.get(key, 0)
        h = plot_h * n / top
        label = str(key.year) if by_year else key.strftime("%Y-%m")
        x = chart.left + i * slot
        if n:
            w = bar_width(slot)
            chart.rects.append(Rect(x + (slot - w) / 2, chart.bottom - h, w, h, colour,
                                    f"{label}: {n}"))
        if i % every == 0:
            chart.x_ticks.append(Tick(x + slot / 2, label))
    chart.y_ticks = [Tick(chart.bottom - plot_h * v / top, format_number(v)) for v in ticks]
    return chart


def stacked_weeks(weeks: dict[date, Counter[str]]) -> Chart:
    """Events per week, stacked by type in the canonical type order."""
    chart = Chart(y_label="events")
    keys = sorted(weeks)
    if not keys:
        return chart
    totals = [sum(weeks[k].values()) for k in keys]
    top, ticks = linear_ticks(max(max(totals), 1), integer=True)
    plot_w, plot_h = chart.right - chart.left, chart.bottom - chart.top
    slot = plot_w / len(keys)
    every = _label_every(len(keys))
    present: set[str] = set()
    for i, key in enumerate(keys):
        x = chart.left + i * slot
        y = float(chart.bottom)
        for type_ in EVENT_TYPES:
            n = weeks[key].get(type_, 0)
            if not n:
                continue
            present.add(type_)
            h = plot_h * n / top
            y -= h
            w = bar_width(slot)
            chart.rects.append(Rect(x + (slot - w) / 2, y, w, h, TYPE_COLOURS[type_],
                                    f"week of {key.isoformat()}: {n} {type_}"))
        if i % every == 0:
            chart.x_ticks.append(Tick(x + slot / 2, key.strftime("%d %b %y")))
    chart.y_ticks = [Tick(chart.bottom - plot_h * v / top, format_number(v)) for v in ticks]
    chart.legend = [(t, TYPE_COLOURS[t]) for t in EVENT_TYPES if t in present]
    return chart


# ---------------------------------------------------------------- scatter plot

@dataclass
class Claim:
    day: date
    low: float
    high: float | None
    series: str  # the source, which picks the colour
    title: str
    href: str | None = None


def claims_over_time(claims: Sequence[Claim], y_label: str) -> Chart:
    """Stated figures against the date they were stated, one colour per source.

    The value axis is logarithmic when the figures span more than two orders of
    magnitude, so a revised toll of 3 and a war's 900 both stay readable."""
    chart = Chart(y_label=y_label)
    if not claims:
        return chart
    series = list(dict.fromkeys(c.series for c in claims))
    colours = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(series)}
    chart.legend = [(s, colours[s]) for s in series]
    values = [v for c in claims for v in (c.low, c.high) if v is not None]
    positive = [v for v in values if v > 0]
    log = bool(positive) and min(values) > 0 and max(positive) / min(positive) > 100
    plot_w, plot_h = chart.right - chart.left, chart.bottom - chart.top

    if log:
        lo_exp = math.floor(math.log10(min(positive)))
        hi_exp = max(lo_exp + 1, math.ceil(math.log10(max(positive))))

        def y_of(v: float) -> float:
            return chart.bottom - plot_h * (math.log10(v) - lo_exp) / (hi_exp - lo_exp)
        chart.y_ticks = [Tick(y_of(10.0 ** e), format_number(10.0 ** e))
                         for e in range(lo_exp, hi_exp + 1)]
    else:
        top, ticks = linear_ticks(max(max(values), 1))

        def y_of(v: float) -> float:
            return chart.bottom - plot_h * max(v, 0) / top
        chart.y_ticks = [Tick(y_of(v), format_number(v)) for v in ticks]

    first = min(c.day for c in claims)
    last = max(c.day for c in claims)
    span = max((last - first).days, 1)
    pad = 0.04 * plot_w

    def x_of(day: date) -> float:
        return chart.left + pad + (plot_w - 2 * pad) * (day - first).days / span

    for c in claims:
        chart.points.append(Point(x_of(c.day), y_of(c.low),
                                  None if c.high is None else y_of(c.high), colours[c.series],
                                  c.title, c.href, c.series))
    chart.x_ticks = [Tick(x_of(day), label) for day, label in date_ticks(first, last)]
    return chart


def date_ticks(first: date, last: date, room: int = 8) -> list[tuple[date, str]]:
    """Calendar ticks (days, Mondays, months or years) between two dates, at most ``room``."""
    span = (last - first).days
    if span <= room:
        return [(date.fromordinal(first.toordinal() + i), date.fromordinal(
            first.toordinal() + i).isoformat()) for i in range(span + 1)]
    if span <= 7 * room:
        start = first + timedelta(days=(7 - first.weekday()) % 7)
        return [(start + timedelta(weeks=i), (start + timedelta(weeks=i)).isoformat())
                for i in range((last - start).days // 7 + 1)]
    months = (last.year - first.year) * 12 + last.month - first.month
    if months <= 12 * room:
        step = next(k for k in (1, 2, 3, 6, 12) if months / k <= room)
        start = _month_add(first.replace(day=1), 0 if first.day == 1 else 1)
        ticks = []
        while start <= last:
            ticks.append((start, start.strftime("%b %Y")))
            start = _month_add(start, step)
        return ticks
    years = last.year - first.year
    step = next(k for k in (1, 2, 5, 10, 20, 50, 100, 1000) if years / k <= room)
    first_year = first.year + (1 if (first.month, first.day) != (1, 1) else 0)
    first_year += (-first_year) % step
    return [(date(y, 1, 1), str(y)) for y in range(first_year, last.year + 1, step)]
