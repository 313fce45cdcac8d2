"""Starting a live lesson from the admin's quiz-set and class lists."""

import pytest
from django.urls import reverse

from tests.classrooms.factories import ClassroomFactory
from tests.quizzes.factories import TeacherFactory, picked_quiz_set

pytestmark = pytest.mark.django_db


def test_the_quiz_set_action_opens_the_start_page_with_the_set_chosen(client):
    teacher = TeacherFactory()
    quiz_set = picked_quiz_set(questions=2)
    client.force_login(teacher)

    response = client.post(
        reverse("admin:quizzes_quizset_changelist"),
        {"action": "start_live_from_quiz_set", "_selected_action": [quiz_set.pk]},
    )

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert f'<option value="{quiz_set.pk}" selected>' in page.content.decode()


def test_the_class_action_offers_only_the_teachers_own_classes(client):
    teacher = TeacherFactory()
    mine, theirs = ClassroomFactory(teachers=[teacher]), ClassroomFactory()
    client.force_login(teacher)

    response = client.post(
        reverse("admin:classrooms_classroom_changelist"),
        {"action": "start_live_from_classroom", "_selected_action": [mine.pk]},
    )
    page = client.get(response["Location"]).content.decode()

    assert f'<option value="{mine.pk}" selected>' in page
    assert f'value="{theirs.pk}"' not in page
