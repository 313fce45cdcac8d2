"""The generators on random event sets (hypothesis) and on hand-made ones; no database."""

import datetime
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.generators import (
    EventFacts,
    MissingForm,
    Named,
    QuestionKind,
    Signature,
    Source,
    generate_questions,
    missing_forms,
)
from quizzes.phrases import phrasebook, say_date
from tests.quizzes.fairness import assert_fair

PHRASES = phrasebook()
PLACES = [
    Named(f"place-{i}", {"en": f"Town {i}", "lv": f"Pilsēta {i}"}, {"lv.loc": f"Pilsētā {i}"})
    for i in range(6)
]
COUNTRIES = [
    Named(
        f"c{i}",
        {"en": f"Country {i}", "lv": f"Valsts {i}"},
        {"lv.gen": f"Valsts {i}s"},
        # Some states existed only part of the time, as Soviet Russia did until 1922.
        existed=(datetime.date(1925, 1, 1), None) if i == 5 else (None, None),
    )
    for i in range(7)
]
PEOPLE = [Named(f"p{i}", {"en": f"Person {i}", "lv": f"Persona {i}"}) for i in range(6)]
KINDS = ["conference", "ministers_conference", "treaty", "ultimatum", "crisis"]
VERBS = ["", "take_place", "sign", "conclude", "make", "begin"]


def forms(en: str, lv: str) -> dict[str, str]:
    return {"en": en, "lv": lv, "lv.acc": f"{lv}u", "lv.loc": f"{lv}ā"}


def quote(*parts) -> str:
    """A source sentence that states everything it is given, as a paragraph would."""
    return " ".join(p if isinstance(p, str) else p.name["en"] for p in parts)


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
    place = draw(st.none() | st.sampled_from(PLACES))
    signatures = tuple(Signature(p, c) for p, c in zip(signers, parties, strict=False))
    # Some titles name their place or a party: the description must then stand in.
    named = draw(st.sampled_from([None, place, *parties]))
    suffix = f" in {named.name['en']}" if named is not None else ""
    year = str(start.year)
    sources = (
        Source("article", 1, "en", quote(year, place or "", *parties, *signers)),
        # The Latvian article states the year of some events only.
        Source("straipsnis", 2, "lv", quote(*([year] if draw(st.booleans()) else []), *parties)),
    )
    return EventFacts(
        slug=slug,
        kind=draw(st.sampled_from(KINDS)),
        title={"en": f"Event {slug}", "lv": f"Notikums {slug}"},
        start=start,
        end=end,
        precision=precision,
        sources=sources,
        place=place,
        parties=tuple(parties),
        others=tuple(others),
        signatures=signatures,
        name=forms(f"the event {slug}{suffix}", f"notikums {slug}{suffix}"),
        description=draw(st.just({}) | st.just(forms(f"the affair {slug}", f"lieta {slug}"))),
        plural=draw(st.booleans()),
        verb=draw(st.sampled_from(VERBS)),
        participants_complete=draw(st.booleans()),
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
        sources=(Source("article", 1, "en", quote(str(start.year), place, *COUNTRIES[:3])),),
        place=place,
        parties=tuple(COUNTRIES[:3]),
        name=forms(f"the conference {n}", f"konference {n}"),
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
        sources=(Source("article", 1, "en", "June 1940"),),
        name=forms("the occupation", "okupācija"),
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


def treaty(**changes) -> EventFacts:
    facts = {
        "slug": "treaty",
        "kind": "treaty",
        "title": {"en": "Treaty of Town 0", "lv": "Pilsētas 0 līgums"},
        "start": datetime.date(1934, 9, 12),
        "end": None,
        "precision": "day",
        "sources": (Source("article", 1, "lv", quote("1934", PLACES[0], *COUNTRIES[:4])),),
        "place": PLACES[0],
        "parties": tuple(COUNTRIES[:4]),
        "name": {"en": "the treaty", "lv": "līgums", "lv.acc": "līgumu", "lv.loc": "līgumā"},
    }
    return EventFacts(**{**facts, **changes})


def questions_of(*events: EventFacts, kind: QuestionKind | None = None):
    found = generate_questions(events, say_date=say_date, phrases=PHRASES)
    return [q for q in found if kind is None or q.kind is kind]


def test_latvian_sentences_take_the_case_their_slot_needs():
    meeting = conference(1, datetime.date(1931, 3, 1), 2, PLACES[1])
    events = [treaty(), treaty(slug="other", parties=tuple(COUNTRIES[4:])), meeting]

    def asked(kind, slug):
        (question,) = [q for q in questions_of(*events, kind=kind) if q.events == (slug,)]
        return question

    date = asked(QuestionKind.DATE, "treaty")
    assert date.prompt == {"en": "When was the treaty signed?", "lv": "Kad parakstīja līgumu?"}
    assert date.explanation["lv"] == "Līgumu parakstīja Pilsētā 0 1934. gada 12. septembrī."
    assert date.explanation["en"] == "The treaty was signed in Town 0 on 12 September 1934."
    signed = asked(QuestionKind.PARTICIPANT, "treaty")
    assert signed.prompt["lv"] == "Kura no šīm valstīm parakstīja līgumu?"
    took_part = asked(QuestionKind.PARTICIPANT, meeting.slug)
    assert took_part.prompt["lv"] == "Kura no šīm valstīm piedalījās konference 1ā?"
    assert took_part.prompt["en"] == "Which of these states took part in the conference 1?"


def test_a_missing_form_is_listed_and_no_sentence_pastes_another_in_its_place():
    event = treaty(name={"en": "the treaty", "lv": "līgums"})  # no accusative

    missing = missing_forms([event], say_date=say_date, phrases=PHRASES)

    assert any("lv.acc" in m for m in missing)
    for question in questions_of(event):
        assert "līgums" not in question.prompt["lv"], question.key
    with pytest.raises(MissingForm):
        COUNTRIES[0].form("lv.loc")


def test_a_name_that_holds_the_answer_gives_way_to_the_description():
    named = forms("the Town 0 treaty", "Pilsētas 0 līgums")
    event = treaty(name=named, description=forms("the treaty of friendship", "draudzības līgums"))
    others = [conference(i, datetime.date(1930 + i, 3, 1), 2, PLACES[i]) for i in (1, 2, 3)]

    (place,) = [
        q for q in questions_of(event, *others, kind=QuestionKind.PLACE) if q.events == ("treaty",)
    ]
    without = treaty(name=named)

    assert place.prompt["en"] == "Where was the treaty of friendship signed?"
    assert not [
        q
        for q in questions_of(without, *others, kind=QuestionKind.PLACE)
        if q.events == ("treaty",)
    ]


def test_a_state_is_never_offered_for_a_date_it_did_not_exist_at():
    late = COUNTRIES[5]  # exists from 1925
    event = treaty(start=datetime.date(1920, 5, 1), parties=tuple(COUNTRIES[:4]))
    others = [treaty(slug=f"t{i}", parties=(COUNTRIES[4], late, COUNTRIES[6])) for i in range(2)]

    for question in questions_of(event, *others):
        if question.events == ("treaty",):
            assert late.name not in [c.text for c in question.choices], question.key


def test_no_one_is_asked_who_took_part_where_the_list_is_incomplete():
    event = treaty(participants_complete=False)
    others = [treaty(slug=f"t{i}", parties=tuple(COUNTRIES[3:])) for i in range(2)]

    asked = {q.kind for q in questions_of(event, *others) if q.events == ("treaty",)}

    assert QuestionKind.PARTICIPANT not in asked and QuestionKind.NON_PARTICIPANT not in asked


def test_no_one_is_asked_who_was_party_to_a_visit():
    visit = treaty(kind="diplomacy", verb="begin")
    others = [treaty(slug=f"t{i}", parties=tuple(COUNTRIES[3:])) for i in range(2)]

    asked = {q.kind for q in questions_of(visit, *others) if q.events == ("treaty",)}

    assert asked and QuestionKind.PARTICIPANT not in asked


def test_an_event_the_articles_date_after_another_is_ordered_after_it():
    bulduri = conference(1, datetime.date(1920, 8, 6), 31, PLACES[1])
    bureau = EventFacts(
        slug="bureau",
        kind="founding",
        title={"en": "Bureau founded", "lv": "Biroja nodibināšana"},
        start=datetime.date(1920, 1, 1),
        end=None,
        precision="year",
        sources=(Source("article", 1, "en", "1920"),),
        name=forms("the bureau", "birojs"),
        after=bulduri.slug,
    )
    rest = [conference(i, datetime.date(1920 + i, 3, 1), 2, PLACES[i]) for i in (2, 3)]

    (question,) = questions_of(bulduri, bureau, *rest, kind=QuestionKind.CHRONOLOGY)

    assert question.events[:2] == (bulduri.slug, "bureau")


def test_dates_in_sentences_are_said_in_the_locative():
    start, end = datetime.date(1934, 11, 30), datetime.date(1934, 12, 2)

    assert say_date(start, end, "day", "lv", "when") == "1934. gada 30. novembrī – 2. decembrī"
    assert say_date(start, None, "month", "lv", "when") == "1934. gada novembrī"
    assert say_date(start, None, "year", "lv", "when") == "1934. gadā"
    assert say_date(start, None, "month", "en", "when") == "in November 1934"


def test_two_numbered_events_of_one_series_are_never_put_in_order_together():
    numbered = [
        replace(conference(i, datetime.date(1934 + i, 5, 1), 2, PLACES[i]), number=i)
        for i in range(1, 4)
    ]
    others = [treaty(slug=f"t{i}", start=datetime.date(1934 + i, 9, 1)) for i in range(1, 4)]

    for question in questions_of(*numbered, *others, kind=QuestionKind.CHRONOLOGY):
        assert sum(slug.startswith("conference-") for slug in question.events) <= 1
