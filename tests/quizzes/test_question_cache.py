"""A question's choices and sources come from the cache, and change as soon as they do.

Run against the local cache and against a real Redis server (tests/history/test_page_cache.py
starts one per test session).
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from history.models import Citation
from quizzes.models import Choice, Question, QuizSet
from tests.admin_forms import change_form_data
from tests.history.test_page_cache import page_cache, redis_url  # noqa: F401 (fixtures)
from tests.quizzes.factories import picked_quiz_set
from tests.quizzes.test_views import HTMX, question_url, right_and_wrong, start, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def first_question(quiz_set: QuizSet) -> Question:
    return quiz_set.entries.order_by("position").first().question


def page(client, attempt, language: str = "en") -> str:
    return client.get(
        url("quizzes:question", language, public_id=attempt.public_id, number=1)
    ).text


def test_a_teachers_edit_of_a_choice_in_the_admin_reaches_the_student_at_once(
    admin_client, client
):
    quiz_set = picked_quiz_set(questions=1)
    question = first_question(quiz_set)
    attempt = start(client, quiz_set)
    assert "Tallinn" in page(client, attempt) and "Tallina" in page(client, attempt, "lv")

    change = reverse("admin:quizzes_question_change", args=[question.pk])
    data = change_form_data(admin_client.get(change))
    row = next(k for k, v in data.items() if k.endswith("-text_en") and v == "Tallinn")
    data[row] = "Tallinn (Reval)"
    data[row.replace("_en", "_lv")] = "Tallina (Rēvele)"
    assert admin_client.post(change, data).status_code == 302

    assert Choice.objects.filter(question=question, text_en="Tallinn (Reval)").exists()
    english, latvian = page(client, attempt), page(client, attempt, "lv")
    assert "Tallinn (Reval)" in english and ">Tallinn<" not in english
    assert "Tallina (Rēvele)" in latvian


def test_a_choice_saved_on_its_own_is_seen_at_once(client):
    quiz_set = picked_quiz_set(questions=1)
    attempt = start(client, quiz_set)
    assert "Kaunas" in page(client, attempt)

    choice = Choice.objects.get(question=first_question(quiz_set), text_en="Kaunas")
    choice.text_en = "Kovno"
    choice.save()

    assert "Kovno" in page(client, attempt) and "Kaunas" not in page(client, attempt)


def test_a_question_saved_by_another_server_is_seen_at_once(client):
    quiz_set = picked_quiz_set(questions=1)
    question = first_question(quiz_set)
    attempt = start(client, quiz_set)
    assert "Kaunas" in page(client, attempt)

    # What another server's save leaves in the database; no signal reaches this one's cache.
    Choice.objects.filter(question=question, text_en="Kaunas").update(text_en="Kovno")
    Question.objects.filter(pk=question.pk).update(updated_at=timezone.now())

    assert "Kovno" in page(client, attempt)


def test_the_feedback_quotes_a_source_as_it_reads_now(client, question_bank):
    attempt = start(client, QuizSet.objects.get(slug="the-1934-treaty"))
    right, _ = right_and_wrong(attempt)
    answered = client.post(
        question_url(attempt, name="quizzes:answer"), {"choice": right}, **HTMX
    ).text
    question = attempt.items.get(position=1).question
    quoted = Citation.objects.filter(event__questions=question, paragraph__questions=question)
    citation = quoted.order_by("pk").first()
    # The fragment links the sources; their quotes come from the sources view when opened.
    assert 'hx-trigger="toggle once"' in answered
    quotes = client.get(question_url(attempt, name="quizzes:sources"), **HTMX).text
    assert "<blockquote>" in quotes and escape(citation.quote[:40]) in page(client, attempt)

    citation.quote = "The Treaty of Good Understanding and Co-operation was signed."
    citation.save()

    assert "The Treaty of Good Understanding and Co-operation was signed." in page(client, attempt)


def test_a_question_read_once_is_not_read_again(client, django_assert_num_queries):
    quiz_set = picked_quiz_set(questions=1)
    attempt = start(client, quiz_set)
    page(client, attempt)

    # The drawn question with its attempt, and the answer given: no choices, no sources.
    with django_assert_num_queries(2):
        page(client, attempt)
