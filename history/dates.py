"""Dates known to a day, a month or a year, and how to say them in the active language."""

import datetime

from django.db import models
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")

    def fits(self, date: datetime.date) -> bool:
        """Tell whether a date is stored the way this precision stores it (1st of its period)."""
        if self is DatePrecision.YEAR:
            return date.month == 1 and date.day == 1
        if self is DatePrecision.MONTH:
            return date.day == 1
        return True


def format_date(date: datetime.date, precision: DatePrecision) -> str:
    """Say a single date, no finer than its precision."""
    if precision is DatePrecision.YEAR:
        return pgettext("date at year precision", "%(year)s") % {"year": date.year}
    if precision is DatePrecision.MONTH:
        return pgettext("date at month precision", "%(month)s %(year)s") % {
            "month": MONTHS[date.month],
            "year": date.year,
        }
    return pgettext("date at day precision", "%(day)s %(month)s %(year)s") % {
        "day": date.day,
        "month": MONTHS[date.month],
        "year": date.year,
    }


def format_span(start: datetime.date, end: datetime.date | None, precision: DatePrecision) -> str:
    """Say a date or a range of days, sharing the month and year where they are the same."""
    if end is None or end == start:
        return format_date(start, precision)
    if start.year != end.year:
        return pgettext("range of dates", "%(start)s – %(end)s") % {
            "start": format_date(start, precision),
            "end": format_date(end, precision),
        }
    if start.month != end.month:
        return pgettext(
            "range of days over two months",
            "%(day)s %(month)s – %(end_day)s %(end_month)s %(year)s",
        ) % {
            "day": start.day,
            "month": MONTHS[start.month],
            "end_day": end.day,
            "end_month": MONTHS[end.month],
            "year": start.year,
        }
    return pgettext("range of days in one month", "%(day)s–%(end_day)s %(month)s %(year)s") % {
        "day": start.day,
        "end_day": end.day,
        "month": MONTHS[start.month],
        "year": start.year,
    }
