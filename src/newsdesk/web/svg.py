"""Charts drawn on the server as inline SVG: no script, no library, the same markup in the app and in the report.

Every text that reaches the SVG (tooltips, labels) goes through ``escape``; colours are presentation attributes,
never ``style`` attributes, so the strict Content-Security-Policy (no inline styles) does not hide them.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from newsdesk.dossier import TimelineEntry
from newsdesk.dossier.dates import describe

_TIMEX_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: A sparkline over a longer span bins days together so that each bar stays visible.
SPARK_MAX_BARS = 60
INK, MUTED, ACCENT, BACKGROUND = "#334155", "#94a3b8", "#2563eb", "#e2e8f0"


def timex_span(value: str) -> tuple[date, date] | None:
    """The first and last day a TIMEX date (``2024``, ``2024-06``, ``2024-06-03``) covers; ``None`` for other
    values (weeks, seasons, ``PRESENT_REF``) that a chart cannot place."""
    found = _TIMEX_DATE.match(value)
    if not found:
        return None
    year, month, day = (int(part) if part else None for part in found.groups())
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, day), date(year, month, day)
    except ValueError:
        return None


def sparkline(days: Iterable[str | None], *, width: int = 120, height: int = 24) -> Markup:
    """Articles per day as small bars (``days``: publication dates, ISO, ``None`` for undated ones, skipped)."""
    counts = Counter(span[0] for value in days if value and (span := timex_span(value[:10])))
    label = f"{sum(counts.values())} dated articles"
    if not counts:
        return Markup(f'<svg class="spark" width="{width}" height="{height}" role="img" aria-label="no dated '
                      f'articles"><line x1="0" y1="{height - 1}" x2="{width}" y2="{height - 1}" stroke="{BACKGROUND}"/>'
                      "</svg>")
    first, last = min(counts), max(counts)
    span_days = (last - first).days + 1
    per_bar = max(1, -(-span_days // SPARK_MAX_BARS))
    bins = Counter({index: 0 for index in range(-(-span_days // per_bar))})
    for day, count in counts.items():
        bins[(day - first).days // per_bar] += count
    top = max(bins.values())
    step = width / len(bins)
    thickness = max(1.0, min(step - 1, 6.0))  # one day of news is a bar, not a block
    bars = []
    for index, count in sorted(bins.items()):
        if count:
            bar = max(2.0, (height - 2) * count / top)
            start = first + timedelta(days=index * per_bar)
            tip = f"{start.isoformat()}: {count}" + (f" (from {per_bar} days)" if per_bar > 1 else "")
            bars.append(f'<rect x="{index * step + (step - thickness) / 2:.1f}" y="{height - bar:.1f}" '
                        f'width="{thickness:.1f}" height="{bar:.1f}" fill="{ACCENT}">'
                        f'<title>{escape(tip)}</title></rect>')
    title = f"{label}, {first.isoformat()} to {last.isoformat()}"
    return Markup(f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
                  f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
                  f'<line x1="0" y1="{height - 0.5}" x2="{width}" y2="{height - 0.5}" stroke="{BACKGROUND}"/>'
                  + "".join(bars) + "</svg>")


@dataclass(frozen=True, slots=True)
class _Mark:
    """One shape of the chart: the happenings on the same date (same span and precision), drawn once."""

    index: int
    start: date
    end: date
    entries: tuple[TimelineEntry, ...]


def timeline_chart(entries: Sequence[TimelineEntry], *, width: int = 880,
                   href: Callable[[int], str] = lambda index: f"#t{index}") -> Markup:
    """The story's happenings on a time axis: a dot for a day, a bar for a month or a year, hollow when placed by
    publication date; background dates are left out (they would stretch the axis over decades). Each mark links to
    its entry of the list, wherever ``href`` (entry index → link) says it is shown (``#t3``)."""
    grouped: dict[tuple[date, date, bool], list[tuple[int, TimelineEntry]]] = {}
    for index, entry in enumerate(entries):
        if not entry.background and (span := timex_span(entry.date.value)):
            grouped.setdefault((*span, entry.by_publication), []).append((index, entry))
    marks = [_Mark(group[0][0], start, end, tuple(entry for _, entry in group))
             for (start, end, _), group in grouped.items()]
    if not marks:
        return Markup("")
    first = min(mark.start for mark in marks)
    last = max(mark.end for mark in marks)
    total = max(1, (last - first).days + 1)
    left, right, lane_height, axis = 16, 16, 14, 26
    lanes: list[float] = []  # the right edge of what each lane holds, to stack marks that would overlap
    scale = (width - left - right) / total
    shapes = []
    for mark in sorted(marks, key=lambda m: (m.start, m.end)):
        x0 = left + (mark.start - first).days * scale
        x1 = left + ((mark.end - first).days + 1) * scale
        lane = next((i for i, edge in enumerate(lanes) if edge + 3 <= x0), len(lanes))
        if lane == len(lanes):
            lanes.append(0.0)
        lanes[lane] = max(x1, x0 + 10)
        shapes.append(_shape(mark, x0, x1, 8 + lane * lane_height, href(mark.index)))
    height = 8 + len(lanes) * lane_height + axis
    ticks = _ticks(first, last, left, scale, height - axis + 6)
    return Markup(f'<svg class="timeline-chart" width="100%" viewBox="0 0 {width} {height}" role="img" '
                  f'aria-label="timeline from {first.isoformat()} to {last.isoformat()}">'
                  f'<line x1="{left}" y1="{height - axis + 4}" x2="{width - right}" y2="{height - axis + 4}" '
                  f'stroke="{MUTED}"/>' + ticks + "".join(shapes) + "</svg>")


def _shape(mark: _Mark, x0: float, x1: float, y: float, href: str) -> str:
    entry = mark.entries[0]
    sources = sum(len(each.sources) for each in mark.entries)
    tip = escape(f"{describe(entry.date)} · {sources} source{'s' if sources != 1 else ''}: "
                 + " / ".join(each.summary for each in mark.entries[:3]) + (" …" if len(mark.entries) > 3 else ""))
    fill = "none" if entry.by_publication else ACCENT
    if entry.date.precision == "day" or x1 - x0 < 6:
        radius = min(7.0, 3.0 + sources)
        body = (f'<circle cx="{(x0 + x1) / 2:.1f}" cy="{y + 5}" r="{radius:.1f}" fill="{fill}" stroke="{ACCENT}" '
                'stroke-width="1.5"/>')
    else:
        opacity = "0.35" if entry.date.precision == "year" else "0.6"
        body = (f'<rect x="{x0:.1f}" y="{y + 1}" width="{x1 - x0:.1f}" height="8" rx="2" fill="{fill}" '
                f'fill-opacity="{opacity}" stroke="{ACCENT}" stroke-width="1"/>')
    return f'<a href="{escape(href)}"><title>{tip}</title>{body}</a>'


def _ticks(first: date, last: date, left: int, scale: float, y: float) -> str:
    """Labels at the start of each year, month or week, whichever gives a handful of them."""
    total = (last - first).days + 1
    if total > 3 * 366:
        starts = [date(year, 1, 1) for year in range(first.year + 1, last.year + 1)]
        fmt = "%Y"
    elif total > 62:
        starts = [date(y, m, 1) for y in range(first.year, last.year + 1) for m in range(1, 13)
                  if first < date(y, m, 1) <= last]
        fmt = "%b %Y"
    else:
        starts = [first + timedelta(days=d) for d in range(0, total, max(1, total // 8))]
        fmt = "%d %b"
    every = max(1, -(-len(starts) // 10))
    parts = []
    for day in [first, *starts[::every]] if fmt != "%d %b" else starts:
        x = left + (day - first).days * scale
        parts.append(f'<line x1="{x:.1f}" y1="{y - 4}" x2="{x:.1f}" y2="{y}" stroke="{MUTED}"/>'
                     f'<text x="{x:.1f}" y="{y + 12}" font-size="11" fill="{INK}">{escape(day.strftime(fmt))}</text>')
    return "".join(parts)
