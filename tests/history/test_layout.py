"""The SVG timeline and map put things where a reader can tell them apart."""

import datetime
import itertools
from types import SimpleNamespace

import pytest

from history import maps, timeline
from history.models import Place


def dated(start, end=None, precision="day"):
    return SimpleNamespace(start_date=start, end_date=end, precision=precision)


def test_timeline_marks_on_one_lane_never_overlap():
    events = [dated(datetime.date(1940, 6, d)) for d in (3, 3, 8, 8, 14, 16)]
    events.append(dated(datetime.date(1940, 1, 1), precision="year"))

    layout = timeline.layout(events)

    lanes: dict[int, list] = {}
    for mark in layout.marks:
        lanes.setdefault(mark.lane, []).append(mark)
    for marks in lanes.values():
        marks.sort(key=lambda m: m.x)
        for left, right in itertools.pairwise(marks):
            assert left.x + left.width <= right.x


def test_timeline_draws_a_year_wider_than_a_month_and_a_month_wider_than_a_day():
    year = dated(datetime.date(1921, 1, 1), precision="year")
    month = dated(datetime.date(1921, 9, 1), precision="month")
    day = dated(datetime.date(1934, 9, 12))

    marks = {id(m.event): m for m in timeline.layout([year, month, day]).marks}

    assert marks[id(year)].width > marks[id(month)].width >= marks[id(day)].width


def test_timeline_of_nothing_is_empty():
    assert timeline.layout([]).marks == []


@pytest.mark.usefixtures("shipped_history")
@pytest.mark.parametrize("bounds", [maps.EUROPE, maps.BALTIC])
def test_map_labels_of_the_shipped_places_do_not_overlap(bounds):
    drawn = maps.draw(list(Place.objects.all()), bounds)

    boxes = []
    for m in drawn.markers:
        assert 0 <= m.x <= bounds.width and 0 <= m.y <= bounds.height
        width = len(m.place.name) * maps.LABEL_CHAR_WIDTH
        left = {"start": m.label_x, "end": m.label_x - width, "middle": m.label_x - width / 2}
        box = (left[m.anchor], m.label_y - 10, left[m.anchor] + width, m.label_y)
        assert box[0] >= 0 and box[2] <= bounds.width, m.place.slug
        boxes.append(box)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not maps._overlaps(a, b)


def test_map_projection_puts_riga_north_of_kaunas_and_east_of_geneva():
    riga = maps.EUROPE.project(56.95, 24.11)
    kaunas = maps.EUROPE.project(54.90, 23.90)
    geneva = maps.EUROPE.project(46.20, 6.14)

    assert riga[1] < kaunas[1]
    assert geneva[0] < riga[0]
    assert len(maps.draw([], maps.EUROPE).shapes) > 20


def test_timeline_draws_years_without_events_as_one_narrow_break():
    events = [
        dated(datetime.date(1921, 9, 22)),
        dated(datetime.date(1923, 2, 1), precision="month"),
        dated(datetime.date(1934, 9, 12)),
        dated(datetime.date(1936, 1, 1), precision="year"),
        dated(datetime.date(1938, 6, 17)),
    ]

    layout = timeline.layout(events)

    (gap,) = layout.breaks
    assert (gap.first_year, gap.last_year) == (1924, 1933)
    years = [t.year for t in layout.ticks]
    assert not set(range(1924, 1934)) & set(years)
    # A single quiet year (1922) keeps its place on the axis.
    assert 1922 in years
    year_width = layout.ticks[1].x - layout.ticks[0].x
    assert gap.width < 2 * year_width
    # The break sits between 1923 and 1934, and time still runs left to right.
    tick = {t.year: t.x for t in layout.ticks}
    assert tick[1923] < gap.x < tick[1934]
    xs = [m.x for m in sorted(layout.marks, key=lambda m: m.event.start_date)]
    assert xs == sorted(xs)


@pytest.mark.usefixtures("shipped_history")
def test_map_names_the_countries_in_the_readers_language_clear_of_the_places():
    places = list(Place.objects.all())
    english = maps.draw(places, maps.BALTIC, "en")
    latvian = maps.draw(places, maps.BALTIC, "lv")

    assert {"Estonia", "Latvia", "Lithuania"} <= {c.name for c in english.countries}
    assert {"Igaunija", "Latvija", "Lietuva"} <= {c.name for c in latvian.countries}
    for country in latvian.countries:
        box = maps._country_box(country)
        assert box[0] >= 0 and box[2] <= maps.BALTIC.width
        for marker in latvian.markers:
            assert not maps._overlaps(
                box, (marker.x - 6, marker.y - 6, marker.x + 6, marker.y + 6)
            )
