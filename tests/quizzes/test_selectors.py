import datetime

import pytest
import yaml
from django.utils import timezone

from history.models import Country
from quizzes.models import Question, QuizSet
from quizzes.selectors import quiz_set_pool, quiz_set_preview, quiz_set_questions
from tests.conftest import ROOT

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

    in_use = Question.objects.in_use()
    assert set(hosts) == set(in_use.filter(kind="host")) != set()
    assert set(conferences.filter(kind="host")) == set(hosts)
    assert not conferences.filter(key="date:baltic-entente-treaty").exists()
    assert germany.filter(key="date:klaipeda-ultimatum").exists()
    assert not germany.filter(key="date:bulduri-conference").exists()


def test_retired_and_switched_off_questions_are_never_drawn():
    hosts = quiz_set_pool(mode="rule", question_kinds=["host"]).count()
    Question.objects.filter(key="host:foreign-ministers-conference-1").update(is_active=False)
    Question.objects.filter(key="host:foreign-ministers-conference-2").update(
        retired_at=timezone.now()
    )

    assert quiz_set_pool(mode="rule", question_kinds=["host"]).count() == hosts - 2


def test_a_picked_set_keeps_its_order():
    quiz_set = QuizSet.objects.get(slug="the-1934-treaty")

    keys = list(quiz_set_questions(quiz_set).values_list("key", flat=True))

    shipped = [
        item["fields"]["question"][0]
        for item in yaml.safe_load((ROOT / "fixtures" / "quizzes.yaml").read_text())
        if item["model"] == "quizzes.quizsetquestion"
        and item["fields"]["quiz_set"] == ["the-1934-treaty"]
    ]
    assert keys == shipped


def test_preview_draws_the_set_size_the_same_way_for_the_same_seed(
    django_assert_max_num_queries,
):
    quiz_set = QuizSet.objects.get(slug="everything")

    with django_assert_max_num_queries(3):
        first = quiz_set_preview(quiz_set, seed=1)
    again = quiz_set_preview(quiz_set, seed=1)
    other = quiz_set_preview(quiz_set, seed=2)

    assert len(first) == quiz_set.question_count
    assert [q.key for q in first] == [q.key for q in again]
    assert [q.key for q in first] != [q.key for q in other]
