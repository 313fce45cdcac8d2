"""The generators on random event sets (hypothesis) and on hand-made ones; no database."""

import datetime
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.generators import (
    EventFacts,
    Named,
    QuestionKind,
    Signature,
    Source,
    generate_questions,
)
from quizzes.phrases import phrasebook, say_date
from tests.quizzes.fairness import assert_fair

PHRASES = phrasebook()
PLACES = [Named(f"place-{i}", {"en": f"Town {i}", "lv": f"Pilsēta {i}"}) for i in range(6)]
COUNTRIES = [Named(f"c{i}", {"en": f"Country {i}", "lv": f"Valsts {i}"}) for i in range(7)]
PEOPLE = [Named(f"p{i}", {"en": f"Person {i}", "lv": f"Persona {i}"}) for i in range(6)]
KINDS = ["conference", "ministers_conference", "treaty", "ultimatum"]
SOURCE = (Source("article", 1, "en"),)


@st.composite
def event_facts(draw, slug: str) -> EventFacts:
    precision = draw(st.sampled_from(["day", "month", "year"]))
    start = draw(st.dates(datetime.date(1918, 1, 1), datetime.date(1940, 12, 1)))
    end = None
    if precision == "year":
        start = start.replace(month=1, day=1)
    elif precision == "month":
        start = start.replace(day=1)
    elif draw(st.booleans()):
        end = start + datetime.timedelta(days=draw(st.integers(1, 40)))
    countries = draw(st.lists(st.sampled_from(COUNTRIES), max_size=5, unique_by=lambda c: c.slug))
    split = draw(st.integers(0, len(countries)))
    parties, others = countries[:split], countries[split:]
    signers = draw(
        st.lists(st.sampled_from(PEOPLE), max_size=len(parties), unique_by=lambda p: p.slug)
    )
    return EventFacts(
        slug=slug,
        kind=draw(st.sampled_from(KINDS)),
        title={"en": f"Event {slug}", "lv": f"Notikums {slug}"},
        start=start,
        end=end,
        precision=precision,
        sources=SOURCE,
        place=draw(st.none() | st.sampled_from(PLACES)),
        parties=tuple(parties),
        others=tuple(others),
        signatures=tuple(Signature(p, c) for p, c in zip(signers, parties, strict=False)),
    )


@st.composite
def event_sets(draw) -> list[EventFacts]:
    size = draw(st.integers(1, 14))
    return [draw(event_facts(f"e{i}")) for i in range(size)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events=event_sets(), seed=st.integers(0, 10**6))
def test_every_generated_question_has_exactly_one_right_answer(events, seed):
    questions = generate_questions(events, say_date=say_date, phrases=PHRASES, seed=seed)

    by_slug = {e.slug: e for e in events}
    for question in questions:
        assert_fair(question, by_slug)
    assert len({q.key for q in questions}) == len(questions)


@settings(max_examples=60, deadline=None)
@given(events=event_sets())
def test_the_same_seed_gives_the_same_questions(events):
    first = generate_questions(events, say_date=say_date, phrases=PHRASES, seed=7)
    again = generate_questions(events, say_date=say_date, phrases=PHRASES, seed=7)

    assert first == again


def conference(n: int, start: datetime.date, days: int, place: Named) -> EventFacts:
    return EventFacts(
        slug=f"conference-{n}",
        kind="ministers_conference",
        title={"en": f"Conference {n}", "lv": f"Konference {n}"},
        start=start,
        end=start + datetime.timedelta(days=days),
        precision="day",
        sources=SOURCE,
        place=place,
        parties=tuple(COUNTRIES[:3]),
    )


def test_no_host_question_names_a_month_two_conferences_share():
    events = [
        conference(1, datetime.date(1935, 5, 6), 2, PLACES[0]),
        conference(2, datetime.date(1935, 5, 28), 4, PLACES[1]),  # runs into June
        conference(3, datetime.date(1935, 6, 20), 1, PLACES[2]),
        conference(4, datetime.date(1936, 12, 9), 1, PLACES[1]),
    ]

    questions = generate_questions(events, say_date=say_date, phrases=PHRASES)

    hosts = {q.key for q in questions if q.kind is QuestionKind.HOST}
    assert hosts == {"host:conference-4"}


def test_a_date_known_to_the_month_is_never_asked_to_the_day():
    event = EventFacts(
        slug="occupation",
        kind="occupation",
        title={"en": "Occupation", "lv": "Okupācija"},
        start=datetime.date(1940, 6, 1),
        end=None,
        precision="month",
        sources=SOURCE,
    )
    others = [conference(i, datetime.date(1930 + i, 3, 1), 2, PLACES[0]) for i in range(4)]

    (question,) = [
        q
        for q in generate_questions([event, *others], say_date=say_date, phrases=PHRASES)
        if q.key == "date:occupation"
    ]

    for choice in question.choices:
        month, year = choice.text["en"].split()
        assert month.isalpha() and year.isdigit()


def test_the_right_answer_lands_on_every_position_about_equally_often():
    events = [conference(i, datetime.date(1934 + i, 5, 6), 2, PLACES[i % 4]) for i in range(6)]
    positions: Counter[int] = Counter()
    for seed in range(300):
        for question in generate_questions(events, say_date=say_date, phrases=PHRASES, seed=seed):
            if question.kind is not QuestionKind.CHRONOLOGY and len(question.choices) == 4:
                positions[next(i for i, c in enumerate(question.choices) if c.correct)] += 1

    total = sum(positions.values())
    for position in range(4):
        assert positions[position] / total == pytest.approx(0.25, abs=0.03)
