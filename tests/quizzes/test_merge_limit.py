"""The attempt limit holds when an anonymous browser's work moves into an account."""

import pytest
from django.urls import reverse

from classrooms import selectors as class_selectors
from classrooms.models import Membership
from quizzes import services
from quizzes.models import Attempt, Learner
from tests.classrooms.factories import AssignmentFactory, ClassroomFactory
from tests.quizzes.factories import TeacherFactory, UserFactory, picked_quiz_set
from tests.quizzes.test_views import question_url, right_and_wrong, start, url

pytestmark = pytest.mark.django_db


def finish(client, attempt: Attempt) -> None:
    for number in range(1, attempt.question_total + 1):
        right, _wrong = right_and_wrong(attempt, number)
        client.post(question_url(attempt, number, name="quizzes:answer"), {"choice": right})
    client.post(url("quizzes:finish", public_id=attempt.public_id))


def test_using_the_attempt_again_anonymously_and_signing_in_keeps_one_attempt(client):
    teacher = TeacherFactory()
    quiz_set = picked_quiz_set(questions=2, attempts_allowed=1)
    assignment = AssignmentFactory(
        classroom=ClassroomFactory(teachers=[teacher]), quiz_set=quiz_set
    )
    student = UserFactory()
    Membership.objects.create(classroom=assignment.classroom, student=student)
    credentials = {"username": student.username, "password": "correct horse battery"}

    # Use the one attempt with the account.
    client.post(url("login"), credentials)
    first = start(client, quiz_set)
    finish(client, first)
    assert client.post(url("quizzes:start", slug=quiz_set.slug)).status_code == 403
    # Take it again anonymously, from the same browser.
    client.post(reverse("logout"))
    second = start(client, quiz_set)
    finish(client, second)
    # Sign in from that browser.
    client.post(url("login"), credentials)

    learner = Learner.objects.get(user=student)
    assert list(learner.attempts.filter(quiz_set=quiz_set)) == [first]
    # The extra attempt is not lost: it is kept as practice, with its answers.
    second.refresh_from_db()
    assert second.learner == learner
    assert (second.kind, second.quiz_set) == (Attempt.Kind.PRACTICE, None)
    assert second.answers.count() == second.question_total
    # The teacher's results count one attempt, and the limit still refuses another.
    (result,) = class_selectors.assignment_results(assignment, sort="student")
    assert result.attempts == 1
    assert client.post(url("quizzes:start", slug=quiz_set.slug)).status_code == 403


def test_anonymous_attempts_within_the_limit_all_move_to_the_account():
    quiz_set = picked_quiz_set(questions=1, attempts_allowed=3)
    user = UserFactory()
    own = services.attempt_start(learner=services.learner_for_user(user=user), quiz_set=quiz_set)
    services.attempt_finish(attempt=own)
    anonymous = services.learner_create_anonymous()
    moved = []
    for _ in range(3):
        attempt = services.attempt_start(learner=anonymous, quiz_set=quiz_set)
        services.attempt_finish(attempt=attempt)
        moved.append(attempt)

    account = services.learner_merge(anonymous=anonymous, user=user)

    kept = account.attempts.filter(quiz_set=quiz_set, kind=Attempt.Kind.QUIZ)
    # The account's own first, then the anonymous ones oldest first, up to the limit of 3.
    assert set(kept) == {own, moved[0], moved[1]}
    assert account.attempts.filter(kind=Attempt.Kind.PRACTICE).get() == moved[2]
