import datetime

import pytest

from history.models import Country
from quizzes.models import Question, QuizSet
from quizzes.selectors import quiz_set_pool, quiz_set_preview, quiz_set_questions

pytestmark = pytest.mark.usefixtures("question_bank")


def test_a_rule_draws_only_questions_whose_events_all_fall_in_the_period():
    pool = quiz_set_pool(
        mode="rule",
        period_start=datetime.date(1939, 1, 1),
        period_end=datetime.date(1940, 12, 31),
    )

    for question in pool.prefetch_related("events"):
        for event in question.events.all():
            assert datetime.date(1939, 1, 1) <= event.start_date <= datetime.date(1940, 12, 31)
    assert pool.filter(key="date:soviet-occupation").exists()
    assert not pool.filter(key="date:baltic-entente-treaty").exists()


def test_a_rule_filters_by_question_kind_event_kind_and_country():
    hosts = quiz_set_pool(mode="rule", question_kinds=["host"])
    conferences = quiz_set_pool(mode="rule", event_kinds=["ministers_conference"])
    germany = quiz_set_pool(mode="rule", countries=[Country.objects.get(code="de")])

    assert hosts.count() == 11
    assert conferences.filter(kind="host").count() == 11
    assert not conferences.filter(key="date:baltic-entente-treaty").exists()
    assert germany.filter(key="date:klaipeda-ultimatum").exists()
    assert not germany.filter(key="date:bulduri-conference").exists()


def test_retired_and_switched_off_questions_are_never_drawn():
    Question.objects.filter(key="host:foreign-ministers-conference-1").update(is_active=False)

    assert quiz_set_pool(mode="rule", question_kinds=["host"]).count() == 10


def test_a_picked_set_keeps_its_order():
    quiz_set = QuizSet.objects.get(slug="the-1934-treaty")

    keys = list(quiz_set_questions(quiz_set).values_list("key", flat=True))

    assert keys[:2] == ["date:baltic-entente-treaty", "place:baltic-entente-treaty"]
    assert len(keys) == 10


def test_preview_draws_the_set_size_the_same_way_for_the_same_seed(
    django_assert_max_num_queries,
):
    quiz_set = QuizSet.objects.get(slug="everything")

    with django_assert_max_num_queries(3):
        first = quiz_set_preview(quiz_set, seed=1)
    again = quiz_set_preview(quiz_set, seed=1)
    other = quiz_set_preview(quiz_set, seed=2)

    assert len(first) == 20
    assert [q.key for q in first] == [q.key for q in again]
    assert [q.key for q in first] != [q.key for q in other]
