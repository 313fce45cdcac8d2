"""Map questions in a real browser: mouse, touch, keyboard alone and no JavaScript, EN and LV."""

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from quizzes import selectors
from quizzes.mapping import distance_km
from quizzes.models import Attempt, AttemptQuestion, Question, QuizSet
from tests.browser.conftest import REPO_ROOT

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
ATTEMPT_URL = re.compile(r"/(en|lv)/attempts/([0-9a-f-]{36})/(\d+)/$")
BLOCKING = {"critical", "serious"}
WORDS = {
    "en": {"start": "Start", "answer": "Answer", "right": "Right!", "wrong": "Not quite."},
    "lv": {"start": "Sākt", "answer": "Atbildēt", "right": "Pareizi!", "wrong": "Ne gluži."},
}


def map_quiz(feedback_mode: str = QuizSet.Feedback.EACH) -> QuizSet:
    """A published quiz of map questions alone, drawn by the kinds rule."""
    assert Question.objects.in_use().filter(kind=Question.Kind.MAP).count() >= 3
    return QuizSet.objects.create(
        slug="on-the-map",
        title_en="On the map",
        title_lv="Kartē",
        mode=QuizSet.Mode.RULE,
        question_kinds=[Question.Kind.MAP],
        question_count=3,
        shuffle_questions=False,
        feedback_mode=feedback_mode,
        is_published=True,
    )


def start(page: Page, base_url: str, language: str = "en") -> str:
    with translation.override(language):
        page.goto(f"{base_url}/{language}/quizzes/")
    entry = page.locator("ul.quiz-list > li").filter(has_text=re.compile("On the map|Kartē"))
    entry.get_by_role("button", name=WORDS[language]["start"]).click()
    expect(page).to_have_url(ATTEMPT_URL)
    return ATTEMPT_URL.search(page.url)[2]


def shown(public_id: str, number: int):
    item = AttemptQuestion.objects.get(attempt__public_id=public_id, position=number)
    return selectors.shown_choices(item)


def pin(page: Page, index: int):
    return page.locator(f'#card [data-pin="{index}"]')


def radio(page: Page, index: int):
    return page.locator(f'#card input[name="choice"][value="{index}"]')


def indices(choices) -> tuple[int, int]:
    right = next(i for i, c in enumerate(choices) if c.is_correct)
    return right, next(i for i, c in enumerate(choices) if not c.is_correct)


def expect_distance(page: Page, choices, picked: int, right: int, language: str) -> None:
    a, b = choices[picked], choices[right]
    km = distance_km(a.place, b.place)
    said = {
        "en": f"You picked {a.text_en}, {km} km from {b.text_en}.",
        "lv": f"Jūsu izvēle: {a.text_lv} – {km} km no pareizās vietas ({b.text_lv}).",
    }[language]
    expect(page.locator("#feedback .distance")).to_have_text(said)
    # Announced: the live region carries the verdict and the distance.
    expect(page.locator("#verdict-live")).to_contain_text(said)
    expect(page.locator("#feedback .diamond")).to_have_count(1)
    expect(page.locator("#feedback .cross")).to_have_count(1)


def axe_blocking(page: Page) -> list[str]:
    violations = Axe().run(page).response["violations"]
    return [f"{v['id']}: {v['nodes'][0]['target']}" for v in violations if v["impact"] in BLOCKING]


@pytest.mark.django_db(transaction=True)
def test_a_mouse_click_on_a_pin_picks_its_place(live_server, browser: Browser, question_bank):
    map_quiz()
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        public_id = start(page, live_server.url)
        choices = shown(public_id, 1)
        right, wrong = indices(choices)

        pin(page, wrong).locator(".hit").click()
        expect(radio(page, wrong)).to_be_checked()
        expect(pin(page, wrong)).to_have_attribute("aria-checked", "true")
        pin(page, right).locator(".hit").click()
        expect(radio(page, right)).to_be_checked()
        expect(pin(page, wrong)).to_have_attribute("aria-checked", "false")
        page.get_by_role("button", name="Answer").click()
        expect(page.locator("#feedback h2")).to_contain_text("Right!")
        expect(page.locator("#feedback .diamond")).to_have_count(1)
        assert Attempt.objects.get(public_id=public_id).correct_count == 1

        # The next question comes from the answer's response: its pins work as well.
        page.locator("#feedback").get_by_role("link", name="Next question").click()
        choices = shown(public_id, 2)
        right, wrong = indices(choices)
        pin(page, wrong).locator(".hit").click()
        expect(radio(page, wrong)).to_be_checked()
        page.get_by_role("button", name="Answer").click()
        expect_distance(page, choices, wrong, right, "en")
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_a_tap_on_a_phone_picks_a_place_in_latvian(live_server, browser: Browser, question_bank):
    map_quiz()
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        public_id = start(page, live_server.url, "lv")
        choices = shown(public_id, 1)
        right, wrong = indices(choices)
        expect(page.locator("#prompt")).to_contain_text("Izvēlieties vietu kartē.")

        # Every pin is a target of 24 px or more, and none overlaps another.
        boxes = [pin(page, i).locator(".hit").bounding_box() for i in range(len(choices))]
        for box in boxes:
            assert box["width"] >= 24 and box["height"] >= 24, box
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = abs(a["x"] - b["x"]) >= a["width"] or abs(a["y"] - b["y"]) >= a["height"]
                assert apart, (a, b)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        pin(page, wrong).locator(".hit").tap()
        expect(radio(page, wrong)).to_be_checked()
        page.get_by_role("button", name="Atbildēt").tap()
        expect(page.locator("#feedback h2")).to_contain_text("Ne gluži.")
        expect_distance(page, choices, wrong, right, "lv")
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "lv"])
def test_the_keyboard_alone_reaches_moves_between_and_picks_places(
    live_server, browser: Browser, question_bank, language
):
    map_quiz()
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        public_id = start(page, live_server.url, language)
        choices = shown(public_id, 1)
        right, _ = indices(choices)

        # Tab reaches the map as one stop: the first pin.
        for _ in range(30):
            if page.evaluate("document.activeElement.dataset.pin === '0'"):
                break
            page.keyboard.press("Tab")
        expect(pin(page, 0)).to_be_focused()
        group = page.locator("[data-qmap-pins]")
        expect(group).to_have_attribute("role", "radiogroup")
        name = choices[0].text_en if language == "en" else choices[0].text_lv
        expect(group.get_by_role("radio", name=name, exact=True)).to_be_focused()
        # Arrow keys move without picking; Enter or Space picks.
        for _ in range(right):
            page.keyboard.press("ArrowRight")
        expect(pin(page, right)).to_be_focused()
        expect(radio(page, right)).not_to_be_checked()
        page.keyboard.press("Enter" if language == "en" else " ")
        expect(radio(page, right)).to_be_checked()
        expect(pin(page, right)).to_have_attribute("aria-checked", "true")
        page.keyboard.press("ArrowLeft" if right else "ArrowRight")
        expect(pin(page, right)).not_to_be_focused()
        expect(radio(page, right)).to_be_checked()
        # On past the map: the radios (the checked one), then the button.
        for _ in range(10):
            if page.evaluate("document.activeElement.type === 'submit'"):
                break
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(page.locator("#feedback h2")).to_contain_text(WORDS[language]["right"])
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "lv"])
def test_without_javascript_the_places_are_radio_buttons_beside_the_map(
    live_server, browser: Browser, question_bank, language
):
    map_quiz()
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        public_id = start(page, live_server.url, language)
        choices = shown(public_id, 1)
        right, wrong = indices(choices)

        # The pins are a picture, not controls: the radios are the answer.
        expect(page.locator("[data-qmap-pins]")).to_have_attribute("aria-hidden", "true")
        expect(page.locator('[role="radio"]')).to_have_count(0)
        expect(page.locator('#card input[name="choice"]')).to_have_count(len(choices))
        text = choices[wrong].text_en if language == "en" else choices[wrong].text_lv
        page.locator("#card").get_by_label(text, exact=True).check()
        page.get_by_role("button", name=WORDS[language]["answer"]).click()
        expect(page).to_have_url(ATTEMPT_URL)
        expect(page.locator("#feedback h2")).to_contain_text(WORDS[language]["wrong"])
        a, b = choices[wrong], choices[right]
        km = distance_km(a.place, b.place)
        expect(page.locator("#feedback .distance")).to_contain_text(f"{km} km")
        expect(page.locator("#feedback .diamond")).to_have_count(1)
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "lv"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_the_map_question_and_its_feedback_pass_axe_and_are_screenshot(
    live_server, browser: Browser, question_bank, language, viewport
):
    map_quiz()
    shots = REPO_ROOT / "artifacts" / "screenshots" / "map"
    shots.mkdir(parents=True, exist_ok=True)
    width = viewport["width"]
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        public_id = start(page, live_server.url, language)
        choices = shown(public_id, 1)
        _, wrong = indices(choices)
        blocking = {"question": axe_blocking(page)}
        page.screenshot(path=str(shots / f"map-question-{language}-{width}.png"), full_page=True)
        pin(page, wrong).locator(".hit").click()
        page.get_by_role("button", name=WORDS[language]["answer"]).click()
        expect(page.locator("#feedback .distance")).to_be_visible()
        blocking["answered"] = axe_blocking(page)
        page.screenshot(path=str(shots / f"map-answered-{language}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # The smallest label on the map is still readable.
        smallest = page.evaluate(
            """() => Math.min(...[...document.querySelectorAll('.qmap-svg text')]
                 .map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))"""
        )
        assert smallest >= 11, smallest
    finally:
        context.close()
    assert not any(blocking.values()), json.dumps(blocking, ensure_ascii=False)
