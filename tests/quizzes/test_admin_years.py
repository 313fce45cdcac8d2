"""Teachers' timeline and typed-year questions in the admin: the year fields, and no choices."""

import pytest
from django.urls import reverse

from quizzes.models import Question
from tests.quizzes.factories import TeacherFactory, TimelineQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_client(client):
    client.force_login(TeacherFactory())
    return client


def year_form(kind: str, rows=(), **fields) -> dict:
    data = {
        "kind": kind,
        "prompt_en": "In which year was the Baltic Entente founded?",
        "prompt_lv": "Kurā gadā nodibināja Baltijas Antanti?",
        "difficulty": "2",
        "is_active": "on",
        "choices-TOTAL_FORMS": str(len(rows)),
        "choices-INITIAL_FORMS": "0",
        **{k: str(v) for k, v in fields.items()},
    }
    for i, (en, lv) in enumerate(rows):
        data |= {
            f"choices-{i}-text_en": en,
            f"choices-{i}-text_lv": lv,
            f"choices-{i}-position": i,
        }
    return data


def test_a_typed_year_question_is_saved_with_its_year_and_no_choices(teacher_client):
    saved = teacher_client.post(
        reverse("admin:quizzes_question_add"), year_form("year", answer_year=1934)
    )

    assert saved.status_code == 302
    question = Question.objects.get(kind="year")
    assert question.answer_year == 1934 and not question.choices.exists()


def test_a_timeline_question_needs_its_strip_around_its_year(teacher_client):
    url = reverse("admin:quizzes_question_add")

    no_strip = teacher_client.post(url, year_form("timeline", answer_year=1934))
    off_strip = teacher_client.post(
        url, year_form("timeline", answer_year=1941, year_from=1918, year_to=1940)
    )
    saved = teacher_client.post(
        url, year_form("timeline", answer_year=1934, answer_month=9, year_from=1918, year_to=1940)
    )

    assert "Give the first and the last year of the timeline." in no_strip.text
    assert "The year must lie on the timeline." in off_strip.text
    assert saved.status_code == 302
    assert Question.objects.filter(kind="timeline").count() == 1


@pytest.mark.parametrize(
    "fields, error",
    [
        ({}, "Give the year that answers the question."),
        ({"answer_year": 1934, "answer_month": 9}, "A typed-year question asks the year only."),
    ],
)
def test_a_typed_year_question_without_its_year_or_with_a_month_is_refused(
    teacher_client, fields, error
):
    refused = teacher_client.post(
        reverse("admin:quizzes_question_add"), year_form("year", **fields)
    )

    assert refused.status_code == 200
    assert error in refused.text
    assert not Question.objects.filter(kind="year").exists()


def test_choices_on_a_year_question_are_refused(teacher_client):
    refused = teacher_client.post(
        reverse("admin:quizzes_question_add"),
        year_form("year", rows=[("1934", "1934"), ("1935", "1935")], answer_year=1934),
    )

    assert "A timeline or typed-year question has no choices: remove them." in refused.text
    assert not Question.objects.filter(kind="year").exists()


def test_the_change_page_shows_the_answer_fields(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    question = TimelineQuestionFactory(created_by=teacher)

    page = client.get(reverse("admin:quizzes_question_change", args=[question.pk]))

    for name in ("answer_year", "answer_month", "year_from", "year_to"):
        assert f'name="{name}"' in page.text
