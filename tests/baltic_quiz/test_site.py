"""Site-wide behaviour: dates as Europe writes them, the site's own 404 page, the icon."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.templatetags.static import static
from django.utils import translation

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 11, 24, 13, 47, tzinfo=ZoneInfo("Europe/Riga"))


@pytest.mark.parametrize(
    ("language", "short", "long"),
    [
        ("en", "24/11/2026 13:47", "24 November 2026"),
        ("lv", "24.11.2026 13:47", "2026. gada 24. novembris"),
    ],
)
def test_dates_put_the_day_before_the_month_in_both_languages(language, short, long):
    template = Template(
        '{{ moment|date:"SHORT_DATETIME_FORMAT" }}|{{ moment|date:"DATE_FORMAT" }}'
    )

    with translation.override(language):
        text = template.render(Context({"moment": MOMENT}))

    assert text == f"{short}|{long}"


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/en/no-such-page/", "Page not found"),
        ("/lv/no-such-page/", "Lapa nav atrasta"),
        ("/lv/events/no-such-event/", "Lapa nav atrasta"),
    ],
)
def test_an_unknown_address_gets_the_sites_own_page_in_its_language(
    client, settings, debug, path, heading
):
    settings.DEBUG = debug

    response = client.get(path)

    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in response.text
    assert f'<html lang="{path[1:3]}">' in response.text
    assert "DEBUG = True" not in response.text


def test_an_address_without_its_slash_is_still_redirected_with_debug_on(client, settings):
    settings.DEBUG = True

    response = client.get("/en/timeline")

    assert response.status_code == 301
    assert response["Location"] == "/en/timeline/"


def test_the_favicon_address_leads_to_the_sites_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == static("img/favicon.svg")
