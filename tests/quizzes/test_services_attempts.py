"""Attempts, answers, practice boxes and merging: the record must be trustworthy."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation

from quizzes import selectors, services
from quizzes.models import Answer, Attempt, Learner, PracticeCard, QuizSet, QuizSetQuestion
from tests.quizzes.factories import (
    LearnerFactory,
    QuestionFactory,
    UserFactory,
    picked_quiz_set,
)

pytestmark = pytest.mark.django_db


def correct_index(item) -> int:
    return next(i for i, c in enumerate(selectors.shown_choices(item)) if c.is_correct)


def item_at(attempt: Attempt, position: int = 1):
    return selectors.attempt_item(attempt=attempt, position=position)


def test_an_attempt_draws_the_set_and_snapshots_the_choice_order():
    quiz_set = picked_quiz_set(questions=4, question_count=3)
    learner = LearnerFactory()

    attempt = services.attempt_start(learner=learner, quiz_set=quiz_set, seed=1)

    items = list(attempt.items.order_by("position"))
    assert attempt.question_total == len(items) == 3
    for item in items:
        ids = sorted(item.question.choices.values_list("pk", flat=True))
        assert sorted(item.choice_order) == ids


def test_editing_a_quiz_set_leaves_an_attempt_in_progress_alone():
    quiz_set = picked_quiz_set(questions=3)
    attempt = services.attempt_start(learner=LearnerFactory(), quiz_set=quiz_set)
    drawn = list(attempt.items.values_list("question_id", "choice_order"))

    QuizSetQuestion.objects.filter(quiz_set=quiz_set).delete()
    QuizSet.objects.filter(pk=quiz_set.pk).update(question_count=1)

    assert list(attempt.items.values_list("question_id", "choice_order")) == drawn
    assert item_at(attempt, 3) is not None


def test_starting_again_resumes_the_open_attempt():
    quiz_set = picked_quiz_set()
    learner = LearnerFactory()

    first = services.attempt_start(learner=learner, quiz_set=quiz_set)
    second = services.attempt_start(learner=learner, quiz_set=quiz_set)

    assert first == second
    assert Attempt.objects.count() == 1


def test_the_attempt_limit_is_enforced():
    quiz_set = picked_quiz_set(attempts_allowed=1)
    learner = LearnerFactory()
    attempt = services.attempt_start(learner=learner, quiz_set=quiz_set)
    services.attempt_finish(attempt=attempt)

    with pytest.raises(services.AttemptsUsedUp):
        services.attempt_start(learner=learner, quiz_set=quiz_set)
    assert Attempt.objects.count() == 1
    # Another learner has attempts of their own.
    services.attempt_start(learner=LearnerFactory(), quiz_set=quiz_set)


@pytest.mark.parametrize(
    "fields",
    [
        {"is_published": False},
        {"available_from": timezone.now() + timedelta(days=1)},
        {"available_until": timezone.now() - timedelta(minutes=1)},
    ],
)
def test_a_quiz_that_is_not_open_cannot_be_started(fields):
    quiz_set = picked_quiz_set(**fields)

    with pytest.raises(services.QuizNotOpen):
        services.attempt_start(learner=LearnerFactory(), quiz_set=quiz_set)
    assert not Attempt.objects.exists()


def test_an_empty_quiz_cannot_be_started():
    quiz_set = picked_quiz_set(questions=0)

    with pytest.raises(services.NoQuestions):
        services.attempt_start(learner=LearnerFactory(), quiz_set=quiz_set)


def test_answers_are_scored_on_the_server():
    attempt = services.attempt_start(learner=LearnerFactory(), quiz_set=picked_quiz_set())
    first, second = item_at(attempt, 1), item_at(attempt, 2)

    right = services.answer_submit(attempt=attempt, item=first, choice_index=correct_index(first))
    wrong_index = (correct_index(second) + 1) % 3
    wrong = services.answer_submit(attempt=attempt, item=second, choice_index=wrong_index)
    services.attempt_finish(attempt=attempt)

    assert right.answer.is_correct and right.created
    assert not wrong.answer.is_correct
    attempt.refresh_from_db()
    assert (attempt.score, attempt.question_total, attempt.percent) == (1, 3, 33)
    assert attempt.ending == Attempt.Ending.SUBMITTED
    assert attempt.passed is False


def test_a_second_answer_to_the_same_question_returns_the_first():
    attempt = services.attempt_start(learner=LearnerFactory(), quiz_set=picked_quiz_set())
    item = item_at(attempt)
    wrong_index = (correct_index(item) + 1) % 3
    first = services.answer_submit(attempt=attempt, item=item, choice_index=wrong_index)

    again = services.answer_submit(
        attempt=attempt, item=item_at(attempt), choice_index=correct_index(item)
    )

    assert not again.created
    assert again.answer == first.answer
    assert not again.answer.is_correct
    assert Answer.objects.count() == 1


@pytest.mark.parametrize("index", [None, -1, 3, 99])
def test_a_choice_that_is_not_offered_is_refused_and_nothing_is_stored(index):
    attempt = services.attempt_start(learner=LearnerFactory(), quiz_set=picked_quiz_set())

    # The learner is told what to do, in words.
    offered = r"^Choose one of the answers offered\.$"
    with translation.override("en"), pytest.raises(services.InvalidAnswer, match=offered):
        services.answer_submit(attempt=attempt, item=item_at(attempt), choice_index=index)
    assert not Answer.objects.exists()
    assert not PracticeCard.objects.exists()


def test_a_chronology_is_right_only_in_the_order_of_time():
    quiz_set = picked_quiz_set(questions=0, chronology=2)
    attempt = services.attempt_start(learner=LearnerFactory(), quiz_set=quiz_set)
    first, second = item_at(attempt, 1), item_at(attempt, 2)
    ranks = [c.rank for c in selectors.shown_choices(first)]
    in_time = sorted(range(3), key=lambda i: ranks[i])

    right = services.answer_submit(attempt=attempt, item=first, order=in_time)
    ranks = [c.rank for c in selectors.shown_choices(second)]
    backwards = sorted(range(3), key=lambda i: -ranks[i])
    wrong = services.answer_submit(attempt=attempt, item=second, order=backwards)

    assert right.answer.is_correct
    assert not wrong.answer.is_correct
    assert [
        c.rank for c in selectors.given_order(right.answer, selectors.shown_choices(first))
    ] == [
        1,
        2,
        3,
    ]


def test_a_chronology_is_never_shown_already_in_order():
    quiz_set = picked_quiz_set(questions=0, chronology=1)
    shown = set()

    for seed in range(40):
        attempt = services.attempt_start(learner=LearnerFactory(), quiz_set=quiz_set, seed=seed)
        shown.add(tuple(c.rank for c in selectors.shown_choices(item_at(attempt))))

    assert (1, 2, 3) not in shown
    assert len(shown) == 5  # every other order turns up


@pytest.mark.parametrize("order", [None, [0, 1], [0, 0, 1], [0, 1, 3]])
def test_an_order_that_is_not_a_full_ranking_is_refused(order):
    quiz_set = picked_quiz_set(questions=0, chronology=1)
    attempt = services.attempt_start(learner=LearnerFactory(), quiz_set=quiz_set)

    refusal = r"^Give every event a different place in the order\.$"
    with translation.override("en"), pytest.raises(services.InvalidAnswer, match=refusal):
        services.answer_submit(attempt=attempt, item=item_at(attempt), order=order)
    assert not Answer.objects.exists()


def test_a_finished_attempt_takes_no_more_answers():
    attempt = services.attempt_start(learner=LearnerFactory(), quiz_set=picked_quiz_set())
    services.attempt_finish(attempt=attempt)

    with pytest.raises(services.AttemptClosed):
        services.answer_submit(attempt=attempt, item=item_at(attempt), choice_index=0)
    assert not Answer.objects.exists()


def test_finishing_twice_changes_nothing():
    attempt = services.attempt_start(learner=LearnerFactory(), quiz_set=picked_quiz_set())
    item = item_at(attempt)
    services.answer_submit(attempt=attempt, item=item, choice_index=correct_index(item))
    services.attempt_finish(attempt=attempt)
    finished_at = attempt.finished_at

    services.attempt_finish(attempt=Attempt.objects.get(pk=attempt.pk))

    attempt.refresh_from_db()
    assert (attempt.score, attempt.finished_at) == (1, finished_at)


def test_time_runs_out_on_the_server():
    quiz_set = picked_quiz_set(time_limit_minutes=5)
    started = timezone.now() - timedelta(minutes=10)
    attempt = services.attempt_start(learner=LearnerFactory(), quiz_set=quiz_set, now=started)
    item = item_at(attempt)
    answered_in_time = started + timedelta(minutes=1)
    services.answer_submit(
        attempt=attempt, item=item, choice_index=correct_index(item), now=answered_in_time
    )

    with pytest.raises(services.AttemptExpired):
        services.answer_submit(attempt=attempt, item=item_at(attempt, 2), choice_index=0)

    attempt.refresh_from_db()
    assert attempt.ending == Attempt.Ending.EXPIRED
    assert attempt.finished_at == attempt.deadline
    assert attempt.score == 1
    assert Answer.objects.count() == 1


def test_an_expired_attempt_is_not_resumed():
    quiz_set = picked_quiz_set(time_limit_minutes=5)
    learner = LearnerFactory()
    old = services.attempt_start(
        learner=learner, quiz_set=quiz_set, now=timezone.now() - timedelta(hours=1)
    )

    new = services.attempt_start(learner=learner, quiz_set=quiz_set)

    assert new != old
    old.refresh_from_db()
    assert old.ending == Attempt.Ending.EXPIRED


def test_right_answers_climb_the_leitner_boxes_and_a_wrong_one_starts_over():
    learner = LearnerFactory()
    question = QuestionFactory()
    now = timezone.now()

    boxes = []
    for day, correct in enumerate([True, True, True, True, True, False]):
        services.practice_card_record(
            learner_id=learner.pk,
            question_id=question.pk,
            correct=correct,
            now=now + timedelta(days=day),
        )
        card = PracticeCard.objects.get(learner=learner, question=question)
        boxes.append((card.box, card.due_at - card.last_seen_at))

    assert boxes == [
        (2, timedelta(days=1)),
        (3, timedelta(days=3)),
        (4, timedelta(days=7)),
        (5, timedelta(days=21)),
        (5, timedelta(days=21)),
        (1, timedelta(0)),
    ]
    assert (card.right, card.wrong) == (5, 1)


def test_every_quiz_answer_feeds_the_practice_boxes():
    learner = LearnerFactory()
    attempt = services.attempt_start(learner=learner, quiz_set=picked_quiz_set())
    item = item_at(attempt)

    services.answer_submit(attempt=attempt, item=item, choice_index=(correct_index(item) + 1) % 3)

    card = PracticeCard.objects.get(learner=learner, question=item.question)
    assert (card.box, card.wrong) == (1, 1)
    assert card.due_at <= timezone.now()


def test_handing_in_moves_each_answers_card_once_in_one_statement(django_assert_max_num_queries):
    learner = LearnerFactory()
    quiz_set = picked_quiz_set(questions=4, question_count=4)
    quiz_set.feedback_mode = QuizSet.Feedback.END
    quiz_set.save()
    attempt = services.attempt_start(learner=learner, quiz_set=quiz_set)
    items = [item_at(attempt, n) for n in range(1, 5)]
    met_before = items[0].question
    services.practice_card_record(
        learner_id=learner.pk, question_id=met_before.pk, correct=True, now=timezone.now()
    )
    rights = [True, False, True, False]
    for item, right in zip(items, rights, strict=True):
        index = correct_index(item) if right else (correct_index(item) + 1) % 3
        services.answer_submit(attempt=attempt, item=item, choice_index=index)
    assert PracticeCard.objects.filter(learner=learner).count() == 1  # none moved before

    # Lock, answers, the attempt's row, the cards: not a statement per answer.
    with django_assert_max_num_queries(6):
        services.attempt_finish(attempt=attempt)

    cards = {c.question_id: c for c in PracticeCard.objects.filter(learner=learner)}
    assert attempt.score == 2
    assert [(cards[i.question_id].box, cards[i.question_id].right) for i in items] == [
        (3, 2),  # met before in box 2, right again
        (1, 0),
        (2, 1),
        (1, 0),
    ]
    assert [cards[i.question_id].wrong for i in items] == [0, 1, 0, 1]


def test_practice_draws_what_is_due_first_then_what_is_unseen():
    learner = LearnerFactory()
    wrong, resting, *unseen = [QuestionFactory() for _ in range(5)]
    now = timezone.now()
    services.practice_card_record(
        learner_id=learner.pk, question_id=wrong.pk, correct=False, now=now
    )
    services.practice_card_record(
        learner_id=learner.pk, question_id=resting.pk, correct=True, now=now
    )

    attempt = services.practice_start(learner=learner, size=3, now=now)

    drawn = list(attempt.items.order_by("position").values_list("question_id", flat=True))
    assert drawn[0] == wrong.pk
    assert resting.pk not in drawn
    assert set(drawn[1:]) <= {q.pk for q in unseen}
    assert attempt.kind == Attempt.Kind.PRACTICE
    assert attempt.feedback_mode == QuizSet.Feedback.EACH


def test_practice_says_so_when_nothing_is_due():
    learner = LearnerFactory()
    question = QuestionFactory()
    services.practice_card_record(learner_id=learner.pk, question_id=question.pk, correct=True)

    with pytest.raises(services.NoQuestions):
        services.practice_start(learner=learner)


def test_an_anonymous_learner_becomes_the_new_account():
    anonymous = LearnerFactory()
    services.attempt_start(learner=anonymous, quiz_set=picked_quiz_set())
    user = UserFactory()

    learner = services.learner_merge(anonymous=anonymous, user=user)

    assert learner == anonymous
    assert Learner.objects.get(user=user).attempts.count() == 1


def test_merging_into_an_existing_account_loses_nothing():
    user = UserFactory()
    account = services.learner_for_user(user=user)
    anonymous = LearnerFactory()
    shared, only_anonymous = QuestionFactory(), QuestionFactory()
    now = timezone.now()
    services.practice_card_record(
        learner_id=account.pk, question_id=shared.pk, correct=True, now=now
    )
    services.practice_card_record(
        learner_id=anonymous.pk, question_id=shared.pk, correct=False, now=now + timedelta(hours=1)
    )
    services.practice_card_record(
        learner_id=anonymous.pk, question_id=only_anonymous.pk, correct=True
    )
    services.attempt_start(learner=account, quiz_set=picked_quiz_set())
    services.attempt_start(learner=anonymous, quiz_set=picked_quiz_set())

    merged = services.learner_merge(anonymous=anonymous, user=user)

    assert merged == account
    assert not Learner.objects.filter(pk=anonymous.pk).exists()
    assert account.attempts.count() == 2
    card = PracticeCard.objects.get(learner=account, question=shared)
    # The latest answer decides the box; both answers are counted.
    assert (card.box, card.right, card.wrong) == (1, 1, 1)
    assert PracticeCard.objects.filter(learner=account, question=only_anonymous).exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_answers_to_one_question_store_one_row():
    attempt = services.attempt_start(learner=LearnerFactory(), quiz_set=picked_quiz_set())
    position = 1
    start = threading.Barrier(2)
    results, errors = [], []

    def answer(index: int) -> None:
        try:
            start.wait(timeout=10)
            fresh = Attempt.objects.get(pk=attempt.pk)
            item = selectors.attempt_item(attempt=fresh, position=position)
            results.append(services.answer_submit(attempt=fresh, item=item, choice_index=index))
        except Exception as error:  # any failure in a thread is reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert Answer.objects.filter(attempt=attempt).count() == 1
    assert sorted(r.created for r in results) == [False, True]
    assert results[0].answer.pk == results[1].answer.pk
    assert PracticeCard.objects.get().right + PracticeCard.objects.get().wrong == 1


def test_an_attempt_finished_behind_the_answers_back_takes_no_answer():
    attempt = services.attempt_start(learner=LearnerFactory(), quiz_set=picked_quiz_set())
    item = item_at(attempt)
    # Another request hands the attempt in after this one read it.
    Attempt.objects.filter(pk=attempt.pk).update(
        finished_at=timezone.now(), score=0, ending=Attempt.Ending.SUBMITTED
    )

    with pytest.raises(services.AttemptClosed):
        services.answer_submit(attempt=attempt, item=item, choice_index=correct_index(item))

    assert not Answer.objects.exists()
    assert not PracticeCard.objects.exists()
    assert Attempt.objects.get(pk=attempt.pk).answered_count == 0


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_an_answer_is_counted_stored_and_scheduled_together():
    # Requests run in autocommit: on PostgreSQL the store is then a single statement.
    attempt = services.attempt_start(learner=LearnerFactory(), quiz_set=picked_quiz_set())
    item = item_at(attempt)

    result = services.answer_submit(attempt=attempt, item=item, choice_index=correct_index(item))
    again = services.answer_submit(attempt=attempt, item=item, choice_index=correct_index(item))

    assert result.created and not again.created
    assert again.answer.pk == result.answer.pk
    stored = Attempt.objects.get(pk=attempt.pk)
    assert (stored.answered_count, stored.correct_count) == (1, 1)
    assert PracticeCard.objects.get().box == 2
