"""The sentences questions are made of, translated with gettext for the generators to fill."""

import datetime

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from history.dates import DatePrecision, format_span
from quizzes.generators import LANGUAGES

# Placeholders use str.format: {title}, {when}, {place}, {country}, {person}.
PHRASES = {
    "date": _("When did this happen: “{title}”?"),
    "place": _("Where did this happen: “{title}”?"),
    "host": _(
        "Which city hosted the Baltic foreign ministers' conference that opened in this month: "
        "{when}?"
    ),
    "signatory": _("Who signed “{title}” on behalf of {country}?"),
    "signed_for": _("On behalf of which state did {person} sign “{title}”?"),
    "participant": _("Which of these states was a party to “{title}”?"),
    "non_participant": _("Which of these states was NOT a party to “{title}”?"),
    "chronology": _("Put these events in the order they happened, earliest first."),
    "explain": _("{title}: {when}."),
    "explain_place": _("{title}: {when}, {place}."),
}


def phrasebook() -> dict[str, dict[str, str]]:
    """Render every phrase in every language."""
    book: dict[str, dict[str, str]] = {key: {} for key in PHRASES}
    for language in LANGUAGES:
        with translation.override(language):
            for key, phrase in PHRASES.items():
                book[key][language] = str(phrase)
    return book


def say_date(
    start: datetime.date, end: datetime.date | None, precision: str, language: str
) -> str:
    """Say a date in the given language, as the history pages do."""
    with translation.override(language):
        return format_span(start, end, DatePrecision(precision))
