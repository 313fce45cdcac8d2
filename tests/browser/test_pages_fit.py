"""Every student page and the teacher reports, on a phone and a desktop, in both languages.

For each page: it is no wider than the window, axe-core finds no critical or serious
violation, and a full-page screenshot goes to artifacts/screenshots/pages/. The figures
(width, violations by impact, HTML bytes) are written to artifacts/pages-<lang>-<width>.json.
"""

import json
import random
import re
from collections import Counter
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from classrooms.models import Membership
from history.models import Article, Event
from quizzes import selectors, services
from quizzes.models import Attempt, Question, QuizSet
from tests.browser.conftest import REPO_ROOT, teachers_group
from tests.classrooms.factories import AssignmentFactory, ClassroomFactory
from tests.quizzes.factories import TeacherFactory, UserFactory, picked_quiz_set

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 800)}
BLOCKING = {"critical", "serious"}
AXE = Axe()
TOUCH_PX = 44
# Controls a finger must hit on a phone that are smaller than that (links inside running text
# are exempt, as WCAG exempts them). The admin is Django's own and not counted.
SMALL_TARGETS = """(least) => {
  const controls = [
    "button", "select", "input:not([type=hidden]):not([type=radio]):not([type=checkbox])",
    "nav a", "a.button", ".account a", "label.choice",
  ].map((c) => "#page " + c).join(", ");
  return [...document.querySelectorAll(controls)]
    .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden")
    .map((e) => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => r.height < least || r.width < least)
    .map(([e, r]) => {
      const text = (e.textContent || e.value || "").trim().slice(0, 20);
      return `${e.tagName.toLowerCase()} "${text}" ${Math.round(r.width)}x${Math.round(r.height)}`;
    });
}"""
# Where the first control leading on from an answered question starts, from the top of the page.
NEXT_TOP = """() => {
  const next = [...document.querySelectorAll("#page a, #page button")].find(
    (e) => /^(Next question|Nākamais jautājums)/.test(e.textContent.trim()));
  return next ? Math.round(next.getBoundingClientRect().top + window.scrollY) : null;
}"""
# The smallest text a chart may draw, in CSS pixels as rendered (after the SVG's scaling).
CHART_TEXT_PX = 11
# Rendered size of the smallest visible text in any inline SVG on the page.
SMALLEST_CHART_TEXT = """() => {
  const sizes = [...document.querySelectorAll("svg text")]
    .filter((t) => t.getBBox().width > 0 && t.getScreenCTM())
    .map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
  return sizes.length ? Math.min(...sizes) : null;
}"""


@dataclass
class Site:
    """The records the pages are about: a class with four students who took its quiz."""

    student_id: int
    teacher_id: int
    open_attempt: Attempt
    finished_attempt: Attempt
    classroom_id: int
    assignment_id: int
    event_slug: str


def _answer_all(attempt: Attempt, rng: random.Random, right_share: float) -> None:
    """Answer every drawn question, right with the given probability."""
    for item in attempt.items.select_related("question").order_by("position"):
        _answer(attempt, item, right=rng.random() < right_share)


def _answer(attempt: Attempt, item, *, right: bool) -> None:
    choices = selectors.shown_choices(item)
    question = item.question
    if question.kind in (Question.Kind.TIMELINE, Question.Kind.YEAR):
        year = question.answer_year
        if not right:
            # A wrong year that still lies on the timeline's strip.
            year += -1 if question.year_from is None or year > question.year_from else 1
        services.answer_submit(attempt=attempt, item=item, year=year, month=question.answer_month)
    elif question.kind == Question.Kind.CHRONOLOGY:
        order = sorted(range(len(choices)), key=lambda i: choices[i].rank)
        if not right:
            order = order[::-1]
        services.answer_submit(attempt=attempt, item=item, order=order)
    else:
        index = next(i for i, c in enumerate(choices) if c.is_correct == right)
        services.answer_submit(attempt=attempt, item=item, choice_index=index)


def _seed() -> Site:
    teachers_group()
    rng = random.Random(11)
    teacher = TeacherFactory(username="ozola")
    classroom = ClassroomFactory(name="9.a vēsture", teachers=[teacher])
    treaty = QuizSet.objects.get(slug="the-1934-treaty")
    assignment = AssignmentFactory(classroom=classroom, quiz_set=treaty)
    students = [UserFactory(username=name) for name in ("liga", "janis", "ruta", "andris")]
    for share, user in zip((0.6, 0.9, 0.4, 0.75), students, strict=True):
        Membership.objects.create(classroom=classroom, student=user)
        learner = services.learner_for_user(user=user)
        attempt = services.attempt_start(learner=learner, quiz_set=treaty, seed=share)
        _answer_all(attempt, rng, share)
        services.attempt_finish(attempt=attempt)
    student = students[0]
    learner = services.learner_for_user(user=student)
    # A finished 12-question quiz for the result page, and one open with one answer given.
    finished = services.attempt_start(
        learner=learner, quiz_set=QuizSet.objects.get(slug="end-of-the-entente"), seed=1
    )
    _answer_all(finished, rng, 0.5)
    services.attempt_finish(attempt=finished)
    open_attempt = services.attempt_start(
        learner=learner, quiz_set=QuizSet.objects.get(slug="road-to-the-entente"), seed=2
    )
    first = open_attempt.items.select_related("question").get(position=1)
    _answer(open_attempt, first, right=False)
    event = Event.objects.filter(place__isnull=False, citations__isnull=False).first()
    return Site(
        student_id=student.pk,
        teacher_id=teacher.pk,
        open_attempt=open_attempt,
        finished_attempt=finished,
        classroom_id=classroom.pk,
        assignment_id=assignment.pk,
        event_slug=event.slug,
    )


def _cookies(user_id: int | None, base_url: str, language: str) -> list[dict]:
    """The language cookie (the admin has no language prefix) and, for a user, a session."""
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
    if user_id is not None:
        client = Client()
        client.force_login(UserFactory._meta.model.objects.get(pk=user_id))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url})
    return cookies


def _student_pages(site: Site, language: str) -> dict[str, str]:
    with translation.override(language):
        article = Article.objects.get(language=language)
        attempt = site.open_attempt.public_id
        return {
            "home": reverse("quizzes:home"),
            "article": article.get_absolute_url(),
            "timeline": reverse("history:timeline"),
            "event": reverse("history:event", args=[site.event_slug]),
            "map": reverse("history:map"),
            "quizzes": reverse("quizzes:list"),
            "question": reverse("quizzes:question", args=[attempt, 2]),
            "answered": reverse("quizzes:question", args=[attempt, 1]),
            "result": reverse("quizzes:result", args=[site.finished_attempt.public_id]),
            "practice": reverse("quizzes:practice"),
            "progress": reverse("quizzes:progress"),
            "classes": reverse("classrooms:mine"),
            "live-join": reverse("live:join"),
            "password": reverse("password_change"),
            "not-found": f"/{language}/no-such-page/",
        }


def _anonymous_pages(language: str) -> dict[str, str]:
    with translation.override(language):
        return {"login": reverse("login"), "signup": reverse("signup")}


def _teacher_pages(site: Site) -> dict[str, str]:
    return {
        "admin-results": reverse("admin:classrooms_assignment_results", args=[site.assignment_id]),
        "admin-items": reverse("admin:classrooms_assignment_items", args=[site.assignment_id]),
        "admin-progress": reverse("admin:classrooms_classroom_progress", args=[site.classroom_id]),
        "admin-assignment": reverse(
            "admin:classrooms_assignment_change", args=[site.assignment_id]
        ),
    }


def _measure(page: Page, base_url: str, name: str, path: str, shot: str) -> dict:
    failed = []

    def listener(response) -> None:
        # The page itself may be a 404 (the not-found page); nothing it loads may be.
        if response.status >= 400 and response.url != base_url + path:
            failed.append(response.url)

    page.on("response", listener)
    response = page.goto(base_url + path)
    html = response.body()
    page.remove_listener("response", listener)
    width = page.evaluate("document.documentElement.scrollWidth")
    violations = AXE.run(page).response["violations"]
    page.screenshot(path=shot, full_page=True)
    return {
        "failed_requests": failed,
        "next_top": page.evaluate(NEXT_TOP) if name == "answered" else None,
        "small_targets": page.evaluate(SMALL_TARGETS, TOUCH_PX) if width < 500 else [],
        "chart_text_px": page.evaluate(SMALLEST_CHART_TEXT),
        "page": name,
        "path": path,
        "status": response.status,
        "window": page.viewport_size["width"],
        "width": width,
        "html_bytes": len(html),
        "height": page.evaluate("document.documentElement.scrollHeight"),
        "violations": dict(Counter(v["impact"] for v in violations)),
        "blocking": sorted(
            f"{v['id']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
            for v in violations
            if v["impact"] in BLOCKING
        ),
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "lv"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_fits_the_window_and_has_no_serious_accessibility_violation(
    live_server, browser: Browser, question_bank, language, viewport
):
    site = _seed()
    width, height = VIEWPORTS[viewport]
    shots = REPO_ROOT / "artifacts" / "screenshots" / "pages"
    shots.mkdir(parents=True, exist_ok=True)
    groups = [
        (None, _anonymous_pages(language)),
        (site.student_id, _student_pages(site, language)),
        (site.teacher_id, _teacher_pages(site)),
    ]
    rows = []
    for user_id, pages in groups:
        context = browser.new_context(viewport={"width": width, "height": height})
        context.add_cookies(_cookies(user_id, live_server.url, language))
        try:
            page = context.new_page()
            for name, path in pages.items():
                shot = shots / f"{name}-{language}-{width}.png"
                rows.append(_measure(page, live_server.url, name, path, str(shot)))
        finally:
            context.close()
    report = REPO_ROOT / "artifacts" / f"pages-{language}-{width}.json"
    report.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")

    too_wide = {r["page"]: r["width"] for r in rows if r["width"] > r["window"]}
    blocking = {r["page"]: r["blocking"] for r in rows if r["blocking"]}
    heavy = {r["page"]: r["html_bytes"] for r in rows if r["html_bytes"] > 60_000}
    small = {
        r["page"]: round(r["chart_text_px"], 1)
        for r in rows
        if r["chart_text_px"] is not None and r["chart_text_px"] < CHART_TEXT_PX
    }
    failed = {r["page"]: r["failed_requests"] for r in rows if r["failed_requests"]}
    fiddly = {r["page"]: r["small_targets"] for r in rows if r["small_targets"]}
    # After answering, "Next question" must be on the first screen, not under the sources.
    buried = {
        r["page"]: r["next_top"]
        for r in rows
        if r["page"] == "answered" and (r["next_top"] is None or r["next_top"] > height)
    }
    assert not too_wide, f"wider than {width} px: {too_wide}"
    assert not blocking, f"axe critical/serious: {json.dumps(blocking, ensure_ascii=False)}"
    assert not heavy, f"over 60 KB of HTML: {heavy}"
    assert not small, f"chart text smaller than {CHART_TEXT_PX} px: {small}"
    assert not fiddly, f"touch targets under {TOUCH_PX} px: {fiddly}"
    assert not buried, f"Next question below the first screen ({height} px): {buried}"
    assert not failed, f"requests that failed (a missing icon, script or style): {failed}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False])
def test_the_chronology_hint_speaks_of_move_buttons_only_when_they_are_shown(
    live_server, browser: Browser, javascript
):
    picked_quiz_set(questions=0, chronology=1)
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("quizzes:list"))
        page.get_by_role("button", name="Start").click()
        hint = page.locator("#order-hint")
        expect(hint).to_contain_text("1 for the earliest")
        buttons = page.get_by_role("button", name=re.compile(r"^Move “"))
        if javascript:
            expect(buttons.first).to_be_visible()
            expect(hint).to_contain_text("With the buttons you can move", use_inner_text=True)
        else:
            # quiz.js makes the buttons: without it there are none, the selects order the list.
            expect(buttons).to_have_count(0)
            expect(page.locator("ol.order select").first).to_be_visible()
            expect(hint).not_to_contain_text("buttons", use_inner_text=True)
    finally:
        context.close()
