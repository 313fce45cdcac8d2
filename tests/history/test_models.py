import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from history.dates import DatePrecision
from history.models import Event
from tests.history.factories import (
    CitationFactory,
    CountryFactory,
    EventFactory,
    ParagraphFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db


def test_a_month_precision_event_must_be_stored_on_the_first_of_the_month():
    event = EventFactory.build(start_date=datetime.date(1940, 6, 14), precision="month")

    with pytest.raises(ValidationError):
        event.full_clean(exclude=["place", "slug"])


def test_an_event_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        EventFactory(start_date=datetime.date(1940, 3, 16), end_date=datetime.date(1940, 3, 14))


def test_only_day_precision_events_can_span_days():
    with pytest.raises(IntegrityError):
        EventFactory(
            start_date=datetime.date(1940, 6, 1),
            end_date=datetime.date(1940, 7, 1),
            precision=DatePrecision.MONTH,
        )


def test_a_citation_quote_must_be_copied_from_its_paragraph():
    paragraph = ParagraphFactory(text="1923. gada 1. novembrī Tallinā tika noslēgts līgums.")
    good = CitationFactory(paragraph=paragraph, quote="Tallinā tika noslēgts … 1923. gada")
    bad = CitationFactory.build(paragraph=paragraph, event=good.event, quote="Rīgā parakstīja")

    assert good.is_verbatim()
    with pytest.raises(ValidationError):
        bad.clean()


def test_event_texts_follow_the_active_language():
    event = EventFactory(title_en="Bulduri Conference", title_lv="Bulduru konference")

    with translation.override("lv"):
        assert event.title == "Bulduru konference"
    with translation.override("en"):
        assert event.title == "Bulduri Conference"


def test_event_queryset_narrows_by_period_kind_and_country():
    latvia = CountryFactory(code="lv")
    early = EventFactory(start_date=datetime.date(1920, 8, 6), kind=Event.Kind.CONFERENCE)
    late = EventFactory(start_date=datetime.date(1934, 9, 12), kind=Event.Kind.TREATY)
    ParticipationFactory(event=late, country=latvia)
    ParticipationFactory(event=late)

    assert list(Event.objects.in_period(end=datetime.date(1930, 1, 1))) == [early]
    assert list(Event.objects.in_period(start=datetime.date(1930, 1, 1))) == [late]
    assert list(Event.objects.of_kind(Event.Kind.CONFERENCE)) == [early]
    assert list(Event.objects.involving(latvia)) == [late]


def test_machine_date_is_no_finer_than_the_precision():
    event = EventFactory.build(start_date=datetime.date(1940, 6, 1), precision="month")

    assert event.machine_date == "1940-06"
