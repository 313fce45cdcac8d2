"""Lay events out on an SVG timeline: one axis of years, spans as wide as their precision."""

import datetime
from dataclasses import dataclass
from typing import Protocol

from history.dates import DatePrecision

WIDTH = 1000
MARGIN = 30
LANE_HEIGHT = 18
AXIS_HEIGHT = 34
MIN_MARK = 6  # pixels; a single day would be invisible otherwise
# A run of this many years or more without any event is drawn as a narrow break, so the
# axis is spent on the years where something happened.
GAP_YEARS = 2
BREAK_WIDTH = 1.5  # of one shown year: room for its label


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
class Break:
    """Years left out of the axis because nothing happened in them."""

    first_year: int
    last_year: int
    x: float
    width: float

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    marks: list[Mark]
    ticks: list[Tick]
    axis_y: int
    breaks: list[Break] = ()


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


def _segments(events: list[Dated]) -> list[tuple[int, int, bool]]:
    """Split the years into runs (first, last, shown): shown where an event is, else a gap."""
    busy = set()
    for event in events:
        busy.update(range(event.start_date.year, last_day(event).year + 1))
    first_year, last_year = min(busy), max(busy)
    runs: list[tuple[int, int, bool]] = []
    year = first_year
    while year <= last_year:
        shown = year in busy
        end = year
        while end + 1 <= last_year and ((end + 1) in busy) == shown:
            end += 1
        if not shown and end - year + 1 < GAP_YEARS:
            shown = True  # a single quiet year stays on the axis
        if runs and runs[-1][2] and shown:
            runs[-1] = (runs[-1][0], end, True)
        else:
            runs.append((year, end, shown))
        year = end + 1
    return runs


def layout(events: list[Dated]) -> Timeline:
    """Place each event on the first lane where it doesn't overlap the one before it."""
    if not events:
        return Timeline(WIDTH, AXIS_HEIGHT + LANE_HEIGHT, [], [], LANE_HEIGHT)
    runs = _segments(events)
    units = sum(last - first + 1 if shown else BREAK_WIDTH for first, last, shown in runs)
    year_width = (WIDTH - 2 * MARGIN) / units
    # Where each shown year starts on the axis; a break takes a fixed width.
    year_x: dict[int, float] = {}
    breaks = []
    x = MARGIN
    for first, last, shown in runs:
        if shown:
            for year in range(first, last + 1):
                year_x[year] = x
                x += year_width
        else:
            breaks.append(Break(first, last, round(x, 1), round(BREAK_WIDTH * year_width, 1)))
            x += BREAK_WIDTH * year_width
    end_year = runs[-1][1] + 1
    year_x[end_year] = x
    ticks = [Tick(year, round(x, 1)) for year, x in sorted(year_x.items())]
    # An event that ends on 31 December ends where the break after its year begins.
    for gap in breaks:
        year_x[gap.first_year] = gap.x

    def x_of(date: datetime.date) -> float:
        start = datetime.date(date.year, 1, 1)
        if date.year == end_year or date == start:
            return year_x[date.year]
        length = datetime.date(date.year + 1, 1, 1).toordinal() - start.toordinal()
        return year_x[date.year] + (date.toordinal() - start.toordinal()) / length * year_width

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
    axis_y = lanes_height + 14
    return Timeline(WIDTH, axis_y + AXIS_HEIGHT, marks, ticks, axis_y, breaks)
