"""Small inline SVG charts: horizontal bars, columns, a scatter and a stacked strip.

Written by hand so the report needs no charting library and no network. Colours
are CSS classes (the page's stylesheet maps zones to the workbook's colours), all
text is escaped, and every chart scales with its container through its viewBox.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jobzone.engine.core.text_safety import html_text as esc


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    css: str  # class of the mark, e.g. "zone-green"
    note: str  # the value as shown beside the mark


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    css: str
    href: str
    tooltip: str


@dataclass(frozen=True)
class Axis:
    low: float
    high: float
    ticks: tuple[float, ...]
    title: str

    def scale(self, value: float, start: float, end: float) -> float:
        """`value` mapped from [low, high] onto [start, end] (end may be below start)."""
        span = (self.high - self.low) or 1.0
        return start + (value - self.low) / span * (end - start)


def _n(value: float) -> str:
    """A coordinate, short: 12.5 rather than 12.500000001."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(width: float, height: float, label: str, body: list[str], css: str = "chart",
         extra: str = "") -> str:
    return (f'<svg class="{css}" viewBox="0 0 {_n(width)} {_n(height)}"{extra} role="img" '
            f'aria-label="{esc(label)}" xmlns="http://www.w3.org/2000/svg">'
            + "".join(body) + "</svg>")


def hbar_chart(bars: Sequence[Bar], label: str, width: float = 520) -> str:
    """One labelled bar per row, longest value spanning the plot; for counts by category."""
    row, label_w, note_w = 36.0, 150.0, 84.0
    top = max((b.value for b in bars), default=0) or 1.0
    body = []
    for i, bar in enumerate(bars):
        y = 6 + i * row
        length = max(0.0, (width - label_w - note_w) * bar.value / top)
        body.append(
            f'<text class="axis-label" x="{_n(label_w - 10)}" y="{_n(y + 17)}" '
            f'text-anchor="end">{esc(bar.label)}</text>'
            f'<rect class="{bar.css}" x="{_n(label_w)}" y="{_n(y + 3)}" width="{_n(length)}" '
            f'height="{_n(row - 12)}" rx="4"><title>{esc(bar.label)}: {esc(bar.note)}</title>'
            f'</rect><text class="value-label" x="{_n(label_w + length + 8)}" '
            f'y="{_n(y + 17)}">{esc(bar.note)}</text>')
    return _svg(width, 12 + row * len(bars), label, body)


def column_chart(bars: Sequence[Bar], label: str, axis: Axis, caption: str,
                 width: float = 520, height: float = 260) -> str:
    """Vertical columns over a labelled value axis; for a distribution over a scale."""
    left, right, top, bottom = 36.0, 6.0, 22.0, 46.0
    plot_w = width - left - right
    body = _y_grid(axis, left, width - right, height - bottom, top)
    slot = plot_w / max(len(bars), 1)
    for i, bar in enumerate(bars):
        x = left + i * slot + slot * 0.18
        y = axis.scale(bar.value, height - bottom, top)
        body.append(
            f'<rect class="{bar.css}" x="{_n(x)}" y="{_n(y)}" width="{_n(slot * 0.64)}" '
            f'height="{_n(height - bottom - y)}" rx="3"><title>{esc(bar.label)}: '
            f'{esc(bar.note)}</title></rect>'
            f'<text class="value-label" x="{_n(x + slot * 0.32)}" y="{_n(y - 6)}" '
            f'text-anchor="middle">{esc(bar.note)}</text>'
            f'<text class="axis-label" x="{_n(x + slot * 0.32)}" y="{_n(height - bottom + 18)}" '
            f'text-anchor="middle">{esc(bar.label)}</text>')
    body.append(f'<text class="axis-title" x="{_n(left + plot_w / 2)}" y="{_n(height - 10)}" '
                f'text-anchor="middle">{esc(caption)}</text>')
    return _svg(width, height, label, body)


def _y_grid(axis: Axis, x0: float, x1: float, y0: float, y1: float,
            suffix: str = "") -> list[str]:
    """Horizontal grid lines with tick labels, for a value axis from y0 (low) to y1 (high)."""
    out = []
    for tick in axis.ticks:
        y = axis.scale(tick, y0, y1)
        out.append(f'<line class="gridline" x1="{_n(x0)}" x2="{_n(x1)}" y1="{_n(y)}" y2="{_n(y)}"/>'
                   f'<text class="tick" x="{_n(x0 - 8)}" y="{_n(y + 4)}" text-anchor="end">'
                   f"{esc(_n(tick))}{suffix}</text>")
    return out


def scatter(points: Sequence[Point], x: Axis, y: Axis,
            bands: Sequence[tuple[float, float, str, str]],
            width: float = 760, height: float = 430) -> str:
    """Points over shaded horizontal bands (low, high, css, name), each point a link.

    Dots shrink as they multiply, so a few hundred roles still read as a cloud.
    """
    left, right, top, bottom = 52.0, 92.0, 14.0, 50.0
    radius = 5.5 if len(points) <= 150 else 4.5 if len(points) <= 600 else 3.5
    x0, x1, y0, y1 = left, width - right, height - bottom, top
    body = []
    for low, high, css, name in bands:
        top_y, bottom_y = y.scale(min(high, y.high), y0, y1), y.scale(max(low, y.low), y0, y1)
        body.append(f'<rect class="band {css}" x="{_n(x0)}" y="{_n(top_y)}" '
                    f'width="{_n(x1 - x0)}" height="{_n(bottom_y - top_y)}"/>'
                    f'<text class="band-label {css}" x="{_n(x1 + 8)}" '
                    f'y="{_n((top_y + bottom_y) / 2 + 4)}">{esc(name)}</text>')
    body += _y_grid(y, x0, x1, y0, y1)
    for tick in x.ticks:
        px = x.scale(tick, x0, x1)
        body.append(f'<line class="gridline" x1="{_n(px)}" x2="{_n(px)}" y1="{_n(y1)}" '
                    f'y2="{_n(y0)}"/><text class="tick" x="{_n(px)}" y="{_n(y0 + 18)}" '
                    f'text-anchor="middle">{esc(_n(tick))}</text>')
    body.append(f'<text class="axis-title" x="{_n((x0 + x1) / 2)}" y="{_n(height - 8)}" '
                f'text-anchor="middle">{esc(x.title)}</text>'
                f'<text class="axis-title" transform="translate(14 {_n((y0 + y1) / 2)}) '
                f'rotate(-90)" text-anchor="middle">{esc(y.title)}</text>')
    for p in points:
        body.append(f'<a href="{esc(p.href)}"><circle class="dot {p.css}" '
                    f'cx="{_n(x.scale(p.x, x0, x1))}" cy="{_n(y.scale(p.y, y0, y1))}" r="{radius}">'
                    f"<title>{esc(p.tooltip)}</title></circle></a>")
    return _svg(width, height, "Score against task resistance", body)


def stacked_strip(bars: Sequence[Bar], label: str, width: float = 1000,
                  height: float = 18) -> str:
    """One full-width bar split in proportion to the values; a part-of-whole at a glance."""
    total = sum(b.value for b in bars) or 1.0
    body, x = [], 0.0
    for bar in bars:
        w = width * bar.value / total
        if w > 0:
            body.append(f'<rect class="{bar.css}" x="{_n(x)}" y="0" width="{_n(w)}" '
                        f'height="{_n(height)}"><title>{esc(bar.label)}: {esc(bar.note)}'
                        f"</title></rect>")
        x += w
    return _svg(width, height, label, body, css="strip", extra=' preserveAspectRatio="none"')


@dataclass(frozen=True)
class TornadoBar:
    """One input: the score's change one step down and one step up (None: at the end of
    its scale)."""

    label: str
    down: float | None
    up: float | None


def _short(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def tornado_chart(bars: Sequence[TornadoBar], label: str, width: float = 560) -> str:
    """A tornado: a bar each way from the unchanged score (the centre line), the longest
    swing at the top; one colour for a step down, another for a step up."""
    row, label_w, note_w = 26.0, 250.0, 40.0
    span = max((abs(v) for b in bars for v in (b.down, b.up) if v is not None), default=0.0)
    span = span or 1.0
    half = (width - label_w - 2 * note_w) / 2
    centre = label_w + note_w + half
    body = []
    for i, bar in enumerate(bars):
        y = 24 + i * row
        body.append(f'<text class="axis-label" x="{_n(label_w - 8)}" y="{_n(y + 13)}" '
                    f'text-anchor="end">{esc(_short(bar.label, 32))}<title>{esc(bar.label)}'
                    '</title></text>')
        for value, css, word in ((bar.down, "step-down", "one step down"),
                                 (bar.up, "step-up", "one step up")):
            if value is None or value == 0:
                continue
            length = half * abs(value) / span
            x = centre if value > 0 else centre - length
            note_x = centre + length + 4 if value > 0 else centre - length - 4
            anchor = "start" if value > 0 else "end"
            body.append(
                f'<rect class="{css}" x="{_n(x)}" y="{_n(y + (2 if css == "step-down" else 10))}" '
                f'width="{_n(length)}" height="8" rx="2"><title>{esc(bar.label)}, {word}: '
                f'{value:+.1f}</title></rect>'
                f'<text class="value-label" x="{_n(note_x)}" y="{_n(y + 11)}" '
                f'text-anchor="{anchor}">{value:+.1f}</text>')
    body.append(f'<line class="axis" x1="{_n(centre)}" x2="{_n(centre)}" y1="18" '
                f'y2="{_n(24 + row * len(bars))}"/>'
                f'<text class="axis-label" x="{_n(width / 2)}" y="12" text-anchor="middle">'
                "score change: one step down (blue), one step up (orange)</text>")
    return _svg(width, 30 + row * len(bars), label, body)


@dataclass(frozen=True)
class Shift:
    """A role's score before and after a scenario, each end coloured by its zone."""

    label: str
    before: float
    after: float
    css_before: str
    css_after: str
    href: str


def dumbbell_chart(shifts: Sequence[Shift], bands: Sequence[tuple[float, float, str, str]],
                   width: float = 1000) -> str:
    """One row per role: a hollow dot at the score as it is, a filled dot under the
    scenario, joined by an arrow, over the zone bands; the roles that move most first."""
    row, label_w, right = 24.0, 260.0, 70.0
    x0, x1 = label_w, width - right
    height = 40 + row * len(shifts)
    axis = Axis(0, 100, (0, 20, 40, 60, 80, 100), "JobZone Score")
    body = []
    for low, high, css, name in bands:
        left, span = axis.scale(low, x0, x1), axis.scale(high, x0, x1) - axis.scale(low, x0, x1)
        body.append(f'<rect class="band {css}" x="{_n(left)}" y="20" width="{_n(span)}" '
                    f'height="{_n(row * len(shifts))}"/><text class="band-label {css}" '
                    f'x="{_n(left + span / 2)}" y="14" text-anchor="middle">{esc(name)}</text>')
    for tick in axis.ticks:
        px = axis.scale(tick, x0, x1)
        body.append(f'<text class="tick" x="{_n(px)}" y="{_n(height - 4)}" '
                    f'text-anchor="middle">{tick}</text>')
    for i, s in enumerate(shifts):
        y = 20 + i * row + row / 2
        a, b = axis.scale(s.before, x0, x1), axis.scale(s.after, x0, x1)
        change = s.after - s.before
        body.append(
            f'<a href="{esc(s.href)}"><text class="axis-label" x="{_n(label_w - 10)}" '
            f'y="{_n(y + 4)}" text-anchor="end">{esc(_short(s.label, 36))}</text>'
            f'<line class="shift" x1="{_n(a)}" x2="{_n(b)}" y1="{_n(y)}" y2="{_n(y)}"/>'
            f'<circle class="dot-before {s.css_before}" cx="{_n(a)}" cy="{_n(y)}" r="5"/>'
            f'<circle class="dot {s.css_after}" cx="{_n(b)}" cy="{_n(y)}" r="6">'
            f"<title>{esc(s.label)}: {s.before:.1f} → {s.after:.1f} ({change:+.1f})</title>"
            f'</circle><text class="value-label" x="{_n(max(a, b) + 10)}" y="{_n(y + 4)}">'
            f"{change:+.1f}</text></a>")
    return _svg(width, height, "Scores before and under the scenario", body)
