"""The pages, HTMX and the admin work under the Content-Security-Policy: Chromium reports no
violation while a student and a teacher go through them."""

import re

import pytest
from playwright.sync_api import Page, expect

from classrooms.models import Membership
from quizzes.models import QuizSet
from tests.browser.conftest import teachers_group
from tests.classrooms.factories import AssignmentFactory, ClassroomFactory
from tests.quizzes.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.browser

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def watched(page: Page):
    """The page, recording every CSP violation from the console and from the DOM event."""
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.add_init_script(WATCH)

    def violations() -> list[str]:
        return console + page.evaluate("window.__violations || []")

    page.violations = violations
    return page


def test_a_student_meets_no_policy_violation(live_server, watched, question_bank):
    page, base = watched, live_server.url
    csp = page.goto(base + "/en/").headers["content-security-policy"]
    assert "script-src 'self'" in csp
    page.goto(base + "/en/timeline/")
    with page.expect_response(
        lambda r: "/timeline/" in r.url and r.request.headers.get("hx-request")
    ):
        page.locator("form.filters button[type=submit]").click()
    page.goto(base + "/en/map/")
    page.goto(base + "/en/articles/baltic-entente/")
    page.goto(base + "/en/quizzes/")
    page.locator("ul.quiz-list > li").first.get_by_role("button", name="Start").click()
    expect(page).to_have_url(re.compile(r"/attempts/"))
    card = page.locator("#card")
    radios = card.locator("input[type=radio]")
    if radios.count():
        radios.first.check()
    with page.expect_response(lambda r: "/answer/" in r.url and r.request.method == "POST"):
        card.locator("button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    # The language switch goes through HTMX too.
    page.get_by_role("button", name="Latviešu").click()
    page.wait_for_load_state("networkidle")
    page.goto(base + "/lv/progress/")
    page.goto(base + "/lv/practice/")

    assert page.violations() == []


def test_a_teacher_in_the_admin_meets_no_policy_violation(live_server, watched, question_bank):
    page, base = watched, live_server.url
    teachers_group()
    teacher = TeacherFactory(username="teacher")
    quiz_set = QuizSet.objects.get(slug="the-1934-treaty")
    assignment = AssignmentFactory(
        classroom=ClassroomFactory(teachers=[teacher]), quiz_set=quiz_set
    )
    Membership.objects.create(classroom=assignment.classroom, student=UserFactory())
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "teacher")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    expect(page).to_have_url(base + "/admin/")

    for path in (
        "/admin/quizzes/quizset/",
        f"/admin/quizzes/quizset/{quiz_set.pk}/change/",
        f"/admin/quizzes/quizset/{quiz_set.pk}/preview/",
        "/admin/quizzes/question/add/",
        f"/admin/classrooms/classroom/{assignment.classroom_id}/change/",
        f"/admin/classrooms/assignment/{assignment.pk}/results/",
        f"/admin/classrooms/assignment/{assignment.pk}/questions/",
        "/admin/classrooms/assignment/?due_at__year=2026",
    ):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    # Autocomplete (select2) fetches its options with a script of the admin's own.
    page.goto(base + "/admin/quizzes/question/add/")
    page.locator(".select2-selection").first.click()
    page.wait_for_load_state("networkidle")

    assert page.violations() == []
