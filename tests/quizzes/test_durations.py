"""Durations in words: seconds for short quizzes, Latvian plural forms in the right order."""

from datetime import datetime, timedelta

import pytest
from django.utils import translation
from django.utils.timesince import timesince

from quizzes.templatetags.durations import format_duration


@pytest.mark.parametrize(
    ("seconds", "english"),
    [
        (0, "0 seconds"),
        (1, "1 second"),
        (45, "45 seconds"),
        (60, "1 minute"),
        (185, "3 minutes 5 seconds"),
        (3600 + 120, "1 hour 2 minutes"),
    ],
)
def test_a_duration_reads_in_seconds_below_a_minute(seconds, english):
    with translation.override("en"):
        assert format_duration(timedelta(seconds=seconds)) == english


@pytest.mark.parametrize(
    ("seconds", "latvian"),
    [
        (0, "0 sekunžu"),
        (1, "1 sekunde"),
        (16, "16 sekundes"),
        (21, "21 sekunde"),
        (60, "1 minūte"),
        (11 * 60, "11 minūtes"),
        (16 * 60 + 1, "16 minūtes 1 sekunde"),
        (21 * 60, "21 minūte"),
        (23 * 3600 + 55 * 60, "23 stundas 55 minūtes"),
    ],
)
def test_latvian_durations_take_the_plural_their_number_needs(seconds, latvian):
    with translation.override("lv"):
        assert format_duration(timedelta(seconds=seconds)) == latvian


@pytest.mark.parametrize(
    ("minutes", "latvian"),
    [
        (1, "1 minūte"),
        (16, "16 minūtes"),
        (0, "0 minūšu"),
        (23 * 60 + 55, "23 stundas, 55 minūtes"),
    ],
)
def test_djangos_timesince_uses_the_projects_latvian_plurals(minutes, latvian):
    end = datetime(2026, 11, 24, 12, 0)

    with translation.override("lv"):
        # timesince joins number and unit with a no-break space.
        text = timesince(end - timedelta(minutes=minutes), end).replace("\xa0", " ")
    assert text == latvian
