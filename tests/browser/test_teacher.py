"""A teacher sets a class a quiz in the admin; a student joins, takes it; the teacher sees it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import teachers_group
from tests.quizzes.factories import TeacherFactory

CLASS_NAME = "9.a vēsture"
TREATY_TITLE = "The 1934 treaty"
TOTAL = 10
PASSWORD = "correct horse battery"
ATTEMPT_URL = re.compile(r"/en/attempts/[0-9a-f-]{36}/(\d+)/$")
pytestmark = pytest.mark.browser


def _autocomplete(page: Page, field: str, typed: str, option: str) -> None:
    """Pick an option in an admin autocomplete (select2) field by typing part of it."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).click()
    expect(page.locator(f"#select2-id_{field}-container")).to_have_attribute("title", option)


def _teacher_adds_a_class(page: Page, base_url: str, username: str, screenshot_dir) -> str:
    """Log in to the admin, add a class, and return the join code its page shows."""
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    # The app and its model are both "Classes": take the model's row.
    page.locator("tr.model-classroom").get_by_role("link", name="Add").click()
    page.get_by_label("Name").fill(CLASS_NAME)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    code_field = page.locator(".field-join_code .readonly")
    expect(code_field).to_have_text(re.compile(r"^\s*[A-Z2-9]{8}\s*$"))
    page.screenshot(path=screenshot_dir / "teacher_classroom.png", full_page=True)
    return code_field.inner_text().strip()


def _teacher_assigns_the_quiz(page: Page) -> None:
    page.get_by_role("link", name="Home").click()
    page.locator("tr.model-assignment").get_by_role("link", name="Add").click()
    _autocomplete(page, "classroom", "9.a", CLASS_NAME)
    _autocomplete(page, "quiz_set", "1934", TREATY_TITLE)
    opens = page.locator(".field-opens_at")
    opens.get_by_role("link", name="Today").click()
    opens.get_by_role("link", name="Now").click()
    due = timezone.localtime() + timedelta(days=5)
    page.locator("#id_due_at_0").fill(due.date().isoformat())
    page.locator("#id_due_at_1").fill("15:00:00")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")


def _student_joins(page: Page, base_url: str, code: str, screenshot_dir) -> None:
    page.goto(base_url + "/en/accounts/signup/")
    form = page.locator("form.stacked")
    form.locator("input[name=username]").fill("liga")
    form.locator("input[name=email]").fill("liga@example.org")
    form.locator("input[name=password1]").fill("Kaunas-Tallinn-Riga!")
    form.locator("input[name=password2]").fill("Kaunas-Tallinn-Riga!")
    form.get_by_role("button", name="Create the account").click()
    expect(page.locator("header .account")).to_contain_text("liga")

    page.locator("header .account").get_by_role("link", name="My classes").click()
    expect(page.get_by_role("heading", name="My classes", level=1)).to_be_visible()
    expect(page.get_by_text("Nothing is assigned to you yet.")).to_be_visible()
    page.get_by_label("Join code").fill(code.lower())
    page.get_by_role("button", name="Join the class").click()
    expect(page.get_by_role("status")).to_contain_text(f"You are in the class “{CLASS_NAME}”.")
    row = page.locator("table.records tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("th")).to_have_text(TREATY_TITLE)
    expect(row.locator("td").nth(0)).to_have_text(CLASS_NAME)
    expect(row.locator(".tag")).to_have_text("open")
    page.screenshot(path=screenshot_dir / "student_my_classes.png", full_page=True)


def _student_takes_the_quiz(page: Page) -> None:
    page.locator("table.records tbody tr").get_by_role("button", name="Start").click()
    expect(page).to_have_url(ATTEMPT_URL)
    feedback = page.locator("#feedback")
    for number in range(1, TOTAL + 1):
        expect(page.locator("#card .step")).to_have_text(f"Question {number} of {TOTAL}")
        radios = page.locator("#card fieldset.choices input[type=radio]")
        # A chronology question is answered in the order shown; the others with the first choice.
        if page.locator("#card ol.order").count() == 0:
            radios.first.check()
        page.get_by_role("button", name="Answer", exact=True).click()
        expect(feedback.locator("h2")).to_contain_text(re.compile(r"Right!|Not quite\."))
        if number < TOTAL:
            feedback.get_by_role("link", name="Next question").click()
            expect(page).to_have_url(re.compile(rf"/{number + 1}/$"))
    feedback.get_by_role("button", name="See your result").click()
    expect(page).to_have_url(re.compile(r"/en/attempts/[0-9a-f-]{36}/result/$"))
    expect(page.locator(".result-summary .score")).to_contain_text(f"of {TOTAL} right")


@pytest.mark.django_db(transaction=True)
def test_a_teacher_sets_a_class_a_quiz_and_sees_the_result(
    live_server, browser: Browser, question_bank, screenshot_dir
):
    teachers_group()
    teacher = TeacherFactory()
    # The admin's "Now" is the browser's clock: keep it in the site's time zone.
    teacher_context = browser.new_context(timezone_id="Europe/Riga")
    student_context = browser.new_context()
    try:
        admin = teacher_context.new_page()
        code = _teacher_adds_a_class(admin, live_server.url, teacher.username, screenshot_dir)
        _teacher_assigns_the_quiz(admin)

        student = student_context.new_page()
        _student_joins(student, live_server.url, code, screenshot_dir)
        _student_takes_the_quiz(student)
        score = student.locator(".result-summary .score").inner_text()
        percent = re.search(r"\((\d+) %\)", score)[1]

        row = admin.locator("#result_list tbody tr").filter(has_text=CLASS_NAME)
        expect(row).to_have_count(1)
        row.get_by_role("link", name="results").click()
        expect(admin.get_by_role("heading", name=re.compile(r"^Results: "))).to_contain_text(
            f"{TREATY_TITLE} → {CLASS_NAME}"
        )
        results = admin.locator("#content table tbody tr")
        expect(results).to_have_count(1)
        expect(results.locator("th")).to_have_text("liga")
        cells = results.locator("td")
        expect(cells.nth(0)).to_have_text("✓ done")
        expect(cells.nth(1)).to_have_text(f"{percent} %")
        expect(cells.nth(2)).to_have_text("1")
        chart = admin.get_by_role("img", name="How many students scored in each band of 10 %")
        expect(chart).to_be_visible()
        expect(chart.locator("rect")).to_have_count(10)
        admin.screenshot(path=screenshot_dir / "teacher_results.png", full_page=True)

        admin.get_by_role("link", name="Questions: item analysis").click()
        expect(admin.get_by_role("heading", name=re.compile(r"^Questions: "))).to_be_visible()
        items = admin.locator("#content table tbody tr")
        expect(items).to_have_count(TOTAL)
        expect(items.locator("meter")).to_have_count(TOTAL)
        for facility in items.locator("td:nth-child(3)").all_inner_texts():
            assert re.fullmatch(r"[01](\.\d+)?", facility.strip()), facility
        expect(items.first.locator("td").first).to_have_text("1")
        admin.screenshot(path=screenshot_dir / "teacher_items.png", full_page=True)
    finally:
        student_context.close()
        teacher_context.close()
