"""The timeline in a real browser: htmx filtering, then a language switch that keeps it."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from history.models import Event
from tests.conftest import HISTORY_FIXTURES


@pytest.mark.browser
def test_timeline_filters_and_switches_language_without_reload(
    live_server, page: Page, screenshot_dir
):
    # live_server tests run on a transactional db that starts empty.
    call_command("loaddata", *HISTORY_FIXTURES, verbosity=0)

    conferences = Event.objects.filter(kind=Event.Kind.MINISTERS_CONFERENCE).count()
    page.goto(live_server.url + "/en/timeline/")
    # A full page load would wipe this; an htmx swap keeps it.
    page.evaluate("window.__noReload = true")

    page.locator("form.filters select[name=kind]").select_option("ministers_conference")
    results = page.locator("section#results")
    expect(results.locator("p.count")).to_have_text(f"{conferences} events")
    base = re.escape(live_server.url)
    expect(page).to_have_url(re.compile(base + r"/en/timeline/\?.*kind=ministers_conference"))
    titles = results.locator("ol.events li li > a")
    expect(titles).to_have_count(conferences)
    for title in titles.all_text_contents():
        assert "Conference of Baltic Foreign Ministers" in title
    page.screenshot(path=screenshot_dir / "timeline_en_filtered.png", full_page=True)

    page.locator("form.language-switch button[name=language][value=lv]").click()
    expect(
        page.locator("#page[lang=lv]"), "the language switch should swap in a Latvian #page"
    ).to_be_attached()
    # The document follows the swapped-in page, and focus stays on the switch.
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    expect(page).to_have_title(re.compile(r"^Laika līnija · "))
    expect(page.locator("form.language-switch button[value=lv]")).to_be_focused()
    expect(page).to_have_url(re.compile(base + r"/lv/timeline/\?.*kind=ministers_conference"))
    lv_titles = page.locator("section#results ol.events li li > a")
    expect(lv_titles).to_have_count(conferences)
    expect(lv_titles.first).to_have_text("1. Baltijas valstu ārlietu ministru konference")
    expect(page.locator("form.filters select[name=kind]")).to_have_value("ministers_conference")
    assert page.evaluate("window.__noReload") is True
    page.screenshot(path=screenshot_dir / "timeline_lv.png", full_page=True)
