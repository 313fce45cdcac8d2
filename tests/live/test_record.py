"""A live lesson's record: signed-in answers count as each question is revealed, in a live
attempt that the quiz set's attempt limit never counts."""

import pytest
from django.urls import reverse

from classrooms.selectors import assignment_results
from live import selectors, services
from quizzes import live_records
from quizzes import services as quiz_services
from quizzes.models import Answer, Attempt, AttemptQuestion, PracticeCard
from quizzes.selectors import learner_mastery, learner_records, quiz_list
from tests.classrooms.factories import AssignmentFactory, MembershipFactory
from tests.live.factories import live_session, right_index
from tests.quizzes.factories import UserFactory

pytestmark = pytest.mark.django_db


def wrong_index(session, position: int) -> int:
    return (right_index(session, position) + 1) % 3


def lesson_with(user, questions=3, **fields):
    session = live_session(questions=questions, **fields)
    student = services.participant_join(session=session, display_name="Signed", user=user)
    guest = services.participant_join(session=session, display_name="Guest")
    return services.live_session_advance(session=session), student, guest


def test_each_revealed_answer_counts_at_once_and_the_end_hands_the_attempt_in():
    user = UserFactory()
    session, student, guest = lesson_with(user)
    services.answer_submit(participant=student, position=1, choice_index=right_index(session, 1))
    services.answer_submit(participant=guest, position=1, choice_index=right_index(session, 1))
    # Before the reveal nothing is in the record.
    assert not Attempt.objects.exists()

    session = services.live_session_reveal(session=session)
    attempt = Attempt.objects.get()
    first = session.items.get(position=1).question_id
    assert attempt.kind == Attempt.Kind.LIVE and attempt.learner.user == user
    assert not attempt.is_finished
    assert (attempt.question_total, attempt.answered_count, attempt.correct_count) == (1, 1, 1)
    assert dict(PracticeCard.objects.values_list("question_id", "box")) == {first: 2}
    kinds = [m for m in learner_mastery(attempt.learner_id) if m.topic == "kind"]
    assert [(m.answered, m.correct) for m in kinds] == [(1, 1)]

    # Question 2 unanswered: it counts as asked. Question 3 answered, then skipped: not at all.
    session = services.live_session_advance(session=session)
    session = services.live_session_reveal(session=session)
    session = services.live_session_advance(session=session)
    services.answer_submit(participant=student, position=3, choice_index=wrong_index(session, 3))
    # Skipping the last question ends the lesson.
    session = services.live_session_skip(session=session)

    attempt.refresh_from_db()
    assert attempt.question_total == 2
    assert Answer.objects.filter(attempt=attempt).count() == 1
    assert list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .order_by("position")
        .values_list("position", "question_id")
    ) == [(n, session.items.get(position=n).question_id) for n in (1, 2)]
    assert session.state == "ended"
    assert attempt.is_finished and (attempt.score, attempt.percent) == (1, 50)
    # My progress: a record of the set's live lessons, apart from its attempts.
    [record] = learner_records(attempt.learner_id)
    assert record.live and record.quiz_set == session.quiz_set and record.last == 50


def test_a_repeated_record_or_a_second_reveal_changes_nothing():
    user = UserFactory()
    session, student, _guest = lesson_with(user)
    services.answer_submit(participant=student, position=1, choice_index=right_index(session, 1))
    session = services.live_session_reveal(session=session)
    student.refresh_from_db()
    item = session.items.get(position=1)
    given = live_records.LiveGiven(
        user_id=user.pk,
        attempt_id=student.attempt_id,
        started_at=student.joined_at,
        choice_id=item.question.choices.get(is_correct=True).pk,
    )

    live_records.live_question_record(
        quiz_set=session.quiz_set,
        question=item.question,
        choice_order=item.choice_order,
        given=[given],
    )
    with pytest.raises(services.LiveClosed):
        services.live_session_reveal(session=session)

    attempt = Attempt.objects.get()
    assert (attempt.question_total, attempt.answered_count, attempt.correct_count) == (1, 1, 1)
    assert Answer.objects.count() == 1
    assert PracticeCard.objects.get().right == 1


def test_a_live_lesson_does_not_use_up_the_quiz_sets_attempts():
    user = UserFactory()
    session, student, _guest = lesson_with(user, questions=2)
    session.quiz_set.attempts_allowed = 1
    session.quiz_set.save()
    services.answer_submit(participant=student, position=1, choice_index=right_index(session, 1))
    session = services.live_session_reveal(session=session)
    learner = quiz_services.learner_for_user(user=user)

    # While the lesson goes on the student's own attempt is a new one, not the live one.
    [standing] = quiz_list(learner_id=learner.pk)
    assert (standing.attempts, standing.attempts_left, standing.open_attempt) == (0, 1, None)
    own = quiz_services.attempt_start(learner=learner, quiz_set=session.quiz_set)
    assert own.kind == Attempt.Kind.QUIZ
    services.live_session_end(session=session)
    quiz_services.attempt_finish(attempt=own)

    with pytest.raises(quiz_services.AttemptsUsedUp):
        quiz_services.attempt_start(learner=learner, quiz_set=session.quiz_set)
    assert Attempt.objects.filter(kind=Attempt.Kind.LIVE, finished_at__isnull=False).count() == 1


def test_the_class_report_counts_the_live_lesson():
    user = UserFactory()
    session, student, _guest = lesson_with(user, questions=2)
    assignment = AssignmentFactory(quiz_set=session.quiz_set)
    MembershipFactory(classroom=assignment.classroom, student=user)
    services.answer_submit(participant=student, position=1, choice_index=right_index(session, 1))
    session = services.live_session_reveal(session=session)
    session = services.live_session_advance(session=session)
    services.answer_submit(participant=student, position=2, choice_index=wrong_index(session, 2))
    session = services.live_session_reveal(session=session)

    [during] = assignment_results(assignment)
    assert (during.attempts, during.best) == (1, None)
    services.live_session_end(session=session)

    [after] = assignment_results(assignment)
    assert (after.student, after.attempts, after.best, after.status) == (user, 1, 50, "done")


def test_a_removed_student_keeps_what_was_revealed_and_the_attempt_is_handed_in():
    user = UserFactory()
    session, student, _guest = lesson_with(user)
    services.answer_submit(participant=student, position=1, choice_index=right_index(session, 1))
    session = services.live_session_reveal(session=session)

    services.participant_remove(session=session, participant_id=student.pk)

    attempt = Attempt.objects.get()
    assert attempt.is_finished and (attempt.question_total, attempt.score) == (1, 1)


def test_the_live_attempt_is_not_answered_or_handed_in_on_the_quiz_pages(client):
    user = UserFactory()
    session, _student, _guest = lesson_with(user)
    session = services.live_session_reveal(session=session)
    attempt = Attempt.objects.get()
    client.force_login(user)

    assert client.get(attempt.get_absolute_url()).status_code == 409
    question = reverse("quizzes:question", args=[attempt.public_id, 1])
    assert client.get(question).status_code == 409
    answered = client.post(reverse("quizzes:answer", args=[attempt.public_id, 1]), {"choice": 0})
    assert answered.status_code == 409
    assert client.post(reverse("quizzes:finish", args=[attempt.public_id])).status_code == 409
    attempt.refresh_from_db()
    assert not attempt.is_finished and not Answer.objects.exists()
    # My progress lists it as a live lesson going on.
    progress = client.get(reverse("quizzes:progress")).content.decode()
    assert "live lesson" in progress and "0 / 1 so far" in progress


def test_ordering_questions_are_asked_and_judged_live():
    user = UserFactory()
    session = live_session(questions=0, chronology=1)
    student = services.participant_join(session=session, display_name="Signed", user=user)
    guest = services.participant_join(session=session, display_name="Guest")
    session = services.live_session_advance(session=session)
    item = session.items.get(position=1)
    choices = selectors.shown_choices(item)
    in_time = sorted(range(len(choices)), key=lambda i: choices[i].rank)

    services.answer_submit(participant=student, position=1, order=in_time)
    services.answer_submit(participant=guest, position=1, order=list(reversed(in_time)))
    with pytest.raises(services.LiveError):
        services.answer_submit(participant=guest, position=1, order=[0, 0, 1])
    session = services.live_session_reveal(session=session)

    stage = selectors.projector_stage(session=session, language="en")
    assert [c.rank for c in stage["right_order"]] == sorted(c.rank for c in choices)
    assert (stage["answered"], stage["right"]) == (2, 1)
    answer = Answer.objects.get()
    assert answer.is_correct and answer.order == [choices[i].pk for i in in_time]
    [result] = selectors.session_results(services.live_session_end(session=session))
    assert (result.answered, result.right) == (2, 1)
