"""The inputs that used to be 500s get a clear answer instead."""

import pytest
from django.test import Client

from tests.classrooms.factories import AssignmentFactory, ClassroomFactory
from tests.quizzes.factories import TeacherFactory

pytestmark = pytest.mark.django_db

HUGE = "9223372036854775808"


@pytest.fixture
def teacher_client():
    teacher = TeacherFactory()
    AssignmentFactory(classroom=ClassroomFactory(teachers=[teacher]))
    client = Client()
    client.force_login(teacher)
    return client


@pytest.mark.parametrize(
    "query",
    [
        "classroom=abc",
        f"classroom={HUGE}",
        "classroom=-1",
        f"due_at__year={HUGE}",
        "due_at__year=99999999999",
        "due_at__year=9999&due_at__month=12&due_at__day=31",
        "due_at__year=2026&due_at__month=13",
    ],
)
def test_nonsense_in_the_assignment_list_is_the_admins_invalid_filter_page(teacher_client, query):
    response = teacher_client.get(f"/admin/classrooms/assignment/?{query}")

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_the_own_class_filter_still_filters(teacher_client):
    own = ClassroomFactory.create()
    response = teacher_client.get(f"/admin/classrooms/assignment/?classroom={own.pk}")

    # Not the teacher's class: not offered, so refused like any other invalid value.
    assert response.status_code == 302


@pytest.mark.parametrize("enforce_csrf", [True, False])
@pytest.mark.parametrize("charset", ["utf-16", "utf-32", "x-nonsense", "latin-1"])
@pytest.mark.parametrize("path", ["/en/accounts/login/", "/en/quizzes/x/start/", "/admin/login/"])
def test_a_form_in_another_charset_is_a_400(enforce_csrf, charset, path):
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.cookies["csrftoken"] = "a" * 32

    response = client.generic(
        "POST",
        path,
        "username=a&password=b".encode("utf-16"),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )

    assert response.status_code == 400
    assert "Bad request" in response.text
