"""Starting a quiz costs a bounded number of queries: a new student's start and a resume.

In the soak every student starts at once and starts (resumes) again after each failed
request, so these two requests weigh as much as answers do.
"""

import pytest

from quizzes.models import Attempt, AttemptQuestion, QuizSet
from tests.quizzes.test_views import url

pytestmark = pytest.mark.django_db


def start_url() -> str:
    return url("quizzes:start", slug="everything")


def test_a_new_student_starts_the_whole_bank_quiz_in_twelve_queries(
    client, question_bank, django_assert_max_num_queries
):
    # Reading the set, creating the learner, the lock, the checks, the pool, the draw in one
    # query, the attempt and its questions in one INSERT each (and, on SQLite, BEGIN/COMMIT).
    with django_assert_max_num_queries(12):
        response = client.post(start_url())

    attempt = Attempt.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("quizzes:question", public_id=attempt.public_id, number=1)
    assert response.cookies["learner"].value == str(attempt.learner.anonymous_token)
    quiz_set = QuizSet.objects.get(slug="everything")
    assert attempt.items.count() == attempt.question_total == quiz_set.question_count


def test_a_student_starting_again_resumes_the_open_attempt_in_seven_queries(
    client, question_bank, django_assert_max_num_queries
):
    first = client.post(start_url())

    with django_assert_max_num_queries(7):
        again = client.post(start_url())

    assert again["Location"] == first["Location"]
    assert Attempt.objects.count() == 1
    assert again.cookies["learner"].value == first.cookies["learner"].value


def test_a_started_attempt_keeps_each_drawn_question_s_choices_in_a_shown_order(
    client, question_bank
):
    client.post(start_url())

    for item in AttemptQuestion.objects.select_related("question"):
        assert sorted(item.choice_order) == sorted(
            item.question.choices.values_list("pk", flat=True)
        )
