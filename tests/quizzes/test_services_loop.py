"""Changing an answer until hand-in, Leitner cards at hand-in, and practising one's mistakes."""

import threading

import pytest
from django.db import connection

from quizzes import selectors, services
from quizzes.models import Answer, Attempt, AttemptQuestion, PracticeCard
from tests.quizzes.factories import LearnerFactory, picked_quiz_set

pytestmark = pytest.mark.django_db


def indexes(item) -> tuple[int, int]:
    """The shown positions of the right choice and of a wrong one."""
    flags = [c.is_correct for c in selectors.shown_choices(item)]
    return flags.index(True), flags.index(False)


def item_at(attempt: Attempt, position: int = 1):
    return selectors.attempt_item(attempt=attempt, position=position)


def end_attempt(**fields) -> Attempt:
    quiz_set = picked_quiz_set(feedback_mode="end", **fields)
    return services.attempt_start(learner=LearnerFactory(), quiz_set=quiz_set)


def test_with_feedback_at_the_end_a_new_answer_replaces_the_one_row():
    attempt = end_attempt()
    item = item_at(attempt)
    right, wrong = indexes(item)

    first = services.answer_record(attempt=attempt, item=item, choice_index=wrong)
    second = services.answer_record(attempt=attempt, item=item_at(attempt), choice_index=right)

    stored = Answer.objects.get(attempt=attempt)
    assert first.created and not second.created
    assert stored.pk == first.answer.pk == second.answer.pk
    assert stored.is_correct and stored.choice == selectors.shown_choices(item)[right]
    counters = Attempt.objects.values_list("answered_count", "correct_count").get(pk=attempt.pk)
    assert counters == (1, 1)


def test_changing_back_and_forth_keeps_the_count_of_right_answers_true():
    attempt = end_attempt()
    item = item_at(attempt)
    right, wrong = indexes(item)

    for index in (right, wrong, wrong, right, wrong):
        services.answer_record(attempt=attempt, item=item_at(attempt), choice_index=index)

    stored = Attempt.objects.get(pk=attempt.pk)
    right_rows = Answer.objects.filter(attempt=attempt, is_correct=True).count()
    assert (stored.answered_count, stored.correct_count) == (1, right_rows) == (1, 0)


def test_with_feedback_after_each_answer_the_first_answer_stands():
    quiz_set = picked_quiz_set(feedback_mode="each")
    attempt = services.attempt_start(learner=LearnerFactory(), quiz_set=quiz_set)
    right, wrong = indexes(item_at(attempt))

    services.answer_record(attempt=attempt, item=item_at(attempt), choice_index=wrong)
    again = services.answer_record(attempt=attempt, item=item_at(attempt), choice_index=right)

    assert not again.answer.is_correct
    assert not Answer.objects.get(attempt=attempt).is_correct
    with pytest.raises(services.AttemptNotAllowed):
        services.answer_change(attempt=attempt, item=item_at(attempt), choice_index=right)


def test_an_answer_cannot_change_after_hand_in():
    attempt = end_attempt()
    right, wrong = indexes(item_at(attempt))
    services.answer_record(attempt=attempt, item=item_at(attempt), choice_index=wrong)
    services.attempt_finish(attempt=attempt)

    with pytest.raises(services.AttemptClosed):
        services.answer_record(attempt=attempt, item=item_at(attempt), choice_index=right)

    assert not Answer.objects.get(attempt=attempt).is_correct
    assert Attempt.objects.get(pk=attempt.pk).score == 0


def test_at_the_end_the_cards_move_once_at_hand_in_with_the_final_answers():
    attempt = end_attempt(questions=3)
    first, second = item_at(attempt, 1), item_at(attempt, 2)
    services.answer_record(attempt=attempt, item=first, choice_index=indexes(first)[1])
    services.answer_record(attempt=attempt, item=item_at(attempt), choice_index=indexes(first)[0])
    services.answer_record(attempt=attempt, item=second, choice_index=indexes(second)[1])

    # Nothing moves while the answers may still change.
    assert not PracticeCard.objects.exists()
    services.attempt_finish(attempt=attempt)
    services.attempt_finish(attempt=attempt)

    cards = {c.question_id: c for c in PracticeCard.objects.filter(learner=attempt.learner)}
    assert set(cards) == {first.question_id, second.question_id}
    assert (cards[first.question_id].box, cards[first.question_id].right) == (2, 1)
    assert (cards[second.question_id].box, cards[second.question_id].wrong) == (1, 1)
    assert sum(c.right + c.wrong for c in cards.values()) == 2


def test_an_expired_end_feedback_attempt_moves_the_cards_of_its_answers():
    attempt = end_attempt(time_limit_minutes=5)
    item = item_at(attempt)
    services.answer_record(attempt=attempt, item=item, choice_index=indexes(item)[0])

    assert services.attempt_expire_if_due(attempt=attempt, now=attempt.deadline)

    assert PracticeCard.objects.get(learner=attempt.learner).right == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_changes_leave_one_row_and_counters_that_match_it():
    attempt = end_attempt()
    item = item_at(attempt)
    right, wrong = indexes(item)
    services.answer_record(attempt=attempt, item=item, choice_index=wrong)
    start = threading.Barrier(4)
    errors = []

    def change(index: int) -> None:
        try:
            start.wait(timeout=10)
            fresh = Attempt.objects.get(pk=attempt.pk)
            services.answer_record(attempt=fresh, item=item_at(fresh), choice_index=index)
        except Exception as error:  # any failure in a thread is reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=change, args=(i,)) for i in (right, wrong, right, wrong)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    stored = Answer.objects.get(attempt=attempt)
    counters = Attempt.objects.values_list("answered_count", "correct_count").get(pk=attempt.pk)
    assert counters == (1, int(stored.is_correct))


def _finished_with_mistakes(**fields):
    quiz_set = picked_quiz_set(questions=4, **fields)
    learner = LearnerFactory()
    attempt = services.attempt_start(learner=learner, quiz_set=quiz_set)
    one, two, three = (item_at(attempt, n) for n in (1, 2, 3))
    services.answer_submit(attempt=attempt, item=one, choice_index=indexes(one)[0])
    services.answer_submit(attempt=attempt, item=two, choice_index=indexes(two)[1])
    services.answer_submit(attempt=attempt, item=three, choice_index=indexes(three)[0])
    services.attempt_finish(attempt=attempt)
    return learner, attempt


def test_practising_mistakes_draws_the_wrong_and_unanswered_questions():
    learner, attempt = _finished_with_mistakes()
    wrong = set(
        AttemptQuestion.objects.filter(attempt=attempt, position__in=[2, 4]).values_list(
            "question_id", flat=True
        )
    )

    practice = services.practice_start_from_mistakes(learner=learner, attempt=attempt)
    again = services.practice_start_from_mistakes(learner=learner, attempt=attempt)

    assert practice.kind == Attempt.Kind.PRACTICE and practice.feedback_mode == "each"
    assert set(practice.items.values_list("question_id", flat=True)) == wrong
    assert practice.question_total == len(wrong)
    assert again.pk == practice.pk


def test_mistakes_are_practised_only_from_ones_own_finished_attempt():
    learner, attempt = _finished_with_mistakes()
    with pytest.raises(services.AttemptNotAllowed):
        services.practice_start_from_mistakes(learner=LearnerFactory(), attempt=attempt)
    open_attempt = services.attempt_start(
        learner=learner, quiz_set=picked_quiz_set(title_en="Another")
    )
    with pytest.raises(services.AttemptNotAllowed):
        services.practice_start_from_mistakes(learner=learner, attempt=open_attempt)


def test_an_attempt_without_mistakes_has_nothing_to_practise():
    quiz_set = picked_quiz_set(questions=1)
    learner = LearnerFactory()
    attempt = services.attempt_start(learner=learner, quiz_set=quiz_set)
    item = item_at(attempt)
    services.answer_submit(attempt=attempt, item=item, choice_index=indexes(item)[0])
    services.attempt_finish(attempt=attempt)

    with pytest.raises(services.AttemptNotAllowed, match="no mistakes"):
        services.practice_start_from_mistakes(learner=learner, attempt=attempt)
