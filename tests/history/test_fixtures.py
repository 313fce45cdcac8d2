"""The shipped facts agree with the two source articles."""

import datetime
import re
from collections import Counter

import pytest
from django.core.management import call_command

from history.dates import DatePrecision
from history.models import Article, Citation, Event, Paragraph, Participation, Place, Role
from tests.conftest import HISTORY_FIXTURES, ROOT

pytestmark = pytest.mark.usefixtures("shipped_history")

SOURCES = ROOT / "fixtures" / "sources"
LV_MONTHS = {
    "janvāris": 1, "februāris": 2, "marts": 3, "aprīlis": 4, "maijs": 5, "jūnijs": 6,
    "jūlijs": 7, "augusts": 8, "septembris": 9, "oktobris": 10, "novembris": 11, "decembris": 12,
}  # fmt: skip


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def stem(name: str, language: str) -> str:
    """Return the part of a place name that every Latvian case form keeps (Rīga → Rīgā)."""
    return name[:-1] if language == "lv" and len(name) >= 4 else name


def test_loading_the_fixtures_twice_duplicates_nothing():
    models = [Article, Paragraph, Event, Place, Participation, Role, Citation]
    before = {model: model.objects.count() for model in models}

    call_command("loaddata", *HISTORY_FIXTURES, verbosity=0)

    assert {model: model.objects.count() for model in models} == before


@pytest.mark.parametrize(
    ("slug", "source"),
    [("baltic-entente", "baltic_entente_en.txt"), ("baltijas-antante", "baltijas_antante_lv.txt")],
)
def test_article_paragraphs_hold_the_whole_source_text_word_for_word(slug, source):
    article = Article.objects.get(slug=slug)
    text = (SOURCES / source).read_text(encoding="utf-8")
    rebuilt = [f"= {article.title} =" if text.startswith("=") else ""]
    section = ""
    for paragraph in article.paragraphs.all():
        if paragraph.section != section:
            section = paragraph.section
            rebuilt.append(f"=={section}==")
        rebuilt.append(paragraph.text)

    assert words(" ".join(rebuilt)) == words(text)


def test_paragraphs_are_numbered_from_one_without_gaps():
    for article in Article.objects.all():
        numbers = list(article.paragraphs.values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))


def test_every_citation_quotes_its_paragraph_verbatim():
    for citation in Citation.objects.select_related("paragraph"):
        assert citation.is_verbatim(), citation


def test_every_event_is_cited_by_a_paragraph_that_states_its_year():
    events = Event.objects.prefetch_related("citations__paragraph")
    for event in events:
        citations = list(event.citations.all())
        assert citations, f"{event.slug} has no source"
        # A citation that states who took part (the treaty instituting the conferences)
        # need not state the date.
        for citation in citations:
            if not citation.states_parties:
                assert str(event.start_date.year) in citation.paragraph.text, citation


def test_every_placed_event_names_its_place_in_each_language_that_cites_it():
    events = Event.objects.exclude(place=None).select_related("place")
    for event in events.prefetch_related("citations__paragraph__article"):
        by_language: dict[str, list[str]] = {}
        for citation in event.citations.filter(states_parties=False):
            language = citation.paragraph.article.language
            by_language.setdefault(language, []).append(citation.paragraph.text)
        for language, texts in by_language.items():
            name = stem(getattr(event.place, f"name_{language}"), language)
            assert any(name in text for text in texts), (event.slug, language, name)


def test_dates_are_stored_at_their_precision_and_ranges_run_forward():
    for event in Event.objects.all():
        assert DatePrecision(event.precision).fits(event.start_date), event.slug
        if event.end_date is not None:
            assert event.end_date > event.start_date, event.slug
            assert event.precision == DatePrecision.DAY, event.slug


def test_no_two_rows_share_a_natural_key():
    for model in [Article, Paragraph, Event, Place, Participation, Role, Citation]:
        keys = Counter(row.natural_key() for row in model.objects.all())
        assert [key for key, n in keys.items() if n > 1] == [], model.__name__


def test_every_user_facing_field_is_filled_in_both_languages():
    for event in Event.objects.select_related("place__country"):
        for field in ["title", "summary"]:
            assert getattr(event, f"{field}_en") and getattr(event, f"{field}_lv"), event.slug
        if event.place:
            assert event.place.name_en and event.place.name_lv
            assert event.place.country.name_en and event.place.country.name_lv


def test_the_eleven_foreign_ministers_conferences_match_the_latvian_list():
    listing = Paragraph.objects.get(article__slug="baltijas-antante", kind=Paragraph.Kind.LIST)
    pattern = re.compile(
        r"(?P<city>\w+), (?P<year>\d{4})\. gada (?P<day>\d+)\.?(?: (?P<month>\w+))?"
        r"\s*[—-]\s*(?P<end_day>\d+)\. (?P<end_month>\w+)"
    )
    stated = []
    for line in listing.lines:
        m = pattern.match(line.replace("\u00a0", " "))
        year, end_month = int(m["year"]), LV_MONTHS[m["end_month"]]
        month = LV_MONTHS[m["month"]] if m["month"] else end_month
        stated.append(
            (
                m["city"],
                datetime.date(year, month, int(m["day"])),
                datetime.date(year, end_month, int(m["end_day"])),
            )
        )

    conferences = Event.objects.of_kind(Event.Kind.MINISTERS_CONFERENCE).select_related("place")
    stored = [(e.place.name_lv, e.start_date, e.end_date) for e in conferences.chronological()]

    assert len(stated) == 11
    assert stored == stated
    assert [e.number for e in conferences.chronological()] == list(range(1, 12))


def test_the_1934_treaty_was_signed_in_geneva_by_one_minister_for_each_state():
    treaty = Event.objects.get(slug="baltic-entente-treaty")
    latvian_source = treaty.citations.get(paragraph__article__language="lv").paragraph.text

    assert treaty.start_date == datetime.date(1934, 9, 12)
    assert treaty.place.name_en == "Geneva"
    signatories = treaty.roles.filter(kind=Role.Kind.SIGNATORY).select_related("person")
    assert sorted(r.on_behalf_of.code for r in signatories) == ["ee", "lt", "lv"]
    for role in signatories:
        assert role.person.name_lv in latvian_source
        assert role.person.country == role.on_behalf_of
    assert set(treaty.citations.values_list("paragraph__article__language", flat=True)) == {
        "en",
        "lv",
    }


def test_month_precision_is_kept_where_the_articles_give_only_a_month():
    assert Event.objects.get(slug="soviet-occupation").precision == DatePrecision.MONTH
    assert Event.objects.get(slug="soviet-annexation").precision == DatePrecision.MONTH
    assert Event.objects.get(slug="molotov-ribbentrop-pact").precision == DatePrecision.MONTH
    assert Event.objects.get(slug="helsinki-conference-1920").precision == DatePrecision.MONTH
