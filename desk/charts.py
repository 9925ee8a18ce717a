"""Bar charts as inline SVG, drawn here so the desk page needs no chart library or CDN."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    max_value: int


def column_chart(points: list[tuple[str, int]], width: int = 720, height: int = 160) -> Chart:
    """Vertical bars, one per point, scaled to the largest value (days on the x axis)."""
    top = max((v for _, v in points), default=0) or 1
    plot = height - 20  # room for the axis labels
    step = width / max(len(points), 1)
    bars = []
    for i, (label, value) in enumerate(points):
        bar_height = plot * value / top
        bars.append(Bar(label, value, i * step + 1, plot - bar_height, step - 2, bar_height))
    return Chart(width, height, bars, top)


def bar_chart(points: list[tuple[str, int]], width: int = 480, row: int = 22) -> Chart:
    """Horizontal bars, one row per label (channels, programs)."""
    top = max((v for _, v in points), default=0) or 1
    label_room = 200
    bars = [
        Bar(label, value, label_room, i * row + 2, (width - label_room - 40) * value / top, row - 6)
        for i, (label, value) in enumerate(points)
    ]
    return Chart(width, max(row * len(points), row), bars, top)
