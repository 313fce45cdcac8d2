"""The student's loop in a real browser: on a phone, one request per answer, changing answers
until hand-in, practising mistakes, without JavaScript, and screenshots of each step."""

import json
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from quizzes.models import Answer, Attempt, AttemptQuestion, PracticeCard, Question, QuizSet
from tests.browser.test_quiz import TREATY_TITLE, _answer_chronology, _drawn, _start

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def _attempt_requests(page: Page) -> list[tuple[str, str]]:
    """Record every request the page makes to an attempt's addresses from now on."""
    seen: list[tuple[str, str]] = []
    page.on("request", lambda r: seen.append((r.method, r.url)) if "/attempts/" in r.url else None)
    return seen


def _answer(page: Page, public_id: str, number: int, *, right: bool) -> bool:
    """Answer the question on screen; return whether the answer given is right."""
    drawn = _drawn(public_id, number)
    if drawn.is_chronology:
        is_right = _answer_chronology(page, drawn, right=right)
    else:
        text = drawn.correct_text if right else drawn.wrong_text
        page.locator("#card").get_by_role("radio", name=text, exact=True).check()
        is_right = right
    page.locator("#card").get_by_role("button", name="Answer", exact=True).click()
    return is_right


def _end_quiz(slug: str = "places-at-the-end") -> QuizSet:
    """A published quiz of three place questions with feedback at the end."""
    assert Question.objects.in_use().filter(kind=Question.Kind.PLACE).count() >= 3
    return QuizSet.objects.create(
        slug=slug,
        title_en="Places, marked at the end",
        title_lv="Vietas, vērtējums beigās",
        mode=QuizSet.Mode.RULE,
        question_kinds=[Question.Kind.PLACE],
        question_count=3,
        shuffle_questions=False,
        feedback_mode=QuizSet.Feedback.END,
        is_published=True,
    )


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_each_answer_is_one_request_and_next_is_on_the_first_screen(
    live_server, browser: Browser, question_bank
):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        public_id = _start(page, live_server.url, TREATY_TITLE)
        total = Attempt.objects.get(public_id=public_id).question_total
        requests = _attempt_requests(page)
        page.evaluate("window.__marker = 1")

        for number in range(1, total + 1):
            expect(page.locator("#card .step")).to_have_text(f"Question {number} of {total}")
            expect(page).to_have_url(re.compile(rf"/attempts/{public_id}/{number}/$"))
            _answer(page, public_id, number, right=number % 2 == 1)
            expect(page.locator("#feedback h2")).to_contain_text(re.compile(r"Right!|Not quite"))
            name = "Next question" if number < total else "See your result"
            role = "link" if number < total else "button"
            following = page.locator("#feedback").get_by_role(role, name=name)
            expect(following).to_be_focused()
            # Inside the first screen of the page, not merely scrolled into view.
            box = following.bounding_box()
            top = box["y"] + page.evaluate("window.scrollY")
            assert top + box["height"] <= PHONE["height"], f"question {number}: {top} px down"
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            if number == 1:
                # The quotes of the sources come when the learner opens them, once.
                sources = page.locator("#feedback details.sources")
                expect(sources.locator("blockquote")).to_have_count(0)
                sources.locator("summary").click()
                expect(sources.locator("blockquote").first).to_be_visible()
                following.focus()
            if number < total:
                following.click()

        assert page.evaluate("window.__marker") == 1, "the loop reloaded the page"
        answers = [r for r in requests if r[1].endswith("/answer/")]
        assert len(answers) == total and all(method == "POST" for method, _ in answers)
        quotes = [r for r in requests if r[1].endswith("/sources/")]
        assert quotes == [("GET", f"{live_server.url}/en/attempts/{public_id}/1/sources/")]
        assert [r for r in requests if r not in quotes] == answers, f"besides: {requests}"
        assert Answer.objects.filter(attempt__public_id=public_id).count() == total

        # Back goes to the question before, which shows its feedback.
        page.go_back()
        expect(page).to_have_url(re.compile(rf"/attempts/{public_id}/{total - 1}/$"))
        expect(page.locator("#card .step")).to_have_text(f"Question {total - 1} of {total}")
        expect(page.locator("#feedback h2")).to_be_visible()
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_at_the_end_answers_move_on_and_can_be_changed_until_hand_in(
    live_server, page: Page, question_bank, screenshot_dir
):
    quiz = _end_quiz()
    public_id = _start(page, live_server.url, quiz.title_en)
    requests = _attempt_requests(page)
    page.evaluate("window.__marker = 1")

    first = _drawn(public_id, 1)
    _answer(page, public_id, 1, right=False)
    # Straight on to the next question, with no verdict and no second request.
    expect(page).to_have_url(re.compile(rf"/attempts/{public_id}/2/$"))
    expect(page.locator("#card .step")).to_have_text("Question 2 of 3")
    expect(page.locator("#feedback")).to_be_empty()
    expect(page.locator("#verdict-live")).to_have_text("Answer saved.")
    expect(page.locator("#prompt")).to_be_focused()
    assert len(requests) == 1 and requests[0][0] == "POST"

    page.get_by_role("link", name="Previous question").click()
    expect(page.locator(".saved")).to_contain_text(f"Your answer: {first.wrong_text}")
    expect(page.get_by_role("radio", name=first.wrong_text, exact=True)).to_be_checked()
    page.screenshot(path=screenshot_dir / "loop_change_answer_en_1280.png", full_page=True)
    page.get_by_role("radio", name=first.correct_text, exact=True).check()
    page.get_by_role("button", name="Change my answer").click()
    expect(page).to_have_url(re.compile(rf"/attempts/{public_id}/2/$"))

    _answer(page, public_id, 2, right=True)
    expect(page).to_have_url(re.compile(rf"/attempts/{public_id}/3/$"))
    _answer(page, public_id, 3, right=False)
    expect(page.locator("#card .step")).to_have_text("Question 3 of 3")
    expect(page.locator(".saved")).to_contain_text(_drawn(public_id, 3).wrong_text)
    page.screenshot(path=screenshot_dir / "loop_hand_in_en_1280.png", full_page=True)
    assert not PracticeCard.objects.exists(), "cards move at hand-in"

    page.get_by_role("button", name="Hand in", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/attempts/{public_id}/result/$"))
    expect(page.locator(".result-summary .score")).to_have_text("2 of 3 right (67 %)")
    attempt = Attempt.objects.get(public_id=public_id)
    assert Answer.objects.filter(attempt=attempt).count() == 3
    cards = PracticeCard.objects.filter(learner=attempt.learner)
    assert sorted((c.right, c.wrong) for c in cards) == [(0, 1), (1, 0), (1, 0)]


@pytest.mark.django_db(transaction=True)
def test_the_result_filters_my_mistakes_and_practises_them(live_server, page: Page, question_bank):
    quiz = _end_quiz()
    public_id = _start(page, live_server.url, quiz.title_en)
    for number in (1, 2, 3):
        _answer(page, public_id, number, right=number != 2)
        if number < 3:
            expect(page).to_have_url(re.compile(rf"/{number + 1}/$"))
    wrong_prompt = _prompt(public_id, 2)
    page.get_by_role("button", name="Hand in", exact=True).click()

    review = page.locator("ol.review > li")
    expect(review).to_have_count(3)
    page.get_by_role("link", name="Only my mistakes (1)").click()
    expect(page).to_have_url(re.compile(r"\?show=mistakes$"))
    expect(review).to_have_count(1)
    expect(review.locator("h3")).to_contain_text(wrong_prompt)
    expect(review.locator(".sources blockquote").first).to_be_hidden()
    review.locator("details.sources summary").click()
    expect(review.locator(".sources blockquote").first).to_be_visible()

    page.get_by_role("button", name="Practise my mistakes").click()
    expect(page).to_have_url(re.compile(r"/attempts/[0-9a-f-]{36}/1/$"))
    expect(page.locator(".quiz-title")).to_have_text("Practice")
    expect(page.locator("#card .step")).to_have_text("Question 1 of 1")
    expect(page.locator("#prompt")).to_have_text(wrong_prompt)


def _place_year(page: Page, public_id: str, position: int, *, right: bool) -> None:
    """Answer a typed-year or timeline question (its sliders: the script is on)."""
    question = AttemptQuestion.objects.get(
        attempt__public_id=public_id, position=position
    ).question
    year = question.answer_year
    if not right:
        year = year + 1 if question.year_to is None or year < question.year_to else year - 1
    if question.kind == "year":
        page.locator("#card input[name=year]").fill(str(year))
        return
    page.locator("#card [data-slider=year]").fill(str(year))
    if question.answer_month:
        page.locator("#card [data-slider=month]").fill(str(question.answer_month))


def _prompt(public_id: str, position: int) -> str:
    item = AttemptQuestion.objects.select_related("question").get(
        attempt__public_id=public_id, position=position
    )
    return item.question.prompt_en


@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_whole_loop_works_with_plain_forms_and_links(
    live_server, browser: Browser, question_bank
):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        quiz = _end_quiz()
        public_id = _start(page, live_server.url, quiz.title_en)
        first = _drawn(public_id, 1)
        _answer(page, public_id, 1, right=False)
        expect(page).to_have_url(re.compile(rf"/attempts/{public_id}/2/$"))
        page.get_by_role("link", name="Previous question").click()
        page.get_by_role("radio", name=first.correct_text, exact=True).check()
        page.get_by_role("button", name="Change my answer").click()
        expect(page).to_have_url(re.compile(rf"/attempts/{public_id}/2/$"))
        _answer(page, public_id, 2, right=False)
        _answer(page, public_id, 3, right=True)
        expect(page).to_have_url(re.compile(rf"/attempts/{public_id}/3/$"))
        page.get_by_role("button", name="Hand in", exact=True).click()
        expect(page.locator(".result-summary .score")).to_have_text("2 of 3 right (67 %)")

        page.get_by_role("link", name="Only my mistakes (1)").click()
        expect(page.locator("ol.review > li")).to_have_count(1)
        page.get_by_role("button", name="Practise my mistakes").click()
        expect(page.locator("#card .step")).to_have_text("Question 1 of 1")
        # Feedback after each answer, without JavaScript: post, redirect, read the verdict.
        _answer(page, page.url.split("/attempts/")[1].split("/")[0], 1, right=True)
        expect(page.locator("#feedback h2")).to_contain_text("Right!")
        expect(page.get_by_role("button", name="See your result")).to_be_visible()
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "lv"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_screenshots_of_the_loop_and_the_height_of_a_twelve_question_result(
    live_server, browser: Browser, question_bank, screenshot_dir, language, viewport
):
    context = browser.new_context(viewport=viewport)
    name = f"{language}_{viewport['width']}"
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/{language}/")
        page.screenshot(path=screenshot_dir / f"loop_home_{name}.png", full_page=True)
        home_bytes = len(page.content().encode())
        page.locator("form[action$='/road-to-the-entente/start/'] button").click()
        expect(page).to_have_url(re.compile(r"/attempts/[0-9a-f-]{36}/1/$"))
        public_id = re.search(r"/attempts/([0-9a-f-]{36})/", page.url)[1]
        total = Attempt.objects.get(public_id=public_id).question_total
        assert total == 12
        page.screenshot(path=screenshot_dir / f"loop_question_{name}.png", full_page=True)
        for number in range(1, total + 1):
            drawn = _drawn(public_id, number)
            # A chronology is answered as shown (never in time order), in either language.
            if drawn.kind in ("timeline", "year"):
                _place_year(page, public_id, number, right=number % 2 == 1)
            elif not drawn.is_chronology:
                index = [c.is_correct for c in drawn.shown].index(number % 2 == 1)
                page.locator(f"#card input[name=choice][value='{index}']").check()
            page.locator("#card button[type=submit]").click()
            expect(page.locator("#feedback h2")).to_be_visible()
            if number == 2:
                page.screenshot(path=screenshot_dir / f"loop_feedback_{name}.png")
            if number < total:
                page.locator("#feedback a[data-next]").click()
                expect(page.locator("#card .step")).to_contain_text(str(number + 1))
        page.locator("#feedback .next button").click()
        expect(page).to_have_url(re.compile(r"/result/$"))
        page.screenshot(path=screenshot_dir / f"loop_result_{name}.png", full_page=True)
        height = page.evaluate("document.documentElement.scrollHeight")
        measured = {
            "result_height_px": height,
            "result_bytes": len(page.content().encode()),
            "home_bytes": home_bytes,
        }
        (screenshot_dir / f"loop_measure_{name}.json").write_text(json.dumps(measured))
        assert measured["result_bytes"] < 60 * 1024 and home_bytes < 60 * 1024
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_an_answer_the_site_does_not_answer_says_so_and_can_be_sent_again(
    live_server, browser: Browser, question_bank
):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        public_id = _start(page, live_server.url, TREATY_TITLE)
        notice = page.locator("#send-error")
        expect(notice).to_be_hidden()
        # The site too busy to take it: what nginx answers when every app server is full.
        page.route("**/answer/", lambda route: route.fulfill(status=503, body="busy"))

        _answer(page, public_id, 1, right=True)

        expect(notice).to_be_visible()
        expect(notice).to_have_text(re.compile("The site did not answer"))
        expect(page.locator("#card .step")).to_have_text(re.compile("Question 1 of"))
        assert not Answer.objects.filter(attempt__public_id=public_id).exists()

        page.unroute("**/answer/")
        page.locator("#card").get_by_role("button", name="Answer", exact=True).click()

        expect(page.locator("#feedback .verdict")).to_be_visible()
        expect(notice).to_be_hidden()
        assert Answer.objects.filter(attempt__public_id=public_id).count() == 1
    finally:
        context.close()
