"""The timeline and typed-year questions' pages: answering with and without HTMX, bad input,
feedback, the review, and their query budgets."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from quizzes import selectors, services
from quizzes.models import Answer, Attempt
from tests.quizzes.factories import UserFactory, year_quiz_set

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def start(client, quiz_set, language: str = "en") -> Attempt:
    response = client.post(url("quizzes:start", language, slug=quiz_set.slug))
    assert response.status_code == 302
    return Attempt.objects.latest("started_at")


def question_url(attempt, number=1, name="quizzes:question", language="en") -> str:
    return url(name, language, public_id=attempt.public_id, number=number)


def question(attempt, number=1):
    return selectors.attempt_item(attempt=attempt, position=number).question


def test_a_typed_year_is_a_number_field_with_the_numeric_keyboard(client):
    attempt = start(client, year_quiz_set("year"))

    page = client.get(question_url(attempt)).text

    (field,) = re.findall(r"<input[^>]*name=\"year\"[^>]*>", page)
    assert 'type="number"' in field and 'inputmode="numeric"' in field
    assert str(question(attempt).answer_year) not in page


def test_the_timeline_offers_every_year_of_its_strip_and_the_months_without_javascript(client):
    attempt = start(client, year_quiz_set("timeline"))
    asked = question(attempt)

    page = client.get(question_url(attempt)).text

    years = re.findall(r'<option value="(\d{4})"', page)
    assert years == [str(y) for y in range(asked.year_from, asked.year_to + 1)]
    month_select = re.search(r'<select name="month".*?</select>', page, re.S).group(0)
    assert month_select.count("<option") == 13  # "—" and the twelve months
    assert "January" in month_select and "December" in month_select
    # The sliders are the script's (timeline.js makes them from these selects): no hidden copy.
    assert 'type="range"' not in page and "data-sliders" not in page
    assert 'aria-describedby="timeline-hint"' in month_select
    assert "selected" not in page.split('name="year"', 1)[1].split("</select>", 1)[0]


def test_a_timeline_to_the_year_asks_no_month(client):
    attempt = start(client, year_quiz_set("timeline-year"))

    page = client.get(question_url(attempt)).text

    assert 'name="year"' in page and 'name="month"' not in page


def test_a_wrong_year_without_javascript_shows_both_on_the_strip_and_how_far_off(client):
    attempt = start(client, year_quiz_set("timeline-year", "year"))
    asked = question(attempt)

    response = client.post(
        question_url(attempt, name="quizzes:answer"), {"year": asked.answer_year - 2}
    )
    page = client.get(response["Location"]).text

    assert "Not quite." in page
    assert "2 years too early" in page
    assert f"✓ {asked.answer_year}" in page and f"✗ {asked.answer_year - 2}" in page
    assert asked.explanation_en in page


def test_a_right_timeline_month_is_right_and_named_as_a_month(client):
    attempt = start(client, year_quiz_set("timeline", "year"))
    asked = question(attempt)

    response = client.post(
        question_url(attempt, name="quizzes:answer"),
        {"year": asked.answer_year, "month": asked.answer_month},
        **HTMX,
    )

    assert response.status_code == 200
    assert "Right!" in response.text
    assert f"September {asked.answer_year}" in response.text


def test_a_wrong_month_says_how_many_months_off_and_is_announced(client):
    attempt = start(client, year_quiz_set("timeline", "year"))
    asked = question(attempt)

    response = client.post(
        question_url(attempt, name="quizzes:answer"),
        {"year": asked.answer_year, "month": asked.answer_month + 3},
        **HTMX,
    )

    live = re.search(r'<p id="verdict-live"[^>]*>(.*?)</p>', response.text, re.S).group(1)
    assert "Not quite." in live and f"September {asked.answer_year}" in live
    assert "3 months too late" in live


@pytest.mark.parametrize(
    "kinds, data, message",
    [
        (("year",), {"year": "nineteen"}, "Give the year as a number, e.g. 1934."),
        (("year",), {}, "Give a year."),
        (("year",), {"year": "0"}, "Give a year from 1 to 9999."),
        (("timeline",), {"year": "1917", "month": "9"}, "Choose a year on the timeline."),
        (("timeline",), {"year": "1934"}, "Choose a month too."),
        (("timeline",), {"month": "9"}, "Give a year."),
        (("timeline",), {"year": "1934", "month": "13"}, "Choose a month from the list."),
    ],
)
def test_bad_input_is_a_form_error_and_stores_nothing(client, kinds, data, message):
    attempt = start(client, year_quiz_set(*kinds))

    plain = client.post(question_url(attempt, name="quizzes:answer"), data)
    htmx = client.post(question_url(attempt, name="quizzes:answer"), data, **HTMX)

    for response in (plain, htmx):
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Answer.objects.filter(attempt=attempt).exists()


def test_the_carried_next_question_gives_no_year_away(client):
    quiz_set = year_quiz_set("year", "year")
    attempt = start(client, quiz_set)
    following = question(attempt, 2)
    following.answer_year = 1927
    following.save()

    response = client.post(question_url(attempt, name="quizzes:answer"), {"year": "1934"}, **HTMX)

    slot = re.search(r'<div id="next-slot"[^>]*>(.*?)</div>\s*$', response.text, re.S).group(1)
    assert following.prompt_en in slot
    assert 'name="year"' in slot
    assert "1927" not in slot


def test_at_the_end_the_year_given_stays_in_the_form_until_hand_in(client):
    attempt = start(client, year_quiz_set("timeline", "year", feedback_mode="end"))

    client.post(question_url(attempt, name="quizzes:answer"), {"year": "1930", "month": "2"})
    page = client.get(question_url(attempt)).text

    assert "Your answer: <strong>February 1930</strong>" in page
    assert re.search(r'<option value="1930" selected>', page)
    assert re.search(r'<option value="2" selected>', page)
    assert "Not quite." not in page


def test_the_review_shows_the_year_given_and_the_right_one(client):
    attempt = start(client, year_quiz_set("year", "timeline"))
    first, second = question(attempt, 1), question(attempt, 2)
    client.post(question_url(attempt, name="quizzes:answer"), {"year": first.answer_year + 1})
    client.post(
        question_url(attempt, 2, name="quizzes:answer"),
        {"year": second.answer_year, "month": second.answer_month},
    )
    client.post(url("quizzes:finish", public_id=attempt.public_id))

    page = client.get(url("quizzes:result", public_id=attempt.public_id)).text

    assert "1 year too late" in page
    assert f"✓ {first.answer_year}" in page and f"✗ {first.answer_year + 1}" in page
    assert f"September {second.answer_year}" in page
    assert "1 of 2 right" in page


def test_the_latvian_pages_speak_latvian(client):
    attempt = start(client, year_quiz_set("timeline", "year"), language="lv")
    asked = question(attempt)

    page = client.get(question_url(attempt, language="lv")).text
    response = client.post(
        question_url(attempt, name="quizzes:answer", language="lv"),
        {"year": asked.answer_year - 1, "month": asked.answer_month},
        **HTMX,
    )

    assert "Gads" in page and "Mēnesis" in page and "septembris" in page
    assert "Novietojiet to laika joslā no 1918. līdz 1940. gadam" in page
    assert "12 mēnešus par agru" in response.text
    assert f"{asked.answer_year}. gada septembris" in response.text


def _queries(client, method, path, data=None, **extra) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, data or {}, **extra)
    assert response.status_code in (200, 302)
    return len(captured)


@pytest.mark.parametrize("kinds", [("year",) * 3, ("timeline",) * 3])
def test_the_year_kinds_keep_the_query_budgets_of_the_other_kinds(client, kinds):
    client.force_login(UserFactory())
    attempt = start(client, year_quiz_set(*kinds))
    asked = question(attempt)
    answer = {"year": asked.answer_year}
    if asked.answer_month:
        answer["month"] = asked.answer_month

    counts = {
        "question": _queries(client, "get", question_url(attempt)),
        "answer": _queries(
            client, "post", question_url(attempt, name="quizzes:answer"), answer, **HTMX
        ),
        "answered question": _queries(client, "get", question_url(attempt)),
    }
    services.attempt_finish(attempt=attempt)
    counts["result"] = _queries(client, "get", url("quizzes:result", public_id=attempt.public_id))

    # The same budgets as the choice questions (tests/quizzes/test_views.py).
    assert counts["question"] <= 6, counts
    assert counts["answered question"] <= 7, counts
    assert counts["answer"] <= 14, counts
    assert counts["result"] <= 9, counts


def test_my_progress_and_practice_count_the_year_kinds(client):
    client.force_login(UserFactory())
    attempt = start(client, year_quiz_set("timeline", "year"))
    first, second = question(attempt, 1), question(attempt, 2)
    client.post(
        question_url(attempt, name="quizzes:answer"),
        {"year": first.answer_year, "month": first.answer_month},
    )
    client.post(question_url(attempt, 2, name="quizzes:answer"), {"year": second.answer_year + 1})
    client.post(url("quizzes:finish", public_id=attempt.public_id))

    progress = client.get(url("quizzes:progress")).text
    practice = client.post(url("quizzes:practice_start"))
    drilled = Attempt.objects.latest("started_at")

    assert "place on the timeline" in progress and "typed year" in progress
    assert practice.status_code == 302 and drilled.kind == Attempt.Kind.PRACTICE
    # The wrong one is due again at once: practice asks it, answered with the year.
    assert second in [item.question for item in drilled.items.all()]
    position = drilled.items.get(question=second).position
    answered = client.post(
        question_url(drilled, position, name="quizzes:answer"), {"year": second.answer_year}
    )
    assert answered.status_code == 302
    assert Answer.objects.get(attempt=drilled, question=second).is_correct
