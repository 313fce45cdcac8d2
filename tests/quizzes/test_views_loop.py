"""The student's loop: the home page, one request per answer, changing answers, the result."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from quizzes import selectors
from quizzes.models import Answer, Attempt, AttemptQuestion, Choice, PracticeCard, QuizSet
from tests.quizzes.factories import picked_quiz_set
from tests.quizzes.test_views import HTMX, question_url, right_and_wrong, start, url

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')


def answer(client, attempt: Attempt, number: int, choice: str, htmx: bool = True):
    extra = HTMX if htmx else {}
    return client.post(
        question_url(attempt, number, "quizzes:answer"), {"choice": choice}, **extra
    )


def carried(fragment: str) -> str:
    """The card the answer's response leaves waiting for "Next question"."""
    match = re.search(r'<div id="next-slot"[^>]*><template>(.*)</template></div>', fragment, re.S)
    assert match, "the response carries no next question"
    return match[1]


# The home page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "quizzes", "explore"),
    [("en", "Take a quiz", "Read and explore"), ("lv", "Pildiet viktorīnu", "Lasiet un pētiet")],
)
def test_the_home_page_starts_learning_in_the_language_of_its_address(
    client, question_bank, language, quizzes, explore
):
    response = client.get(url("quizzes:home", language))

    text = response.text
    assert response.status_code == 200 and f'lang="{language}"' in text
    assert "coming next" not in text and "Drīzumā" not in text
    # Every open quiz set is a card with a real form to start it.
    for quiz_set in QuizSet.objects.available():
        assert escape(quiz_set.title_en if language == "en" else quiz_set.title_lv) in text
        assert url("quizzes:start", language, slug=quiz_set.slug) in text
    assert url("quizzes:practice_start", language) in text
    # Learning first, then the timeline, map and articles.
    explore_at = text.index(explore)
    assert text.index(quizzes) < explore_at
    assert text.index(url("history:timeline", language), explore_at) > explore_at
    assert url("history:map", language) in text


def test_the_home_page_offers_the_open_attempt_and_the_questions_due(client, question_bank):
    quiz_set = QuizSet.objects.get(slug="the-1934-treaty")
    attempt = start(client, quiz_set)
    right, _ = right_and_wrong(attempt)
    answer(client, attempt, 1, right, htmx=False)
    _, wrong = right_and_wrong(attempt, 2)
    answer(client, attempt, 2, wrong, htmx=False)

    text = client.get(url("quizzes:home")).text

    assert "Go on where you left off" in text
    assert attempt.get_absolute_url() in text
    assert f"2 of {attempt.question_total} answered" in text
    # The wrong answer put its question in box 1, due at once.
    due = PracticeCard.objects.filter(learner=attempt.learner, box=1).count()
    assert due == 1 and "1 question is due for practice now" in text
    # The set shows Resume, not a second Start.
    assert url("quizzes:start", slug=quiz_set.slug) not in text


def test_the_home_page_reads_the_same_few_queries_with_more_attempts(client, question_bank):
    counts = []
    for _ in range(2):
        attempt = start(client, QuizSet.objects.get(slug="the-1934-treaty"))
        client.post(url("quizzes:finish", public_id=attempt.public_id))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("quizzes:home")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    # learner, open attempts, practice (4), quiz sets with their countries and the learner's
    # attempts (3), each set's pool (one per set), history (2)
    assert counts[0] <= 11 + QuizSet.objects.available().count()


# Feedback and the next question in one response --------------------------------------------


def test_the_verdict_and_next_question_come_first_and_sources_are_folded(client, question_bank):
    attempt = start(client, QuizSet.objects.get(slug="the-1934-treaty"))
    _, wrong = right_and_wrong(attempt)

    fragment = answer(client, attempt, 1, wrong).text

    verdict = fragment.index("Not quite.")
    next_link = fragment.index(f'href="{question_url(attempt, 2)}"')
    explanation = fragment.index('class="explanation"')
    sources = fragment.index('<details class="sources"')
    assert verdict < next_link < explanation < sources
    assert "toggle once" in fragment[sources:] and "<blockquote>" not in fragment[sources:]
    # The right answer is named once in the verdict, the choices only mark it.
    assert "(correct answer)" not in fragment and "(your answer)" not in fragment
    assert fragment.count(">your answer<") == 1 and fragment.count(">right answer<") == 1


def test_the_live_region_announces_the_verdict_alone(client, question_bank):
    attempt = start(client, QuizSet.objects.get(slug="the-1934-treaty"))
    _, wrong = right_and_wrong(attempt)
    item = selectors.attempt_item(attempt=attempt, position=1)
    correct = next(c for c in selectors.shown_choices(item) if c.is_correct)

    fragment = answer(client, attempt, 1, wrong).text

    live = re.search(r'<p id="verdict-live"[^>]*role="status"[^>]*>(.*?)</p>', fragment, re.S)
    assert live[1] == f"Not quite. The answer: {correct.text}"
    # Nothing else in the response is a live region.
    assert fragment.count("aria-live") == 0 and fragment.count('role="status"') == 1


def test_the_answer_carries_the_next_question_ready_to_answer(client, question_bank):
    attempt = start(client, QuizSet.objects.get(slug="the-1934-treaty"))
    right, _ = right_and_wrong(attempt)

    response = answer(client, attempt, 1, right)

    card = carried(response.text)
    second = AttemptQuestion.objects.select_related("question").get(attempt=attempt, position=2)
    assert f'data-url="{question_url(attempt, 2)}"' in card
    assert str(second.question.prompt) in card
    assert f'hx-post="{question_url(attempt, 2, "quizzes:answer")}"' in card
    assert "Question 2 of 10" in card
    # An answer's fragment stays small even with the next (choice) question in it.
    assert len(response.content) < 4.5 * 1024


def test_the_carried_next_question_does_not_give_its_answer_away(client, question_bank):
    attempt = start(client, QuizSet.objects.get(slug="the-1934-treaty"))
    right, _ = right_and_wrong(attempt)
    before = answer(client, attempt, 1, right).text

    # Move the next question's right answer: a repeat of the same answer must read the same.
    second = selectors.attempt_item(attempt=attempt, position=2)
    shown = selectors.shown_choices(second)
    Choice.objects.filter(question=second.question).update(is_correct=False)
    Choice.objects.filter(pk=shown[-1].pk if shown[0].is_correct else shown[0].pk).update(
        is_correct=True
    )
    cache.clear()  # update() saves nothing the cache would notice: read the choices afresh
    after = answer(client, attempt, 1, right).text

    assert CSRF.sub("", before) == CSRF.sub("", after)
    assert str(second.question.explanation) not in carried(before)
    assert "is-correct" not in carried(before)


def test_the_last_answer_carries_no_next_question_and_offers_the_result(client):
    attempt = start(client, picked_quiz_set(questions=2))
    for number in (1, 2):
        right, _ = right_and_wrong(attempt, number)
        response = answer(client, attempt, number, right)

    assert '<div id="next-slot" hidden hx-swap-oob="true"></div>' in response.text
    assert "See your result" in response.text


def test_a_question_answered_out_of_turn_is_not_carried(client):
    attempt = start(client, picked_quiz_set(questions=3))
    right, _ = right_and_wrong(attempt, 2)
    answer(client, attempt, 2, right, htmx=False)

    response = answer(client, attempt, 1, right_and_wrong(attempt)[0])

    assert '<div id="next-slot" hidden hx-swap-oob="true"></div>' in response.text
    assert f'href="{question_url(attempt, 2)}"' in response.text


def test_without_javascript_next_question_is_a_plain_link_to_its_page(client):
    attempt = start(client, picked_quiz_set())
    right, _ = right_and_wrong(attempt)

    response = answer(client, attempt, 1, right, htmx=False)
    page = client.get(response["Location"]).text
    following = client.get(question_url(attempt, 2))

    assert response.status_code == 302 and response["Location"] == question_url(attempt)
    assert f'href="{question_url(attempt, 2)}"' in page and "Right!" in page
    assert following.status_code == 200 and 'name="choice"' in following.text


def test_a_whole_quiz_takes_one_request_per_answer(client):
    quiz_set = picked_quiz_set(questions=4)
    attempt = start(client, quiz_set)
    fragment = client.get(question_url(attempt)).text

    for number in range(1, 5):
        # The form answered is the one on screen: the first page's, then each carried card.
        action = re.search(r'hx-post="([^"]+/answer/)"', fragment)[1]
        assert action == question_url(attempt, number, "quizzes:answer")
        right, _ = right_and_wrong(attempt, number)
        response = client.post(action, {"choice": right}, **HTMX)
        assert response.status_code == 200
        fragment = carried(response.text) if number < 4 else response.text

    assert "See your result" in fragment
    assert Answer.objects.filter(attempt=attempt, is_correct=True).count() == 4


# Feedback at the end: moving on and changing answers ---------------------------------------


def test_at_the_end_answering_moves_straight_on_to_the_next_question(client):
    attempt = start(client, picked_quiz_set(feedback_mode="end"))
    right, _ = right_and_wrong(attempt)

    swapped = answer(client, attempt, 1, right)
    plain = client.post(question_url(attempt, 1, "quizzes:answer"), {"choice": right})

    assert 'id="card"' in swapped.text and "Question 2 of 3" in swapped.text
    assert 'hx-swap-oob="true"' not in swapped.text.split('id="card"')[0][-80:]
    assert 'hx-swap-oob="innerHTML">Answer saved.</p>' in swapped.text
    assert "Right!" not in swapped.text and "Not quite." not in swapped.text
    assert plain.status_code == 302 and plain["Location"] == question_url(attempt, 2)


def test_at_the_end_an_answered_question_shows_the_choice_and_can_change_it(client):
    attempt = start(client, picked_quiz_set(feedback_mode="end"))
    right, wrong = right_and_wrong(attempt)
    answer(client, attempt, 1, wrong, htmx=False)
    item = selectors.attempt_item(attempt=attempt, position=1)
    chosen = selectors.shown_choices(item)[int(wrong)]

    page = client.get(question_url(attempt)).text

    assert f"Your answer: <strong>{chosen.text}</strong>" in page
    assert re.search(rf'value="{wrong}"[^>]*checked', page)
    assert "Change my answer" in page
    assert "Not quite." not in page and "is-correct" not in page

    changed = answer(client, attempt, 1, right, htmx=False)

    assert changed.status_code == 302
    stored = Answer.objects.get(attempt=attempt)
    assert stored.is_correct and Answer.objects.filter(attempt=attempt).count() == 1
    assert Attempt.objects.get(pk=attempt.pk).correct_count == 1


def test_at_the_end_the_last_answer_stays_with_hand_in(client):
    attempt = start(client, picked_quiz_set(questions=2, feedback_mode="end"))
    for number in (1, 2):
        right, _ = right_and_wrong(attempt, number)
        response = answer(client, attempt, number, right)

    assert "Question 2 of 2" in response.text and "Hand in" in response.text
    assert url("quizzes:finish", public_id=attempt.public_id) in response.text
    assert not PracticeCard.objects.exists()

    client.post(url("quizzes:finish", public_id=attempt.public_id))
    late = answer(client, attempt, 1, right_and_wrong(attempt)[1])

    assert late.status_code == 409
    assert PracticeCard.objects.filter(learner=attempt.learner).count() == 2
    assert Answer.objects.filter(attempt=attempt, is_correct=True).count() == 2


def test_a_chronology_at_the_end_shows_the_order_given(client):
    attempt = start(client, picked_quiz_set(questions=0, chronology=1, feedback_mode="end"))
    item = selectors.attempt_item(attempt=attempt, position=1)
    shown = [c.text for c in selectors.shown_choices(item)]
    # Give the shown order reversed: the page must list it so.
    data = {f"rank-{i}": str(len(shown) - i) for i in range(len(shown))}
    client.post(question_url(attempt, name="quizzes:answer"), data)

    page = client.get(question_url(attempt)).text

    names = re.findall(r'<span class="event-name">([^<]+)</span>', page)
    assert names == list(reversed(shown))
    assert "Your order is saved" in page


# The result page ---------------------------------------------------------------------------


def _finish_twelve(client):
    """Take the shipped 12-question quiz: right on odd questions, wrong on even ones."""
    attempt = start(client, QuizSet.objects.get(slug="road-to-the-entente"))
    wrong_positions = []
    for number in range(1, attempt.question_total + 1):
        item = selectors.attempt_item(attempt=attempt, position=number)
        if item.question.kind == "chronology":
            # Shown order is never the order in time: a mistake.
            data = {f"rank-{i}": str(i + 1) for i in range(len(item.choice_order))}
            client.post(question_url(attempt, number, "quizzes:answer"), data)
            wrong_positions.append(number)
            continue
        if item.question.kind in ("timeline", "year"):
            question = item.question
            # The strip's first year is never the right one of an event after it.
            year = question.answer_year if number % 2 else question.answer_year - 1
            data = {"year": str(year)}
            if question.answer_month:
                data["month"] = str(question.answer_month)
            if not (number % 2 or question.year_from is None or year >= question.year_from):
                data["year"] = str(question.answer_year + 1)
            client.post(question_url(attempt, number, "quizzes:answer"), data)
            if not number % 2:
                wrong_positions.append(number)
            continue
        right, wrong = right_and_wrong(attempt, number)
        answer(client, attempt, number, right if number % 2 else wrong, htmx=False)
        if not number % 2:
            wrong_positions.append(number)
    client.post(url("quizzes:finish", public_id=attempt.public_id))
    return attempt, wrong_positions


def test_the_result_shows_the_score_and_the_result_per_topic(client, question_bank):
    attempt, wrong = _finish_twelve(client)

    response = client.get(url("quizzes:result", public_id=attempt.public_id))

    text = response.text
    total = attempt.question_total
    assert f"{total - len(wrong)} of {total} right" in text
    assert text.index('class="score"') < text.index("By topic") < text.index("Review")
    items = AttemptQuestion.objects.filter(attempt=attempt).select_related("question")
    for kind in {i.question.get_kind_display() for i in items}:
        assert f"Kind: {kind}" in text
    years = {
        min(e.start_date.year for e in i.question.events.all())
        for i in items
        if i.question.events.exists()
    }
    for year in years:
        assert f"Year: {year}" in text
    assert len(response.content) < 60 * 1024


def test_the_result_quotes_each_source_once_behind_a_tap(client, question_bank):
    attempt, _ = _finish_twelve(client)

    text = client.get(url("quizzes:result", public_id=attempt.public_id)).text

    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", text, re.S)
    assert quotes and len(quotes) == len(set(quotes))
    assert "quoted above" in text
    # Every quote sits inside a folded <details>.
    for part in text.split("<blockquote>")[1:]:
        assert part.index("</details>") < part.index("<details") if "<details" in part else True
    assert text.count('<details class="sources">') == attempt.question_total


def test_only_my_mistakes_works_as_a_plain_link(client, question_bank):
    attempt, wrong = _finish_twelve(client)
    result_url = url("quizzes:result", public_id=attempt.public_id)

    everything = client.get(result_url).text
    mistakes = client.get(result_url + "?show=mistakes").text

    assert f'href="{result_url}?show=mistakes"' in everything
    assert f"Only my mistakes ({len(wrong)})" in everything
    shown = [int(n) for n in re.findall(r'<li class="[a-z]+" value="(\d+)">', mistakes)]
    assert shown == wrong
    assert f'href="{result_url}"' in mistakes


def test_practise_my_mistakes_starts_a_practice_of_the_questions_got_wrong(client, question_bank):
    attempt, wrong = _finish_twelve(client)
    result = client.get(url("quizzes:result", public_id=attempt.public_id)).text
    action = url("quizzes:practice_mistakes", public_id=attempt.public_id)
    assert f'action="{action}"' in result and "Practise my mistakes" in result

    response = client.post(action)
    again = client.post(action)

    practice = Attempt.objects.filter(kind=Attempt.Kind.PRACTICE).get()
    assert response.status_code == again.status_code == 302
    assert response["Location"] == again["Location"] == question_url(practice)
    expected = set(
        AttemptQuestion.objects.filter(attempt=attempt, position__in=wrong).values_list(
            "question_id", flat=True
        )
    )
    assert set(practice.items.values_list("question_id", flat=True)) == expected
    assert client.get(action).status_code == 405


def test_someone_else_cannot_practise_my_mistakes(client):
    attempt = start(client, picked_quiz_set())
    client.post(url("quizzes:finish", public_id=attempt.public_id))
    client.cookies.clear()

    response = client.post(url("quizzes:practice_mistakes", public_id=attempt.public_id))

    assert response.status_code == 404
    assert not Attempt.objects.filter(kind=Attempt.Kind.PRACTICE).exists()


def test_a_result_without_mistakes_offers_no_mistake_practice(client):
    attempt = start(client, picked_quiz_set(questions=1))
    answer(client, attempt, 1, right_and_wrong(attempt)[0], htmx=False)
    client.post(url("quizzes:finish", public_id=attempt.public_id))

    result = client.get(url("quizzes:result", public_id=attempt.public_id)).text
    refused = client.post(url("quizzes:practice_mistakes", public_id=attempt.public_id))

    assert "Practise my mistakes" not in result
    assert refused.status_code == 403 and "no mistakes" in refused.text


def test_the_result_page_speaks_latvian_in_its_new_parts(client, question_bank):
    attempt, _ = _finish_twelve(client)

    text = client.get(url("quizzes:result", "lv", public_id=attempt.public_id)).text

    for phrase in ("Pa tēmām", "Atkārtot manas kļūdas", "Tikai manas kļūdas", "Veids:", "Gads:"):
        assert phrase in text
