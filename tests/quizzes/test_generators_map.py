"""Map questions from plain facts: the right place, rivals on the same map, no giveaway."""

import datetime
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.generators import (
    CHOICES,
    MAP_SEPARATION,
    EventFacts,
    Named,
    QuestionKind,
    Source,
    generate_questions,
)
from quizzes.mapping import frames
from quizzes.phrases import phrasebook, say_date
from tests.quizzes.fairness import assert_fair

PHRASES = phrasebook()
MAPS = frames()
BALTIC, EUROPE = MAPS


def place(slug, en, lv, loc, latitude, longitude) -> Named:
    return Named(slug, {"en": en, "lv": lv}, {"lv.loc": loc}, location=(latitude, longitude))


# The places the articles name, where they are.
TALLINN = place("tallinn", "Tallinn", "Tallina", "Tallinā", 59.4370, 24.7536)
TARTU = place("tartu", "Tartu", "Tartu", "Tartu", 58.3780, 26.7290)
HELSINKI = place("helsinki", "Helsinki", "Helsinki", "Helsinkos", 60.1699, 24.9384)
BULDURI = place("bulduri", "Bulduri", "Bulduri", "Bulduros", 56.9800, 23.8700)
RIGA = place("riga", "Riga", "Rīga", "Rīgā", 56.9496, 24.1052)
KAUNAS = place("kaunas", "Kaunas", "Kauņa", "Kauņā", 54.8985, 23.9036)
GENEVA = place("geneva", "Geneva", "Ženēva", "Ženēvā", 46.2044, 6.1432)
MOSCOW = place("moscow", "Moscow", "Maskava", "Maskavā", 55.7558, 37.6173)
PLACES = [TALLINN, TARTU, HELSINKI, BULDURI, RIGA, KAUNAS, GENEVA, MOSCOW]


def treaty(slug: str, where: Named, **changes) -> EventFacts:
    facts = {
        "slug": slug,
        "kind": "treaty",
        "title": {"en": f"Treaty {slug}", "lv": f"Līgums {slug}"},
        "start": datetime.date(1934, 9, 12),
        "end": None,
        "precision": "day",
        "sources": (Source("article", 1, "en", f"The treaty was signed in {where.name['en']}."),),
        "place": where,
        "name": {"en": "the treaty", "lv": "līgums", "lv.acc": "līgumu", "lv.loc": "līgumā"},
    }
    return EventFacts(**{**facts, **changes})


def events_everywhere() -> list[EventFacts]:
    return [treaty(f"treaty-{p.slug}", p) for p in PLACES]


def map_questions(events, maps=MAPS, seed=0):
    found = generate_questions(events, say_date=say_date, phrases=PHRASES, seed=seed, maps=maps)
    return {q.events[0]: q for q in found if q.kind is QuestionKind.MAP}


def first_frame(question):
    located = {p.slug: p.location for p in PLACES}
    return next(f for f in MAPS if all(f.contains(located[c.place]) for c in question.choices))


def test_the_right_place_is_the_events_own_and_every_choice_marks_a_place():
    events = events_everywhere()
    questions = map_questions(events)

    by_slug = {e.slug: e for e in events}
    assert set(questions) == set(by_slug)
    for slug, question in questions.items():
        assert_fair(question, by_slug)
        (right,) = [c for c in question.choices if c.correct]
        assert right.place == by_slug[slug].place.slug
        assert len(question.choices) == CHOICES
        for choice in question.choices:
            shown = next(p for p in PLACES if p.slug == choice.place)
            assert choice.text == shown.name


def test_a_baltic_place_is_asked_on_the_close_up_with_baltic_rivals():
    located = {p.slug: p.location for p in PLACES}
    questions = map_questions(events_everywhere())

    for slug in ("treaty-tallinn", "treaty-riga", "treaty-kaunas", "treaty-tartu"):
        assert all(BALTIC.contains(located[c.place]) for c in questions[slug].choices), slug
    # Geneva and Moscow are off the close-up: their questions are drawn on the wider map.
    for slug in ("treaty-geneva", "treaty-moscow"):
        assert first_frame(questions[slug]) is EUROPE


def test_rivals_are_drawn_far_enough_apart_to_tap_and_never_next_to_the_answer():
    located = {p.slug: p.location for p in PLACES}
    for seed in range(25):
        for question in map_questions(events_everywhere(), seed=seed).values():
            frame = first_frame(question)
            for a, b in itertools.combinations([c.place for c in question.choices], 2):
                assert frame.apart(located[a], located[b]) >= MAP_SEPARATION, question.key
            # Bulduri is by Riga: a treaty of one could be said to be of the other.
            assert {"riga", "bulduri"} - {c.place for c in question.choices}, question.key


def test_the_prompt_names_no_place_and_reads_in_both_languages():
    named = {"en": "the Tallinn treaty", "lv": "Tallinas līgums", "lv.acc": "Tallinas līgumu"}
    description = {"en": "the treaty of friendship", "lv": "draudzības līgums"}
    description |= {"lv.acc": "draudzības līgumu", "lv.loc": "draudzības līgumā"}
    event = treaty("friendship", TALLINN, name=named, description=description)
    others = [treaty(f"treaty-{p.slug}", p) for p in (TARTU, RIGA, KAUNAS, HELSINKI)]

    question = map_questions([event, *others])["friendship"]

    assert question.prompt == {
        "en": "Where was the treaty of friendship signed? Pick the place on the map.",
        "lv": "Kur parakstīja draudzības līgumu? Izvēlieties vietu kartē.",
    }
    # The explanation may name the place: the name that holds it says it once.
    assert question.explanation == {
        "en": "The Tallinn treaty was signed on 12 September 1934.",
        "lv": "Tallinas līgumu parakstīja 1934. gada 12. septembrī.",
    }
    # Named by its place alone, the event is not asked about.
    alone = treaty("named", TALLINN, name=named)
    assert "named" not in map_questions([alone, *others])


def test_no_map_question_without_a_map_or_enough_places_to_tell_apart():
    assert map_questions(events_everywhere(), maps=()) == {}
    # Riga and Bulduri are one dot on any of the maps; Tallinn makes only two places.
    few = [treaty(f"treaty-{p.slug}", p) for p in (RIGA, BULDURI, TALLINN)]
    assert map_questions(few) == {}


def test_the_same_seed_draws_the_same_map_questions():
    assert map_questions(events_everywhere(), seed=3) == map_questions(events_everywhere(), seed=3)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    chosen=st.lists(st.sampled_from(PLACES), min_size=1, max_size=12),
    seed=st.integers(0, 10**6),
)
def test_every_map_question_of_any_set_of_events_is_fair(chosen, seed):
    events = [treaty(f"e{i}", p) for i, p in enumerate(chosen)]
    questions = map_questions(events, seed=seed)

    by_slug = {e.slug: e for e in events}
    located = {p.slug: p.location for p in PLACES}
    for question in questions.values():
        assert_fair(question, by_slug)
        frame = first_frame(question)
        for a, b in itertools.combinations([c.place for c in question.choices], 2):
            assert frame.apart(located[a], located[b]) >= MAP_SEPARATION
