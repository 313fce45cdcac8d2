"""Timeline and typed-year questions in a real browser: mouse, touch, keyboard only and no
JavaScript, in English and Latvian; axe; and screenshots before and after answering."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from django.utils.dates import MONTHS
from playwright.sync_api import Browser, Page, expect

from quizzes import year_answers
from quizzes.models import Attempt, AttemptQuestion, Question, QuizSet
from tests.browser.conftest import REPO_ROOT
from tests.quizzes.factories import QuizSetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()
BLOCKING = {"critical", "serious"}
WORDS = {
    "en": {
        "start": "Start",
        "answer": "Answer",
        "next": "Next question",
        "right": "Right!",
        "wrong": "Not quite.",
        "year": "Year",
        "month": "Month",
    },
    "lv": {
        "start": "Sākt",
        "answer": "Atbildēt",
        "next": "Nākamais jautājums",
        "right": "Pareizi!",
        "wrong": "Ne gluži.",
        "year": "Gads",
        "month": "Mēnesis",
    },
}


@pytest.fixture
def quiz_set(question_bank):
    """A published set of three questions of the real bank: a timeline question to the month,
    a typed year, and a timeline question to the year."""
    bank = Question.objects.in_use().order_by("key")
    picked = [
        bank.filter(kind="timeline", answer_month__isnull=False).first(),
        bank.filter(kind="year").first(),
        bank.filter(kind="timeline", answer_month__isnull=True).first(),
    ]
    quiz_set = QuizSetFactory(
        mode=QuizSet.Mode.PICKED,
        is_published=True,
        shuffle_questions=False,
        title_en="Years",
        title_lv="Gadi",
    )
    for position, question in enumerate(picked):
        quiz_set.entries.create(question=question, position=position)
    return quiz_set


def _start(page: Page, base_url: str, language: str = "en") -> Attempt:
    page.goto(f"{base_url}/{language}/quizzes/")
    title = "Years" if language == "en" else "Gadi"
    entry = page.locator("ul.quiz-list > li").filter(
        has=page.get_by_role("heading", name=title, exact=True)
    )
    entry.get_by_role("button", name=WORDS[language]["start"]).click()
    expect(page).to_have_url(re.compile(r"/attempts/[0-9a-f-]{36}/1/$"))
    return Attempt.objects.latest("started_at")


def _off(asked, by: int) -> int:
    """A wrong year `by` years off the right one that still lies on the strip."""
    year = asked.answer_year + by
    if asked.year_from is not None and not asked.year_from <= year <= asked.year_to:
        year = asked.answer_year - by
    return year


def _month(number: int, language: str = "en") -> str:
    with translation.override(language):
        return str(MONTHS[number])


def _question(attempt: Attempt, position: int):
    return AttemptQuestion.objects.get(attempt=attempt, position=position).question


def _blocking(page: Page) -> list[str]:
    violations = AXE.run(page).response["violations"]
    return [f"{v['id']}: {v['nodes'][0]['target']}" for v in violations if v["impact"] in BLOCKING]


def _slider(page: Page, name: str):
    return page.locator(f'[data-slider="{name}"]')


def _press_to(page: Page, name: str, value: int) -> None:
    """Move a slider to a value with the keyboard alone: Home, then the right arrow."""
    slider = _slider(page, name)
    slider.focus()
    page.keyboard.press("Home")
    for _ in range(value - int(slider.get_attribute("min"))):
        page.keyboard.press("ArrowRight")


def _point_at(page: Page, name: str, value: int) -> tuple[float, float]:
    """Where on the slider's track a value lies (Chromium's thumb is 16 px wide)."""
    slider = _slider(page, name)
    box = slider.bounding_box()
    low, high = int(slider.get_attribute("min")), int(slider.get_attribute("max"))
    thumb = 16
    x = box["x"] + thumb / 2 + (box["width"] - thumb) * (value - low) / (high - low)
    return x, box["y"] + box["height"] / 2


@pytest.mark.parametrize("language", ["en", "lv"])
def test_the_timeline_and_the_typed_year_with_the_keyboard_alone(
    live_server, page: Page, quiz_set, language
):
    words = WORDS[language]
    attempt = _start(page, live_server.url, language)
    asked = _question(attempt, 1)

    # The script hides the selects and shows the sliders, the choice said beside each.
    expect(page.locator("[data-selects]")).to_be_hidden()
    expect(_slider(page, "year")).to_be_visible()
    _press_to(page, "year", asked.answer_year)
    _press_to(page, "month", asked.answer_month)
    expect(page.locator('[data-output="year"]')).to_have_text(str(asked.answer_year))
    month_name = page.locator('[data-output="month"]').text_content()
    assert month_name == _month(asked.answer_month, language)
    assert _slider(page, "month").get_attribute("aria-valuetext") == month_name
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=words["answer"], exact=True)).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("#feedback h2")).to_contain_text(words["right"])
    next_link = page.get_by_role("link", name=words["next"])
    expect(next_link).to_be_focused()
    page.keyboard.press("Enter")

    # The typed year came with the answer's response: a number field, the numeric keyboard.
    expect(page).to_have_url(re.compile(r"/2/$"))
    field = page.get_by_label(words["year"], exact=True)
    expect(field).to_have_attribute("inputmode", "numeric")
    field.focus()
    page.keyboard.type(str(_question(attempt, 2).answer_year - 3))
    page.keyboard.press("Enter")
    expect(page.locator("#feedback h2")).to_contain_text(words["wrong"])
    expected_off = "3 years too early" if language == "en" else "3 gadus par agru"
    expect(page.locator("#feedback .answer-line")).to_contain_text(expected_off)
    expect(page.locator("#verdict-live")).to_contain_text(expected_off)
    assert _blocking(page) == []


def test_the_timeline_with_the_mouse(live_server, page: Page, quiz_set):
    attempt = _start(page, live_server.url)
    asked = _question(attempt, 1)

    wrong = _off(asked, -2)
    page.mouse.click(*_point_at(page, "year", wrong))
    page.mouse.click(*_point_at(page, "month", asked.answer_month))
    expect(page.locator('[data-output="year"]')).to_have_text(str(wrong))
    expect(page.locator('[data-output="month"]')).to_have_text(_month(asked.answer_month))
    page.get_by_role("button", name="Answer", exact=True).click()

    expect(page.locator("#feedback h2")).to_contain_text("Not quite.")
    early = "early" if wrong < asked.answer_year else "late"
    expect(page.locator("#feedback .answer-line")).to_contain_text(f"24 months too {early}")
    # Both drawn on the strip, each with its own mark and label, not by colour alone.
    right = year_answers.say(asked.answer_year, asked.answer_month)
    given = year_answers.say(wrong, asked.answer_month)
    expect(page.locator("#card .mark-label.right")).to_have_text(f"✓ {right}")
    expect(page.locator("#card .mark-label.given")).to_have_text(f"✗ {given}")


def test_the_timeline_by_touch_on_a_phone(live_server, browser: Browser, quiz_set):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    try:
        page = context.new_page()
        attempt = _start(page, live_server.url)
        asked = _question(attempt, 1)
        page.touchscreen.tap(*_point_at(page, "year", asked.answer_year))
        page.touchscreen.tap(*_point_at(page, "month", asked.answer_month))
        expect(page.locator('[data-output="year"]')).to_have_text(str(asked.answer_year))
        page.get_by_role("button", name="Answer", exact=True).tap()

        expect(page.locator("#feedback h2")).to_contain_text("Right!")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_an_untouched_slider_sends_nothing_and_asks_for_a_year(live_server, page: Page, quiz_set):
    _start(page, live_server.url)

    expect(page.locator('[data-output="year"]')).to_have_text("—")
    page.get_by_role("button", name="Answer", exact=True).click()

    expect(page.locator("#card .errors")).to_contain_text("Give a year.")


@pytest.mark.parametrize("language", ["en", "lv"])
def test_without_javascript_the_selects_answer_the_timeline(
    live_server, browser: Browser, quiz_set, language
):
    words = WORDS[language]
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        attempt = _start(page, live_server.url, language)
        asked = _question(attempt, 1)
        # No script, no sliders: the selects beside the strip are the answer.
        expect(page.locator('input[type="range"]')).to_have_count(0)
        expect(page.get_by_label(words["year"], exact=True)).to_be_visible()
        wrong = _off(asked, 1)
        page.get_by_label(words["year"], exact=True).select_option(str(wrong))
        page.get_by_label(words["month"], exact=True).select_option(str(asked.answer_month))
        page.get_by_role("button", name=words["answer"], exact=True).click()

        expect(page).to_have_url(re.compile(r"/1/$"))
        expect(page.locator("#feedback h2")).to_contain_text(words["wrong"])
        later = wrong > asked.answer_year
        late = {
            ("en", True): "12 months too late",
            ("en", False): "12 months too early",
            ("lv", True): "12 mēnešus par vēlu",
            ("lv", False): "12 mēnešus par agru",
        }[language, later]
        expect(page.locator("#feedback .answer-line")).to_contain_text(late)
        page.get_by_role("link", name=words["next"]).click()
        page.get_by_label(words["year"], exact=True).fill(str(_question(attempt, 2).answer_year))
        page.get_by_role("button", name=words["answer"], exact=True).click()
        expect(page.locator("#feedback h2")).to_contain_text(words["right"])
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "lv"])
@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_before_and_after_answering_with_no_serious_violation(
    live_server, browser: Browser, quiz_set, language, width
):
    shots = REPO_ROOT / "artifacts" / "screenshots" / "years"
    shots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    found = {}
    try:
        page = context.new_page()
        attempt = _start(page, live_server.url, language)
        words = WORDS[language]
        for position, kind in ((1, "timeline"), (2, "year"), (3, "timeline-year")):
            asked = _question(attempt, position)
            page.screenshot(
                path=str(shots / f"{kind}-before-{language}-{width}.png"), full_page=True
            )
            found[f"{kind} before"] = _blocking(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            if kind == "year":
                page.get_by_label(words["year"], exact=True).fill(str(asked.answer_year + 2))
            else:
                _press_to(page, "year", _off(asked, -1))
                if asked.answer_month:
                    _press_to(page, "month", asked.answer_month)
            page.get_by_role("button", name=words["answer"], exact=True).click()
            expect(page.locator("#feedback h2")).to_contain_text(words["wrong"])
            page.locator("#feedback details.sources summary").click()
            page.screenshot(
                path=str(shots / f"{kind}-after-{language}-{width}.png"), full_page=True
            )
            found[f"{kind} after"] = _blocking(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            if position < 3:
                page.get_by_role("link", name=words["next"]).click()
        page.get_by_role("button", name=re.compile("^(See your result|Skatīt rezultātu)")).click()
        page.screenshot(path=str(shots / f"result-{language}-{width}.png"), full_page=True)
        found["result"] = _blocking(page)
    finally:
        context.close()

    assert not {name: v for name, v in found.items() if v}
