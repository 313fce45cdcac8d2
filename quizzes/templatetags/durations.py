"""How long something took, in words: seconds under a minute, never "0 minutes"."""

from datetime import timedelta

from django import template
from django.utils.translation import ngettext

register = template.Library()


def _seconds(count: int) -> str:
    return ngettext("%(num)d second", "%(num)d seconds", count) % {"num": count}


def _minutes(count: int) -> str:
    # Django's own msgids, so that timesince and this read alike; the project's catalogue
    # has their Latvian plural forms in the right order.
    return ngettext("%(num)d minute", "%(num)d minutes", count) % {"num": count}


def _hours(count: int) -> str:
    return ngettext("%(num)d hour", "%(num)d hours", count) % {"num": count}


def format_duration(duration: timedelta | None) -> str:
    """Seconds under a minute; minutes and seconds under an hour; hours and minutes after."""
    if duration is None:
        return ""
    total = max(round(duration.total_seconds()), 0)
    if total < 60:
        return _seconds(total)
    minutes, seconds = divmod(total, 60)
    if minutes < 60:
        return _minutes(minutes) + (f" {_seconds(seconds)}" if seconds else "")
    hours, minutes = divmod(minutes, 60)
    return _hours(hours) + (f" {_minutes(minutes)}" if minutes else "")


@register.filter
def duration(value: timedelta | None) -> str:
    """A timedelta in words: {{ result.time_spent|duration }} → "3 minutes 5 seconds"."""
    return format_duration(value)


@register.simple_tag
def time_between(start, end) -> str:
    """How long from start to end: {% time_between attempt.started_at attempt.finished_at %}."""
    if start is None or end is None:
        return ""
    return format_duration(end - start)
