import datetime

import pytest
from django.utils import translation

from history.dates import DatePrecision, format_span

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "precision", "english", "latvian"),
    [
        (D(1934, 9, 12), None, DatePrecision.DAY, "12 September 1934",
         "1934. gada 12. septembris"),
        (D(1940, 6, 1), None, DatePrecision.MONTH, "June 1940", "1940. gada jūnijs"),
        (D(1920, 1, 1), None, DatePrecision.YEAR, "1920", "1920. gads"),
        (D(1940, 3, 14), D(1940, 3, 16), DatePrecision.DAY, "14–16 March 1940",
         "1940. gada 14.–16. marts"),
        (D(1919, 9, 29), D(1919, 10, 1), DatePrecision.DAY, "29 September – 1 October 1919",
         "1919. gada 29. septembris – 1. oktobris"),
        (D(1934, 12, 30), D(1935, 1, 2), DatePrecision.DAY, "30 December 1934 – 2 January 1935",
         "1934. gada 30. decembris – 1935. gada 2. janvāris"),
    ],
)  # fmt: skip
def test_dates_are_said_no_finer_than_known_in_both_languages(
    start, end, precision, english, latvian
):
    with translation.override("en"):
        assert format_span(start, end, precision) == english
    with translation.override("lv"):
        assert format_span(start, end, precision) == latvian


@pytest.mark.parametrize(
    ("precision", "date", "fits"),
    [
        (DatePrecision.YEAR, D(1920, 1, 1), True),
        (DatePrecision.YEAR, D(1920, 6, 1), False),
        (DatePrecision.MONTH, D(1940, 6, 1), True),
        (DatePrecision.MONTH, D(1940, 6, 14), False),
        (DatePrecision.DAY, D(1940, 6, 14), True),
    ],
)
def test_a_date_fits_its_precision_only_as_the_first_of_its_period(precision, date, fits):
    assert precision.fits(date) is fits
