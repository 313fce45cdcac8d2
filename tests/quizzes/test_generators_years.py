"""The timeline and typed-year generators on hand-made events; no database."""

import datetime

from quizzes.generators import EventFacts, Named, QuestionKind, Source, generate_questions
from quizzes.phrases import phrasebook, say_date
from tests.quizzes.fairness import assert_fair, month_names

PHRASES = phrasebook()
TOWN = Named("town", {"en": "Town", "lv": "Pilsēta"}, {"lv.loc": "Pilsētā"})
TREATY_NAME = {"en": "the treaty", "lv": "līgums", "lv.acc": "līgumu", "lv.loc": "līgumā"}


def treaty(**changes) -> EventFacts:
    facts = {
        "slug": "treaty",
        "kind": "treaty",
        "title": {"en": "Treaty", "lv": "Līgums"},
        "start": datetime.date(1934, 9, 12),
        "end": None,
        "precision": "day",
        "sources": (
            Source("article", 1, "en", "The treaty was signed in Town on 12 September 1934."),
            Source("straipsnis", 2, "lv", "Līgumu parakstīja Pilsētā 1934. gada 12. septembrī."),
        ),
        "place": TOWN,
        "name": TREATY_NAME,
    }
    return EventFacts(**{**facts, **changes})


def treaty_of(slug: str, start: datetime.date, precision: str, **changes) -> EventFacts:
    """Another treaty, its sources stating its own year."""
    sources = (
        Source("article", 4, "en", f"A treaty was signed in {start.year}."),
        Source("straipsnis", 5, "lv", f"Līgumu parakstīja {start.year}. gadā."),
    )
    return treaty(slug=slug, start=start, precision=precision, sources=sources, **changes)


def early(**changes) -> EventFacts:
    """An event at the start of the bank's span, so that the strip runs from its year."""
    facts = {
        "slug": "war-end",
        "kind": "war",
        "title": {"en": "End of the war", "lv": "Kara beigas"},
        "start": datetime.date(1918, 1, 1),
        "end": None,
        "precision": "year",
        "sources": (Source("article", 3, "en", "after the end of the war in 1918"),),
        "verb": "end",
        "name": {"en": "the war", "lv": "karš", "lv.acc": "karu", "lv.loc": "karā"},
    }
    return EventFacts(**{**facts, **changes})


def asked(*events, kind):
    questions = generate_questions(events, say_date=say_date, phrases=PHRASES, seed=3)
    by_slug = {e.slug: e for e in events}
    for question in questions:
        assert_fair(question, by_slug)
    return {q.events[0]: q for q in questions if q.kind is kind}


def test_the_typed_year_is_asked_in_both_languages_with_the_latvian_case():
    (question,) = asked(treaty(), kind=QuestionKind.YEAR).values()

    assert question.prompt == {
        "en": "In which year was the treaty signed?",
        "lv": "Kurā gadā parakstīja līgumu?",
    }
    assert question.year == 1934 and question.month is None and question.choices == ()
    assert question.explanation["lv"] == "Līgumu parakstīja Pilsētā 1934. gada 12. septembrī."
    assert {s.language for s in question.sources} == {"en", "lv"}


def test_a_year_only_one_article_states_is_not_typed():
    only_english = treaty(sources=treaty().sources[:1])
    disagreeing = treaty(
        sources=(
            treaty().sources[0],
            Source("straipsnis", 2, "lv", "Līgumu parakstīja 1935. gadā."),
        )
    )

    assert asked(only_english, kind=QuestionKind.YEAR) == {}
    assert asked(disagreeing, kind=QuestionKind.YEAR) == {}
    # The timeline cites what it has: the English quote states the year.
    assert "treaty" in asked(only_english, kind=QuestionKind.TIMELINE)


def test_a_name_that_holds_the_year_gives_way_to_its_description_or_is_not_asked():
    dated_name = {
        "en": "the treaty of 1934",
        "lv": "1934. gada līgums",
        "lv.acc": "1934. gada līgumu",
    }
    description = {
        "en": "the pact of the three",
        "lv": "trīs valstu pakts",
        "lv.acc": "trīs valstu paktu",
    }

    with_description = asked(
        treaty(name=dated_name, description=description), kind=QuestionKind.YEAR
    )
    without = asked(treaty(name=dated_name), kind=QuestionKind.YEAR)

    assert (
        with_description["treaty"].prompt["en"]
        == "In which year was the pact of the three signed?"
    )
    assert without == {}


def test_the_timeline_asks_the_month_where_the_date_is_known_to_the_day_or_month():
    events = [
        treaty(),
        treaty_of("month", datetime.date(1936, 5, 1), "month"),
        treaty_of("year", datetime.date(1938, 1, 1), "year"),
        early(),
    ]

    questions = asked(*events, kind=QuestionKind.TIMELINE)

    assert (questions["treaty"].year, questions["treaty"].month) == (1934, 9)
    assert (questions["month"].year, questions["month"].month) == (1936, 5)
    assert (questions["year"].year, questions["year"].month) == (1938, None)
    assert {q.year_range for q in questions.values()} == {(1918, 1938)}
    assert questions["treaty"].difficulty > questions["year"].difficulty


def test_a_span_over_two_months_or_years_is_not_placed_on_the_timeline():
    over_months = treaty(start=datetime.date(1934, 9, 29), end=datetime.date(1934, 10, 2))
    over_years = treaty(
        slug="long",
        start=datetime.date(1939, 1, 1),
        end=datetime.date(1940, 6, 1),
        precision="month",
    )

    assert asked(over_months, over_years, kind=QuestionKind.TIMELINE) == {}
    assert asked(over_years, kind=QuestionKind.YEAR) == {}


def test_a_timeline_prompt_never_names_the_month_it_asks():
    in_september = {
        "en": "the September treaty",
        "lv": "septembra līgums",
        "lv.acc": "septembra līgumu",
    }
    plain = {"en": "the pact", "lv": "pakts", "lv.acc": "paktu"}

    named = asked(treaty(name=in_september), kind=QuestionKind.TIMELINE)
    described = asked(treaty(name=in_september, description=plain), kind=QuestionKind.TIMELINE)

    assert named == {}
    assert described["treaty"].prompt["en"] == "When was the pact signed?"
    words = {w.casefold() for w in month_names(9)}
    assert "september" in words and "septembris" in words
