"""The bench's simulated students can answer every kind of question the bank holds: a driver
that cannot read a page would count its own failures as the site's."""

import random

import pytest
from django.urls import reverse

from bench.run import parse_answer_form, pick_answer
from quizzes.models import Attempt, Question, QuizSet, QuizSetQuestion
from tests.quizzes.factories import QuizSetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_kind(question_bank) -> QuizSet:
    """A picked set holding one shipped question of each kind in the bank."""
    kinds = Question.objects.order_by("kind").values_list("kind", flat=True).distinct()
    chosen = [Question.objects.filter(kind=kind).order_by("key").first() for kind in kinds]
    quiz_set = QuizSetFactory(
        mode=QuizSet.Mode.PICKED,
        question_count=len(chosen),
        is_published=True,
        shuffle_questions=False,
    )
    QuizSetQuestion.objects.bulk_create(
        QuizSetQuestion(quiz_set=quiz_set, question=q, position=i) for i, q in enumerate(chosen)
    )
    return quiz_set


def test_the_driver_answers_every_kind_of_question_without_a_form_error(client, every_kind):
    rng = random.Random(13)
    client.post(reverse("quizzes:start", kwargs={"slug": every_kind.slug}))
    attempt = Attempt.objects.get()
    kinds = set()

    for number in range(1, every_kind.question_count + 1):
        kwargs = {"public_id": attempt.public_id, "number": number}
        page = client.get(reverse("quizzes:question", kwargs=kwargs)).text
        parsed = parse_answer_form(page)
        assert parsed is not None, f"no answer form on question {number}"
        response = client.post(
            reverse("quizzes:answer", kwargs=kwargs),
            pick_answer(*parsed, rng),
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        assert 'aria-invalid="true"' not in response.text
        kinds.add(attempt.items.get(position=number).question.kind)

    assert attempt.answers.count() == every_kind.question_count
    assert {Question.Kind.TIMELINE, Question.Kind.YEAR, Question.Kind.CHRONOLOGY} <= kinds
