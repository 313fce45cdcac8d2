"""Taking quizzes in a real browser: htmx feedback, keyboard ordering, and no-JS fallback."""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Locator, Page, expect

from quizzes import selectors
from quizzes.models import Attempt, AttemptQuestion, Choice, Question, QuizSet

TREATY_TITLE = "The 1934 treaty"
# Plain groups: Playwright hands the pattern to JavaScript, which has no (?P<name>…).
ATTEMPT_URL = re.compile(r"/en/attempts/([0-9a-f-]{36})/(\d+)/$")

pytestmark = pytest.mark.browser


@dataclass
class DrawnQuestion:
    """What the database knows about the question a page shows."""

    kind: str
    shown: list[Choice]

    @property
    def is_chronology(self) -> bool:
        return self.kind == Question.Kind.CHRONOLOGY

    @property
    def correct_text(self) -> str:
        return next(c.text_en for c in self.shown if c.is_correct)

    @property
    def wrong_text(self) -> str:
        return next(c.text_en for c in self.shown if not c.is_correct)

    def rank_of(self, text: str) -> int:
        return next(c.rank for c in self.shown if c.text_en == text)


def _drawn(public_id: str, position: int) -> DrawnQuestion:
    item = AttemptQuestion.objects.select_related("question").get(
        attempt__public_id=public_id, position=position
    )
    return DrawnQuestion(kind=item.question.kind, shown=selectors.shown_choices(item))


def _start(page: Page, base_url: str, title: str) -> str:
    """Start the quiz set with this title from the quiz list; return the attempt's id."""
    page.goto(base_url + "/en/quizzes/")
    entry = page.locator("ul.quiz-list > li").filter(
        has=page.get_by_role("heading", name=title, exact=True)
    )
    entry.get_by_role("button", name="Start").click()
    expect(page).to_have_url(ATTEMPT_URL)
    match = ATTEMPT_URL.search(page.url)
    assert match and match[2] == "1"
    return match[1]


def _event_order(page: Page) -> list[str]:
    return page.locator("ol.order [data-order-item] .event-name").all_text_contents()


def _rank_values(page: Page) -> list[str]:
    return page.locator("ol.order [data-order-rank]").evaluate_all(
        "selects => selects.map(s => s.value)"
    )


def _expect_focused_button(page: Page, label: str) -> None:
    expect(page.get_by_role("button", name=label, exact=True)).to_be_focused()


def _tab_to(page: Page, target: Locator, limit: int = 40) -> None:
    """Press Tab until the target has focus, as a keyboard user would."""
    handle = target.element_handle()
    for _ in range(limit):
        if page.evaluate("el => document.activeElement === el", handle):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def _answer_chronology(page: Page, drawn: DrawnQuestion, *, right: bool) -> bool:
    """Order the events (earliest first if right); return whether the order given is right."""
    if right:
        # Choosing a place moves the event there, so placing them earliest first sorts them.
        for index, choice in sorted(enumerate(drawn.shown), key=lambda pair: pair[1].rank):
            page.locator(f"select[name=rank-{index}]").select_option(str(choice.rank))
    else:
        # Put the last event first: that can't be the order in time.
        latest = max(range(len(drawn.shown)), key=lambda i: drawn.shown[i].rank)
        page.locator(f"select[name=rank-{latest}]").select_option("1")
    order = _event_order(page)
    ranks = [drawn.rank_of(text) for text in order]
    assert _rank_values(page) == [str(n) for n in range(1, len(order) + 1)]
    return ranks == sorted(ranks)


@pytest.mark.django_db(transaction=True)
def test_anonymous_learner_takes_a_whole_quiz_then_finds_it_after_signing_up(
    live_server, page: Page, question_bank, screenshot_dir
):
    public_id = _start(page, live_server.url, TREATY_TITLE)
    total = 10
    bar = page.locator("#progress progress")
    expect(bar).to_have_attribute("max", str(total))
    feedback = page.locator("#feedback")
    right_count = 0
    verdicts = []

    for number in range(1, total + 1):
        expect(page.locator("#card .step")).to_have_text(f"Question {number} of {total}")
        expect(bar).to_have_attribute("value", str(number - 1))
        expect(feedback).to_be_empty()
        drawn = _drawn(public_id, number)
        # Right on odd questions, wrong on even ones: both kinds of feedback are seen.
        want_right = number % 2 == 1
        if drawn.is_chronology:
            is_right = _answer_chronology(page, drawn, right=want_right)
        else:
            text = drawn.correct_text if want_right else drawn.wrong_text
            page.get_by_role("radio", name=text, exact=True).check()
            is_right = want_right
        if number == 1:
            page.screenshot(path=screenshot_dir / "quiz_question.png", full_page=True)

        # A full page load would wipe this; an htmx swap keeps it.
        page.evaluate("window.__marker = 1")
        page.get_by_role("button", name="Answer", exact=True).click()

        heading = feedback.locator("h2")
        expect(heading).to_contain_text("Right!" if is_right else "Not quite.")
        # The verdict is announced; focus goes to what comes next.
        expect(page.locator("#verdict-live")).to_contain_text(
            "Right!" if is_right else "Not quite."
        )
        following = "Next question" if number < total else "See your result"
        expect(
            feedback.get_by_role("link" if number < total else "button", name=following)
        ).to_be_focused()
        # The sources are one tap away.
        expect(feedback.locator(".sources figure.citation").first).to_be_hidden()
        feedback.locator("details.sources summary").click()
        expect(feedback.locator(".sources figure.citation").first).to_be_visible()
        expect(feedback.locator(".sources figcaption a").first).to_contain_text("¶")
        expect(bar).to_have_attribute("value", str(number))
        # The card turned into the answered view: no form left to submit twice.
        expect(page.locator("#card form")).to_have_count(0)
        if not drawn.is_chronology:
            expect(page.locator("#card li.is-correct")).to_contain_text(drawn.correct_text)
        assert page.evaluate("window.__marker") == 1, "answering reloaded the page"
        right_count += is_right
        verdicts.append(is_right)
        if number == 2:
            page.screenshot(path=screenshot_dir / "quiz_feedback.png", full_page=True)
        if number < total:
            feedback.get_by_role("link", name="Next question").click()
            expect(page).to_have_url(re.compile(rf"/attempts/{public_id}/{number + 1}/$"))

    assert True in verdicts and False in verdicts
    expect(bar).to_have_attribute("value", str(total))
    expect(page.locator("#progress-label")).to_contain_text(
        f"{total} of {total} answered (100 %) · {right_count} right"
    )

    feedback.get_by_role("button", name="See your result").click()
    expect(page).to_have_url(re.compile(rf"/en/attempts/{public_id}/result/$"))
    percent = round(100 * right_count / total)
    expect(page.locator(".result-summary .score")).to_have_text(
        f"{right_count} of {total} right ({percent} %)"
    )
    review = page.locator("ol.review > li")
    expect(review).to_have_count(total)
    expect(review.filter(has=page.locator("p.verdict", has_text="Right."))).to_have_count(
        right_count
    )
    expect(page.locator("ol.review > li.right")).to_have_count(right_count)
    page.screenshot(path=screenshot_dir / "quiz_result.png", full_page=True)
    attempt = Attempt.objects.get(public_id=public_id)
    assert attempt.score == right_count
    assert attempt.learner.user_id is None

    page.locator("header .account").get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", name="Sign up", level=1)).to_be_visible()
    form = page.locator("form.stacked")
    form.locator("input[name=username]").fill("entente1934")
    form.locator("input[name=email]").fill("entente1934@example.org")
    form.locator("input[name=password1]").fill("Kaunas-Tallinn-Riga!")
    form.locator("input[name=password2]").fill("Kaunas-Tallinn-Riga!")
    form.get_by_role("button", name="Create the account").click()
    expect(page.locator("header .account")).to_contain_text("entente1934")

    page.locator("header nav").get_by_role("link", name="My progress").click()
    expect(page).to_have_url(re.compile(r"/en/progress/$"))
    expect(page.get_by_text("This progress is kept in this browser only")).to_have_count(0)
    row = page.locator("table.records tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("th")).to_have_text(TREATY_TITLE)
    cells = row.locator("td")
    expect(cells.nth(0)).to_have_text("1")
    expect(cells.nth(1)).to_have_text(f"{percent} %")
    expect(cells.nth(2)).to_have_text(f"{percent} %")
    recent = page.locator("section[aria-labelledby=recent-heading] li")
    expect(recent).to_have_count(1)
    expect(recent).to_contain_text(f"{TREATY_TITLE}")
    expect(recent).to_contain_text(f"{right_count} / {total} ({percent} %)")
    page.screenshot(path=screenshot_dir / "progress.png", full_page=True)
    attempt.refresh_from_db()
    assert attempt.learner.user.username == "entente1934"


@pytest.fixture
def chronology_quiz(question_bank) -> QuizSet:
    """A published quiz of one chronology question, with feedback after each answer."""
    assert Question.objects.in_use().filter(kind=Question.Kind.CHRONOLOGY).exists()
    return QuizSet.objects.create(
        slug="order-in-time",
        title_en="Order in time",
        title_lv="Secība laikā",
        mode=QuizSet.Mode.RULE,
        question_kinds=[Question.Kind.CHRONOLOGY],
        question_count=1,
        feedback_mode=QuizSet.Feedback.EACH,
        is_published=True,
    )


@pytest.mark.django_db(transaction=True)
def test_chronology_can_be_ordered_with_the_keyboard(
    live_server, page: Page, chronology_quiz, screenshot_dir
):
    public_id = _start(page, live_server.url, chronology_quiz.title_en)
    drawn = _drawn(public_id, 1)
    assert drawn.is_chronology
    first, second, third, fourth = start = [c.text_en for c in drawn.shown]
    expect(page.locator("ol.order [data-order-item] .event-name")).to_have_text(start)
    # The move buttons are an extra that quiz.js switches on.
    expect(page.locator("ol.order .move").first).to_be_visible()

    # Start from the question heading, where the page puts focus after a swap.
    page.locator("#prompt").focus()
    _tab_to(page, page.get_by_role("button", name=f"Move “{first}” later", exact=True))
    page.keyboard.press("Enter")
    expect(page.locator("ol.order [data-order-item] .event-name")).to_have_text(
        [second, first, third, fourth]
    )
    _expect_focused_button(page, f"Move “{first}” later")
    page.keyboard.press("Space")
    expect(page.locator("ol.order [data-order-item] .event-name")).to_have_text(
        [second, third, first, fourth]
    )
    _expect_focused_button(page, f"Move “{first}” later")
    assert _rank_values(page) == ["1", "2", "3", "4"]

    # Back one step, from the "earlier" button just before it.
    page.keyboard.press("Shift+Tab")
    _expect_focused_button(page, f"Move “{first}” earlier")
    page.keyboard.press("Enter")
    order = [second, first, third, fourth]
    expect(page.locator("ol.order [data-order-item] .event-name")).to_have_text(order)
    _expect_focused_button(page, f"Move “{first}” earlier")
    assert _rank_values(page) == ["1", "2", "3", "4"]
    page.screenshot(path=screenshot_dir / "quiz_chronology.png", full_page=True)

    page.evaluate("window.__marker = 1")
    _tab_to(page, page.get_by_role("button", name="Answer", exact=True))
    page.keyboard.press("Enter")

    ranks = [drawn.rank_of(text) for text in order]
    heading = page.locator("#feedback h2")
    expect(heading).to_contain_text("Right!" if ranks == sorted(ranks) else "Not quite.")
    expect(page.get_by_role("button", name="See your result")).to_be_focused()
    assert page.evaluate("document.activeElement.closest('#feedback') !== null")
    # The answer was taken in the order the list showed.
    expect(page.locator("#card ol.given li")).to_have_text(order)
    by_rank = sorted(drawn.shown, key=lambda c: c.rank)
    expect(page.locator("#feedback .verdict ol li")).to_have_text([c.text_en for c in by_rank])
    expect(page.locator("#progress progress")).to_have_attribute("value", "1")
    assert page.evaluate("window.__marker") == 1, "answering reloaded the page"


@pytest.mark.django_db(transaction=True)
def test_the_next_chronology_brought_by_the_answer_gets_working_move_buttons(
    live_server, page: Page, chronology_quiz
):
    chronology_quiz.question_count = 2
    chronology_quiz.save()
    public_id = _start(page, live_server.url, chronology_quiz.title_en)
    page.get_by_role("button", name="Answer", exact=True).click()
    page.get_by_role("link", name="Next question").click()

    # The second card came inside the answer's response, without its buttons: quiz.js made them.
    expect(page).to_have_url(re.compile(r"/2/$"))
    first, second, *rest = [c.text_en for c in _drawn(public_id, 2).shown]
    expect(page.get_by_role("button", name=f"Move “{first}” earlier")).to_be_disabled()
    later = page.get_by_role("button", name=f"Move “{first}” later", exact=True)
    later.click()
    expect(page.locator("ol.order [data-order-item] .event-name")).to_have_text(
        [second, first, *rest]
    )
    expect(later).to_be_focused()
    total = len(rest) + 2
    expect(page.locator("[data-order-status]")).to_have_text(f"“{first}” is now 2 of {total}.")
    assert _rank_values(page) == [str(n) for n in range(1, total + 1)]


def test_chronology_shown_order_can_be_answered_as_it_is(live_server, page: Page, chronology_quiz):
    public_id = _start(page, live_server.url, chronology_quiz.title_en)
    drawn = _drawn(public_id, 1)
    # Each event starts with its place in the list as shown, so "Answer" works untouched.
    assert _rank_values(page) == [str(n) for n in range(1, len(drawn.shown) + 1)]
    # A chronology is never shown solved, so the order as shown is always wrong.
    ranks = [c.rank for c in drawn.shown]
    assert ranks != sorted(ranks)
    page.get_by_role("button", name="Answer", exact=True).click()
    expect(page.locator("#feedback h2")).to_contain_text("Not quite.")
    expect(page.locator("#card ol.given li")).to_have_text([c.text_en for c in drawn.shown])


@pytest.mark.django_db(transaction=True)
def test_answering_without_javascript_posts_the_form_and_shows_feedback(
    live_server, browser, question_bank
):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        public_id = _start(page, live_server.url, TREATY_TITLE)
        drawn = _drawn(public_id, 1)
        page.get_by_role("radio", name=drawn.correct_text, exact=True).check()
        with page.expect_response(re.compile(r"/answer/$")) as answered:
            page.get_by_role("button", name="Answer", exact=True).click()
        assert answered.value.status == 302
        # Post/redirect/get: back on the question's own page, now with its feedback.
        expect(page).to_have_url(re.compile(rf"/en/attempts/{public_id}/1/$"))
        expect(page.locator("#feedback h2")).to_contain_text("Right!")
        page.locator("#feedback details.sources summary").click()
        expect(page.locator("#feedback .sources figure.citation").first).to_be_visible()
        expect(page.locator("#progress progress")).to_have_attribute("value", "1")
        expect(page.locator("#card li.is-correct")).to_contain_text(drawn.correct_text)

        page.get_by_role("link", name="Next question").click()
        expect(page).to_have_url(re.compile(rf"/en/attempts/{public_id}/2/$"))
        expect(page.locator("#card .step")).to_have_text("Question 2 of 10")
        expect(page.locator("#feedback")).to_be_empty()
    finally:
        context.close()
