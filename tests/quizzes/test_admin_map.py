"""The admin shows which place each choice of a map question marks."""

import pytest
from django.urls import reverse

from quizzes.models import Question
from tests.quizzes.factories import TeacherFactory

pytestmark = pytest.mark.usefixtures("question_bank")


def test_a_map_questions_choices_show_their_places(client):
    client.force_login(TeacherFactory())
    question = Question.objects.in_use().filter(kind=Question.Kind.MAP).first()
    other = Question.objects.in_use().filter(kind=Question.Kind.PLACE).first()

    page = client.get(reverse("admin:quizzes_question_change", args=[question.pk])).text
    plain = client.get(reverse("admin:quizzes_question_change", args=[other.pk])).text

    assert "Place on the map" in page
    for choice in question.choices.select_related("place"):
        assert f"<p>{choice.place}</p>" in page or str(choice.place) in page
    assert "Place on the map" not in plain
