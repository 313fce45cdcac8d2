"""The answer store as production runs it: each request in autocommit, never inside a test's
transaction, so the single-statement path on PostgreSQL and the short transaction elsewhere are
the ones tested. Every refused answer must leave no trace: no answer, no count, no card."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation

from quizzes import selectors, services
from quizzes.models import Answer, Attempt, PracticeCard
from tests.quizzes.factories import LearnerFactory, picked_quiz_set

pytestmark = pytest.mark.django_db(transaction=True)


def right_index(item) -> int:
    return next(i for i, c in enumerate(selectors.shown_choices(item)) if c.is_correct)


def wrong_index(item) -> int:
    return next(i for i, c in enumerate(selectors.shown_choices(item)) if not c.is_correct)


def started(**quiz_set_fields) -> Attempt:
    quiz_set = picked_quiz_set(**quiz_set_fields)
    attempt = services.attempt_start(learner=LearnerFactory(), quiz_set=quiz_set)
    assert not connection.in_atomic_block  # what the store runs in is what a request has
    return attempt


def item_at(attempt: Attempt, position: int = 1):
    return selectors.attempt_item(attempt=attempt, position=position)


def trace(attempt: Attempt) -> tuple:
    """Everything an answer writes: answers, the attempt's counters, the learner's cards."""
    stored = Attempt.objects.get(pk=attempt.pk)
    cards = sorted(
        PracticeCard.objects.filter(learner_id=attempt.learner_id).values_list(
            "question_id", "box", "right", "wrong", "due_at"
        )
    )
    return (
        sorted(Answer.objects.filter(attempt=attempt).values_list("question_id", "is_correct")),
        (stored.answered_count, stored.correct_count),
        cards,
    )


def test_a_first_answer_is_stored_counted_and_moves_its_card():
    attempt = started()
    item = item_at(attempt)

    result = services.answer_submit(attempt=attempt, item=item, choice_index=right_index(item))

    assert result.created and result.answer.is_correct
    stored = Answer.objects.get(attempt=attempt)
    assert (stored.pk, stored.question_id) == (result.answer.pk, item.question_id)
    _, counts, cards = trace(attempt)
    assert counts == (1, 1)
    assert [(q, box, right, wrong) for q, box, right, wrong, _ in cards] == [
        (item.question_id, 2, 1, 0)
    ]


def test_a_wrong_first_answer_counts_but_scores_nothing_and_starts_its_card_in_box_1():
    attempt = started()
    item = item_at(attempt)

    result = services.answer_submit(attempt=attempt, item=item, choice_index=wrong_index(item))

    assert result.created and not result.answer.is_correct
    _, counts, cards = trace(attempt)
    assert counts == (1, 0)
    assert [(box, right, wrong) for _, box, right, wrong, _ in cards] == [(1, 0, 1)]


def test_a_repeated_answer_returns_the_first_and_writes_nothing_more():
    attempt = started()
    item = item_at(attempt)
    first = services.answer_submit(attempt=attempt, item=item, choice_index=right_index(item))
    after_first = trace(attempt)

    # The repeat says otherwise, from a fresh read of the attempt (another tab).
    fresh = Attempt.objects.get(pk=attempt.pk)
    again = services.answer_submit(
        attempt=fresh, item=item_at(fresh), choice_index=wrong_index(item)
    )

    assert not again.created
    assert again.answer.pk == first.answer.pk and again.answer.is_correct
    assert trace(attempt) == after_first


def test_a_concurrent_pair_of_answers_stores_one_and_both_get_it_back():
    attempt = started()
    start = threading.Barrier(2)
    results, errors = [], []

    def answer(pick) -> None:
        try:
            fresh = Attempt.objects.get(pk=attempt.pk)
            item = item_at(fresh)
            index = pick(item)
            start.wait(timeout=10)
            results.append(services.answer_submit(attempt=fresh, item=item, choice_index=index))
        except Exception as error:  # any failure in a thread is reported below
            errors.append(error)
        finally:
            connection.close()

    picks = (right_index, wrong_index)
    threads = [threading.Thread(target=answer, args=(pick,)) for pick in picks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(r.created for r in results) == [False, True]
    assert results[0].answer.pk == results[1].answer.pk
    answers, counts, cards = trace(attempt)
    assert len(answers) == 1
    winner_correct = answers[0][1]
    assert counts == (1, int(winner_correct))
    assert [(right, wrong) for _, _, right, wrong, _ in cards] == [
        (int(winner_correct), int(not winner_correct))
    ]


def test_an_answer_to_an_attempt_handed_in_is_refused_and_leaves_no_trace():
    attempt = started()
    item = item_at(attempt)
    services.attempt_finish(attempt=attempt)
    before = trace(attempt)

    finished = r"^This attempt is finished; the answer was not recorded\.$"
    with translation.override("en"), pytest.raises(services.AttemptClosed, match=finished):
        services.answer_submit(attempt=attempt, item=item, choice_index=right_index(item))

    assert trace(attempt) == before == ([], (0, 0), [])


def test_an_answer_to_an_attempt_handed_in_behind_its_back_is_refused_and_leaves_no_trace():
    attempt = started()
    item = item_at(attempt)
    # Another request hands the attempt in after this one read it: only the store can tell.
    Attempt.objects.filter(pk=attempt.pk).update(
        finished_at=timezone.now(), score=0, ending=Attempt.Ending.SUBMITTED
    )

    with pytest.raises(services.AttemptClosed):
        services.answer_submit(attempt=attempt, item=item, choice_index=right_index(item))

    assert trace(attempt) == ([], (0, 0), [])


def test_a_refused_answer_leaves_an_earlier_card_where_it_was():
    attempt = started()
    first, second = item_at(attempt, 1), item_at(attempt, 2)
    services.answer_submit(attempt=attempt, item=first, choice_index=right_index(first))
    Attempt.objects.filter(pk=attempt.pk).update(
        finished_at=timezone.now(), score=1, ending=Attempt.Ending.SUBMITTED
    )
    before = trace(attempt)

    with pytest.raises(services.AttemptClosed):
        services.answer_submit(attempt=attempt, item=second, choice_index=right_index(second))

    assert trace(attempt) == before


def test_an_answer_after_the_time_is_up_is_refused_leaves_no_trace_and_closes_the_attempt():
    attempt = started(time_limit_minutes=5)
    item = item_at(attempt)
    late = attempt.deadline + timedelta(seconds=1)

    time_up = r"^Time is up for this attempt; the answer was not recorded\.$"
    with translation.override("en"), pytest.raises(services.AttemptExpired, match=time_up):
        services.answer_submit(
            attempt=attempt, item=item, choice_index=right_index(item), now=late
        )

    assert trace(attempt) == ([], (0, 0), [])
    closed = Attempt.objects.get(pk=attempt.pk)
    assert closed.ending == Attempt.Ending.EXPIRED and closed.finished_at == attempt.deadline


def test_an_answer_just_before_the_deadline_is_stored():
    attempt = started(time_limit_minutes=5)
    item = item_at(attempt)
    in_time = attempt.deadline - timedelta(seconds=1)

    result = services.answer_submit(
        attempt=attempt, item=item, choice_index=right_index(item), now=in_time
    )

    assert result.created
    assert trace(attempt)[1] == (1, 1)


def test_an_invalid_answer_is_refused_and_leaves_no_trace():
    attempt = started()
    item = item_at(attempt)

    with pytest.raises(services.InvalidAnswer):
        services.answer_submit(attempt=attempt, item=item, choice_index=99)

    assert trace(attempt) == ([], (0, 0), [])
    assert timezone.now() < attempt.started_at + timedelta(minutes=1)


def test_a_repeat_after_the_attempt_closed_gets_the_first_answer_back_and_writes_nothing():
    attempt = started(time_limit_minutes=5)
    item = item_at(attempt)
    first = services.answer_submit(attempt=attempt, item=item, choice_index=right_index(item))
    late = attempt.deadline + timedelta(seconds=1)
    after_first = trace(attempt)

    # A second tab sends it again once the time is up: the first answer is what it gets.
    fresh = Attempt.objects.get(pk=attempt.pk)
    again = services.answer_submit(
        attempt=fresh, item=item_at(fresh), choice_index=wrong_index(item), now=late
    )

    assert again.created is False
    assert again.answer.pk == first.answer.pk and again.answer.is_correct
    assert trace(attempt) == after_first
