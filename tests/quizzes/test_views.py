"""The quiz pages, with and without HTMX, and what they refuse."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from quizzes import selectors, services
from quizzes.models import Answer, Attempt, Choice, Learner
from tests.quizzes.factories import LearnerFactory, UserFactory, picked_quiz_set

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def start(client, quiz_set) -> Attempt:
    response = client.post(url("quizzes:start", slug=quiz_set.slug))
    assert response.status_code == 302
    return Attempt.objects.latest("started_at")


def question_url(attempt: Attempt, number: int = 1, name: str = "quizzes:question") -> str:
    return url(name, public_id=attempt.public_id, number=number)


def right_and_wrong(attempt: Attempt, number: int = 1) -> tuple[str, str]:
    item = selectors.attempt_item(attempt=attempt, position=number)
    flags = [c.is_correct for c in selectors.shown_choices(item)]
    return str(flags.index(True)), str(flags.index(False))


def test_the_quiz_list_shows_open_quizzes_with_my_best_score_and_attempts_left(client):
    quiz_set = picked_quiz_set(attempts_allowed=3, title_en="Treaty quiz")
    picked_quiz_set(is_published=False, title_en="Draft quiz")
    attempt = start(client, quiz_set)
    right, _ = right_and_wrong(attempt)
    client.post(question_url(attempt, name="quizzes:answer"), {"choice": right})
    client.post(url("quizzes:finish", public_id=attempt.public_id))

    response = client.get(url("quizzes:list"))

    assert response.status_code == 200
    assert "Treaty quiz" in response.text
    assert "Draft quiz" not in response.text
    assert "your best: 33 %" in response.text
    assert "2 attempts left" in response.text
    assert "3 questions" in response.text


def test_starting_is_a_post_and_leads_to_the_first_question(client):
    quiz_set = picked_quiz_set()

    assert client.get(url("quizzes:start", slug=quiz_set.slug)).status_code == 405
    response = client.post(url("quizzes:start", slug=quiz_set.slug), follow=True)

    # Straight there: no stop at the attempt's own address on the way.
    assert len(response.redirect_chain) == 1
    assert response.redirect_chain[-1][0].endswith("/1/")
    assert "Question 1 of 3" in response.text


def test_starting_again_resumes_at_the_first_question_not_answered(client):
    quiz_set = picked_quiz_set()
    attempt = start(client, quiz_set)
    right, _ = right_and_wrong(attempt)
    client.post(question_url(attempt, name="quizzes:answer"), {"choice": right})

    response = client.post(url("quizzes:start", slug=quiz_set.slug))

    assert Attempt.objects.count() == 1
    assert response["Location"] == question_url(attempt, 2)


def test_an_unpublished_quiz_cannot_be_started(client):
    quiz_set = picked_quiz_set(is_published=False)

    assert client.post(url("quizzes:start", slug=quiz_set.slug)).status_code == 404


def test_a_used_up_quiz_says_why_it_cannot_be_started(client):
    quiz_set = picked_quiz_set(attempts_allowed=1)
    attempt = start(client, quiz_set)
    client.post(url("quizzes:finish", public_id=attempt.public_id))

    response = client.post(url("quizzes:start", slug=quiz_set.slug))

    assert response.status_code == 403
    assert "used all the attempts" in response.text


def test_the_question_page_does_not_give_the_answer_away(client):
    attempt = start(client, picked_quiz_set())
    item = selectors.attempt_item(attempt=attempt, position=1)
    before = client.get(question_url(attempt)).text

    # Move the right answer to another choice: the page must not change at all.
    choices = selectors.shown_choices(item)
    Choice.objects.filter(question=item.question).update(is_correct=False)
    Choice.objects.filter(pk=choices[-1].pk).update(is_correct=True)
    cache.clear()  # update() saves nothing the cache would notice: read the choices afresh
    after = client.get(question_url(attempt)).text

    strip_csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')
    assert strip_csrf.sub("", before) == strip_csrf.sub("", after)
    assert item.question.explanation not in before
    assert re.findall(r'name="choice" value="(\d+)"', before) == ["0", "1", "2"]


def test_an_htmx_answer_swaps_in_feedback_with_the_source_and_the_progress(client):
    attempt = start(client, picked_quiz_set())
    right, _ = right_and_wrong(attempt)

    response = client.post(question_url(attempt, name="quizzes:answer"), {"choice": right}, **HTMX)

    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Right!" in response.text
    assert "Because the article says so." in response.text
    assert 'id="progress" class="progress" hx-swap-oob="true"' in response.text
    assert 'value="1"' in response.text and "1 of 3 answered" in response.text
    assert 'id="card" class="card" hx-swap-oob="true"' in response.text
    assert response["Vary"].count("HX-Request")


def test_without_javascript_an_answer_redirects_to_the_question_with_its_feedback(client):
    attempt = start(client, picked_quiz_set())
    _, wrong = right_and_wrong(attempt)

    response = client.post(question_url(attempt, name="quizzes:answer"), {"choice": wrong})

    assert response.status_code == 302
    assert response["Location"] == question_url(attempt)
    page = client.get(response["Location"])
    assert "Not quite." in page.text
    assert ">your answer<" in page.text and ">right answer<" in page.text
    assert 'href="/en/attempts/' in page.text and "Next question" in page.text


def test_answering_twice_gives_the_same_feedback_and_counts_once(client):
    attempt = start(client, picked_quiz_set())
    right, wrong = right_and_wrong(attempt)
    answer_url = question_url(attempt, name="quizzes:answer")

    first = client.post(answer_url, {"choice": wrong}, **HTMX)
    second = client.post(answer_url, {"choice": right}, **HTMX)

    assert second.status_code == 200
    assert "Not quite." in first.text and "Not quite." in second.text
    assert Answer.objects.filter(attempt=attempt).count() == 1


@pytest.mark.parametrize("data", [{}, {"choice": "7"}, {"choice": "-1"}, {"choice": "x"}])
def test_a_bad_choice_gets_a_400_and_stores_nothing(client, data):
    attempt = start(client, picked_quiz_set())

    plain = client.post(question_url(attempt, name="quizzes:answer"), data)
    htmx = client.post(question_url(attempt, name="quizzes:answer"), data, **HTMX)

    assert plain.status_code == htmx.status_code == 400
    assert "Choose one of the answers" in plain.text
    assert htmx["HX-Retarget"] == "#card" and htmx["HX-Reswap"] == "outerHTML"
    assert not Answer.objects.exists()


def test_a_chronology_with_a_repeated_place_is_refused(client):
    attempt = start(client, picked_quiz_set(questions=0, chronology=1))

    response = client.post(
        question_url(attempt, name="quizzes:answer"), {"rank-0": 1, "rank-1": 1, "rank-2": 2}
    )

    assert response.status_code == 400
    assert "different place" in response.text
    # The message names the place given twice and the two events that share it.
    item = selectors.attempt_item(attempt=attempt, position=1)
    first, second = (c.text for c in selectors.shown_choices(item)[:2])
    assert escape(f"“{first}” and “{second}” both have place 1.") in response.text
    assert not Answer.objects.exists()


def test_a_chronology_answered_in_time_order_is_right(client):
    attempt = start(client, picked_quiz_set(questions=0, chronology=1))
    item = selectors.attempt_item(attempt=attempt, position=1)
    ranks = {f"rank-{i}": c.rank for i, c in enumerate(selectors.shown_choices(item))}

    response = client.post(question_url(attempt, name="quizzes:answer"), ranks, **HTMX)

    assert "Right!" in response.text
    assert Answer.objects.get().is_correct


@pytest.mark.parametrize("owner_kind", ["account", "anonymous"])
@pytest.mark.parametrize("visitor_has_learner", [True, False])
def test_a_signed_in_learner_cannot_see_or_change_anyone_elses_attempt(
    client, owner_kind, visitor_has_learner
):
    owner = LearnerFactory(user=UserFactory()) if owner_kind == "account" else LearnerFactory()
    attempt = services.attempt_start(learner=owner, quiz_set=picked_quiz_set())
    right, _ = right_and_wrong(attempt)
    visitor = UserFactory()
    client.force_login(visitor)
    if visitor_has_learner:
        start(client, picked_quiz_set())  # the visitor's own learner, with an attempt of its own

    pages = [
        client.get(question_url(attempt)),
        client.post(question_url(attempt, name="quizzes:answer"), {"choice": right}),
        client.post(question_url(attempt, name="quizzes:answer"), {"choice": right}, **HTMX),
        client.get(url("quizzes:attempt", public_id=attempt.public_id)),
        client.post(url("quizzes:finish", public_id=attempt.public_id)),
        client.get(url("quizzes:result", public_id=attempt.public_id)),
    ]

    assert [page.status_code for page in pages] == [404] * len(pages)
    assert not Answer.objects.filter(attempt=attempt).exists()
    attempt.refresh_from_db()
    assert not attempt.is_finished and attempt.answered_count == 0


def test_a_signed_in_learner_reaches_and_answers_their_own_attempt(client):
    user = UserFactory()
    client.force_login(user)
    attempt = start(client, picked_quiz_set())
    right, _ = right_and_wrong(attempt)

    page = client.get(question_url(attempt))
    answer = client.post(question_url(attempt, name="quizzes:answer"), {"choice": right})

    assert attempt.learner.user == user
    assert page.status_code == 200 and answer.status_code == 302
    assert Answer.objects.get(attempt=attempt).is_correct


def test_someone_elses_attempt_is_not_found_and_unchanged(client):
    owner = LearnerFactory()
    attempt = services.attempt_start(learner=owner, quiz_set=picked_quiz_set())
    right, _ = right_and_wrong(attempt)
    start(client, picked_quiz_set())  # the client has a learner of its own

    assert client.get(question_url(attempt)).status_code == 404
    answer = client.post(question_url(attempt, name="quizzes:answer"), {"choice": right})
    finish = client.post(url("quizzes:finish", public_id=attempt.public_id))
    result = client.get(url("quizzes:result", public_id=attempt.public_id))

    assert answer.status_code == finish.status_code == result.status_code == 404
    assert not Answer.objects.filter(attempt=attempt).exists()
    attempt.refresh_from_db()
    assert not attempt.is_finished


def test_a_finished_attempt_refuses_answers_with_409(client):
    attempt = start(client, picked_quiz_set())
    right, _ = right_and_wrong(attempt)
    client.post(url("quizzes:finish", public_id=attempt.public_id))

    response = client.post(question_url(attempt, name="quizzes:answer"), {"choice": right}, **HTMX)

    assert response.status_code == 409
    assert "finished" in response.text
    assert not Answer.objects.exists()


def test_when_time_is_up_answers_are_refused_and_the_result_says_so(client):
    attempt = start(client, picked_quiz_set(time_limit_minutes=1))
    right, _ = right_and_wrong(attempt)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))

    response = client.post(question_url(attempt, name="quizzes:answer"), {"choice": right})

    assert response.status_code == 409
    assert "Time is up" in response.text
    result = client.get(url("quizzes:result", public_id=attempt.public_id))
    assert "time ran out" in result.text
    assert client.get(question_url(attempt)).status_code == 302


def test_a_question_number_outside_the_attempt_is_not_found(client):
    attempt = start(client, picked_quiz_set())

    assert client.get(question_url(attempt, 4)).status_code == 404
    assert (
        client.post(question_url(attempt, 4, "quizzes:answer"), {"choice": 0}).status_code == 404
    )


def test_feedback_at_the_end_shows_nothing_until_the_attempt_is_handed_in(client):
    attempt = start(client, picked_quiz_set(feedback_mode="end"))
    right, _ = right_and_wrong(attempt)

    response = client.post(question_url(attempt, name="quizzes:answer"), {"choice": right}, **HTMX)
    page = client.get(question_url(attempt))

    for text in (response.text, page.text):
        assert "Right!" not in text and "Not quite." not in text
        assert "Because the article says so." not in text
        assert "correct answer" not in text
    assert "1 right" not in response.text and "1 of 3 answered" in response.text


def test_the_result_page_scores_reviews_and_offers_another_try(client):
    attempt = start(client, picked_quiz_set(pass_mark=30))
    right, _ = right_and_wrong(attempt)
    client.post(question_url(attempt, name="quizzes:answer"), {"choice": right})

    unfinished = client.get(url("quizzes:result", public_id=attempt.public_id))
    client.post(url("quizzes:finish", public_id=attempt.public_id))
    result = client.get(url("quizzes:result", public_id=attempt.public_id))

    assert unfinished.status_code == 302
    assert "1 of 3 right (33 %)" in result.text
    assert "Passed (pass mark 30 %)" in result.text
    assert result.text.count("Not answered.") == 2
    assert "Try again" in result.text
    assert result.text.count("Because the article says so.") == 3


def test_the_result_page_speaks_latvian(client):
    attempt = start(client, picked_quiz_set())
    client.post(url("quizzes:finish", public_id=attempt.public_id))

    result = client.get(url("quizzes:result", "lv", public_id=attempt.public_id))

    assert result.status_code == 200
    assert re.search(r"Jautājums \d+\?", result.text)
    assert 'lang="lv"' in result.text
    # The interface itself is Latvian, not only the questions' stored text.
    assert "Pārskats" in result.text
    assert result.text.count("Nav atbildēts.") == attempt.question_total
    assert "Not answered." not in result.text and "Review" not in result.text


def test_the_review_of_an_unanswered_chronology_says_so_and_gives_the_order_in_time(client):
    attempt = start(client, picked_quiz_set(questions=0, chronology=1))
    client.post(url("quizzes:finish", public_id=attempt.public_id))

    result = client.get(url("quizzes:result", public_id=attempt.public_id))

    item = selectors.attempt_item(attempt=attempt, position=1)
    in_time = sorted(selectors.shown_choices(item), key=lambda c: c.rank)
    assert "Not answered." in result.text
    assert "Your order:" not in result.text
    order = re.search(r"The order in time: <strong>(.*?)</strong>", result.text).group(1)
    assert order == " → ".join(c.text for c in in_time)


def test_my_progress_shows_scores_over_time_and_the_weakest_topics_first(client):
    quiz_set = picked_quiz_set(title_en="Treaty quiz")
    for _ in range(2):
        attempt = start(client, quiz_set)
        right, _ = right_and_wrong(attempt)
        client.post(question_url(attempt, name="quizzes:answer"), {"choice": right})
        client.post(url("quizzes:finish", public_id=attempt.public_id))
    chronology = start(client, picked_quiz_set(questions=0, chronology=1))
    item = selectors.attempt_item(attempt=chronology, position=1)
    backwards = {f"rank-{i}": 4 - c.rank for i, c in enumerate(selectors.shown_choices(item))}
    client.post(question_url(chronology, name="quizzes:answer"), backwards)

    response = client.get(url("quizzes:progress"))

    assert response.status_code == 200
    assert "Treaty quiz" in response.text
    assert response.text.count("<circle") == 2
    mastery = response.context["mastery"]
    assert [m.percent for m in mastery] == sorted(m.percent for m in mastery)
    assert mastery[0].label == "chronology" and mastery[0].percent == 0


def test_my_progress_is_empty_for_a_new_visitor(client):
    response = client.get(url("quizzes:progress"))

    assert response.status_code == 200
    assert "No quiz finished yet" in response.text
    assert not Learner.objects.exists()


def test_practice_starts_from_the_practice_page(client):
    picked_quiz_set()

    page = client.get(url("quizzes:practice"))
    response = client.post(url("quizzes:practice_start"))

    assert "3 not seen yet" in page.text
    attempt = Attempt.objects.get()
    assert attempt.kind == Attempt.Kind.PRACTICE
    assert response["Location"] == question_url(attempt)


def test_signing_up_keeps_the_anonymous_progress(client):
    attempt = start(client, picked_quiz_set())
    right, _ = right_and_wrong(attempt)
    client.post(question_url(attempt, name="quizzes:answer"), {"choice": right})

    response = client.post(
        url("signup"),
        {
            "username": "liga",
            "email": "liga@example.com",
            "password1": "Baltic-entente-1934",
            "password2": "Baltic-entente-1934",
        },
    )

    assert response.status_code == 302
    learner = Learner.objects.get(user__username="liga")
    assert list(learner.attempts.all()) == [attempt]
    assert client.get(question_url(attempt)).status_code == 200


def test_logging_in_adds_the_anonymous_progress_to_the_account(client):
    user = UserFactory()
    earlier = services.attempt_start(
        learner=services.learner_for_user(user=user), quiz_set=picked_quiz_set()
    )
    anonymous_attempt = start(client, picked_quiz_set())

    client.post(url("login"), {"username": user.username, "password": "correct horse battery"})

    learner = Learner.objects.get(user=user)
    assert set(learner.attempts.all()) == {earlier, anonymous_attempt}
    assert Learner.objects.count() == 1


def test_signing_up_with_bad_data_explains_and_creates_nothing(client):
    response = client.post(
        url("signup"), {"username": "x", "email": "no", "password1": "a", "password2": "b"}
    )

    assert response.status_code == 400
    assert "errorlist" in response.text
    assert not Learner.objects.exists()


@pytest.mark.parametrize("language", ["en", "lv"])
@pytest.mark.parametrize(
    "name", ["login", "signup", "password_reset", "quizzes:list", "quizzes:practice"]
)
def test_account_and_quiz_pages_open_in_both_languages(client, language, name):
    response = client.get(url(name, language))

    assert response.status_code == 200
    assert f'lang="{language}"' in response.text


def test_a_forgotten_password_is_reset_by_email(client):
    user = UserFactory(email="liga@example.com")

    client.post(url("password_reset"), {"email": "liga@example.com"})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Riga-1934-treaty", "new_password2": "Riga-1934-treaty"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Riga-1934-treaty")


def test_password_change_needs_an_account(client):
    response = client.get(url("password_change"))

    assert response.status_code == 302
    assert response["Location"].startswith(url("login"))


# Query budgets: the same small number whatever the size of the quiz or the history.


def _queries(client, method: str, path: str, data=None, **extra) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, data or {}, **extra)
    assert response.status_code in (200, 302)
    return len(captured)


def _measure(client, questions: int, past_attempts: int) -> dict[str, int]:
    user = UserFactory()
    client.force_login(user)
    learner = services.learner_for_user(user=user)
    quiz_set = picked_quiz_set(questions=questions, chronology=1)
    for _ in range(past_attempts):
        old = services.attempt_start(learner=learner, quiz_set=quiz_set)
        item = selectors.attempt_item(attempt=old, position=1)
        services.answer_submit(attempt=old, item=item, choice_index=0)
        services.attempt_finish(attempt=old)
    attempt = services.attempt_start(learner=learner, quiz_set=quiz_set)
    right, _ = right_and_wrong(attempt)
    counts = {
        "question": _queries(client, "get", question_url(attempt)),
        "answer": _queries(
            client, "post", question_url(attempt, name="quizzes:answer"), {"choice": right}, **HTMX
        ),
        "answered question": _queries(client, "get", question_url(attempt)),
    }
    services.attempt_finish(attempt=attempt)
    counts["result"] = _queries(client, "get", url("quizzes:result", public_id=attempt.public_id))
    counts["progress"] = _queries(client, "get", url("quizzes:progress"))
    counts["list"] = _queries(client, "get", url("quizzes:list"))
    client.logout()
    # The list counts each open set's pool; keep one open set per measure.
    quiz_set.is_published = False
    quiz_set.save()
    return counts


def test_query_counts_do_not_grow_with_the_quiz_or_the_history(client):
    small = _measure(client, questions=5, past_attempts=1)
    large = _measure(client, questions=50, past_attempts=100)

    assert small == large, f"{small} != {large}"
    # Signed in: session, user and learner come first; savepoints count in tests.
    assert small["question"] <= 6
    assert small["answered question"] <= 7
    # The answer's response carries the next question: two reads more than answering alone,
    # and no page to GET before the next answer.
    assert small["answer"] <= 14
    assert small["result"] <= 9
    assert small["progress"] <= 12
    assert small["list"] <= 7


def test_an_anonymous_learner_answers_in_a_few_queries_and_no_session_read(client):
    attempt = start(client, picked_quiz_set(feedback_mode="end"))
    right, _ = right_and_wrong(attempt)
    cache.clear()  # no question read yet

    with CaptureQueriesContext(connection) as first:
        client.get(question_url(attempt))
    with CaptureQueriesContext(connection) as shown:
        client.get(question_url(attempt))
    right_and_wrong(attempt, 2)  # the next question has been read by someone
    with CaptureQueriesContext(connection) as answered:
        client.post(question_url(attempt, name="quizzes:answer"), {"choice": right}, **HTMX)

    for captured in (first, shown, answered):
        assert not any("django_session" in q["sql"] for q in captured.captured_queries)
    # drawn question with its attempt, the answer given; what is the same for everyone (its
    # choices, its source paragraphs: none here, so no quotes) is read at the first view and
    # then comes from the cache
    assert len(shown) == 2
    assert len(first) == len(shown) + 2
    # this question and the next, which the response carries, in one query; then in one
    # transaction: count it, store it (its box moves at hand-in)
    assert len(answered) <= 5, [q["sql"] for q in answered.captured_queries]


def test_signing_out_leaves_nothing_for_the_next_person_at_the_browser(client):
    attempt = start(client, picked_quiz_set())
    client.post(
        url("signup"),
        {
            "username": "liga",
            "email": "liga@example.com",
            "password1": "Baltic-entente-1934",
            "password2": "Baltic-entente-1934",
        },
    )

    client.post(url("logout"))

    assert client.get(question_url(attempt)).status_code == 404
    assert "No quiz finished yet" in client.get(url("quizzes:progress")).text


def test_a_made_up_learner_cookie_is_ignored(client):
    quiz_set = picked_quiz_set()
    client.cookies["learner"] = "not-a-token"

    assert client.get(url("quizzes:list")).status_code == 200
    attempt = start(client, quiz_set)
    assert client.get(question_url(attempt)).status_code == 200
