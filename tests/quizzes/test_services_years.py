"""Timeline and typed-year answers: judged exactly at the stored precision, never half right."""

import pytest

from quizzes import selectors, services
from quizzes.models import Answer, PracticeCard, QuizSet
from tests.quizzes.factories import LearnerFactory, year_quiz_set

pytestmark = pytest.mark.django_db


def start(*kinds, **fields):
    attempt = services.attempt_start(
        learner=LearnerFactory(), quiz_set=year_quiz_set(*kinds, **fields), seed=1
    )
    return attempt, selectors.attempt_item(attempt=attempt, position=1)


def test_a_typed_year_is_right_only_when_it_is_the_year():
    attempt, item = start("year", "year")
    second = selectors.attempt_item(attempt=attempt, position=2)

    right = services.answer_submit(attempt=attempt, item=item, year=item.question.answer_year)
    wrong = services.answer_submit(
        attempt=attempt, item=second, year=second.question.answer_year - 1
    )

    assert right.answer.is_correct and not wrong.answer.is_correct
    stored = Answer.objects.get(pk=wrong.answer.pk)
    assert (stored.given_year, stored.given_month) == (second.question.answer_year - 1, None)
    services.attempt_finish(attempt=attempt)
    assert attempt.score == 1


def test_a_timeline_answer_to_the_month_needs_the_right_month_too():
    attempt, item = start("timeline", "timeline", "timeline")
    question = item.question
    items = [selectors.attempt_item(attempt=attempt, position=n) for n in (1, 2, 3)]

    exact = services.answer_submit(
        attempt=attempt, item=items[0], year=question.answer_year, month=question.answer_month
    )
    wrong_month = services.answer_submit(
        attempt=attempt,
        item=items[1],
        year=items[1].question.answer_year,
        month=items[1].question.answer_month % 12 + 1,
    )
    wrong_year = services.answer_submit(
        attempt=attempt,
        item=items[2],
        year=items[2].question.answer_year + 1,
        month=items[2].question.answer_month,
    )

    assert [
        exact.answer.is_correct,
        wrong_month.answer.is_correct,
        wrong_year.answer.is_correct,
    ] == [
        True,
        False,
        False,
    ]
    assert Answer.objects.get(pk=exact.answer.pk).given_month == question.answer_month


@pytest.mark.parametrize(
    "kind, given, message",
    [
        ("year", {}, "Give a year."),
        ("year", {"month": 5}, "Give a year."),
        ("timeline", {"year": 1917, "month": 9}, "Choose a year from 1918 to 1940."),
        ("timeline", {"year": 1941, "month": 9}, "Choose a year from 1918 to 1940."),
        ("timeline", {"year": 1934}, "Choose a month too."),
        ("timeline-year", {"year": 1934, "month": 9}, "This question asks for the year only."),
        ("timeline", {"year": 1934, "month": 13}, "Choose a month from the list."),
        ("year", {"year": 1934, "month": 9}, "This question asks for the year only."),
    ],
)
def test_an_answer_off_the_strip_or_without_its_parts_is_refused_and_nothing_stored(
    kind, given, message
):
    attempt, item = start(kind)

    with pytest.raises(services.InvalidAnswer) as refused:
        services.answer_submit(attempt=attempt, item=item, **given)

    assert refused.value.message == message
    assert not Answer.objects.filter(attempt=attempt).exists()
    attempt.refresh_from_db()
    assert attempt.answered_count == 0


def test_a_year_answer_moves_the_practice_box_like_any_answer():
    attempt, item = start("timeline-year")

    services.answer_submit(attempt=attempt, item=item, year=item.question.answer_year + 2)

    card = PracticeCard.objects.get(learner=attempt.learner, question=item.question)
    assert (card.box, card.wrong, card.right) == (1, 1, 0)


def test_with_feedback_at_the_end_a_year_can_be_changed_until_hand_in():
    attempt, item = start("timeline", feedback_mode=QuizSet.Feedback.END)
    question = item.question

    services.answer_record(attempt=attempt, item=item, year=1930, month=1)
    changed = services.answer_record(
        attempt=attempt, item=item, year=question.answer_year, month=question.answer_month
    )

    stored = Answer.objects.get(attempt=attempt)
    assert changed.answer.is_correct and stored.is_correct
    assert (stored.given_year, stored.given_month) == (question.answer_year, question.answer_month)
    attempt.refresh_from_db()
    assert (attempt.answered_count, attempt.correct_count) == (1, 1)
    services.attempt_finish(attempt=attempt)
    card = PracticeCard.objects.get(learner=attempt.learner, question=question)
    assert card.right == 1 and card.wrong == 0
