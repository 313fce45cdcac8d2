"""The sentences questions are made of, translated with gettext for the generators to fill.

Placeholders use str.format. `{name}` is the event as a sentence names it; in Latvian a suffix
asks for a case: `{name_acc}` (accusative), `{name_loc}` (locative), `{country_gen}`
(genitive), `{place_loc}`. The generators take each form from the facts. Phrase ids end in
the event's verb (take_place, sign, make, found, begin, end, issue), and in `.plural` where the
English verb agrees with a plural name.
"""

import datetime

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from history.dates import DatePrecision, format_span
from quizzes.generators import LANGUAGES

PHRASES = {
    # When: one phrase per verb, as the verb fits the kind of event.
    "date.take_place": _("When did {name} take place?"),
    "date.sign": _("When was {name} signed?"),
    "date.sign.plural": _("When were {name} signed?"),
    "date.happen": _("When did {name} take place?"),
    "date.conclude": _("When was {name} concluded?"),
    "date.conclude.plural": _("When were {name} concluded?"),
    "date.make": _("When was {name} made?"),
    "date.found": _("When was {name} founded?"),
    "date.begin": _("When did {name} begin?"),
    "date.end": _("When did {name} end?"),
    "date.issue": _("When was {name} issued?"),
    "date.issue.plural": _("When were {name} issued?"),
    # Which year: typed into a number field.
    "year.take_place": _("In which year did {name} take place?"),
    "year.sign": _("In which year was {name} signed?"),
    "year.sign.plural": _("In which year were {name} signed?"),
    "year.happen": _("In which year did {name} take place?"),
    "year.conclude": _("In which year was {name} concluded?"),
    "year.conclude.plural": _("In which year were {name} concluded?"),
    "year.make": _("In which year was {name} made?"),
    "year.found": _("In which year was {name} founded?"),
    "year.begin": _("In which year did {name} begin?"),
    "year.end": _("In which year did {name} end?"),
    "year.issue": _("In which year was {name} issued?"),
    "year.issue.plural": _("In which year were {name} issued?"),
    # Where.
    "place.take_place": _("Where did {name} take place?"),
    "place.sign": _("Where was {name} signed?"),
    "place.sign.plural": _("Where were {name} signed?"),
    "place.happen": _("Where did {name} take place?"),
    "place.conclude": _("Where was {name} concluded?"),
    "place.found": _("Where was {name} founded?"),
    "place.begin": _("Where did {name} take place?"),
    # Map questions: the "where" question, then this.
    "map": _("Pick the place on the map."),
    "host": _("Which city hosted the Baltic foreign ministers' conference that opened {when}?"),
    "signatory": _("Who signed {name} on behalf of {country}?"),
    "signed_for": _("On behalf of which state did {person} sign {name}?"),
    # Who took part: only of meetings and of what was signed.
    "participant.take_place": _("Which of these states took part in {name}?"),
    "participant.sign": _("Which of these states signed {name}?"),
    "non_participant.take_place": _("Which of these states did NOT take part in {name}?"),
    "non_participant.sign": _("Which of these states did NOT sign {name}?"),
    "participant.conclude": _("Which of these states concluded {name}?"),
    "non_participant.conclude": _("Which of these states did NOT conclude {name}?"),
    "chronology": _("Put these events in the order they happened, earliest first."),
    # Explanations: the fact in a full sentence ({where} is empty or " in <place>").
    "where": pgettext_lazy("where an event happened, after its verb", " in {place}"),
    "explain": _("{name}: {when}."),
    "explain.take_place": _("{name} took place{where} {when}."),
    "explain.sign": _("{name} was signed{where} {when}."),
    "explain.sign.plural": _("{name} were signed{where} {when}."),
    "explain.happen": _("{name} took place{where} {when}."),
    "explain.conclude": _("{name} was concluded{where} {when}."),
    "explain.conclude.plural": _("{name} were concluded{where} {when}."),
    "explain.make": _("{name} was made{where} {when}."),
    "explain.found": _("{name} was founded{where} {when}."),
    "explain.begin": _("{name} began{where} {when}."),
    "explain.end": _("{name} ended{where} {when}."),
    "explain.issue": _("{name} was issued{where} {when}."),
    "explain.issue.plural": _("{name} were issued{where} {when}."),
    "explain.parties.take_place": _("{list} took part in it."),
    "explain.parties.sign": _("It was signed by {list}."),
    "explain.parties.sign.plural": _("They were signed by {list}."),
    "explain.parties.conclude": _("It was concluded by {list}."),
    "explain.parties.conclude.plural": _("They were concluded by {list}."),
    "explain.signatures": _("It was signed by {list}."),
    "explain.signatures.plural": _("They were signed by {list}."),
    "signature": _("{person} for {country}"),
    "and": pgettext_lazy("the last two items of a list", "{first} and {last}"),
}

# "when something happened": a date as a sentence says it, in the locative in Latvian.
_MONTHS_WHEN = {
    1: pgettext_lazy("month, when something happened", "January"),
    2: pgettext_lazy("month, when something happened", "February"),
    3: pgettext_lazy("month, when something happened", "March"),
    4: pgettext_lazy("month, when something happened", "April"),
    5: pgettext_lazy("month, when something happened", "May"),
    6: pgettext_lazy("month, when something happened", "June"),
    7: pgettext_lazy("month, when something happened", "July"),
    8: pgettext_lazy("month, when something happened", "August"),
    9: pgettext_lazy("month, when something happened", "September"),
    10: pgettext_lazy("month, when something happened", "October"),
    11: pgettext_lazy("month, when something happened", "November"),
    12: pgettext_lazy("month, when something happened", "December"),
}


def phrasebook() -> dict[str, dict[str, str]]:
    """Render every phrase in every language."""
    book: dict[str, dict[str, str]] = {key: {} for key in PHRASES}
    for language in LANGUAGES:
        with translation.override(language):
            for key, phrase in PHRASES.items():
                book[key][language] = str(phrase)
    return book


def _when(start: datetime.date, end: datetime.date | None, precision: str) -> str:
    """Say when something happened, in the active language ("in November 1934")."""
    month = str(_MONTHS_WHEN[start.month])
    if precision == DatePrecision.YEAR:
        return pgettext("year, when something happened", "in %(year)s") % {"year": start.year}
    if precision == DatePrecision.MONTH:
        return pgettext("month, when something happened", "in %(month)s %(year)s") % {
            "month": month,
            "year": start.year,
        }
    if end is None or end == start:
        return pgettext("day, when something happened", "on %(day)s %(month)s %(year)s") % {
            "day": start.day,
            "month": month,
            "year": start.year,
        }
    if start.year != end.year:
        bare = pgettext("day in a range, when something happened", "%(day)s %(month)s %(year)s")
        return pgettext("range of dates, when something happened", "from %(start)s to %(end)s") % {
            "start": bare % {"day": start.day, "month": month, "year": start.year},
            "end": bare
            % {"day": end.day, "month": str(_MONTHS_WHEN[end.month]), "year": end.year},
        }
    values = {
        "day": start.day,
        "month": month,
        "end_day": end.day,
        "end_month": str(_MONTHS_WHEN[end.month]),
        "year": start.year,
    }
    if start.month != end.month:
        return (
            pgettext(
                "range of days over two months, when something happened",
                "from %(day)s %(month)s to %(end_day)s %(end_month)s %(year)s",
            )
            % values
        )
    return (
        pgettext(
            "range of days in one month, when something happened",
            "from %(day)s to %(end_day)s %(month)s %(year)s",
        )
        % values
    )


def say_date(
    start: datetime.date,
    end: datetime.date | None,
    precision: str,
    language: str,
    case: str = "label",
) -> str:
    """Say a date in the given language: as a label (the history pages' way) or as "when"."""
    with translation.override(language):
        if case == "when":
            return _when(start, end, precision)
        return format_span(start, end, DatePrecision(precision))
