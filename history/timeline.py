"""Lay events out on an SVG timeline: one axis of years, spans as wide as their precision."""

import datetime
from dataclasses import dataclass
from typing import Protocol

from history.dates import DatePrecision

WIDTH = 1000
MARGIN = 30
LANE_HEIGHT = 18
AXIS_HEIGHT = 30
MIN_MARK = 6  # pixels; a single day would be invisible otherwise


class Dated(Protocol):
    start_date: datetime.date
    end_date: datetime.date | None
    precision: str


@dataclass(frozen=True)
class Mark:
    event: object
    x: float
    width: float
    y: float
    lane: int


@dataclass(frozen=True)
class Tick:
    year: int
    x: float


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    marks: list[Mark]
    ticks: list[Tick]
    axis_y: int


def last_day(event: Dated) -> datetime.date:
    """Return the last day the event could cover at its precision."""
    if event.end_date is not None:
        return event.end_date
    start = event.start_date
    precision = DatePrecision(event.precision)
    if precision is DatePrecision.YEAR:
        return datetime.date(start.year, 12, 31)
    if precision is DatePrecision.MONTH:
        next_month = datetime.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return next_month - datetime.timedelta(days=1)
    return start


def layout(events: list[Dated]) -> Timeline:
    """Place each event on the first lane where it doesn't overlap the one before it."""
    if not events:
        return Timeline(WIDTH, AXIS_HEIGHT + LANE_HEIGHT, [], [], LANE_HEIGHT)
    first_year = min(e.start_date.year for e in events)
    last_year = max(last_day(e).year for e in events)
    origin = datetime.date(first_year, 1, 1).toordinal()
    days = datetime.date(last_year + 1, 1, 1).toordinal() - origin
    scale = (WIDTH - 2 * MARGIN) / days

    def x_of(date: datetime.date) -> float:
        return MARGIN + (date.toordinal() - origin) * scale

    lane_ends: list[float] = []
    placed = []
    for event in sorted(events, key=lambda e: (e.start_date, last_day(e))):
        x = x_of(event.start_date)
        width = max(x_of(last_day(event) + datetime.timedelta(days=1)) - x, MIN_MARK)
        lane = next((i for i, end in enumerate(lane_ends) if end + 2 <= x), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(x + width)
        else:
            lane_ends[lane] = x + width
        placed.append((event, x, width, lane))

    lanes_height = len(lane_ends) * LANE_HEIGHT
    marks = [
        Mark(event, round(x, 1), round(width, 1), 8 + lane * LANE_HEIGHT, lane)
        for event, x, width, lane in placed
    ]
    ticks = [
        Tick(year, round(x_of(datetime.date(year, 1, 1)), 1))
        for year in range(first_year, last_year + 2)
    ]
    axis_y = lanes_height + 14
    return Timeline(WIDTH, axis_y + AXIS_HEIGHT, marks, ticks, axis_y)
