import re

import pytest
from django.urls import reverse
from django.utils import translation

from history.models import Event
from tests.history.factories import CountryFactory, EventFactory, event_with_everything


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def listed_events(html: str) -> list[Event]:
    """Return the events a timeline page lists, in the order it lists them."""
    slugs = re.findall(
        r'<li class="kind-[^"]+">\s*<time[^>]*>[^<]*</time>\s*<a href="/\w+/events/([^/]+)/"', html
    )
    found = Event.objects.in_bulk(slugs, field_name="slug")
    return [found[slug] for slug in slugs]


@pytest.mark.usefixtures("shipped_history")
def test_article_reader_anchors_every_paragraph_and_credits_the_source(client):
    response = client.get(url("history:article", slug="baltijas-antante"))

    assert response.status_code == 200
    assert 'id="p1"' in response.text and 'id="p18"' in response.text
    assert "https://lv.wikipedia.org/wiki/Baltijas_Antante" in response.text
    assert "CC BY-SA 4.0" in response.text


@pytest.mark.usefixtures("shipped_history")
def test_article_reader_links_paragraphs_to_the_events_they_state(client):
    response = client.get(url("history:article", "lv", slug="baltijas-antante"))

    assert url("history:event", "lv", slug="baltic-entente-treaty") in response.text


@pytest.mark.usefixtures("shipped_history")
@pytest.mark.parametrize(
    ("language", "title", "when", "place"),
    [
        ("en", "Treaty of Good Understanding", "12 September 1934", "Geneva"),
        ("lv", "Līgums par Baltijas Antantes izveidošanu", "1934. gada 12. septembris", "Ženēva"),
    ],
)
def test_event_page_shows_date_place_signatories_and_sources(client, language, title, when, place):
    response = client.get(url("history:event", language, slug="baltic-entente-treaty"))

    assert response.status_code == 200
    text = response.text
    assert title in text and when in text and place in text
    assert "Vilhelms Munters" in text
    with translation.override(language):
        assert reverse("history:article", kwargs={"slug": "baltijas-antante"}) + "#p7" in text


@pytest.mark.usefixtures("shipped_history")
@pytest.mark.parametrize(
    ("language", "first"), [("en", "baltic-entente"), ("lv", "baltijas-antante")]
)
def test_event_page_quotes_sources_in_the_readers_language_first(client, language, first):
    response = client.get(url("history:event", language, slug="baltic-entente-treaty"))

    quoted = re.findall(r'href="/\w+/articles/([^/]+)/#p\d+"', response.text)
    assert quoted[0] == first


@pytest.mark.usefixtures("shipped_history")
def test_event_page_shows_a_month_when_only_the_month_is_known(client):
    response = client.get(url("history:event", slug="soviet-occupation"))

    assert "June 1940" in response.text
    assert "known to the month" in response.text


@pytest.mark.usefixtures("shipped_history")
def test_timeline_lists_every_event_in_date_order(client):
    response = client.get(url("history:timeline"))

    events = listed_events(response.text)
    assert len(events) == Event.objects.count()
    assert [e.start_date for e in events] == sorted(e.start_date for e in events)
    assert response.text.count('class="mark ') == len(events)


@pytest.mark.usefixtures("shipped_history")
def test_timeline_filters_by_kind_and_country(client):
    response = client.get(url("history:timeline"), {"kind": "ministers_conference"})
    conferences = set(Event.objects.filter(kind="ministers_conference"))
    assert set(listed_events(response.text)) == conferences

    response = client.get(url("history:timeline"), {"kind": "treaty", "country": "su"})
    slugs = {e.slug for e in listed_events(response.text)}
    assert "soviet-bases-treaties" in slugs
    assert "baltic-entente-treaty" not in slugs


@pytest.mark.usefixtures("shipped_history")
def test_timeline_answers_htmx_with_the_results_fragment_only(client):
    response = client.get(
        url("history:timeline"),
        {"kind": "ultimatum"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="results"')
    assert "<html" not in response.text
    assert "3 events" in response.text
    assert "HX-Request" in response["Vary"]


@pytest.mark.usefixtures("shipped_history")
def test_timeline_loaded_into_the_page_by_htmx_is_the_whole_page(client):
    response = client.get(
        url("history:timeline", "lv"), headers={"HX-Request": "true", "HX-Target": "page"}
    )

    assert 'id="page" lang="lv"' in response.text


@pytest.mark.usefixtures("shipped_history")
@pytest.mark.parametrize("name", ["history:timeline", "history:map"])
def test_svg_coordinates_use_decimal_points_in_latvian_too(client, name):
    response = client.get(url(name, "lv"))

    assert not re.search(r'\b(x|y|cx|cy|width)="\d+,\d', response.text)


@pytest.mark.usefixtures("shipped_history")
@pytest.mark.parametrize("query", [{"kind": "battle"}, {"country": "xx"}])
def test_timeline_rejects_unknown_filters_with_a_clear_400(client, query):
    response = client.get(url("history:timeline"), query)

    assert response.status_code == 400
    assert "These filters could not be used" in response.text


@pytest.mark.usefixtures("shipped_history")
def test_map_draws_every_place_in_both_languages(client):
    en = client.get(url("history:map"))
    lv = client.get(url("history:map", "lv"))

    for name in ["Geneva", "Moscow", "Bulduri", "Kaunas"]:
        assert name in en.text
    for name in ["Ženēva", "Maskava", "Kauņa", "Rīga"]:
        assert name in lv.text
    assert en.text.count('class="marker"') >= 8


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("history:event", {"slug": "no-such-event"}), ("history:article", {"slug": "nope"})],
)
def test_unknown_slugs_are_404(client, name, kwargs):
    assert client.get(url(name, **kwargs)).status_code == 404


@pytest.mark.django_db
def test_pages_do_not_accept_posts(client):
    assert client.post(url("history:timeline")).status_code == 405


@pytest.mark.django_db
def test_language_switch_redirects_to_the_same_page_in_the_other_language(client):
    response = client.post(
        reverse("set_language"), {"language": "lv", "next": "/en/timeline/?kind=treaty"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/lv/timeline/?kind=treaty"
    assert response.cookies["django_language"].value == "lv"


@pytest.mark.django_db
def test_language_switch_under_htmx_loads_the_page_without_a_reload(client):
    response = client.post(
        reverse("set_language"),
        {"language": "lv", "next": "/en/events/x/"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert '"path": "/lv/events/x/"' in response["HX-Location"]
    assert response.cookies["django_language"].value == "lv"


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 40])
def test_timeline_query_count_does_not_grow_with_events(
    client, count, django_assert_max_num_queries
):
    country = CountryFactory()
    for _ in range(count):
        event_with_everything().participations.create(country=country)

    with django_assert_max_num_queries(4):
        response = client.get(url("history:timeline"), {"country": country.code})
    assert len(listed_events(response.text)) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_event_page_query_count_is_constant(client, count, django_assert_max_num_queries):
    events = [event_with_everything() for _ in range(count)]

    with django_assert_max_num_queries(8):
        response = client.get(events[0].get_absolute_url())
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 30])
def test_map_and_article_query_counts_are_constant(client, count, django_assert_max_num_queries):
    events = [event_with_everything() for _ in range(count)]
    article = events[0].citations.get().paragraph.article

    with django_assert_max_num_queries(3):
        assert client.get(url("history:map")).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_events_without_a_place_still_have_a_page(client):
    event = EventFactory(place=None)

    assert client.get(event.get_absolute_url()).status_code == 200
