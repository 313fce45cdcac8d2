"""The answers of the timeline and typed-year questions as pages show them.

Plain functions over a question and an answer: the given and the right year (and month), said
in the active language, how far apart they are, and the strip of years that draws both.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import ngettext

from history.dates import DatePrecision, format_date
from quizzes.models import Question

KINDS = (Question.Kind.TIMELINE, Question.Kind.YEAR)
# The strip drawn for a typed year: a few years either side of the two answers, and none when
# they are so far apart that a strip would say nothing.
MARGIN = 2
WIDEST = 60
# Positions are percents of the drawing's width: the SVG scales with the page, its text does not.
WIDTH = 100


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Strip:
    """The ticks of a span of years, with their two SVG paths written out once: a span's strip
    is the same for every student, and the answer's fragment draws it with every timeline card
    (drawing the paths tick by tick in the template cost more than the rest of the card)."""

    ticks: tuple[Tick, ...]
    # Path data from the axis downwards; the template moves them onto its axis.
    minor_path: str
    major_path: str

    @property
    def labelled(self) -> tuple[Tick, ...]:
        return tuple(tick for tick in self.ticks if tick.label)


@dataclass(frozen=True)
class Placed:
    """A timeline or typed-year answer beside the right one, ready to be drawn and said."""

    given: str
    right: str
    correct: bool
    # "2 years too early", "" when right or not answered.
    off: str
    answered: bool
    strip: Strip | None = None
    given_x: float | None = None
    right_x: float | None = None

    @property
    def drawn(self) -> bool:
        return self.strip is not None

    @property
    def given_anchor(self) -> str:
        return anchor(self.given_x)

    @property
    def right_anchor(self) -> str:
        return anchor(self.right_x)


def anchor(x: float | None) -> str:
    """Where a label stands on its mark: labels near an end grow inwards, so none is cut off."""
    if x is None:
        return "middle"
    return "start" if x < 15 else "end" if x > 85 else "middle"


def say(year: int | None, month: int | None) -> str:
    """Say a year, or a month of a year, as a date on its own ("September 1934")."""
    if year is None:
        return ""
    if month is None:
        return format_date(datetime.date(year, 1, 1), DatePrecision.YEAR)
    return format_date(datetime.date(year, month, 1), DatePrecision.MONTH)


def offset(question: Question, year: int, month: int | None) -> int | None:
    """How far a given answer lies from the right one: in months where the question asks the
    month, else in years; negative is too early. None when the question has no year."""
    if question.answer_year is None:
        return None
    if question.answer_month is not None and month is not None:
        return (year * 12 + month) - (question.answer_year * 12 + question.answer_month)
    return year - question.answer_year


def say_offset(delta: int, *, months: bool) -> str:
    """Say an offset: "2 years too early", "3 months too late"; "" for none."""
    if months:
        if delta < 0:
            return ngettext("%(n)d month too early", "%(n)d months too early", -delta) % {
                "n": -delta
            }
        if delta > 0:
            return ngettext("%(n)d month too late", "%(n)d months too late", delta) % {"n": delta}
        return ""
    if delta < 0:
        return ngettext("%(n)d year too early", "%(n)d years too early", -delta) % {"n": -delta}
    if delta > 0:
        return ngettext("%(n)d year too late", "%(n)d years too late", delta) % {"n": delta}
    return ""


def off_by(question: Question, year: int, month: int | None) -> str:
    """Say how far a wrong answer was from the right one, in the unit the question asks."""
    delta = offset(question, year, month)
    if delta is None:
        return ""
    return say_offset(delta, months=question.answer_month is not None and month is not None)


def _span(question: Question, given: int | None) -> tuple[int, int] | None:
    if question.answer_year is None:
        return None
    if question.kind == Question.Kind.TIMELINE and question.year_from and question.year_to:
        return question.year_from, question.year_to
    years = [y for y in (question.answer_year, given) if y is not None]
    first, last = min(years) - MARGIN, max(years) + MARGIN
    return (first, last) if last - first <= WIDEST else None


def _x(span: tuple[int, int], year: int, month: int | None) -> float:
    # A year fills the width from its 1 January to its 31 December; a month its twelfth.
    at = year + ((month - 0.5) / 12 if month else 0.5)
    return _at(span, at)


def _at(span: tuple[int, int], at: float) -> float:
    first, last = span
    return round((at - first) / (last + 1 - first) * WIDTH, 1)


def _number(x: float) -> str:
    # As SVG wants it: a dot, no trailing ".0".
    return f"{x:.1f}".removesuffix(".0")


@lru_cache(maxsize=512)
def strip(first: int, last: int) -> Strip:
    """A tick at the start of every year of the strip, labelled every year or every fifth."""
    span = (first, last)
    step = 1 if last - first <= 8 else 5
    ticks = tuple(
        Tick(x=_at(span, year), label=str(year) if year % step == 0 else "")
        for year in range(first, last + 1)
    )
    return Strip(
        ticks=ticks,
        minor_path="".join(f"M{_number(t.x)} 0v4" for t in ticks if not t.label),
        major_path="".join(f"M{_number(t.x)} 0v8" for t in ticks if t.label),
    )


def placed(question: Question, answer) -> Placed:
    """Put the given and the right answer of a timeline or typed-year question side by side."""
    year = answer.given_year if answer else None
    month = answer.given_month if answer else None
    right_month = question.answer_month
    span = _span(question, year)
    drawn = strip(*span) if span else None
    return Placed(
        given=say(year, month),
        right=say(question.answer_year, right_month),
        correct=bool(answer and answer.is_correct),
        off=off_by(question, year, month) if year is not None else "",
        answered=year is not None,
        strip=drawn,
        given_x=_x(span, year, month) if span and year is not None else None,
        right_x=_x(span, question.answer_year, right_month) if span else None,
    )
