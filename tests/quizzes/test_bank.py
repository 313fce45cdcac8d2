"""The question bank built from the shipped facts."""

from collections import Counter

import pytest
from django.db.models import Max, Min

from history.models import Country, Event, Participation, Role
from quizzes import mapping
from quizzes.generators import generate_questions, missing_forms, named_in
from quizzes.models import Question
from quizzes.phrases import phrasebook, say_date
from quizzes.selectors import event_facts
from quizzes.services import question_bank_sync
from tests.quizzes.fairness import assert_fair

pytestmark = pytest.mark.usefixtures("question_bank")


def test_every_question_of_the_real_bank_is_fair():
    facts = event_facts()
    questions = generate_questions(
        facts, say_date=say_date, phrases=phrasebook(), maps=mapping.frames()
    )

    by_slug = {e.slug: e for e in facts}
    for question in questions:
        assert_fair(question, by_slug)
    assert Question.objects.in_use().count() == len(questions)


def test_the_bank_asks_of_every_event_everything_it_can():
    keys = set(Question.objects.values_list("key", flat=True))

    facts = {e.slug: e for e in event_facts()}
    for event in Event.objects.all():
        assert f"date:{event.slug}" in keys
        # A place is asked unless every way of naming the event names the place too.
        if event.place_id and not all(
            named_in(n, facts[event.slug].place) for n in facts[event.slug].namings()
        ):
            assert f"place:{event.slug}" in keys
    for event in Event.objects.of_kind(Event.Kind.MINISTERS_CONFERENCE):
        assert f"host:{event.slug}" in keys
    for role in Role.objects.filter(kind=Role.Kind.SIGNATORY).select_related("event", "person"):
        assert f"signatory:{role.event.slug}:{role.on_behalf_of.code}" in keys
        assert f"signed_for:{role.event.slug}:{role.person.slug}" in keys
    kinds = Counter(Question.objects.values_list("kind", flat=True))
    assert kinds["chronology"] >= 30
    assert kinds["participant"] >= 20


def test_stored_questions_read_differently_in_each_language_and_cite_their_sources():
    questions = Question.objects.prefetch_related("choices", "sources", "events")
    for question in questions:
        assert question.prompt_en != question.prompt_lv or question.kind == "chronology"
        for language in ("en", "lv"):
            texts = [getattr(c, f"text_{language}") for c in question.choices.all()]
            assert len(set(texts)) == len(texts), question.key
        assert question.sources.all(), question.key
        assert question.events.all(), question.key


def test_the_correct_answer_is_spread_over_every_position():
    positions = Counter(
        Question.objects.exclude(kind="chronology")
        .filter(choices__is_correct=True)
        .values_list("choices__position", flat=True)
    )

    assert set(positions) >= {0, 1, 2}
    assert max(positions.values()) < 0.4 * sum(positions.values())


def test_every_latvian_and_english_slot_of_the_real_bank_has_its_form():
    assert missing_forms(event_facts(), say_date=say_date, phrases=phrasebook()) == []


def test_no_question_asks_who_took_part_in_what_the_articles_list_only_in_part():
    incomplete = Event.objects.filter(participants_complete=False)

    assert incomplete.exists()
    for event in incomplete:
        assert not Question.objects.in_use().filter(
            key__in=[f"participant:{event.slug}", f"non_participant:{event.slug}"]
        )


def test_no_state_is_offered_for_a_time_it_did_not_exist_or_the_sources_leave_open():
    soviet_union, soviet_russia = Country.objects.get(code="su"), Country.objects.get(code="sr")
    for question in Question.objects.in_use().prefetch_related("choices", "events"):
        texts = {c.text_en for c in question.choices.all()}
        for event in question.events.all():
            if event.start_date < soviet_union.existed_from:
                assert soviet_union.name_en not in texts, question.key
            if event.start_date > soviet_russia.existed_until:
                assert soviet_russia.name_en not in texts, question.key
            open_states = Participation.objects.filter(event=event, role="open")
            for participation in open_states.select_related("country"):
                assert participation.country.name_en not in texts, question.key


def test_syncing_again_changes_nothing_and_keeps_every_key():
    before = dict(Question.objects.values_list("key", "pk"))

    report = question_bank_sync()

    assert report.unchanged == len(before) and not (report.created or report.updated)
    assert dict(Question.objects.values_list("key", "pk")) == before


def test_every_event_whose_place_is_asked_is_asked_on_the_map_too():
    in_use = Question.objects.in_use()
    on_map = in_use.filter(kind="map").prefetch_related("choices__place", "events__place")
    # Every event with a place, unless each way of naming it names the place too.
    askable = {
        e.slug
        for e in event_facts()
        if e.place and not all(named_in(n, e.place) for n in e.namings())
    }

    # No shipped place lacks three others far enough apart on one of the maps.
    assert {q.events.get().slug for q in on_map} == askable
    assert set(in_use.filter(kind="place").values_list("events__slug", flat=True)) == askable
    for question in on_map:
        event = question.events.get()
        choices = list(question.choices.all())
        assert all(c.place is not None for c in choices), question.key
        assert [c.place for c in choices if c.is_correct] == [event.place], question.key
        assert len({c.place_id for c in choices}) == len(choices) == 4, question.key


def _year_facts():
    """Each event with its year (if its date lies in one year) and the languages whose cited
    quotes state that year, read from the facts rather than the generators."""
    from quizzes.generators import span_end

    found = []
    for event in Event.objects.prefetch_related("citations__paragraph__article"):
        last = span_end(event.start_date, event.end_date, event.precision)
        if last.year != event.start_date.year:
            continue
        year = str(event.start_date.year)
        stating = {c.paragraph.article.language for c in event.citations.all() if year in c.quote}
        found.append((event, last, year, stating))
    return found


def _free_of(texts, words) -> bool:
    return not any(w.casefold() in t.casefold() for t in texts for w in words)


def test_the_bank_types_the_year_of_every_event_both_articles_date_alike():
    expected = {
        f"year:{event.slug}"
        for event, _last, year, stating in _year_facts()
        if stating >= {"en", "lv"}
        and (
            _free_of([event.name_en or event.title_en, event.name_lv or event.title_lv], [year])
            or (
                event.description_en
                and _free_of([event.description_en, event.description_lv], [year])
            )
        )
    }
    asked = set(Question.objects.in_use().filter(kind="year").values_list("key", flat=True))

    assert expected, "the facts date some events alike in both articles"
    assert asked >= expected
    assert len(asked) >= len(expected)


def test_every_typed_year_is_stated_in_both_articles_and_in_no_prompt():
    questions = Question.objects.in_use().filter(kind__in=["year", "timeline"])
    questions = questions.prefetch_related("events__citations__paragraph__article")

    assert questions.exists()
    for question in questions:
        year = str(question.answer_year)
        assert year not in question.prompt_en and year not in question.prompt_lv, question.key
        (event,) = question.events.all()
        stating = {c.paragraph.article.language for c in event.citations.all() if year in c.quote}
        if question.kind == "year":
            assert stating >= {"en", "lv"}, question.key
        else:
            assert stating, question.key


def test_the_bank_places_on_the_timeline_every_event_dated_within_one_year_or_month():
    months_en = [
        "",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    lower = 0
    for event, last, year, stating in _year_facts():
        by_month = event.precision != "year"
        if not stating or (by_month and last.month != event.start_date.month):
            continue
        words = [year, months_en[event.start_date.month][:5]] if by_month else [year]
        name = [event.name_en or event.title_en, event.name_lv or event.title_lv]
        # Only an event whose plain name says neither its year nor its month is counted sure.
        if _free_of(name, words) and not any(ch.isdigit() for ch in "".join(name)):
            lower += 1
    timeline = Question.objects.in_use().filter(kind="timeline")
    spans = Event.objects.aggregate(first=Min("start_date"), last=Max("start_date"))

    assert lower > 0
    assert timeline.count() >= lower
    assert set(timeline.values_list("year_from", flat=True)) == {spans["first"].year}
    assert all(q.year_from <= q.answer_year <= q.year_to for q in timeline)
    asked_to_the_month = timeline.filter(answer_month__isnull=False).count()
    assert 0 < asked_to_the_month < timeline.count()
