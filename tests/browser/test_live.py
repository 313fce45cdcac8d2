"""A whole live lesson: a teacher on the projector and three phones, one in Latvian and one
driven by the keyboard alone."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from live import events
from live.models import LiveAnswer, LiveSession
from quizzes.models import Attempt
from tests.browser.conftest import teachers_group
from tests.browser.test_teacher import PASSWORD, TREATY_TITLE
from tests.history.test_page_cache import redis_url  # noqa: F401  (the throwaway Redis)
from tests.live.factories import live_session
from tests.quizzes.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _teacher_opens_a_lesson(page: Page, base_url: str, username: str) -> str:
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(base_url + "/admin/quizzes/quizset/")
    row = page.locator("#result_list tbody tr").filter(has_text=TREATY_TITLE)
    row.locator("input[type=checkbox]").check()
    page.locator("select[name=action]").select_option(
        label="Start a live lesson with this quiz set"
    )
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_label("Quiz set")).to_have_value(re.compile(r"\d+"))
    page.get_by_label("Students may change their answer until the reveal").uncheck()
    page.get_by_role("button", name="Open the lobby").click()
    code = page.locator(".live-code")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
    expect(page.locator(".live-qr svg")).to_be_visible()
    return code.inner_text()


def _join(page: Page, base_url: str, language: str, code: str, name: str) -> None:
    page.goto(f"{base_url}/{language}/live/")
    page.locator("input[name=code]").fill(code.lower())
    page.locator("input[name=display_name]").fill(name)
    page.locator("form.live-join button[type=submit]").click()
    expect(page.locator(".live-who")).to_contain_text(name)


def _join_by_keyboard(page: Page, base_url: str, code: str, name: str) -> None:
    page.goto(f"{base_url}/en/live/")
    # The code field has the focus when the page opens.
    page.keyboard.type(code)
    page.keyboard.press("Tab")
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    expect(page.locator(".live-who")).to_contain_text(name)


def _answer_by_keyboard(page: Page, index: int) -> None:
    """From the question's heading (where the focus lands), tab into the choices and answer."""
    expect(page.locator("#live-heading")).to_be_focused()
    page.keyboard.press("Tab")
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def _right_index(code: str, position: int) -> int:
    item = LiveSession.objects.get(code=code).items.get(position=position)
    right = item.question.choices.get(is_correct=True)
    return item.choice_order.index(right.pk)


@pytest.fixture(params=["polling", "events"])
def transport(request, settings, monkeypatch):
    """The pages poll (no Redis), or get pushed server-sent events carried by Redis."""
    settings.REDIS_URL = request.getfixturevalue("redis_url") if request.param == "events" else ""
    # One stream for the whole lesson: a reconnect (and its polls meanwhile) is not measured.
    monkeypatch.setattr(events, "WSGI_STREAM_SECONDS", 600)
    return request.param


def _stage_fetches(page: Page) -> list[str]:
    """Every fetch of the phone's stage (its polls, or what an event asked for)."""
    fetched = []
    page.on("request", lambda r: "/state/" in r.url and fetched.append(r.url))
    return fetched


@pytest.mark.django_db(transaction=True)
def test_a_whole_live_lesson_with_three_phones(
    live_server, browser: Browser, question_bank, screenshot_dir, transport
):
    teachers_group()
    teacher = TeacherFactory()
    student = UserFactory(username="marta")
    base = live_server.url
    projector_context = browser.new_context(viewport={"width": 1920, "height": 1080})
    contexts = [browser.new_context(viewport=PHONE, has_touch=True) for _ in range(3)]
    try:
        projector = projector_context.new_page()
        code = _teacher_opens_a_lesson(projector, base, teacher.username)

        english, latvian, keyboard = (c.new_page() for c in contexts)
        english.goto(f"{base}/en/accounts/login/")
        english.get_by_label("Username").fill(student.username)
        english.get_by_label("Password").fill(PASSWORD)
        english.locator("main form button[type=submit]").click()
        _join(english, base, "en", code, "Marta")
        fetches = _stage_fetches(english)
        versions = [LiveSession.objects.get(code=code).version]
        _join(latvian, base, "lv", code, "Līga")
        _join_by_keyboard(keyboard, base, code, "Kārlis")
        expect(latvian.locator("#live-heading")).to_have_text("Jūs esat stundā")
        expect(projector.locator(".live-count")).to_have_text("3 students joined")
        projector.screenshot(path=screenshot_dir / "live_projector_lobby_1920.png")
        projector.set_viewport_size({"width": 1280, "height": 720})
        projector.screenshot(path=screenshot_dir / "live_projector_lobby_1280.png")
        latvian.screenshot(path=screenshot_dir / "live_phone_lobby_lv.png", full_page=True)

        right_picks = {}
        for position in (1, 2):
            label = "Show the first question" if position == 1 else "Next question"
            fetched_before = len(fetches)
            projector.get_by_role("button", name=label).click()
            expect(projector.locator(".step")).to_contain_text(f"Question {position} of")
            versions.append(LiveSession.objects.get(code=code).version)
            prompt = projector.locator("#projector-heading").inner_text()
            # No phone reloads: the question reaches each of them by itself.
            for phone, step in ((english, "Question"), (latvian, "jautājums no")):
                expect(phone.locator(".step")).to_contain_text(f"{position}")
                expect(phone.locator(".step")).to_contain_text(step)
            expect(english.locator("#live-heading")).to_have_text(prompt)
            if transport == "events":
                # The question came in the event itself: no fetch.
                assert len(fetches) == fetched_before, fetches
                if position == 2:
                    # The focus followed the new question, as after a fetched one.
                    expect(keyboard.locator("#live-heading")).to_be_focused()
            right = _right_index(code, position)
            wrong = (right + 1) % english.locator(".live-choice").count()
            english.locator(".live-choice input").nth(right).check()
            english.get_by_role("button", name="Answer", exact=True).click()
            expect(english.locator(".live-saved")).to_be_visible()
            latvian.locator(".live-choice input").nth(wrong).check()
            latvian.get_by_role("button", name="Atbildēt", exact=True).click()
            expect(latvian.locator(".live-saved")).to_contain_text("Atbilde saglabāta")
            _answer_by_keyboard(keyboard, right)
            expect(keyboard.locator(".live-saved")).to_be_visible()
            expect(projector.locator(".live-count")).to_have_text("3 of 3 students answered")
            if position == 1:
                english.screenshot(path=screenshot_dir / "live_phone_answered_en.png")
                projector.screenshot(path=screenshot_dir / "live_projector_question_1280.png")

            fetched_before = len(fetches)
            projector.get_by_role("button", name="Reveal the answer").click()
            bars = projector.locator(".live-bars li")
            expect(bars.filter(has_text="right answer")).to_contain_text("2 answers (67 %)")
            expect(english.locator(".live-verdict")).to_have_text("✓ Right!")
            expect(english.locator(".is-mine")).to_contain_text("your answer")
            expect(latvian.locator(".live-verdict")).to_have_text("✗ Šoreiz ne.")
            expect(keyboard.locator(".live-verdict")).to_have_text("✓ Right!")
            if transport == "events":
                # The reveal came in the event too, the stage for this phone's own answer.
                assert len(fetches) == fetched_before, fetches
                expect(keyboard.locator("#live-heading")).to_be_focused()
            versions.append(LiveSession.objects.get(code=code).version)
            right_picks[position] = right
            # The revealed answer is in My progress at once, before the lesson ends.
            progress = contexts[0].new_page()
            progress.goto(f"{base}/en/progress/")
            expect(progress.locator("main")).to_contain_text(f"{TREATY_TITLE} (live lesson)")
            expect(progress.locator("main")).to_contain_text(f"{position} / {position} so far")
            progress.close()
            if position == 1:
                projector.set_viewport_size({"width": 1920, "height": 1080})
                projector.screenshot(path=screenshot_dir / "live_projector_revealed_1920.png")
                latvian.screenshot(
                    path=screenshot_dir / "live_phone_revealed_lv.png", full_page=True
                )

        projector.get_by_role("button", name="End the lesson").click()
        expect(projector.get_by_role("heading", name="Results")).to_be_visible()
        results = projector.locator(".live-result")
        expect(results).to_have_count(2)
        for n in range(2):
            expect(results.nth(n)).to_contain_text("2 of 3 answers right (67 %)")
        projector.screenshot(path=screenshot_dir / "live_projector_results.png", full_page=True)
        # The teacher's page survives a reload, in the other language too.
        projector.get_by_role("link", name="Latviešu").click()
        expect(projector.get_by_role("heading", name="Rezultāti")).to_be_visible()
        expect(projector.locator(".live-result").first).to_contain_text(
            "Pareizas atbildes: 2 no 3"
        )
        projector.screenshot(path=screenshot_dir / "live_projector_results_lv.png", full_page=True)
        expect(english.locator("#live-heading")).to_have_text("The lesson has ended")
        expect(english.locator(".live-big")).to_have_text("You answered 2 of 2 questions right.")
        expect(latvian.locator(".live-big")).to_have_text("Pareizas atbildes: 0 no 2.")

        # The record: one answer each per question, and the signed-in student's attempt.
        assert LiveAnswer.objects.filter(item__session__code=code).count() == 6
        attempt = Attempt.objects.get(learner__user=student)
        assert attempt.kind == Attempt.Kind.LIVE
        assert (attempt.question_total, attempt.score) == (2, 2)
        if transport == "events":
            # Pushed: the phone fetched its stage only when the room changed, never to poll
            # (each change at most twice: the event, and the swap after its own answer).
            changes = len(set(versions))
            assert 0 < len(fetches) <= 2 * changes, fetches
        english.get_by_role("link", name="See it in My progress").click()
        expect(english.locator("main")).to_contain_text(TREATY_TITLE)
        expect(english.locator("table.records")).to_contain_text("live lessons")
    finally:
        for context in (projector_context, *contexts):
            context.close()


@pytest.mark.django_db(transaction=True)
def test_an_ordering_question_on_a_phone_and_the_projector(
    live_server, browser: Browser, transport
):
    teachers_group()
    session = live_session(questions=0, chronology=1)
    session.teacher.set_password(PASSWORD)
    session.teacher.save()
    student = UserFactory(username="anna")
    base = live_server.url
    projector_context = browser.new_context(viewport={"width": 1280, "height": 720})
    phone_context = browser.new_context(viewport=PHONE, has_touch=True)
    other_context = browser.new_context(viewport=PHONE, has_touch=True)
    try:
        projector = projector_context.new_page()
        projector.goto(base + "/admin/login/")
        projector.get_by_label("Username").fill(session.teacher.username)
        projector.get_by_label("Password").fill(PASSWORD)
        projector.get_by_role("button", name="Log in").click()
        projector.goto(f"{base}/en/teach/live/{session.code}/")
        phone = phone_context.new_page()
        phone.goto(f"{base}/lv/accounts/login/")
        phone.locator("input[name=username]").fill(student.username)
        phone.locator("input[name=password]").fill(PASSWORD)
        phone.locator("main form button[type=submit]").click()
        _join(phone, base, "lv", session.code, "Anna")
        other = other_context.new_page()
        _join(other, base, "en", session.code, "Berta")

        projector.get_by_role("button", name="Show the first question").click()
        item = session.items.get(position=1)
        events = [item.question.choices.get(pk=pk) for pk in item.choice_order]
        expect(projector.locator(".live-events li")).to_have_count(len(events))
        # The phone gets the quiz pages' ordering list, with a place for each event.
        for event in events:
            row = phone.locator("[data-order-item]").filter(has_text=event.text_lv)
            row.locator("select").select_option(str(event.rank))
        in_time = sorted(events, key=lambda e: e.rank)
        assert events != in_time  # the order shown is a wrong answer
        expect(phone.locator("[data-order-item] .event-name")).to_have_text(
            [e.text_lv for e in in_time]
        )
        phone.get_by_role("button", name="Atbildēt", exact=True).click()
        expect(phone.locator(".live-saved")).to_be_visible()
        # The other phone sends the events in the order shown, a wrong one.
        other.get_by_role("button", name="Answer", exact=True).click()
        expect(other.locator(".live-saved")).to_be_visible()
        fetches = _stage_fetches(phone)
        other_fetches = _stage_fetches(other)

        projector.get_by_role("button", name="Reveal the answer").click()
        expect(projector.locator(".live-right-order li")).to_have_text(
            [e.text_en for e in in_time]
        )
        expect(projector.locator(".live-order-count")).to_have_text(
            "1 of 2 students put them in the right order."
        )
        expect(phone.locator(".live-verdict")).to_have_text("✓ Pareizi!")
        expect(phone.locator(".live-order").last).to_contain_text(in_time[0].text_lv)
        expect(other.locator(".live-verdict")).to_have_text("✗ Not this time.")
        expect(other.locator(".live-order").last.locator("li")).to_have_text(
            [e.text_en for e in events]
        )
        if transport == "events":
            # Both stages came in the event (only the right order has a stage of its own,
            # the wrong one was put together on the phone): no fetch.
            assert fetches == [] and other_fetches == [], (fetches, other_fetches)
        answer = Attempt.objects.get(learner__user=student).answers.get()
        assert answer.is_correct and answer.order == [e.pk for e in in_time]
    finally:
        projector_context.close()
        phone_context.close()
        other_context.close()
