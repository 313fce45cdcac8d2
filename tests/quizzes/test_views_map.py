"""Map questions in the quiz pages: pins and radios, the feedback's distance, the result."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from history.models import Place
from quizzes import selectors, services
from quizzes.mapping import distance_km
from quizzes.models import AttemptQuestion, Question, QuizSetQuestion
from tests.quizzes.factories import QuizSetFactory, UserFactory
from tests.quizzes.test_views import HTMX, question_url, start, url
from tests.quizzes.test_views_loop import CSRF, answer, carried

pytestmark = pytest.mark.django_db

RADIO = re.compile(r'<input type="radio" name="choice" value="(\d)"')
# A pin's index and the place it names (its label; quizmap.js gives it to assistive technology).
PIN = re.compile(
    r'<g class="pin" data-pin="(\d)" transform=[^>]*><circle class="dot" r="10"/>'
    r"<text [^>]*>([^<]+)</text>"
)


def map_quiz_set(count: int = 3, kind: str = Question.Kind.MAP, **fields):
    """Publish a set of the bank's map questions (or another kind's), in a fixed order."""
    fields.setdefault("is_published", True)
    fields.setdefault("shuffle_questions", False)
    quiz_set = QuizSetFactory(mode="picked", question_count=count, **fields)
    questions = Question.objects.in_use().filter(kind=kind).order_by("key")
    QuizSetQuestion.objects.bulk_create(
        QuizSetQuestion(quiz_set=quiz_set, question=q, position=i)
        for i, q in enumerate(questions[:count])
    )
    return quiz_set


def shown(attempt, number: int = 1):
    item = selectors.attempt_item(attempt=attempt, position=number)
    return selectors.shown_choices(item)


def right_and_wrong(attempt, number: int = 1):
    choices = shown(attempt, number)
    right = next(i for i, c in enumerate(choices) if c.is_correct)
    wrong = next(i for i, c in enumerate(choices) if not c.is_correct)
    return right, wrong, choices


def test_the_question_draws_each_place_as_a_pin_beside_its_radio(client, question_bank):
    attempt = start(client, map_quiz_set())
    choices = shown(attempt)

    page = client.get(question_url(attempt)).text

    # One pin and one radio per choice, the same value for the same place, in the same order.
    assert RADIO.findall(page) == [str(i) for i in range(len(choices))]
    assert PIN.findall(page) == [(str(i), c.text_en) for i, c in enumerate(choices)]
    # The outline is one cached image; the page holds only the pins.
    assert re.search(r'<image href="/en/map/(baltic|europe)\.svg"', page)
    assert '<script src="/static/js/quizmap.js"' in page
    # Nothing tells the right place from the others.
    assert "is-correct" not in page and "diamond" not in page and " km " not in page


def test_the_outline_image_is_served_cached_in_the_readers_language(client):
    english = client.get("/en/map/baltic.svg")
    latvian = client.get("/lv/map/baltic.svg")

    assert english.status_code == 200 and english["Content-Type"] == "image/svg+xml"
    assert "max-age=86400" in english["Cache-Control"] and "public" in english["Cache-Control"]
    assert "ESTONIA" in english.text and "IGAUNIJA" in latvian.text
    assert english.text.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert client.get("/en/map/atlantis.svg").status_code == 404


def test_a_wrong_pick_gets_the_distance_to_the_right_place_drawn_and_said(client, question_bank):
    attempt = start(client, map_quiz_set())
    right, wrong, choices = right_and_wrong(attempt)

    fragment = answer(client, attempt, 1, str(wrong)).text

    picked, correct = choices[wrong], choices[right]
    km = distance_km(picked.place, correct.place)
    said = f"You picked {picked.text_en}, {km} km from {correct.text_en}."
    assert f'<p class="distance">{said}</p>' in fragment
    live = re.search(r'<p id="verdict-live"[^>]*role="status"[^>]*>(.*?)</p>', fragment, re.S)
    assert live[1] == f"Not quite. The answer: {correct.text_en} {said}"
    # The map marks the right place by a shape and the pick by another, each named in words.
    feedback = fragment[: fragment.index('id="card"')]
    assert feedback.count('class="diamond"') == 1 and feedback.count('class="cross"') == 1
    assert f"{correct.text_en} ✓</text>" in feedback and f"{picked.text_en} ✗</text>" in feedback
    assert f"right place: {correct.text_en}" in feedback


def test_the_distance_is_the_great_circle_between_the_places():
    riga = Place(latitude="56.9496", longitude="24.1052")
    tallinn = Place(latitude="59.4370", longitude="24.7536")
    geneva = Place(latitude="46.2044", longitude="6.1432")

    # 279 km and 1 713 km as the crow flies (the cities' centres), to the nearest 10.
    assert distance_km(riga, tallinn) == 280
    assert distance_km(tallinn, riga) == 280
    assert distance_km(riga, geneva) == 1710
    assert distance_km(riga, riga) == 0


def test_a_right_pick_says_right_without_a_distance(client, question_bank):
    attempt = start(client, map_quiz_set())
    right, _, _choices = right_and_wrong(attempt)

    fragment = answer(client, attempt, 1, str(right)).text

    assert "Right!" in fragment and " km from " not in fragment
    assert fragment.count('class="diamond"') == 1 and 'class="cross"' not in fragment


def test_the_feedback_speaks_latvian(client, question_bank):
    attempt = start(client, map_quiz_set())
    right, wrong, choices = right_and_wrong(attempt)
    client.cookies["django_language"] = "lv"

    fragment = client.post(
        url("quizzes:answer", "lv", public_id=attempt.public_id, number=1),
        {"choice": str(wrong)},
        **HTMX,
    ).text

    picked, correct = choices[wrong], choices[right]
    km = distance_km(picked.place, correct.place)
    assert f"Jūsu izvēle: {picked.text_lv} – {km} km no pareizās vietas ({correct.text_lv})." in (
        fragment
    )
    assert f"pareizā vieta: {correct.text_lv}" in fragment
    assert "Izvēlieties vietu kartē." in fragment
    assert '<image href="/lv/map/' in fragment


def test_without_javascript_the_radio_answer_redirects_to_the_feedback(client, question_bank):
    attempt = start(client, map_quiz_set())
    _right, wrong, choices = right_and_wrong(attempt)

    response = answer(client, attempt, 1, str(wrong), htmx=False)
    assert response.status_code == 302
    page = client.get(response["Location"]).text

    assert "Not quite." in page and 'class="distance"' in page
    assert AttemptQuestion.objects.get(attempt=attempt, position=1)
    assert attempt.answers.get().choice == choices[wrong]


def test_a_pick_outside_the_places_offered_is_refused(client, question_bank):
    attempt = start(client, map_quiz_set())

    response = answer(client, attempt, 1, "7")

    assert response.status_code == 400
    assert "Choose one of the answers offered." in response.text
    assert not attempt.answers.exists()


def test_the_carried_next_map_question_gives_nothing_away(client, question_bank):
    attempt = start(client, map_quiz_set())
    right, _, _ = right_and_wrong(attempt)

    response = answer(client, attempt, 1, str(right))

    card = carried(response.text)
    second = shown(attempt, 2)
    assert PIN.findall(card) == [(str(i), c.text_en) for i, c in enumerate(second)]
    assert "diamond" not in card and "is-correct" not in card and "✓" not in card
    assert str(Question.objects.get(pk=second[0].question_id).explanation) not in card
    # The fragment: feedback with its map, the answered card, and the next map question, both
    # maps as pins over one cached outline image (which alone is 7 to 18 KB): about 6 KB.
    size = len(CSRF.sub("", response.text).encode())
    assert size < 7 * 1024, size


def test_at_the_end_a_map_answer_is_kept_and_can_be_changed(client, question_bank):
    attempt = start(client, map_quiz_set(feedback_mode="end"))
    _right, wrong, choices = right_and_wrong(attempt)

    answer(client, attempt, 1, str(wrong))
    page = client.get(question_url(attempt)).text

    assert f"Your answer: <strong>{choices[wrong].text_en}</strong>" in page
    assert f'value="{wrong}" id="id_choice_{wrong}" checked' in page or re.search(
        rf'value="{wrong}"[^>]*checked', page
    )
    assert "diamond" not in page and " km from " not in page


def test_the_result_shows_the_pick_the_right_place_and_the_distance(client, question_bank):
    attempt = start(client, map_quiz_set())
    right, wrong, choices = right_and_wrong(attempt)
    answer(client, attempt, 1, str(wrong))
    services.attempt_finish(attempt=attempt)

    page = client.get(url("quizzes:result", public_id=attempt.public_id)).text

    km = distance_km(choices[wrong].place, choices[right].place)
    assert f"Your answer: {choices[wrong].text_en}" in page
    assert f"The answer: <strong>{choices[right].text_en}</strong>" in page
    assert f"You picked {choices[wrong].text_en}, {km} km from {choices[right].text_en}." in page
    # Unanswered map questions still show the right place on their map.
    assert page.count('class="diamond"') == attempt.question_total


def _queries(client, method, path, data=None, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, data or {}, **extra)
    assert response.status_code in (200, 302)
    return len(captured), len(CSRF.sub("", response.content.decode()).encode())


def measure(client, count: int, kind: str = Question.Kind.MAP) -> dict[str, tuple[int, int]]:
    """Queries and bytes of a quiz's pages (of the bank's map questions) for a learner."""
    # Each measure meets its questions first: none is in the cache yet (quizzes/question_cache.py).
    cache.clear()
    user = UserFactory()
    client.force_login(user)
    attempt = services.attempt_start(
        learner=services.learner_for_user(user=user), quiz_set=map_quiz_set(count, kind)
    )
    _right, wrong, _ = right_and_wrong(attempt)
    figures = {
        "question": _queries(client, "get", question_url(attempt)),
        "answer": _queries(
            client, "post", question_url(attempt, name="quizzes:answer"), {"choice": wrong}, **HTMX
        ),
        "answered question": _queries(client, "get", question_url(attempt)),
    }
    services.attempt_finish(attempt=attempt)
    figures["result"] = _queries(client, "get", url("quizzes:result", public_id=attempt.public_id))
    client.logout()
    return figures


def test_map_pages_read_no_more_than_the_place_questions_pages(client, question_bank):
    small, large = measure(client, 3), measure(client, 10)
    place = measure(client, 3, Question.Kind.PLACE)

    queries = {page: n for page, (n, _) in small.items()}
    assert queries == {page: n for page, (n, _) in large.items()}
    # The same question asked as a list of places reads exactly as much: the places come
    # with the choices, in the same query.
    assert queries == {page: n for page, (n, _) in place.items()}
    # The budgets of tests/quizzes/test_views.py, plus the one query that reads the sources
    # of a shipped question (the made-up ones there cite nothing).
    assert queries["question"] <= 6
    assert queries["answered question"] <= 7 + 1
    assert queries["answer"] <= 14 + 1
    assert queries["result"] <= 9 + 1
