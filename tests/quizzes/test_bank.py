"""The question bank built from the shipped facts."""

from collections import Counter

import pytest

from history.models import Event, Role
from quizzes.generators import generate_questions
from quizzes.models import Question
from quizzes.phrases import phrasebook, say_date
from quizzes.selectors import event_facts
from tests.quizzes.fairness import assert_fair

pytestmark = pytest.mark.usefixtures("question_bank")


def test_every_question_of_the_real_bank_is_fair():
    facts = event_facts()
    questions = generate_questions(facts, say_date=say_date, phrases=phrasebook())

    by_slug = {e.slug: e for e in facts}
    for question in questions:
        assert_fair(question, by_slug)
    assert Question.objects.in_use().count() == len(questions)


def test_the_bank_asks_of_every_event_everything_it_can():
    keys = set(Question.objects.values_list("key", flat=True))

    for event in Event.objects.all():
        assert f"date:{event.slug}" in keys
        if event.place_id:
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
