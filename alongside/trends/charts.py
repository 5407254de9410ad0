"""Server-side line charts as plain geometry for an inline SVG: no JavaScript, no chart library.

A day without an answer is None and breaks the line, so a missing day shows as a gap
rather than as a line drawn across it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import formats

WIDTH = 640
HEIGHT = 220
LEFT = 44
RIGHT = 12
TOP = 12
BOTTOM = 34
X_LABELS = 5


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    day: dt.date
    value: int


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    paths: list[str]  # one SVG path per unbroken run of days
    dots: list[Dot]
    y_ticks: list[Tick]
    x_ticks: list[Tick]


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    if count <= 1:
        return LEFT + span / 2
    return round(LEFT + index * span / (count - 1), 1)


def _y(value: float, low: int, high: int) -> float:
    span = HEIGHT - TOP - BOTTOM
    return round(TOP + (high - value) * span / (high - low), 1)


def line_chart(points: list[tuple[dt.date, int | None]], *, low: int, high: int, y_step: int = 1) -> Chart:
    """Lay out ``points`` (one per day, oldest first) on a fixed canvas with a ``low``–``high`` scale."""
    count = len(points)
    dots: list[Dot] = []
    paths: list[str] = []
    run: list[Dot] = []
    for index, (day, value) in enumerate(points):
        if value is None:
            if run:
                paths.append(_path(run))
            run = []
            continue
        dot = Dot(x=_x(index, count), y=_y(value, low, high), day=day, value=value)
        dots.append(dot)
        run.append(dot)
    if run:
        paths.append(_path(run))
    y_ticks = [Tick(position=_y(v, low, high), label=str(v)) for v in range(low, high + 1, y_step)]
    # Every day when there are few; otherwise X_LABELS evenly spread, first and last included.
    if count <= 7:
        label_indexes = list(range(count))
    else:
        label_indexes = sorted({round(i * (count - 1) / (X_LABELS - 1)) for i in range(X_LABELS)})
    x_ticks = [Tick(position=_x(i, count), label=formats.date_format(points[i][0], "j M")) for i in label_indexes]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_top=TOP,
        plot_bottom=HEIGHT - BOTTOM,
        paths=[p for p in paths if p],
        dots=dots,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
    )


def _path(run: list[Dot]) -> str:
    # A single day on its own has no line; its dot alone marks it.
    if len(run) < 2:
        return ""
    return "M" + " L".join(f"{d.x} {d.y}" for d in run)
