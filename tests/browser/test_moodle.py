"""A teacher imports a GIFT file in the admin (upload, preview, confirm) and exports for Moodle."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from quizzes.models import Question, QuizSet
from tests.browser.conftest import teachers_group
from tests.browser.test_teacher import PASSWORD
from tests.quizzes.factories import TeacherFactory

GIFT = Path(__file__).resolve().parents[1] / "quizzes" / "fixtures" / "every_type.gift.txt"

pytestmark = pytest.mark.browser


def _log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("locale", "width"), [("en-GB", 1280), ("lv-LV", 390)])
def test_a_teacher_imports_a_gift_file_after_a_preview_and_exports_it(
    live_server, browser: Browser, screenshot_dir, locale, width
):
    teachers_group()
    teacher = TeacherFactory()
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    language = locale[:2]
    try:
        page = context.new_page()
        _log_in(page, live_server.url, teacher.username)
        page.goto(live_server.url + "/admin/quizzes/quizset/")
        page.locator(".object-tools a[href$='/moodle-import/']").click()
        page.locator("#id_file").set_input_files(GIFT)
        page.locator(f"input[name=language][value={language}]").check()
        page.locator(".submit-row input[type=submit]").click()

        expect(page.locator("h2")).to_contain_text("every_type.gift.txt")
        assert Question.objects.count() == 0
        page.screenshot(
            path=screenshot_dir / f"moodle_import_preview_{language}_{width}.png", full_page=True
        )
        page.locator("input[name=confirm]").click()

        expect(page.locator(".messagelist")).to_contain_text("every_type.gift.txt")
        quiz_set = QuizSet.objects.get(created_by=teacher)
        assert (
            quiz_set.questions.count() == Question.objects.filter(created_by=teacher).count() == 5
        )

        page.locator(f"input[name=_selected_action][value='{quiz_set.pk}']").check()
        page.locator("select[name=action]").select_option("export_gift")
        page.locator("button[name=index]").click()
        expect(page.locator("input[name=format][value=gift]")).to_be_checked()
        page.screenshot(
            path=screenshot_dir / f"moodle_export_{language}_{width}.png", full_page=True
        )
        with page.expect_download() as download:
            page.locator(".submit-row input[type=submit]").click()
        assert download.value.suggested_filename == f"{quiz_set.slug}.{language}.gift.txt"
        text = Path(download.value.path()).read_text(encoding="utf-8")
        assert "$CATEGORY: $course$/top/Vēsture" in text
        assert text.count("\n::") == 5
        # The numerical question came in as a typed year and goes out as one.
        assert "{#1934" in text
    finally:
        context.close()
